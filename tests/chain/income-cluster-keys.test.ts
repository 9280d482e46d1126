// Two RPC URLs of one cluster (the same localnet as 127.0.0.1 and as localhost) are one history:
// the income ledger, the SOL staked ("earned since staked") and the rates seen are kept under the
// cluster's genesis hash, so switching URLs in Settings keeps them; and what an older Tidepool
// kept under a URL (the stake ledger and rate history, as the previous version wrote them) is moved
// under its cluster, merged, the first time that URL is used. The worker's engines as index.ts
// wires them, over the named FAKE storage.
import type { Keypair } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depositSolAsOperator, type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { poolWithLastEpoch, tokenBalance } from '../support/income';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { SOL, enginesFor, nextEpoch } from '../support/staking';

describe.skipIf(!stakePoolProgramOr('income cluster keys chain tests', STAKE_POOL_AVAILABLE))(
  'income ledger: keyed by cluster, not by RPC URL',
  () => {
    let chain: TestChain;
    let operator: Keypair;
    let user: Keypair;
    let pool: CreatedPool;
    let urlA: string;
    let urlB: string;

    beforeAll(async () => {
      chain = await startTestChain();
      operator = await chain.funded(1_000);
      user = await chain.funded(20);
      pool = await poolWithLastEpoch(chain, operator);
      urlA = new URL(chain.node.rpcUrl).toString();
      urlB = urlA.replace('127.0.0.1', 'localhost');
    });
    afterAll(() => chain?.close());

    it('keeps the income, the SOL staked and the rates seen when Settings switches to another URL of the cluster', async () => {
      const owner = user.publicKey.toBase58();
      const mint = pool.mint.toBase58();
      // Bought outside Tidepool, but recorded under URL B by an older Tidepool (the stake ledger as it wrote it, keyed by URL).
      await depositSolAsOperator(chain.connection, user, pool, SOL);
      const bought = await tokenBalance(chain, user.publicKey, pool.mint);
      const { engines, settings, local } = enginesFor(user);
      local.data.set(`stakeLedger:${urlB}:${owner}`, {
        [mint]: { stakedLamports: SOL.toString(), tokens: bought.toString(), since: 1, stakes: 1 },
      });
      local.data.set(`lstRates:${urlB}`, {
        [mint]: { seen: 1, points: [{ at: 1, epoch: 1, lamportsPerToken: '900000000' }] },
      });

      await settings.setNetwork('custom', urlA);
      const a = await engines.current();
      await a.staking.stake(user.publicKey, pool.pool, 2n * SOL);
      await a.portfolio.refresh(owner);
      await nextEpoch(chain, operator, [pool], 300);
      await a.portfolio.refresh(owner);
      await a.portfolio.saved();
      const onA = await a.income.view(owner);
      expect(onA.rows.map((r) => r.type).sort()).toEqual(['stake', 'staking-income']);

      await settings.setNetwork('custom', urlB);
      const b = await engines.current();
      expect(b).not.toBe(a);
      expect(b.network.rpcUrl).toBe(urlB);
      const onB = await b.income.view(owner);
      expect(onB.cluster).toBe(onA.cluster);
      expect(onB.rows).toEqual(onA.rows);

      const lst = (await b.portfolio.refresh(owner)).lsts.find((l) => l.mint === mint)!;
      await b.portfolio.saved();
      const held = await tokenBalance(chain, user.publicKey, pool.mint);
      // A's stake and the older Tidepool's record under B, one ledger now.
      expect(lst.earned).toMatchObject({
        stakes: 2,
        tokens: held.toString(),
        stakedLamports: (3n * SOL).toString(),
      });
      expect(lst.history[0]).toEqual({ at: 1, epoch: 1, lamportsPerToken: '900000000' });
      expect(lst.history.length).toBeGreaterThanOrEqual(3);
      // Kept under the cluster's genesis hash only; the URL's keys are gone.
      const keys = [...local.data.keys()];
      expect(keys).toContain(`stakeLedger:${onA.cluster}:${owner}`);
      expect(keys).toContain(`lstRates:${onA.cluster}`);
      expect(keys).toContain(`income:${onA.cluster}:${owner}`);
      const byUrl = keys.filter(
        (k) => /^(stakeLedger|lstRates|income)/.test(k) && /127\.0\.0\.1|localhost/.test(k),
      );
      expect(byUrl).toEqual([]);
    });
  },
);
