// A stake whose send is ambiguous (the node could not be reached: it may have landed) is watched to
// the end, not abandoned; and while one of the owner's transactions may still land, a new stake is
// refused before anything is signed (two stakes could otherwise both go through). Once per build.
import WebSocket from 'ws';
import type { WebSocketFactory } from '../../src/background/chain/signature-watch';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { FaultInjector } from '../support/faults';
import {
  SOL,
  activePool,
  approvedOf,
  describeOnEachBuild,
  engineFor,
  enginesFor,
  signerOf,
} from '../support/staking';

/** The node's HTTP front of every build's chain (one build runs at a time). */
const faults = new FaultInjector();

describeOnEachBuild(
  'in-flight stake chain tests',
  'stakes in flight on the %s build',
  { middleware: faults.middleware },
  (suite) => {
    let pool: CreatedPool;

    beforeAll(async () => {
      pool = await activePool(suite.chain, suite.operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 10n * SOL,
        stakePerValidator: 0n,
      });
    });
    beforeEach(() => {
      faults.fault = { kind: 'none' };
    });

    it('watches a stake whose send got no answer, and it lands once', async () => {
      const engine = engineFor(suite.chain, suite.user);
      const { quote } = await engine.staking.prepareStake(suite.user.publicKey, pool.pool, SOL);
      faults.sends.clear();
      // Every attempt of the send fails at the HTTP level (no node answer): ambiguous.
      faults.fault = { kind: 'status', status: 502, times: 3 };
      const { outcome } = await engine.staking.stake(suite.user.publicKey, pool.pool, SOL, {
        quoteId: quote.quoteId,
        approved: approvedOf(quote),
      });
      expect(outcome.tokenChange).toBe(quote.tokensOut);
      expect(faults.sends.size).toBe(1); // the one signed transaction, re-sent, never a second one
      expect(await engine.sender.inFlight()).toEqual([]);
    });

    it('refuses a new stake while a previous one may still land, then lets it land', async () => {
      const engine = engineFor(suite.chain, suite.user);
      const first = await engine.staking.prepareStake(suite.user.publicKey, pool.pool, SOL);
      faults.sends.clear();
      faults.fault = { kind: 'drop-sends' }; // accepted, never lands: still in flight
      const landing = engine.staking.stake(suite.user.publicKey, pool.pool, SOL, {
        quoteId: first.quote.quoteId,
        approved: approvedOf(first.quote),
      });
      while (!(await engine.sender.inFlight()).length) await new Promise((r) => setTimeout(r, 50));
      const second = await engine.staking.prepareStake(suite.user.publicKey, pool.pool, SOL);
      await expect(
        engine.staking.stake(suite.user.publicKey, pool.pool, SOL, {
          quoteId: second.quote.quoteId,
          approved: approvedOf(second.quote),
        }),
      ).rejects.toThrow(/previous transaction .* may still land; wait for it/);
      expect(faults.sends.size).toBe(1); // the second was never signed
      faults.fault = { kind: 'none' };
      const { outcome } = await landing;
      expect(outcome.tokenChange).toBe(first.quote.tokensOut);
      expect(await engine.sender.inFlight()).toEqual([]);
    });

    it('polls at its pace once the signature socket closed (no busy loop on a settled notification)', async () => {
      // A socket that cannot connect: it closes at once, and its notification stays settled.
      const refused: WebSocketFactory = () =>
        new WebSocket('ws://127.0.0.1:1') as unknown as ReturnType<WebSocketFactory>;
      const engine = engineFor(suite.chain, suite.user, { webSocket: refused });
      const { quote } = await engine.staking.prepareStake(suite.user.publicKey, pool.pool, SOL);
      faults.fault = { kind: 'drop-sends' };
      const landing = engine.staking.stake(suite.user.publicKey, pool.pool, SOL, {
        quoteId: quote.quoteId,
        approved: approvedOf(quote),
      });
      while (!(await engine.sender.inFlight()).length) await new Promise((r) => setTimeout(r, 50));
      const before = faults.requests;
      await new Promise((r) => setTimeout(r, 2_000));
      // ~4 status polls (every 500 ms) and a rebroadcast every 2 s; a busy loop makes hundreds.
      expect(faults.requests - before).toBeLessThan(12);
      faults.fault = { kind: 'none' };
      expect((await landing).outcome.tokenChange).toBe(quote.tokensOut);
    });

    it('never sends a quote kept on another network: it quotes again there', async () => {
      let tripsBeforeSigning = -1;
      let signing = () => {};
      const { engines } = enginesFor(suite.user, {
        sign: async (address, message) => {
          signing();
          return signerOf(suite.user)(address, message);
        },
      });
      const here = engineFor(suite.chain, suite.user).network;
      const { quote } = await engines.for(here).staking.prepareStake(suite.user.publicKey, pool.pool, SOL);
      // The same quote id asked of another network's engine (here: the same node under devnet's name).
      const engine = engines.for({ ...here, chain: 'solana:devnet' });
      const trips = engine.rpc.stats.httpRoundTrips;
      signing = () => void (tripsBeforeSigning = engine.rpc.stats.httpRoundTrips - trips);
      await engine.staking.stake(suite.user.publicKey, pool.pool, SOL, {
        quoteId: quote.quoteId,
        approved: approvedOf(quote),
      });
      expect(tripsBeforeSigning).toBeGreaterThan(0); // a fresh quote on this network, not the kept transaction
    });
  },
);
