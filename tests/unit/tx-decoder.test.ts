// The decoders name every instruction of the programs a wallet user meets, and warn where an
// instruction could hand the user's funds or accounts to someone else (issue #10, findings 3, 4, 12).
import { ComputeBudgetProgram, Keypair, StakeProgram, SystemProgram } from '@solana/web3.js';
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { describe, expect, it } from 'vitest';
import {
  decodeInstructions,
  type DecodeContext,
  type RawInstruction,
} from '../../src/background/dapp/tx-decoder';
import { networkFee } from '../../src/background/dapp/review/fee';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';

const user = Keypair.generate().publicKey.toBase58();
const attacker = Keypair.generate().publicKey.toBase58();
const userLst = Keypair.generate().publicKey.toBase58();
const attackerLst = Keypair.generate().publicKey.toBase58();
const pool = Keypair.generate().publicKey.toBase58();
const mint = Keypair.generate().publicKey.toBase58();
const accounts = (n: number, at: Record<number, string> = {}) =>
  Array.from({ length: n }, (_, i) => at[i] ?? user);
const ctx = (extra: Partial<DecodeContext> = {}): DecodeContext => ({
  user,
  pools: new Map(),
  userTokenAccounts: new Set([userLst]),
  ...extra,
});
const decode = (ix: RawInstruction, c = ctx()) => decodeInstructions([ix], c);
/** An instruction with a tag of `size` bytes and zero-filled room for any argument. */
const tagged = (
  programId: string,
  tag: number,
  size: 1 | 4,
  accountAt: Record<number, string> = {},
): RawInstruction => {
  const data = Buffer.alloc(256);
  if (size === 1) data[0] = tag;
  else data.writeUInt32LE(tag, 0);
  return { programId, accounts: accounts(16, accountAt), data };
};

describe('every tag of every known program is decoded', () => {
  const programs: [string, number, 1 | 4, string][] = [
    ['System', 12, 4, SystemProgram.programId.toBase58()],
    ['Stake', 17, 4, StakeProgram.programId.toBase58()],
    ['Token', 24, 1, TOKEN_PROGRAM_ID.toBase58()],
    ['Token-2022', 46, 1, TOKEN_2022_PROGRAM_ID.toBase58()],
    ['Associated Token', 2, 1, ASSOCIATED_TOKEN_PROGRAM_ID.toBase58()],
    ['Stake Pool', 26, 1, STAKE_POOL_PROGRAMS.spl.toBase58()],
    ['Compute Budget', 4, 1, ComputeBudgetProgram.programId.toBase58()],
  ];
  it.each(programs)('%s: tags 0..%i', (name, last, size, programId) => {
    for (let tag = 0; tag <= last; tag++) {
      const out = decode(tagged(programId, tag, size));
      expect(out.instructions, `${name} tag ${tag}`).toHaveLength(1);
      expect(out.instructions[0]!.known, `${name} tag ${tag}: ${out.instructions[0]!.summary}`).toBe(true);
      expect(out.instructions[0]!.summary).not.toMatch(/instruction \d+/);
      expect(out.warnings.map((w) => w.code)).not.toContain('undecoded_instruction');
    }
  });

  it.each(programs)('%s: a tag past %i', (name, last, size, programId) => {
    const out = decode(tagged(programId, last + 1, size));
    expect(out.instructions[0]!.known).toBe(false);
    expect(out.warnings.map((w) => w.code)).toEqual(['undecoded_instruction']);
    expect(out.warnings[0]!.text).toContain(name);
  });

  it('tells apart the instructions of the small programs', () => {
    const summaries = (programId: string, last: number) =>
      Array.from(
        { length: last + 1 },
        (_, tag) => decode(tagged(programId, tag, 1)).instructions[0]!.summary,
      );
    expect(new Set(summaries(ComputeBudgetProgram.programId.toBase58(), 4)).size).toBe(5);
    expect(summaries(ASSOCIATED_TOKEN_PROGRAM_ID.toBase58(), 2)[2]).toMatch(/^Recover tokens/);
  });

  it('names the stake-pool slippage variants and their bounds', () => {
    const data = Buffer.alloc(17);
    data[0] = 25;
    data.writeBigUInt64LE(2_000_000_000n, 1);
    data.writeBigUInt64LE(1_900_000_000n, 9);
    const out = decode({
      programId: STAKE_POOL_PROGRAMS.sanctumMulti.toBase58(),
      accounts: accounts(10, { 0: pool, 4: userLst, 6: userLst }),
      data,
    });
    expect(out.instructions[0]!.summary).toBe(
      `Stake 2 SOL into the pool ${short(pool)} → pool tokens to your account ${short(userLst)} (at least 1900000000 pool-token units or it fails)`,
    );
    expect(out.visibleSolOut).toBe(2_000_000_000n);
  });

  it('a truncated instruction of a known program is a warning, not a neutral line', () => {
    const out = decode({
      programId: StakeProgram.programId.toBase58(),
      accounts: [user],
      data: new Uint8Array([1, 0, 0, 0, 7]),
    });
    expect(out.warnings.map((w) => w.code)).toEqual(['undecoded_instruction']);
    expect(out.instructions[0]!.known).toBe(false);
  });

  it('reads a memo', () => {
    const out = decode({
      programId: 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr',
      accounts: [],
      data: new TextEncoder().encode('gm'),
    });
    expect(out.instructions[0]!.summary).toBe('Memo: “gm”');
  });
});

