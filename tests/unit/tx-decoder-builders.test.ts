// The decoders read the bytes the libraries dApps use really produce: each instruction here is
// built by @solana/web3.js, @solana/spl-token or @solana/spl-stake-pool (the *WithSlippage
// variants, which the SDK does not build, are laid out by hand from the program's instruction
// enum: [tag u8][amount u64][minimum u64]), and its line and warnings are what the approval window
// shows. tx-decoder.test.ts walks every tag; this file checks the amounts and parties are read
// from the right offsets and accounts.
import {
  Keypair,
  NONCE_ACCOUNT_LENGTH,
  PublicKey,
  StakeAuthorizationLayout,
  StakeProgram,
  SystemProgram,
  TransactionInstruction,
} from '@solana/web3.js';
import {
  AuthorityType,
  TOKEN_PROGRAM_ID,
  createApproveInstruction,
  createSetAuthorityInstruction,
  TOKEN_2022_PROGRAM_ID,
  createTransferCheckedInstruction,
  createTransferCheckedWithFeeInstruction,
  createTransferInstruction,
} from '@solana/spl-token';
import { STAKE_POOL_PROGRAM_ID, StakePoolInstruction } from '@solana/spl-stake-pool';
import { describe, expect, it } from 'vitest';
import { decodeInstructions, type DecodeContext, type PoolInfo } from '../../src/background/dapp/tx-decoder';
import { shortAddress } from '../../src/shared/format';
import { raw } from '../support/raw-instruction';

const key = () => Keypair.generate().publicKey;
const user = key();
const attacker = key();
const userTokens = key();
const attackerTokens = key();
const mint = key();
const pool = key();
const short = (k: PublicKey) => shortAddress(k.toBase58());

const ctx = (extra: Partial<DecodeContext> = {}): DecodeContext => ({
  user: user.toBase58(),
  pools: new Map(),
  userTokenAccounts: new Set([userTokens.toBase58()]),
  ...extra,
});
const decode = (ixs: TransactionInstruction[], c = ctx()) => decodeInstructions(ixs.map(raw), c);
const one = (ix: TransactionInstruction, c = ctx()) => {
  const out = decode([ix], c);
  expect(out.instructions).toHaveLength(1);
  return {
    line: out.instructions[0]!,
    summary: out.instructions[0]!.summary,
    codes: out.warnings.map((w) => w.code),
    warnings: out.warnings,
    visibleSolOut: out.visibleSolOut,
  };
};

