// The referral share in a stake account conversion's guarantee, once per deployed build: the
// program's DepositStake pays the STAKE referral percent of the total fee (process_deposit_stake)
// after its minimum check, so the guarantee (and the instruction's minimum) leaves that share out
// and names it as not guaranteed; a 100% SOL referral share with a 0% stake one brings nothing back.
import { PublicKey } from '@solana/web3.js';
import { beforeAll, expect, it } from 'vitest';
import { BOUNDED_TAG } from '../../src/background/staking/bounded-instructions';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { setFee } from '../../tools/stake-pool-admin/pool-manager.ts';
import {
  SOL,
  activePool,
  boundedMinimum,
  delegatedStake,
  describeOnEachBuild,
  enforcedMinimum,
  nextEpoch,
} from '../support/staking';

describeOnEachBuild(
  'conversion referral chain tests',
  'conversion referral bound on the %s build',
  {},
  (suite) => {
    let pool: CreatedPool;
    let active: PublicKey;

    beforeAll(async () => {
      pool = await activePool(suite.chain, suite.operator, {
        programId: STAKE_POOL_PROGRAMS.sanctumMulti,
        validators: 1,
        initialDepositLamports: 10n * SOL,
        stakePerValidator: 5n * SOL,
        depositFee: { numerator: 5n, denominator: 1000n },
        referralFeePercent: 0,
      });
      await setFee(suite.chain.connection, pool, { kind: 'solReferral', percent: 100 });
      await setFee(suite.chain.connection, pool, { kind: 'stakeReferral', percent: 0 });
      active = await delegatedStake(suite.chain, suite.user, pool.votes[0]!, 3n * SOL);
      await nextEpoch(suite.chain, suite.operator, [pool], 100);
      await nextEpoch(suite.chain, suite.operator, [pool], 100);
    });

    it('a 100% SOL referral share and no stake referral share: all that arrives is enforced, and the instruction carries it', async () => {
      const { quote, transaction } = await suite.engine.staking.prepareConvert(
        suite.user.publicKey,
        active,
        pool.pool,
        undefined,
        pool.votes[0],
      );
      expect(BigInt(quote.depositFeeTokens)).toBeGreaterThan(0n);
      // No stake referral: nothing of the fee comes back, so the guarantee is the quote less the tolerance.
      expect(quote.guarantee).toMatchObject({ kind: 'enforced', notGuaranteed: [] });
      expect(boundedMinimum(transaction, BOUNDED_TAG.depositStake)).toBe(enforcedMinimum(quote));
      expect(enforcedMinimum(quote) + BigInt(quote.guarantee.tolerance.amount)).toBe(BigInt(quote.tokensOut));
      // An approved minimum carries through exactly.
      const lower = BigInt(quote.tokensOut) - 1000n;
      const again = await suite.engine.staking.prepareConvert(
        suite.user.publicKey,
        active,
        pool.pool,
        { minimum: lower, enforced: true },
        pool.votes[0],
      );
      expect(boundedMinimum(again.transaction, BOUNDED_TAG.depositStake)).toBe(lower);
    });

    it('a stake referral share is named beside the guarantee, never in it', async () => {
      await setFee(suite.chain.connection, pool, { kind: 'stakeReferral', percent: 50 });
      const { quote, transaction } = await suite.engine.staking.prepareConvert(
        suite.user.publicKey,
        active,
        pool.pool,
        undefined,
        pool.votes[0],
      );
      const fee = BigInt(quote.depositFeeTokens); // the manager's half
      const g = quote.guarantee;
      if (g.kind !== 'enforced') throw new Error('expected an enforced minimum');
      expect(boundedMinimum(transaction, BOUNDED_TAG.depositStake)).toBe(BigInt(g.minimum));
      // The referral half comes back into the same account, as a share the manager may change.
      const [referral] = g.notGuaranteed;
      expect(referral!.what).toBe('referral_share');
      expect(BigInt(referral!.amount)).toBeGreaterThanOrEqual(fee - 1n);
      expect(BigInt(referral!.amount)).toBeLessThanOrEqual(fee + 1n);
      expect(BigInt(g.minimum) + BigInt(g.tolerance.amount) + BigInt(referral!.amount)).toBe(
        BigInt(quote.tokensOut),
      );
      const { outcome } = await suite.engine.staking.convert(suite.user.publicKey, active, pool.pool, {
        quoteId: quote.quoteId,
      });
      expect(outcome.tokenChange).toBe(quote.tokensOut);
    });
  },
);