describe('warnings that name who gets the funds', () => {
  const stake = StakeProgram.programId.toBase58();
  const u32 = (...v: number[]) =>
    Buffer.concat(
      v.map((x) => {
        const b = Buffer.alloc(4);
        b.writeUInt32LE(x);
        return b;
      }),
    );

  it('Stake AuthorizeChecked / AuthorizeWithSeed / SetLockup / Withdraw to a third party', () => {
    const checked = decode({ programId: stake, accounts: [pool, 'clock', user, attacker], data: u32(10, 1) });
    expect(checked.warnings.map((w) => w.code)).toEqual(['authority_change']);
    expect(checked.warnings[0]!.text).toContain(short(attacker));
    const seedData = Buffer.concat([
      u32(8),
      Keypair.generate().publicKey.toBuffer(),
      u32(0),
      Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 120]),
      SystemProgram.programId.toBuffer(),
    ]);
    expect(
      decode({ programId: stake, accounts: [pool, user, 'clock'], data: seedData }).warnings.map(
        (w) => w.code,
      ),
    ).toEqual(['authority_change']);
    const lockup = decode({
      programId: stake,
      accounts: [pool, user],
      data: Buffer.concat([
        u32(6),
        Buffer.from([0, 0, 1]),
        Buffer.from(attacker.length ? Keypair.generate().publicKey.toBuffer() : []),
      ]),
    });
    expect(lockup.warnings.map((w) => w.code)).toEqual(['lockup_change']);
    const lamports = Buffer.alloc(8);
    lamports.writeBigUInt64LE(1_000_000_000n);
    const withdraw = decode({
      programId: stake,
      accounts: [pool, attacker, 'clock', 'history', user],
      data: Buffer.concat([u32(4), lamports]),
    });
    expect(withdraw.warnings.map((w) => w.code)).toEqual(['third_party_recipient']);
    // The same instructions in the user's favour are not warned about.
    expect(
      decode({ programId: stake, accounts: [pool, 'clock', attacker, user], data: u32(10, 1) }).warnings,
    ).toEqual([]);
  });

  it("System Allocate / Assign of the user's account", () => {
    const system = SystemProgram.programId.toBase58();
    const space = Buffer.concat([u32(8), Buffer.alloc(8, 1)]);
    expect(decode({ programId: system, accounts: [user], data: space }).warnings.map((w) => w.code)).toEqual([
      'account_reassigned',
    ]);
    expect(decode({ programId: system, accounts: [attacker], data: space }).warnings).toEqual([]);
    expect(
      decode({
        programId: system,
        accounts: [user],
        data: Buffer.concat([u32(1), Keypair.generate().publicKey.toBuffer()]),
      }).warnings.map((w) => w.code),
    ).toEqual(['account_reassigned']);
  });

  it('stake-pool DepositSol: "you receive" only with a simulated credit into the user\'s own account', () => {
    const data = Buffer.alloc(9);
    data[0] = 14;
    data.writeBigUInt64LE(5_000_000_000n, 1);
    const poolProgram = STAKE_POOL_PROGRAMS.spl.toBase58();
    const info = { symbol: 'xSOL', decimals: 9, lamportsFor: (t: bigint) => t, tokensFor: (l: bigint) => l };
    const c = (credit: bigint) =>
      ctx({
        pools: new Map([[pool, info]]),
        poolMints: new Map([[pool, mint]]),
        creditedByMint: new Map([[mint, credit]]),
      });
    const toAttacker = decode(
      { programId: poolProgram, accounts: accounts(10, { 0: pool, 4: attackerLst, 6: attackerLst }), data },
      c(0n),
    );
    expect(toAttacker.instructions[0]!.summary).toBe(
      `Stake 5 SOL into xSOL → pool tokens go to ${short(attackerLst)} (not your account)`,
    );
    expect(toAttacker.warnings.map((w) => w.code)).toEqual(['third_party_recipient']);
    expect(toAttacker.warnings[0]!.text).toContain(attackerLst);
    const toUser = decode(
      { programId: poolProgram, accounts: accounts(10, { 0: pool, 4: userLst, 6: userLst }), data },
      c(4_990_000_000n),
    );
    expect(toUser.instructions[0]!.summary).toBe('Stake 5 SOL into xSOL → you receive ≈ 4.99 xSOL');
    expect(toUser.warnings).toEqual([]);
    const noCredit = decode(
      { programId: poolProgram, accounts: accounts(10, { 0: pool, 4: userLst, 6: userLst }), data },
      c(0n),
    );
    expect(noCredit.instructions[0]!.summary).not.toContain('you receive');
    const referral = decode(
      { programId: poolProgram, accounts: accounts(10, { 0: pool, 4: userLst, 6: attackerLst }), data },
      c(1n),
    );
    expect(referral.warnings.map((w) => w.text)).toEqual([
      expect.stringContaining(`referrer ${short(attackerLst)}`),
    ]);
  });

  it('stake-pool WithdrawSol and WithdrawStake to someone else', () => {
    const data = Buffer.alloc(9);
    data[0] = 16;
    const poolProgram = STAKE_POOL_PROGRAMS.spl.toBase58();
    const sol = decode({
      programId: poolProgram,
      accounts: accounts(12, { 0: pool, 3: userLst, 5: attacker }),
      data,
    });
    expect(sol.warnings.map((w) => w.code)).toEqual(['third_party_recipient']);
    expect(sol.warnings[0]!.text).toContain(attacker);
    data[0] = 10;
    const stakeOut = decode({
      programId: poolProgram,
      accounts: accounts(13, { 0: pool, 5: attacker }),
      data,
    });
    expect(stakeOut.warnings.map((w) => w.code)).toEqual(['third_party_recipient']);
    expect(stakeOut.instructions[0]!.summary).toContain(`controlled by ${short(attacker)} (not you)`);
  });

  it('Token Approve, SetAuthority and CloseAccount against the user', () => {
    const token = TOKEN_PROGRAM_ID.toBase58();
    expect(
      decode({
        programId: token,
        accounts: [userLst, attacker, user],
        data: Buffer.from([4, 1, 0, 0, 0, 0, 0, 0, 0]),
      }).warnings.map((w) => w.code),
    ).toEqual(['token_delegate']);
    expect(
      decode({
        programId: token,
        accounts: [userLst, user],
        data: Buffer.concat([Buffer.from([6, 2, 1]), Keypair.generate().publicKey.toBuffer()]),
      }).warnings.map((w) => w.code),
    ).toEqual(['authority_change']);
    expect(
      decode({ programId: token, accounts: [userLst, attacker, user], data: Buffer.from([9]) }).warnings.map(
        (w) => w.code,
      ),
    ).toEqual(['third_party_recipient']);
  });
});