describe('System, from web3.js builders', () => {
  it('a transfer: the exact amount, who pays, who gets it, counted as SOL going out', () => {
    const out = one(
      SystemProgram.transfer({ fromPubkey: user, toPubkey: attacker, lamports: 1_234_567_891n }),
    );
    expect(out.summary).toBe(`Send 1.234567891 SOL from your account to ${short(attacker)}`);
    expect(out.line.known).toBe(true);
    expect(out.visibleSolOut).toBe(1_234_567_891n);
    expect(out.codes).toEqual([]);
  });

  it('a transfer to the user costs the user nothing visible', () => {
    const out = one(SystemProgram.transfer({ fromPubkey: attacker, toPubkey: user, lamports: 5n }));
    expect(out.summary).toBe(`Send 0.000000005 SOL from ${short(attacker)} to your account`);
    expect(out.visibleSolOut).toBe(0n);
  });

  it('createAccount: funding, payer and the owning program read from their offsets', () => {
    const account = key();
    const out = one(
      SystemProgram.createAccount({
        fromPubkey: user,
        newAccountPubkey: account,
        lamports: 2_000_000,
        space: 165,
        programId: TOKEN_PROGRAM_ID,
      }),
    );
    expect(out.summary).toBe(
      `Create account ${short(account)} funded with 0.002 SOL by your account, owned by program ${short(TOKEN_PROGRAM_ID)}`,
    );
    expect(out.visibleSolOut).toBe(2_000_000n);
  });

  it('createAccountWithSeed: the seed text and the owner after it', () => {
    const account = key();
    const out = one(
      SystemProgram.createAccountWithSeed({
        fromPubkey: user,
        newAccountPubkey: account,
        basePubkey: user,
        seed: 'tidepool-7',
        lamports: 3_000_000,
        space: 200,
        programId: StakeProgram.programId,
      }),
    );
    expect(out.summary).toBe(
      `Create account ${short(account)} (seed “tidepool-7”) funded with 0.003 SOL, owned by program ${short(StakeProgram.programId)}`,
    );
    expect(out.visibleSolOut).toBe(3_000_000n);
  });

  it('assign of the user’s own account is a warning', () => {
    const out = one(SystemProgram.assign({ accountPubkey: user, programId: attacker }));
    expect(out.codes).toEqual(['account_reassigned']);
    expect(out.warnings[0]!.text).toContain(short(attacker));
  });

  it('durable nonce: advancing first warns the transaction never expires; only in first place', () => {
    const nonce = key();
    const advance = SystemProgram.nonceAdvance({ noncePubkey: nonce, authorizedPubkey: user });
    const transfer = SystemProgram.transfer({ fromPubkey: user, toPubkey: attacker, lamports: 1 });
    const first = decode([advance, transfer]);
    expect(first.instructions[0]!.summary).toBe(`Advance durable nonce ${short(nonce)}`);
    expect(first.warnings.map((w) => w.code)).toEqual(['durable_nonce']);
    expect(decode([transfer, advance]).warnings).toEqual([]);
  });

  it('nonce withdraw to someone else and a nonce authority handed over are warnings; back to the user is not', () => {
    const nonce = key();
    const away = one(
      SystemProgram.nonceWithdraw({
        noncePubkey: nonce,
        authorizedPubkey: user,
        toPubkey: attacker,
        lamports: 1_500_000_000,
      }),
    );
    expect(away.summary).toBe(`Withdraw 1.5 SOL from nonce account ${short(nonce)} to ${short(attacker)}`);
    expect(away.codes).toEqual(['third_party_recipient']);
    expect(
      one(
        SystemProgram.nonceWithdraw({
          noncePubkey: nonce,
          authorizedPubkey: user,
          toPubkey: user,
          lamports: 1,
        }),
      ).codes,
    ).toEqual([]);
    const handed = one(
      SystemProgram.nonceAuthorize({
        noncePubkey: nonce,
        authorizedPubkey: user,
        newAuthorizedPubkey: attacker,
      }),
    );
    expect(handed.summary).toBe(
      `Change the authority of nonce account ${short(nonce)} to ${short(attacker)}`,
    );
    expect(handed.codes).toEqual(['authority_change']);
  });

  it('nonce initialize names its authority', () => {
    const nonce = key();
    const [, init] = SystemProgram.createNonceAccount({
      fromPubkey: user,
      noncePubkey: nonce,
      authorizedPubkey: user,
      lamports: 1_447_680,
    }).instructions;
    expect(NONCE_ACCOUNT_LENGTH).toBe(80);
    expect(one(init!).summary).toBe(`Initialize nonce account ${short(nonce)} with authority your account`);
  });
});

describe('Stake, from web3.js builders', () => {
  const stake = key();
  it('delegate, deactivate and a withdraw back to the user: named, no warning', () => {
    const vote = key();
    expect(
      one(
        StakeProgram.delegate({ stakePubkey: stake, authorizedPubkey: user, votePubkey: vote })
          .instructions[0]!,
      ).summary,
    ).toBe(`Delegate stake account ${short(stake)} to validator ${short(vote)}`);
    expect(
      one(StakeProgram.deactivate({ stakePubkey: stake, authorizedPubkey: user }).instructions[0]!).summary,
    ).toBe(`Deactivate stake account ${short(stake)} (SOL withdrawable next epoch)`);
    const home = one(
      StakeProgram.withdraw({
        stakePubkey: stake,
        authorizedPubkey: user,
        toPubkey: user,
        lamports: 2_500_000_000,
      }).instructions[0]!,
    );
    expect(home.summary).toBe(`Withdraw 2.5 SOL from stake account ${short(stake)} to your account`);
    expect(home.codes).toEqual([]);
  });

  it('a withdraw to someone else, and the withdraw authority handed over, warn', () => {
    expect(
      one(
        StakeProgram.withdraw({ stakePubkey: stake, authorizedPubkey: user, toPubkey: attacker, lamports: 1 })
          .instructions[0]!,
      ).codes,
    ).toEqual(['third_party_recipient']);
    const handed = one(
      StakeProgram.authorize({
        stakePubkey: stake,
        authorizedPubkey: user,
        newAuthorizedPubkey: attacker,
        stakeAuthorizationType: StakeAuthorizationLayout.Withdrawer,
      }).instructions[0]!,
    );
    expect(handed.summary).toBe(
      `Change the withdraw authority of stake account ${short(stake)} to ${short(attacker)}`,
    );
    expect(handed.codes).toEqual(['authority_change']);
    expect(handed.warnings[0]!.text).toContain('withdraw its SOL');
  });

  it('split reads its amount', () => {
    const into = key();
    const split = StakeProgram.split(
      { stakePubkey: stake, authorizedPubkey: user, splitStakePubkey: into, lamports: 1_000_000_000 },
      0,
    ).instructions.find((ix) => ix.programId.equals(StakeProgram.programId));
    expect(one(split!).summary).toBe(`Split 1 SOL off stake account ${short(stake)} into ${short(into)}`);
  });
});

