// A stake whose send is ambiguous (the node could not be reached: it may have landed) is watched to
// the end, not abandoned; and while one of the owner's transactions may still land, a new stake is
// refused before anything is signed (two stakes could otherwise both go through). Once per build.
import { Keypair } from '@solana/web3.js';
import WebSocket from 'ws';
import type { WebSocketFactory } from '../../src/background/chain/signature-watch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { FaultInjector } from '../support/faults';
import { stakePoolBuilds, stakePoolProgramOr, startTestChain, type TestChain } from '../support/localnet';
import { SOL, activePool, approvedOf, engineFor, enginesFor, signerOf } from '../support/staking';

const BUILDS = stakePoolBuilds();

describe.skipIf(!stakePoolProgramOr('in-flight stake chain tests', BUILDS.length > 0)).each(BUILDS)(
  'stakes in flight on the %s build',
  (build) => {
    const faults = new FaultInjector();
    let chain: TestChain;
    let operator: Keypair;
    let user: Keypair;
    let pool: CreatedPool;

    beforeAll(async () => {
      chain = await startTestChain({
        stakePoolBuild: build,
        useProgramsCache: false,
        middleware: faults.middleware,
      });
      operator = await chain.funded(1_000);
      user = await chain.funded(50);
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 10n * SOL,
        stakePerValidator: 0n,
      });
    });
    afterAll(() => chain?.close());
    beforeEach(() => {
      faults.fault = { kind: 'none' };
    });

    it('watches a stake whose send got no answer, and it lands once', async () => {
      const engine = engineFor(chain, user);
      const { quote } = await engine.staking.prepareStake(user.publicKey, pool.pool, SOL);
      faults.sends.clear();
      // Every attempt of the send fails at the HTTP level (no node answer): ambiguous.
      faults.fault = { kind: 'status', status: 502, times: 3 };
      const { outcome } = await engine.staking.stake(user.publicKey, pool.pool, SOL, {
        quoteId: quote.quoteId,
        approved: approvedOf(quote),
      });
      expect(outcome.tokenChange).toBe(quote.tokensOut);
      expect(faults.sends.size).toBe(1); // the one signed transaction, re-sent, never a second one
      expect(await engine.sender.inFlight()).toEqual([]);
    });

    it('refuses a new stake while a previous one may still land, then lets it land', async () => {
      const engine = engineFor(chain, user);
      const first = await engine.staking.prepareStake(user.publicKey, pool.pool, SOL);
      faults.sends.clear();
      faults.fault = { kind: 'drop-sends' }; // accepted, never lands: still in flight
      const landing = engine.staking.stake(user.publicKey, pool.pool, SOL, {
        quoteId: first.quote.quoteId,
        approved: approvedOf(first.quote),
      });
      while (!(await engine.sender.inFlight()).length) await new Promise((r) => setTimeout(r, 50));
      const second = await engine.staking.prepareStake(user.publicKey, pool.pool, SOL);
      await expect(
        engine.staking.stake(user.publicKey, pool.pool, SOL, {
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
      const engine = engineFor(chain, user, { webSocket: refused });
      const { quote } = await engine.staking.prepareStake(user.publicKey, pool.pool, SOL);
      faults.fault = { kind: 'drop-sends' };
      const landing = engine.staking.stake(user.publicKey, pool.pool, SOL, {
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
      const { engines } = enginesFor(user, {
        sign: async (address, message) => {
          signing();
          return signerOf(user)(address, message);
        },
      });
      const here = engineFor(chain, user).network;
      const { quote } = await engines.for(here).staking.prepareStake(user.publicKey, pool.pool, SOL);
      // The same quote id asked of another network's engine (here: the same node under devnet's name).
      const engine = engines.for({ ...here, chain: 'solana:devnet' });
      const trips = engine.rpc.stats.httpRoundTrips;
      signing = () => void (tripsBeforeSigning = engine.rpc.stats.httpRoundTrips - trips);
      await engine.staking.stake(user.publicKey, pool.pool, SOL, {
        quoteId: quote.quoteId,
        approved: approvedOf(quote),
      });
      expect(tripsBeforeSigning).toBeGreaterThan(0); // a fresh quote on this network, not the kept transaction
    });
  },
);
