// A stake quoted while the pool still misses this epoch's update (folded into the same
// transaction), once per deployed build: the manager account's gain then also holds the epoch fee
// the update mints, so the deposit fee and the bound's referral allowance come from the pool's own
// post-update state instead. The quote must equal the one for the same deposit once the pool is
// updated on its own: same tokens, same deposit fee, same instruction minimum.
import { beforeAll, expect, it } from 'vitest';
import { BOUNDED_TAG } from '../../src/background/staking/bounded-instructions';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { updatePool } from '../../tools/stake-pool-admin/pool-crank.ts';
import {
  SOL,
  activePool,
  boundedMinimum,
  describeOnEachBuild,
  enforcedMinimum,
  nextEpoch,
} from '../support/staking';

describeOnEachBuild(
  'epoch fee stake quote chain tests',
  'stake quote with an inline pool update on the %s build',
  {},
  (suite) => {
    let pool: CreatedPool;

    beforeAll(async () => {
      pool = await activePool(suite.chain, suite.operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 10n * SOL,
        stakePerValidator: 5n * SOL,
        epochFee: { numerator: 10n, denominator: 100n },
        depositFee: { numerator: 3n, denominator: 1000n },
        referralFeePercent: 40,
      });
      await nextEpoch(suite.chain, suite.operator, [pool], 100);
      // Rewards land, but the pool is not updated: the quote folds the update in.
      await suite.chain.advanceEpoch(300);
    });

    it('shows the deposit fee and bounds the deposit as the updated pool would', async () => {
      const amount = SOL / 50n; // small: the epoch fee would dwarf the deposit fee
      const inline = await suite.engine.staking.prepareStake(suite.user.publicKey, pool.pool, amount);
      expect(inline.quote.includesPoolUpdate).toBe(true);
      await updatePool(suite.chain.connection, suite.operator, pool.programId, pool.pool);
      const updated = await suite.engine.staking.prepareStake(suite.user.publicKey, pool.pool, amount);
      expect(updated.quote.includesPoolUpdate).toBe(false);
      expect(BigInt(updated.quote.depositFeeTokens)).toBeGreaterThan(0n);
      expect(inline.quote.tokensOut).toBe(updated.quote.tokensOut);
      expect(inline.quote.depositFeeTokens).toBe(updated.quote.depositFeeTokens);
      expect(boundedMinimum(inline.transaction, BOUNDED_TAG.depositSol)).toBe(
        boundedMinimum(updated.transaction, BOUNDED_TAG.depositSol),
      );
      // The guarantee is the program's minimum itself; the referral share that comes back (40% of
      // the fee) is beside it, not in it.
      const shown = enforcedMinimum(updated.quote);
      expect(boundedMinimum(updated.transaction, BOUNDED_TAG.depositSol)).toBe(shown);
      expect(shown).toBeGreaterThan(0n);
      expect(updated.quote.guarantee).toMatchObject({
        notGuaranteed: [{ what: 'referral_share', amount: expect.stringMatching(/^[1-9]\d*$/) }],
      });
    });
  },
);