describe('Token, from spl-token builders', () => {
  const tokenAccounts = new Map([
    [userTokens.toBase58(), { mint: mint.toBase58(), owner: user.toBase58() }],
    [attackerTokens.toBase58(), { mint: mint.toBase58(), owner: attacker.toBase58() }],
  ]);
  const known = ctx({ tokenAccounts, decimals: new Map([[mint.toBase58(), 6]]) });

  it('transferChecked: the amount in its own decimals, and whose accounts', () => {
    const out = one(
      createTransferCheckedInstruction(userTokens, mint, attackerTokens, user, 12_500_000n, 6),
      known,
    );
    expect(out.summary).toBe(
      `Transfer 12.5 of token ${short(mint)} from ${short(userTokens)} (yours) (authority your account) to ${short(attackerTokens)} (owned by ${short(attacker)})`,
    );
    expect(out.codes).toEqual([]);
  });

  it('a Token-2022 transfer fee: what TransferCheckedWithFee withholds, and a TransferChecked of a mint with one said to arrive smaller', () => {
    const withFee = createTransferCheckedWithFeeInstruction(
      userTokens,
      mint,
      attackerTokens,
      user,
      12_500_000n,
      6,
      187_500n,
      [],
      TOKEN_2022_PROGRAM_ID,
    );
    expect(one(withFee, known).summary).toBe(
      `Transfer 12.5 of token ${short(mint)} from ${short(userTokens)} (yours) (authority your account) to ${short(attackerTokens)} (owned by ${short(attacker)}), a fee of 0.1875 withheld`,
    );
    const plain = createTransferCheckedInstruction(
      userTokens,
      mint,
      attackerTokens,
      user,
      12_500_000n,
      6,
      [],
      TOKEN_2022_PROGRAM_ID,
    );
    const feeMint = ctx({ tokenAccounts, transferFeeMints: new Set([mint.toBase58()]) });
    expect(one(plain, feeMint).summary).toMatch(
      /; this token charges a transfer fee, withheld from what arrives$/,
    );
    expect(one(plain, known).summary).not.toMatch(/transfer fee/);
  });

  it('transfer (unchecked): the amount in the source mint’s decimals when the review read them, raw units otherwise', () => {
    const ix = createTransferInstruction(userTokens, attackerTokens, user, 7_000_000n);
    expect(one(ix, known).summary).toBe(
      `Transfer 7 of token ${short(mint)} from ${short(userTokens)} (yours) (authority your account) to ${short(attackerTokens)} (owned by ${short(attacker)})`,
    );
    expect(one(ix).summary).toBe(
      `Transfer 7000000 token units from ${short(userTokens)} (authority your account) to ${short(attackerTokens)}`,
    );
  });

  it('approve to someone else is a warning naming the delegate and the amount', () => {
    const out = one(createApproveInstruction(userTokens, attacker, user, 42n));
    expect(out.summary).toBe(
      `Allow ${short(attacker)} to spend 42 units of tokens from ${short(userTokens)}`,
    );
    expect(out.codes).toEqual(['token_delegate']);
    expect(out.warnings[0]!.text).toContain(short(attacker));
  });

  it('setAuthority: the account-owner authority of the user’s account handed over, or removed, warns', () => {
    const handed = one(createSetAuthorityInstruction(userTokens, user, AuthorityType.AccountOwner, attacker));
    expect(handed.summary).toBe(
      `Change the account owner authority of ${short(userTokens)} to ${short(attacker)}`,
    );
    expect(handed.codes).toEqual(['authority_change']);
    const removed = one(createSetAuthorityInstruction(userTokens, user, AuthorityType.CloseAccount, null));
    expect(removed.summary).toBe(`Change the close authority of ${short(userTokens)} to none`);
    expect(removed.warnings[0]!.text).toContain('no one (irreversible)');
    expect(
      one(createSetAuthorityInstruction(userTokens, user, AuthorityType.AccountOwner, user)).codes,
    ).toEqual([]);
  });
});