describe('unknown programs', () => {
  const unknown = Keypair.generate().publicKey.toBase58();
  const ix = (accounts: string[]): RawInstruction => ({
    programId: unknown,
    accounts,
    data: Buffer.from([1]),
  });

  it("warns, naming the program, when it gets the user's signature or one of the user's writable accounts", () => {
    const stakeOfUser = Keypair.generate().publicKey.toBase58();
    const out = decodeInstructions(
      [ix([user, attacker]), ix([userLst, stakeOfUser, attacker])],
      ctx({ userAccounts: new Set([stakeOfUser]) }),
    );
    expect(out.instructions.map((i) => i.known)).toEqual([false, false]);
    // One warning per program, with everything it was handed.
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]!.code).toBe('unknown_program');
    expect(out.warnings[0]!.text).toContain(`Program ${unknown}`);
    expect(out.warnings[0]!.text).toContain(
      `your signature and your accounts ${short(userLst)}, ${short(stakeOfUser)} to change`,
    );
  });

  it("says nothing more when it gets neither, or the user's accounts read-only", () => {
    expect(decode(ix([attacker, attackerLst])).warnings).toEqual([]);
    expect(decode(ix([userLst]), ctx({ writable: new Set([attacker]) })).warnings).toEqual([]);
    expect(decode(ix([userLst]), ctx({ writable: new Set([userLst]) })).warnings.map((w) => w.code)).toEqual([
      'unknown_program',
    ]);
  });
});

