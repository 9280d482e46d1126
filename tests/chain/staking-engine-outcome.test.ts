// What a stake received, read right after confirmation from a node that does not have the
// transaction yet (load-balanced RPCs answer getTransaction with null for a moment): it is asked
// again, from the confirmed slot on, and if it never answers the outcome says its amounts are
// unread (never "0 received"), and "earned since staked" is not fed a stake of 0 tokens.
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { StakingService } from '../../src/background/staking/staking-service';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { LyingRpc } from '../support/lying-rpc';
import { SOL, activePool, describeOnEachBuild, engineFor } from '../support/staking';

/** The node every build's chain answers through (one build runs at a time). */
const node = new LyingRpc();

describeOnEachBuild(
  'stake outcome chain tests',
  'stake outcome read-back on the %s build',
  { middleware: node.middleware },
  (suite) => {
    let pool: CreatedPool;
    /** getTransaction calls seen, with their params; the first `hide` of them answered null. */
    let reads: unknown[][];
    let hide: number;

    beforeAll(async () => {
      pool = await activePool(suite.chain, suite.operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 10n * SOL,
        stakePerValidator: 0n,
      });
    });
    beforeEach(() => {
      reads = [];
      node.lie = (method, result, params) => {
        if (method !== 'getTransaction') return result;
        reads.push(params);
        return reads.length <= hide ? null : result;
      };
    });

    /** The engine's staking service, with the "earned since staked" records kept here. */
    function service() {
      const engine = engineFor(suite.chain, suite.user);
      const staked: bigint[] = [];
      const staking = new StakingService(
        engine.rpc,
        engine.sender,
        engine.fees,
        async () => {},
        async (s) => void (s.kind === 'stake' && staked.push(s.tokensReceived)),
      );
      return { staking, staked };
    }

    it('asks again from the confirmed slot when the node has not got the transaction yet', async () => {
      hide = 2;
      const { staking, staked } = service();
      const { quote, outcome } = await staking.stake(suite.user.publicKey, pool.pool, SOL);
      expect(outcome.amountsUnread).toBeUndefined();
      expect(outcome.tokenChange).toBe(quote.tokensOut);
      expect(reads).toHaveLength(3);
      expect((reads[2]![1] as { minContextSlot?: number }).minContextSlot).toBeGreaterThan(0);
      expect(staked).toEqual([BigInt(quote.tokensOut)]);
    });

    it('says the amounts are unread, not 0, when the node never returns it', async () => {
      hide = Infinity;
      const { staking, staked } = service();
      const { outcome } = await staking.stake(suite.user.publicKey, pool.pool, SOL);
      expect(outcome.amountsUnread).toBe(true);
      expect(staked).toEqual([]);
      expect(await suite.chain.connection.getSignatureStatus(outcome.signature)).toMatchObject({
        value: { err: null },
      });
    });
  },
);