describe('stake pool, from spl-stake-pool builders', () => {
  const [withdrawAuthority, reserve, managerFee, list, validatorStake] = [key(), key(), key(), key(), key()];
  const info: PoolInfo = { symbol: 'tpSOL', decimals: 9, lamportsFor: (t) => t, tokensFor: (l) => l };
  const pools = new Map([[pool.toBase58(), info]]);
  const poolMints = new Map([[pool.toBase58(), mint.toBase58()]]);
  const deposit = (destination: PublicKey, referral = destination) =>
    StakePoolInstruction.depositSol({
      stakePool: pool,
      withdrawAuthority,
      reserveStake: reserve,
      fundingAccount: user,
      destinationPoolAccount: destination,
      managerFeeAccount: managerFee,
      referralPoolAccount: referral,
      poolMint: mint,
      lamports: 2_000_000_000,
    });
  const withdrawSol = (to: PublicKey) =>
    StakePoolInstruction.withdrawSol({
      stakePool: pool,
      sourcePoolAccount: userTokens,
      withdrawAuthority,
      reserveStake: reserve,
      destinationSystemAccount: to,
      sourceTransferAuthority: user,
      managerFeeAccount: managerFee,
      poolMint: mint,
      poolTokens: 1_500_000_000,
    });
  const withdrawStake = (authority: PublicKey) =>
    StakePoolInstruction.withdrawStake({
      stakePool: pool,
      validatorList: list,
      withdrawAuthority,
      validatorStake,
      destinationStake: key(),
      destinationStakeAuthority: authority,
      sourceTransferAuthority: user,
      sourcePoolAccount: userTokens,
      managerFeeAccount: managerFee,
      poolMint: mint,
      poolTokens: 3_000_000_000,
    });
  /** The *WithSlippage variant of a plain DepositSol/WithdrawSol/WithdrawStake: same accounts, tag, amount, then the minimum. */
  const withSlippage = (plain: TransactionInstruction, tag: number, minimum: bigint) => {
    const data = Buffer.alloc(17);
    data[0] = tag;
    data.set(plain.data.subarray(1, 9), 1);
    data.writeBigUInt64LE(minimum, 9);
    return new TransactionInstruction({ programId: plain.programId, keys: plain.keys, data });
  };

  it('DepositSol into the user’s token account: the SOL counted out, "you receive" only with a simulated credit', () => {
    expect(deposit(userTokens).programId.equals(STAKE_POOL_PROGRAM_ID)).toBe(true);
    const unsimulated = one(deposit(userTokens), ctx({ pools, poolMints }));
    expect(unsimulated.summary).toBe(
      `Stake 2 SOL into tpSOL → pool tokens to your account ${short(userTokens)}`,
    );
    expect(unsimulated.visibleSolOut).toBe(2_000_000_000n);
    expect(unsimulated.codes).toEqual([]);
    const simulated = one(
      deposit(userTokens),
      ctx({ pools, poolMints, creditedByMint: new Map([[mint.toBase58(), 1_950_000_000n]]) }),
    );
    expect(simulated.summary).toBe('Stake 2 SOL into tpSOL → you receive ≈ 1.95 tpSOL');
  });

  it('DepositSol into someone else’s account, or with a stranger as referrer, warns', () => {
    const away = one(deposit(attackerTokens), ctx({ pools, poolMints }));
    expect(away.summary).toBe(
      `Stake 2 SOL into tpSOL → pool tokens go to ${short(attackerTokens)} (not your account)`,
    );
    expect(away.codes).toEqual(['third_party_recipient']);
    const referred = one(deposit(userTokens, attackerTokens), ctx({ pools, poolMints }));
    expect(referred.codes).toEqual(['third_party_recipient']);
    expect(referred.warnings[0]!.text).toContain('referrer');
  });

  it('DepositSolWithSlippage (25): the amount and the minimum from their offsets', () => {
    const out = one(withSlippage(deposit(userTokens), 25, 1_900_000_000n), ctx({ pools, poolMints }));
    expect(out.summary).toBe(
      `Stake 2 SOL into tpSOL → pool tokens to your account ${short(userTokens)} (at least 1.9 tpSOL or it fails)`,
    );
    expect(out.visibleSolOut).toBe(2_000_000_000n);
    // A minimum too small for four places is written out, never rounded to 0.
    const small = one(withSlippage(deposit(userTokens), 25, 99_999n), ctx({ pools, poolMints }));
    expect(small.summary).toContain('(at least 0.000099999 tpSOL or it fails)');
  });

  it('WithdrawSol to the user, to someone else, and WithdrawSolWithSlippage (26)', () => {
    const home = one(withdrawSol(user), ctx({ pools, poolMints }));
    expect(home.summary).toBe(
      `Unstake 1.5 tpSOL from tpSOL now, burned from ${short(userTokens)} → SOL to your account`,
    );
    expect(home.codes).toEqual([]);
    const away = one(withdrawSol(attacker), ctx({ pools, poolMints }));
    expect(away.summary).toBe(
      `Unstake 1.5 tpSOL from tpSOL now, burned from ${short(userTokens)} → SOL goes to ${short(attacker)} (not your account)`,
    );
    expect(away.codes).toEqual(['third_party_recipient']);
    expect(one(withSlippage(withdrawSol(user), 26, 1_400_000_000n), ctx({ pools, poolMints })).summary).toBe(
      `Unstake 1.5 tpSOL from tpSOL now, burned from ${short(userTokens)} → SOL to your account (at least 1.4 SOL or it fails)`,
    );
  });

  it('WithdrawStake to a stake account the user controls, one someone else controls, and WithdrawStakeWithSlippage (24)', () => {
    const mine = withdrawStake(user);
    const into = mine.keys[4]!.pubkey;
    expect(one(mine, ctx({ pools, poolMints })).summary).toBe(
      `Unstake 3 tpSOL from tpSOL into stake account ${short(into)} → a stake account withdrawable by you`,
    );
    const theirs = one(withdrawStake(attacker), ctx({ pools, poolMints }));
    expect(theirs.codes).toEqual(['third_party_recipient']);
    expect(theirs.summary).toContain(`controlled by ${short(attacker)} (not you)`);
    expect(one(withSlippage(mine, 24, 2_900_000_000n), ctx({ pools, poolMints })).summary).toBe(
      `Unstake 3 tpSOL from tpSOL into stake account ${short(into)} → a stake account withdrawable by you (asks for at least 2.9 SOL, which the program does not enforce when the withdrawal empties a validator’s stake account)`,
    );
  });

  it('without the pool read, amounts are raw pool-token units and the pool is named by address', () => {
    expect(one(withdrawSol(user)).summary).toBe(
      `Unstake 1500000000 pool-token units from the pool ${short(pool)} now, burned from ${short(userTokens)} → SOL to your account`,
    );
  });
});

describe('an instruction of a known program that Tidepool does not read', () => {
  it('is a warning naming the program, never a neutral line', () => {
    const data = Buffer.alloc(12);
    data.writeUInt32LE(18, 0); // past the Stake program's last instruction
    const out = one(
      new TransactionInstruction({
        programId: StakeProgram.programId,
        keys: [{ pubkey: user, isSigner: true, isWritable: true }],
        data,
      }),
    );
    expect(out.line.known).toBe(false);
    expect(out.codes).toEqual(['undecoded_instruction']);
    expect(out.warnings[0]!.text).toMatch(/^Stake: Stake instruction 18 is not decoded/);
  });

  it('a builder’s instruction cut short is a warning too', () => {
    const transfer = SystemProgram.transfer({ fromPubkey: user, toPubkey: attacker, lamports: 1 });
    const out = one(
      new TransactionInstruction({
        programId: transfer.programId,
        keys: transfer.keys,
        data: transfer.data.subarray(0, 8),
      }),
    );
    expect(out.line.known).toBe(false);
    expect(out.codes).toEqual(['undecoded_instruction']);
    expect(out.visibleSolOut).toBe(0n);
  });
});
