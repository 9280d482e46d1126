// The stake program's 1 SOL minimum delegation (v5, as mainnet runs it), on every path the wallet
// has, once per stake-pool build, each proven on the program rather than assumed: a delayed unstake
// splits active stake off a validator, which v5 refuses below the minimum (InsufficientDelegation,
// 0xc), so the wallet refuses it first, in one sentence that points to instant unstake; at the
// minimum it lands; from a pool whose stake is all in its reserve it is inactive SOL, which v5
// splits below the minimum, so the wallet lets it through. A stake account delegated below the
// minimum before v5 (written here as one) still converts into an LST (v5's Merge and the pool's
// DepositStake check no minimum) and, once inactive, is withdrawn whole: the wallet refuses neither.
import {
  PublicKey,
  StakeProgram,
  SystemProgram,
  Transaction,
  sendAndConfirmTransaction,
} from '@solana/web3.js';
import { beforeAll, expect, it } from 'vitest';
import {
  userPoolTokenAccount,
  validatorStakeOf,
  withdrawStakeIx,
} from '../../src/background/staking/pool-instructions';
import { loadPoolContext } from '../../src/background/staking/pool-context';
import { decodeStakeAccount } from '../../src/background/staking/stake-account';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { SOL, activePool, delegatedStake, describeOnEachBuild, nextEpoch } from '../support/staking';

/** StakeError::InsufficientDelegation. */
const INSUFFICIENT_DELEGATION = 0xc;
/** Where StakeStateV2::Stake keeps delegation.stake and delegation.deactivation_epoch. */
const DELEGATED_AT = 156;

