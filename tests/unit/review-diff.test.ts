// The before/after diff of the review, on account bytes laid out as the programs write them:
// only the Token and Token-2022 program ids count as tokens, stake accounts of the user's are
// listed, and accounts that leave the user's control raise a warning even when no decoded
// instruction said so (e.g. through a program Tidepool cannot read).
import { Keypair, StakeProgram, SystemProgram } from '@solana/web3.js';
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { describe, expect, it } from 'vitest';
import { describeStakeChanges, diffAccounts } from '../../src/background/dapp/review/diff';
import type { Encoded } from '../../src/background/dapp/review/layouts';
import { simulatedWarnings } from '../../src/background/dapp/review/warnings';

const key = () => Keypair.generate().publicKey;
const user = key();
const attacker = key();
const mint = key();
const encoded = (owner: string, data: Buffer, lamports = 2_039_280): NonNullable<Encoded> => ({
  owner,
  lamports,
  data: [data.toString('base64'), 'base64'],
});
const tokenAccount = (program: string, holder = user, amount = 0n, size = 165) => {
  const data = Buffer.alloc(size);
  mint.toBuffer().copy(data, 0);
  holder.toBuffer().copy(data, 32);
  data.writeBigUInt64LE(amount, 64);
  data[108] = 1;
  if (size > 165) data[165] = 2;
  return encoded(program, data);
};
const stakeAccount = (staker = user, withdrawer = user, lamports = 2_000_000_000, custodianEpoch = 0n) => {
  const data = Buffer.alloc(200);
  data.writeUInt32LE(1, 0);
  staker.toBuffer().copy(data, 12);
  withdrawer.toBuffer().copy(data, 44);
  data.writeBigUInt64LE(custodianEpoch, 84);
  return encoded(StakeProgram.programId.toBase58(), data, lamports);
};
const run = (entries: [string, Encoded, Encoded][]) =>
  diffAccounts(
    user.toBase58(),
    entries.map(([a]) => a),
    new Map(entries.map(([a, before]) => [a, before])),
    new Map(entries.map(([a, , after]) => [a, after])),
  );

describe('review diff', () => {
  it('counts tokens only under the exact Token and Token-2022 program ids', () => {
    const [a, b, c] = [key().toBase58(), key().toBase58(), key().toBase58()];
    const lookalike = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DB';
    const diff = run([
      [
        a,
        tokenAccount(TOKEN_PROGRAM_ID.toBase58(), user, 5n),
        tokenAccount(TOKEN_PROGRAM_ID.toBase58(), user, 2n),
      ],
      [
        b,
        tokenAccount(TOKEN_2022_PROGRAM_ID.toBase58(), user, 0n, 170),
        tokenAccount(TOKEN_2022_PROGRAM_ID.toBase58(), user, 1n, 170),
      ],
      [c, tokenAccount(lookalike, user, 0n), tokenAccount(lookalike, user, 1_000n)],
    ]);
    expect(diff.tokenDeltas.get(mint.toBase58())).toBe(-2n);
    expect([...diff.userTokenAccounts]).toEqual([a, b]);
  });

  it("lists the user's stake accounts and warns when one leaves the user's control", () => {
    const stake = key().toBase58();
    const diff = run([[stake, stakeAccount(), stakeAccount(user, attacker, 2_000_000_000, 10n)]]);
    expect(diff.lostControl).toEqual([stake]);
    expect(describeStakeChanges(user.toBase58(), diff.stake)).toEqual([
      {
        address: stake,
        change: null,
        before: '2 SOL, initialized; staker you, withdrawer you',
        after: `2 SOL, initialized; staker you, withdrawer ${attacker.toBase58().slice(0, 4)}…${attacker.toBase58().slice(-4)}; locked (custodian ${'1111…1111'})`,
      },
    ]);
    const warnings = simulatedWarnings(diff, user.toBase58(), 5000n, true, 0n, []);
    expect(warnings.map((w) => w.code)).toEqual(['authority_change', 'lockup_change']);
    // Already said by a decoded instruction: not said twice.
    expect(simulatedWarnings(diff, user.toBase58(), 5000n, true, 0n, warnings)).toEqual([]);
  });

  it("sums the SOL of the user's token and nonce accounts, and names those closed", () => {
    const [closedToken, nonce, someoneElses] = [key().toBase58(), key().toBase58(), key().toBase58()];
    const system = SystemProgram.programId.toBase58();
    const nonceAccount = (authority = user, lamports = 1_447_680) => {
      const data = Buffer.alloc(80);
      data.writeUInt32LE(1, 0);
      data.writeUInt32LE(1, 4);
      authority.toBuffer().copy(data, 8);
      return encoded(system, data, lamports);
    };
    const diff = run([
      [closedToken, tokenAccount(TOKEN_PROGRAM_ID.toBase58()), null],
      [nonce, nonceAccount(), nonceAccount(user, 1_000_000)],
      [someoneElses, tokenAccount(TOKEN_PROGRAM_ID.toBase58(), attacker), null],
    ]);
    expect(diff.otherSolDelta).toBe(-2_039_280n - 447_680n);
    expect(diff.closed).toEqual([closedToken]);
    expect(diff.solDelta).toBe(0n);
    const warnings = simulatedWarnings(diff, user.toBase58(), 5000n, true, 0n, []);
    // Below the rent slack, so only the close is named.
    expect(warnings.map((w) => w.code)).toEqual(['account_closed']);
    expect(warnings[0]!.text).toContain('drops by 0.00248696 SOL');
    // A nonce account handed to another authority is lost control.
    expect(run([[nonce, nonceAccount(), nonceAccount(attacker)]]).lostControl).toEqual([nonce]);
  });

  it("warns when a token account's owner field moves away, and when the wallet account is allocated", () => {
    const account = key().toBase58();
    const token = run([
      [
        account,
        tokenAccount(TOKEN_PROGRAM_ID.toBase58(), user, 9n),
        tokenAccount(TOKEN_PROGRAM_ID.toBase58(), attacker, 9n),
      ],
    ]);
    expect(token.lostControl).toEqual([account]);
    expect(token.tokenDeltas.get(mint.toBase58())).toBe(-9n);
    const system = SystemProgram.programId.toBase58();
    const wallet = run([
      [user.toBase58(), encoded(system, Buffer.alloc(0), 10), encoded(system, Buffer.alloc(64), 10)],
    ]);
    expect(simulatedWarnings(wallet, user.toBase58(), 0n, true, 0n, []).map((w) => w.code)).toEqual([
      'account_reassigned',
    ]);
  });
});
