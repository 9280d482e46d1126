// The referral share in a stake account conversion's guarantee, once per deployed build: the
// program's DepositStake pays the STAKE referral percent of the total fee (process_deposit_stake)
// after its minimum check, so the guarantee (and the instruction's minimum) leaves that share out
// and names it as not guaranteed; a 100% SOL referral share with a 0% stake one brings nothing back.
import { Keypair, PublicKey } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUNDED_TAG } from '../../src/background/staking/bounded-instructions';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { setFee } from '../../tools/stake-pool-admin/pool-manager.ts';
import { stakePoolBuilds, stakePoolProgramOr, startTestChain, type TestChain } from '../support/localnet';
import {
  SOL,
  activePool,
  boundedMinimum,
  delegatedStake,
  enforcedMinimum,
  engineFor,
  nextEpoch,
} from '../support/staking';

const BUILDS = stakePoolBuilds();

describe.skipIf(!stakePoolProgramOr('conversion referral chain tests', BUILDS.length > 0)).each(BUILDS)(
  'conversion referral bound on the %s build',
  (build) => {
    let chain: TestChain;
    let operator: Keypair;
    let user: Keypair;
    let engine: ReturnType<typeof engineFor>;
    let pool: CreatedPool;
    let active: PublicKey;

    beforeAll(async () => {
      chain = await startTestChain({ stakePoolBuild: build, useProgramsCache: false });
      operator = await chain.funded(1_000);
      user = await chain.funded(50);
      engine = engineFor(chain, user);
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.sanctumMulti,
        validators: 1,
        initialDepositLamports: 10n * SOL,
        stakePerValidator: 5n * SOL,
        depositFee: { numerator: 5n, denominator: 1000n },
        referralFeePercent: 0,
      });
      await setFee(chain.connection, pool, { kind: 'solReferral', percent: 100 });
      await setFee(chain.connection, pool, { kind: 'stakeReferral', percent: 0 });
      active = await delegatedStake(chain, user, pool.votes[0]!, 3n * SOL);
      await nextEpoch(chain, operator, [pool], 100);
      await nextEpoch(chain, operator, [pool], 100);
    });
    afterAll(() => chain?.close());

    it('a 100% SOL referral share and no stake referral share: all that arrives is enforced, and the instruction carries it', async () => {
      const { quote, transaction } = await engine.staking.prepareConvert(
        user.publicKey,
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
      const again = await engine.staking.prepareConvert(
        user.publicKey,
        active,
        pool.pool,
        { minimum: lower, enforced: true },
        pool.votes[0],
      );
      expect(boundedMinimum(again.transaction, BOUNDED_TAG.depositStake)).toBe(lower);
    });

    it('a stake referral share is named beside the guarantee, never in it', async () => {
      await setFee(chain.connection, pool, { kind: 'stakeReferral', percent: 50 });
      const { quote, transaction } = await engine.staking.prepareConvert(
        user.publicKey,
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
      const { outcome } = await engine.staking.convert(user.publicKey, active, pool.pool, {
        quoteId: quote.quoteId,
      });
      expect(outcome.tokenChange).toBe(quote.tokensOut);
    });
  },
);