describeOnEachBuild(
  'stake minimum chain tests',
  'the 1 SOL minimum delegation on the %s build',
  {},
  (suite) => {
    let pool: CreatedPool;
    let reserveOnly: CreatedPool;
    let legacy: PublicKey;

    /** A stake account of the user holding `lamports` above its rent, delegated to `vote`. */
    async function delegated(vote: PublicKey, lamports: bigint): Promise<PublicKey> {
      const rent = BigInt(await suite.chain.connection.getMinimumBalanceForRentExemption(StakeProgram.space));
      return delegatedStake(suite.chain, suite.user, vote, rent + lamports);
    }

    /** Rewrites `account` as a stake account delegated `stake` before v5 would be: lamports and delegation both lower. */
    async function delegatedBeforeV5(account: PublicKey, stake: bigint): Promise<void> {
      const info = (await suite.chain.connection.getAccountInfo(account))!;
      const data = Buffer.from(info.data);
      const cut = data.readBigUInt64LE(DELEGATED_AT) - stake;
      data.writeBigUInt64LE(stake, DELEGATED_AT);
      await suite.chain.rpc('localnet_setAccount', [
        account.toBase58(),
        {
          lamports: Number(BigInt(info.lamports) - cut),
          owner: info.owner.toBase58(),
          data: data.toString('base64'),
        },
      ]);
    }

    beforeAll(async () => {
      pool = await activePool(suite.chain, suite.operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 20n * SOL,
        stakePerValidator: 10n * SOL,
      });
      // Its one validator holds only what AddValidatorToPool put there: every withdrawal comes from the reserve.
      reserveOnly = await activePool(suite.chain, suite.operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 20n * SOL,
        stakePerValidator: 0n,
      });
      legacy = await delegated(pool.votes[0]!, SOL);
      await nextEpoch(suite.chain, suite.operator, [pool, reserveOnly]);
      await nextEpoch(suite.chain, suite.operator, [pool, reserveOnly]);
      await delegatedBeforeV5(legacy, SOL / 2n);
      for (const p of [pool, reserveOnly])
        await suite.engine.staking.stake(suite.user.publicKey, p.pool, 5n * SOL);
    });

    it('asks the stake program: 1 SOL', async () => {
      expect((await suite.chain.connection.getStakeMinimumDelegation()).value).toBe(Number(SOL));
    });

    it('refuses a delayed unstake below it before anything is signed, as the program would', async () => {
      const half = SOL / 2n;
      const prepared = await suite.engine.staking.prepareUnstake(
        suite.user.publicKey,
        pool.pool,
        half,
        'delayed',
      );
      expect(prepared.quote.blocked).toBe(
        'A delayed unstake splits stake off one of the pool’s validators, and the network’s stake program splits no less than 1 SOL: unstake more, or use instant unstake.',
      );
      expect(prepared.instructions).toEqual([]);
      // The transaction the wallet declined to build, simulated: the stake program's Split refuses it.
      const ctx = await loadPoolContext(suite.engine.rpc, suite.engine.fees, suite.user.publicKey, pool.pool);
      const seed = 'minimum-proof';
      const destination = await PublicKey.createWithSeed(suite.user.publicKey, seed, StakeProgram.programId);
      const tx = new Transaction().add(
        SystemProgram.createAccountWithSeed({
          fromPubkey: suite.user.publicKey,
          newAccountPubkey: destination,
          basePubkey: suite.user.publicKey,
          seed,
          lamports: Number(ctx.stakeAccountRent),
          space: StakeProgram.space,
          programId: StakeProgram.programId,
        }),
        withdrawStakeIx(
          ctx.pool,
          suite.user.publicKey,
          validatorStakeOf(ctx.pool, ctx.validators[0]!),
          destination,
          half,
        ),
      );
      tx.feePayer = suite.user.publicKey;
      tx.recentBlockhash = (await suite.chain.connection.getLatestBlockhash()).blockhash;
      const sim = await suite.chain.connection.simulateTransaction(tx);
      expect(sim.value.err).toEqual({ InstructionError: [1, { Custom: INSUFFICIENT_DELEGATION }] });
      expect(
        sim.value.logs!.some((l) => l.includes('Program Stake11111111111111111111111111111111111111 failed')),
      ).toBe(true);
    });

    it('lands a delayed unstake of exactly 1 SOL, its stake account delegated 1 SOL', async () => {
      const { quote, outcome } = await suite.engine.staking.unstake(
        suite.user.publicKey,
        pool.pool,
        SOL,
        'delayed',
      );
      expect(quote.lamportsOut).toBe(String(SOL));
      const stake = decodeStakeAccount(
        (await suite.chain.connection.getAccountInfo(new PublicKey(outcome.stakeAccount!)))!.data,
      );
      expect(stake?.delegated).toBe(SOL);
    });

    it('pays a delayed unstake below it from a reserve-only pool: inactive SOL, which v5 splits', async () => {
      const half = SOL / 2n;
      const { quote, outcome } = await suite.engine.staking.unstake(
        suite.user.publicKey,
        reserveOnly.pool,
        half,
        'delayed',
      );
      expect(quote.blocked).toBeNull();
      expect(quote.lamportsOut).toBe(String(half));
      const account = (await suite.chain.connection.getAccountInfo(new PublicKey(outcome.stakeAccount!)))!;
      expect(decodeStakeAccount(account.data)?.voter).toBeNull(); // initialized, not delegated: SOL now
      await suite.engine.native.execute(suite.user.publicKey, {
        kind: 'withdraw',
        stakeAccount: outcome.stakeAccount!,
        lamports: String(account.lamports),
      });
      expect(await suite.chain.connection.getAccountInfo(new PublicKey(outcome.stakeAccount!))).toBeNull();
    });

    it('converts a stake account delegated 0.5 SOL before v5 into the LST: nothing on the way checks the minimum', async () => {
      const before = decodeStakeAccount((await suite.chain.connection.getAccountInfo(legacy))!.data)!;
      expect(before.delegated).toBe(SOL / 2n);
      const tokens = userPoolTokenAccount(
        (await loadPoolContext(suite.engine.rpc, suite.engine.fees, suite.user.publicKey, pool.pool)).pool,
        suite.user.publicKey,
      );
      const held = async () =>
        BigInt((await suite.chain.connection.getTokenAccountBalance(tokens)).value.amount);
      const start = await held();
      const { quote } = await suite.engine.staking.convert(suite.user.publicKey, legacy, pool.pool);
      expect(await held()).toBe(start + BigInt(quote.tokensOut));
      expect(await suite.chain.connection.getAccountInfo(legacy)).toBeNull(); // merged into the pool's stake
    });

    it('withdraws a stake account delegated below it before v5, whole, once inactive', async () => {
      const old = await delegated(pool.votes[0]!, SOL);
      await nextEpoch(suite.chain, suite.operator, [pool]);
      await delegatedBeforeV5(old, SOL / 4n);
      await sendAndConfirmTransaction(
        suite.chain.connection,
        StakeProgram.deactivate({ stakePubkey: old, authorizedPubkey: suite.user.publicKey }),
        [suite.user],
        { commitment: 'confirmed' },
      );
      await nextEpoch(suite.chain, suite.operator, [pool]);
      const lamports = BigInt((await suite.chain.connection.getAccountInfo(old))!.lamports);
      const { outcome } = await suite.engine.native.execute(suite.user.publicKey, {
        kind: 'withdraw',
        stakeAccount: old.toBase58(),
        lamports: String(lamports),
      });
      expect(BigInt(outcome.solChange) + BigInt(outcome.networkFeeLamports!)).toBe(lamports);
      expect(await suite.chain.connection.getAccountInfo(old)).toBeNull();
    });
  },
);
