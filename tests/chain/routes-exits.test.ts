// The exit chooser on the localnet with Infinity and Marinade both loaded (the real programs, the
// June 2025 snapshot and State): every way out of an LST into SOL the chain offers, quoted side by
// side in one batch once the routes' accounts are known — mSOL's three (Marinade's liquidity pool,
// a Marinade stake account, Infinity's swap), jupSOL's pool routes unavailable with their reasons
// beside Infinity's swap — the best instant one preselected, and taking it receives exactly its quote.
import { Keypair, LAMPORTS_PER_SOL, PublicKey } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExitOption } from '../../src/shared/routes';
import { startTestChain, type TestChain } from '../support/localnet';
import { infinityOr } from '../support/infinity-fixtures';
import { quoteSwapExactIn } from '../support/infinity-quote';
import {
  JUPSOL,
  MSOL,
  WSOL,
  poolLst,
  readInfinity,
  simulateThenSend,
  tokenAmount,
} from '../support/infinity-routes';
import { infinityActions } from '../support/lst-actions';
import { marinadeOr } from '../support/marinade';
import { engineFor } from '../support/staking';

const SOL = BigInt(LAMPORTS_PER_SOL);
const titles = (options: ExitOption[]) => options.map((o) => o.title);
const reasonOf = (options: ExitOption[], title: string) => {
  const o = options.find((x) => x.title === title)!;
  return o.available ? null : o.reason;
};

describe.skipIf(!infinityOr('the exit chooser') || !marinadeOr('the exit chooser'))(
  'the exit chooser',
  () => {
    let chain: TestChain;
    let user: Keypair;
    let engine: ReturnType<typeof engineFor>;
    const ata = (mint: PublicKey) => getAssociatedTokenAddressSync(mint, user.publicKey);
    const balance = async (mint: PublicKey) => {
      const a = await chain.connection.getAccountInfo(ata(mint));
      return a ? tokenAmount(a.data) : 0n;
    };

    beforeAll(async () => {
      chain = await startTestChain({ infinity: true, marinade: true });
      user = await chain.funded(500);
      engine = engineFor(chain, user);
      const deposit = await engine.routes.prepare(user.publicKey, {
        kind: 'marinadeDeposit',
        amount: `${20n * SOL}`,
      });
      await engine.routes.execute(user.publicKey, deposit.quote.request, { quoteId: deposit.quote.quoteId });
    });
    afterAll(async () => chain?.close());

    it('mSOL: Marinade liquid, Marinade delayed and Infinity’s swap side by side, all quoted in one round trip once known; the best instant one preselected and received exactly', async () => {
      const amount = 3n * SOL;
      const first = await engine.exits.exits(user.publicKey, MSOL, amount);
      expect(titles(first.options)).toEqual([
        'Marinade liquidity pool (instant)',
        'Marinade stake account (delayed)',
        'Infinity swap (instant)',
      ]);
      const { options, roundTrips, expiresAt } = await engine.exits.exits(user.publicKey, MSOL, amount);
      expect(roundTrips).toBe(1);
      expect(options.every((o) => o.available)).toBe(true);
      const available = options.filter((o): o is Extract<ExitOption, { available: true }> => o.available);
      // The screen asks again before the first kept transaction expires, by the worker's own lifetime.
      expect(expiresAt).toBe(Math.min(...available.map((o) => o.quote.expiresAt)));
      expect(available.every((o) => o.quote.expiresAt - o.quote.preparedAt === 30_000)).toBe(true);
      const instant = available.filter((o) => o.when.kind === 'now');
      const best = available.find((o) => o.best)!;
      expect(available.filter((o) => o.best)).toHaveLength(1);
      expect(best.when).toEqual({ kind: 'now' });
      expect(instant.every((o) => BigInt(o.receivedLamports) <= BigInt(best.receivedLamports))).toBe(true);
      expect(available.find((o) => o.when.kind === 'epoch')!.guarantee).toMatchObject({
        why: 'route_takes_no_minimum',
      });
      // Infinity's swap of mSOL prices it by the Marinade calculator, the ported math to the base unit.
      const view = await readInfinity(chain, [MSOL, WSOL]);
      const swap = available.find((o) => o.title === 'Infinity swap (instant)')!;
      expect(swap.receivedLamports).toBe(
        quoteSwapExactIn(view.pool, poolLst(view, MSOL), poolLst(view, WSOL), amount).out.toString(),
      );
      expect(swap.guarantee.kind).toBe('enforced');

      if (best.via.kind !== 'route') throw new Error('mSOL’s exits are routes');
      const { quote, outcome } = await engine.routes.execute(user.publicKey, best.via.request, {
        quoteId: best.quote.quoteId,
      });
      expect(quote.quoteId).toBe(best.quote.quoteId);
      expect(BigInt(outcome.solChange) + BigInt(outcome.networkFeeLamports!)).toBe(
        BigInt(best.receivedLamports),
      );
    });

    it('says why a route is unavailable: below the 1 SOL delayed minimum', async () => {
      const { options } = await engine.exits.exits(user.publicKey, MSOL, SOL / 2n);
      expect(reasonOf(options, 'Marinade stake account (delayed)')).toMatch(
        /at least 1 SOL \(the network’s minimum delegation\)/,
      );
      expect(options.find((o) => o.title === 'Marinade liquidity pool (instant)')!.available).toBe(true);
    });

    it('jupSOL: its pool’s reserve and stake accounts are not in the snapshot, so those routes say why; Infinity’s swap is its instant exit', async () => {
      const owner = user.publicKey;
      // jupSOL bought through Infinity (the snapshot's holders have no keys).
      await simulateThenSend(
        chain,
        user,
        await infinityActions(chain, owner).swap(WSOL, JUPSOL, 2n * SOL),
        [],
      );
      const jupsol = await balance(JUPSOL);
      const { options } = await engine.exits.exits(owner, JUPSOL, jupsol);
      expect(titles(options)).toEqual([
        'Pool reserve (instant)',
        'Stake account (delayed)',
        'Infinity swap (instant)',
      ]);
      expect(reasonOf(options, 'Pool reserve (instant)')).toMatch(/reserve can pay 0 SOL right now/);
      expect(reasonOf(options, 'Stake account (delayed)')).toBeTruthy();
      const swap = options.find((o) => o.title === 'Infinity swap (instant)')!;
      expect(swap.available && swap.best).toBe(true);
    });
  },
);
