// A native stake account converted into a pool's LST (DepositStake), once per deployed build: the
// quote is the simulation of the exact transaction, what arrives equals it to the unit, and the
// transaction is bounded by DepositStakeWithSlippage; a stake account still activating, or
// delegated to a validator the pool does not list, is explained and nothing is sent.
import { PublicKey } from '@solana/web3.js';
import { beforeAll, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { createVoteAccount, type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { SOL, activePool, delegatedStake, describeOnEachBuild, nextEpoch } from '../support/staking';

describeOnEachBuild(
  'stake account conversion chain tests',
  'stake account → LST on the %s build',
  {},
  (suite) => {
    let pool: CreatedPool;
    let active: PublicKey;
    let elsewhere: PublicKey;

    const delegated = (vote: PublicKey, lamports: bigint) =>
      delegatedStake(suite.chain, suite.user, vote, lamports);

    beforeAll(async () => {
      pool = await activePool(suite.chain, suite.operator, {
        programId: STAKE_POOL_PROGRAMS.sanctumMulti,
        validators: 1,
        initialDepositLamports: 10n * SOL,
        stakePerValidator: 5n * SOL,
        depositFee: { numerator: 1n, denominator: 1000n },
        referralFeePercent: 20,
      });
      active = await delegated(pool.votes[0]!, 3n * SOL);
      elsewhere = await delegated(await createVoteAccount(suite.chain.connection, suite.operator), 2n * SOL);
      await nextEpoch(suite.chain, suite.operator, [pool], 100);
      await nextEpoch(suite.chain, suite.operator, [pool], 100);
    });

    it('converts an active stake account into exactly the quoted tokens, bounded by the program', async () => {
      let trips = suite.engine.rpc.stats.httpRoundTrips;
      await suite.engine.staking.prepareConvert(suite.user.publicKey, active, pool.pool);
      // Never seen: the stake account, the pool's addresses, a batch that learns its validator list
      // (the deposit names the validator's stake account), then the batch with the simulation.
      expect(suite.engine.rpc.stats.httpRoundTrips - trips).toBe(4);
      trips = suite.engine.rpc.stats.httpRoundTrips;
      // The list's validator for the account and a known pool: one round trip.
      const { quote } = await suite.engine.staking.prepareConvert(
        suite.user.publicKey,
        active,
        pool.pool,
        undefined,
        pool.votes[0],
      );
      expect(suite.engine.rpc.stats.httpRoundTrips - trips).toBe(1);
      expect(quote.lamportsIn).toBe(String(await suite.chain.connection.getBalance(active)));
      expect(quote.guarantee.kind).toBe('enforced');
      expect(BigInt(quote.tokensOut)).toBeGreaterThan(0n);
      let tripsBeforeSigning = -1;
      trips = suite.engine.rpc.stats.httpRoundTrips;
      suite.engine.afterNextSignature(
        async () => void (tripsBeforeSigning = suite.engine.rpc.stats.httpRoundTrips - trips),
      );
      const { outcome } = await suite.engine.staking.convert(suite.user.publicKey, active, pool.pool, {
        quoteId: quote.quoteId,
      });
      expect(tripsBeforeSigning).toBe(0);
      expect(outcome.tokenChange).toBe(quote.tokensOut);
      // The pool took the whole account: it is now the pool's (its authorities moved to the pool).
      const info = await suite.chain.connection.getAccountInfo(active);
      expect(info === null || !info.data.subarray(12, 44).equals(suite.user.publicKey.toBuffer())).toBe(true);
    });

    it('explains a stake account still activating, and one delegated to a validator the pool does not list', async () => {
      const signatures = (await suite.chain.connection.getSignaturesForAddress(suite.user.publicKey)).length;
      await expect(
        suite.engine.staking.prepareConvert(suite.user.publicKey, elsewhere, pool.pool),
      ).rejects.toThrow(/does not stake with validator .* choose a pool that lists it/);
      const fresh = await delegated(pool.votes[0]!, 2n * SOL);
      const after = (await suite.chain.connection.getSignaturesForAddress(suite.user.publicKey)).length;
      expect(after).toBe(signatures + 1);
      await expect(
        suite.engine.staking.prepareConvert(suite.user.publicKey, fresh, pool.pool),
      ).rejects.toThrow(/still activating .* convert it from epoch \d+/);
      await expect(suite.engine.staking.convert(suite.user.publicKey, fresh, pool.pool)).rejects.toThrow(
        /still activating/,
      );
      expect((await suite.chain.connection.getSignaturesForAddress(suite.user.publicKey)).length).toBe(after);
    });
  },
);
