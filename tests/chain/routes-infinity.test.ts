// Infinity's routes through the wallet's engine (RouteService) on the localnet with the real June
// 2025 programs and snapshot: SOL → INF, INF → SOL and jupSOL → SOL (SwapExactIn) each quoted in one
// round trip once the route's accounts are known, the quote equal to the upstream math ported in
// tests/support, and what lands equal to the quote to the base unit; the refusals in words: an
// input-disabled LST, a reserve too thin, a v2 PoolState and another pricing program (INF valued
// still, no route), and a price that moved past the guarantee refused by the program.
import { Keypair, LAMPORTS_PER_SOL, PublicKey } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteRequest } from '../../src/shared/routes';
import { startTestChain, type TestChain } from '../support/localnet';
import { infPoolState, infinityDump, infinityOr } from '../support/infinity-fixtures';
import { dump } from '../support/lst-fixtures';
import { quoteAddLiquidity, quoteRemoveLiquidity, quoteSwapExactIn } from '../support/infinity-quote';
import {
  INF,
  JUPSOL,
  MSOL,
  WSOL,
  poolLst,
  readInfinity,
  simulateThenSend,
  tokenAmount,
} from '../support/infinity-routes';
import { infinityActions } from '../support/lst-actions';
import { engineFor } from '../support/staking';

const SOL = BigInt(LAMPORTS_PER_SOL);
const JITOSOL = 'J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn';
const POOL_STATE = new PublicKey('AYhux5gJzCoeoc1PoJ1VxwPDe22RwcvpHviLDD1oCGvW');