describe('network fee (finding 12)', () => {
  const cb = ComputeBudgetProgram.programId.toBase58();
  const ix = (programId: string, data: Buffer): RawInstruction => ({ programId, accounts: [], data });
  const price = (micro: bigint) => {
    const d = Buffer.alloc(9);
    d[0] = 3;
    d.writeBigUInt64LE(micro, 1);
    return ix(cb, d);
  };
  const limit = (units: number) => {
    const d = Buffer.alloc(5);
    d[0] = 2;
    d.writeUInt32LE(units, 1);
    return ix(cb, d);
  };
  const other = ix(SystemProgram.programId.toBase58(), Buffer.alloc(12));
  /** What the localnet's genesis charges a signature (as a test validator's). */
  const PER_SIGNATURE = 5_000n;

  it('adds the priority fee: price × limit, rounded up', () => {
    expect(networkFee([limit(1_400_000), price(1_000_000_000n), other], 1, PER_SIGNATURE).total).toBe(
      1_400_005_000n,
    );
    expect(networkFee([limit(3), price(1n), other], 2, PER_SIGNATURE).breakdown).toEqual({
      baseLamports: '10000',
      priorityLamports: '1',
      computeUnitLimit: 3,
      microLamportsPerUnit: '1',
    });
  });
  it('uses the runtime default limit without SetComputeUnitLimit: 200,000 per other instruction, capped at 1,400,000', () => {
    expect(networkFee([price(1_000_000n), other, other], 1, PER_SIGNATURE).breakdown.priorityLamports).toBe(
      '400000',
    );
    expect(
      networkFee([price(1_000_000n), ...Array(9).fill(other)], 1, PER_SIGNATURE).breakdown.computeUnitLimit,
    ).toBe(1_400_000);
    expect(networkFee([other], 1, PER_SIGNATURE).total).toBe(5000n);
  });
  it('charges the network’s fee per signature a precompile verifies (the first byte of its data)', () => {
    const verify = (programId: string, count: number) => ix(programId, Buffer.from([count, 0]));
    const fee = networkFee(
      [
        verify('Ed25519SigVerify111111111111111111111111111', 2),
        verify('KeccakSecp256k11111111111111111111111111111', 1),
        verify('Secp256r1SigVerify1111111111111111111111111', 3),
        other,
      ],
      1,
      PER_SIGNATURE,
    );
    expect(fee.total).toBe(35_000n);
    expect(fee.breakdown.baseLamports).toBe('35000');
    // The same byte under any other program is not a signature.
    expect(networkFee([verify(SystemProgram.programId.toBase58(), 9)], 1, PER_SIGNATURE).total).toBe(5000n);
  });
  it('takes the fee per signature the network said, not a figure of its own', () => {
    // A cluster that charges 7,500 lamports a signature: two signatures and two verified, no priority.
    const verify = ix('Ed25519SigVerify111111111111111111111111111', Buffer.from([2, 0]));
    expect(networkFee([verify, other], 2, 7_500n).breakdown).toEqual({
      baseLamports: '30000',
      priorityLamports: '0',
      computeUnitLimit: 400_000,
      microLamportsPerUnit: '0',
    });
  });
});

const short = (s: string) => `${s.slice(0, 4)}…${s.slice(-4)}`;