describe.skipIf(!infinityOr('Infinity routes through the engine'))(
  'Infinity routes through the engine',
  () => {
    let chain: TestChain;
    let user: Keypair;
    let engine: ReturnType<typeof engineFor>;
    const ata = (mint: PublicKey) => getAssociatedTokenAddressSync(mint, user.publicKey);
    const balance = async (mint: PublicKey) => {
      const a = await chain.connection.getAccountInfo(ata(mint));
      return a ? tokenAmount(a.data) : 0n;
    };
    /** Quote, then execute that very quote; what the chain shows arriving. */
    async function take(request: RouteRequest) {
      const prepared = await engine.routes.prepare(user.publicKey, request);
      const { quote, outcome } = await engine.routes.execute(user.publicKey, request, {
        quoteId: prepared.quote.quoteId,
      });
      expect(quote.quoteId).toBe(prepared.quote.quoteId); // the kept transaction was sent, not a new one
      return { prepared, quote, outcome };
    }

    beforeAll(async () => {
      chain = await startTestChain({ infinity: true, accounts: [dump('jitosol-mint.json')] });
      user = await chain.funded(1_000);
      engine = engineFor(chain, user);
    });
    afterAll(async () => chain?.close());

    it('SOL → INF: one round trip once seen, the upstream math’s INF, landed to the base unit, held to min_out', async () => {
      const first = await engine.routes.prepare(user.publicKey, {
        kind: 'infinityAdd',
        from: 'SOL',
        amount: `${SOL}`,
      });
      expect(first.roundTrips).toBe(2); // never seen: its accounts first
      const view = await readInfinity(chain, [WSOL]);
      const math = quoteAddLiquidity(view.pool, poolLst(view, WSOL), 2n * SOL);
      const { prepared, outcome } = await take({ kind: 'infinityAdd', from: 'SOL', amount: `${2n * SOL}` });
      expect(prepared.roundTrips).toBe(1);
      expect(prepared.quote.received.amount).toBe(math.infOut.toString());
      expect(outcome.tokenChange).toBe(prepared.quote.received.amount);
      const g = prepared.quote.guarantee;
      expect(g.kind).toBe('enforced');
      if (g.kind === 'enforced') expect(BigInt(g.minimum) + BigInt(g.tolerance.amount)).toBe(math.infOut);
      expect(await chain.connection.getAccountInfo(ata(WSOL))).toBeNull(); // wrapped, spent and closed
    });

    it('INF → SOL: RemoveLiquidity to wSOL and unwrap pays exactly the quote, the upstream math’s (LP withdrawal fee taken)', async () => {
      const inf = await balance(INF);
      const view = await readInfinity(chain, [WSOL]);
      const math = quoteRemoveLiquidity(view.pool, poolLst(view, WSOL), inf, view.lpWithdrawalFeeBps);
      const { quote, outcome } = await take({ kind: 'infinityRemove', to: 'SOL', amount: `${inf}` });
      expect(quote.received.amount).toBe(math.lstOut.toString());
      expect(BigInt(outcome.solChange) + BigInt(outcome.networkFeeLamports!)).toBe(math.lstOut);
      expect(await balance(INF)).toBe(0n);
    });

    it('jupSOL → SOL through Infinity (SwapExactIn, unwrapped) pays exactly the quote, the upstream math’s', async () => {
      // jupSOL from a swap wSOL → jupSOL (the snapshot's holders have no keys).
      const buyView = await readInfinity(chain, [WSOL, JUPSOL]);
      const buy = quoteSwapExactIn(buyView.pool, poolLst(buyView, WSOL), poolLst(buyView, JUPSOL), 3n * SOL);
      const owner = user.publicKey;
      await simulateThenSend(
        chain,
        user,
        await infinityActions(chain, owner).swap(WSOL, JUPSOL, 3n * SOL),
        [],
      );
      const jupsol = await balance(JUPSOL);
      expect(jupsol).toBe(buy.out);
      const view = await readInfinity(chain, [JUPSOL, WSOL]);
      const math = quoteSwapExactIn(view.pool, poolLst(view, JUPSOL), poolLst(view, WSOL), jupsol);
      const { quote, outcome } = await take({
        kind: 'infinitySwap',
        from: JUPSOL.toBase58(),
        amount: `${jupsol}`,
      });
      expect(quote.received.amount).toBe(math.out.toString());
      expect(BigInt(outcome.solChange) + BigInt(outcome.networkFeeLamports!)).toBe(math.out);
      expect(await balance(JUPSOL)).toBe(0n);
    });

    it('says why a route is unavailable, and signs nothing: an input-disabled LST, a reserve too thin for the amount, more than is held', async () => {
      await expect(
        engine.routes.prepare(user.publicKey, { kind: 'infinityAdd', from: JITOSOL, amount: `${SOL}` }),
      ).rejects.toThrow('Infinity does not take this LST in right now (its input is disabled).');
      await take({ kind: 'infinityAdd', from: 'SOL', amount: `${20n * SOL}` });
      const inf = await balance(INF);
      await expect(
        engine.routes.prepare(user.publicKey, {
          kind: 'infinityRemove',
          to: MSOL.toBase58(),
          amount: `${inf}`,
        }),
      ).rejects.toThrow(
        'Infinity’s reserve of the token you would receive is too thin for this amount. Nothing was signed.',
      );
      await expect(
        engine.routes.prepare(user.publicKey, { kind: 'infinityRemove', to: 'SOL', amount: `${inf + 1n}` }),
      ).rejects.toThrow(/You hold .* less than this amount/);
    });

    it('a price moved past the guarantee: the program refuses at preflight, nothing is spent, the sentence says so', async () => {
      const request: RouteRequest = { kind: 'infinityRemove', to: 'SOL', amount: `${SOL / 10n}` };
      const prepared = await engine.routes.prepare(user.publicKey, request);
      const infBefore = await balance(INF);
      const lamportsBefore = BigInt(await chain.connection.getBalance(user.publicKey));
      // Lower the pool's recorded SOL value: every INF is now worth less than quoted.
      const pool = (await chain.connection.getAccountInfo(POOL_STATE))!;
      const data = Buffer.from(pool.data);
      data.writeBigUInt64LE((data.readBigUInt64LE(0) * 9n) / 10n, 0);
      await chain.rpc('localnet_setAccount', [
        POOL_STATE.toBase58(),
        { lamports: pool.lamports, owner: pool.owner.toBase58(), data: data.toString('base64') },
      ]);
      await expect(
        engine.routes.execute(user.publicKey, request, { quoteId: prepared.quote.quoteId }),
      ).rejects.toThrow(/price moved past your guarantee.*Nothing was sent and nothing was spent/);
      expect(await balance(INF)).toBe(infBefore);
      expect(BigInt(await chain.connection.getBalance(user.publicKey))).toBe(lamportsBefore);
    });

    it('a v2 PoolState, or another pricing program: INF routes unavailable with the reason, nothing signed', async () => {
      const v1 = (await chain.connection.getAccountInfo(POOL_STATE))!;
      const put = async (data: Uint8Array) =>
        chain.rpc('localnet_setAccount', [
          POOL_STATE.toBase58(),
          { lamports: v1.lamports, owner: v1.owner.toBase58(), data: Buffer.from(data).toString('base64') },
        ]);
      await put(infinityDump('pool-state-v2.json').account.data);
      await expect(
        engine.routes.prepare(user.publicKey, { kind: 'infinityAdd', from: 'SOL', amount: `${SOL}` }),
      ).rejects.toThrow(/version-2 PoolState/);
      await put(infPoolState({ version: 1, totalSolValue: 1n }).account.data); // pricing program: a test key
      await expect(
        engine.routes.prepare(user.publicKey, { kind: 'infinityRemove', to: 'SOL', amount: '1' }),
      ).rejects.toThrow(
        'Infinity prices with a pricing program Tidepool does not know; it offers no route through it.',
      );
      await put(v1.data);
    });
  },
);
