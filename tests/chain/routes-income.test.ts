// Routes into and out of INF and mSOL booked as SPL pools' stakes and unstakes are: on the
// `--infinity --marinade` localnet with the real programs, SOL staked into INF and into mSOL through
// the engine's RouteService and each taken back to SOL (INF by RemoveLiquidity; mSOL by Marinade's
// liquidity pool, by Infinity's swap and by a Marinade stake account). Every stake and unstake row
// of the income ledger's CSV is what this test reads from the landed transactions (balances before
// and after, token balances, fee, slot, block time), to the lamport; an unstake's realised result
// is against the SOL staked; earned since staked counts the SOL each stake put in.
import {
  Keypair,
  PublicKey,
  SystemProgram,
  Transaction,
  sendAndConfirmTransaction,
  type ConfirmedTransactionMeta,
} from '@solana/web3.js';
import {
  NATIVE_MINT,
  createAssociatedTokenAccountIdempotentInstruction,
  createSyncNativeInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incomeCsv } from '../../src/background/income/income-files';
import { SOL_ASSET, type RouteRequest } from '../../src/shared/routes';
import { decimal, utc } from '../support/income';
import { infinityOr } from '../support/infinity-fixtures';
import { INF, MSOL } from '../support/infinity-routes';
import { startTestChain, type TestChain } from '../support/localnet';
import { marinadeOr } from '../support/marinade';
import { SOL, engineFor } from '../support/staking';

/** A CSV row as this test expects it: every column but the note, and the note's first word. */
type Expected = string[];

describe.skipIf(!infinityOr('routes in the income ledger') || !marinadeOr('routes in the income ledger'))(
  'routes into and out of INF and mSOL in the income ledger',
  () => {
    let chain: TestChain;
    let user: Keypair;
    let owner: string;
    let engine: ReturnType<typeof engineFor>;
    const expected: Expected[] = [];
    /** The SOL each stake put in and the tokens it got, per mint, as the chain showed them. */
    const staked = new Map<string, { lamports: bigint; tokens: bigint }>();

    /** A route taken through the engine, and its landed transaction as the chain's own record. */
    async function take(request: RouteRequest) {
      const prepared = await engine.routes.prepare(user.publicKey, request);
      // The epoch the quote's batch read, carried to the record (its quotedEpoch).
      expect(Number(prepared.epoch)).toBe((await chain.connection.getEpochInfo()).epoch);
      const { outcome } = await engine.routes.execute(user.publicKey, request, {
        quoteId: prepared.quote.quoteId,
      });
      const tx = (await chain.connection.getTransaction(outcome.signature, {
        commitment: 'confirmed',
        maxSupportedTransactionVersion: 0,
      }))!;
      const keys = tx.transaction.message.staticAccountKeys;
      const meta = tx.meta as ConfirmedTransactionMeta;
      const at = (key: PublicKey) => keys.findIndex((k) => k.equals(key));
      const before = (key: PublicKey) => (at(key) < 0 ? 0n : BigInt(meta.preBalances[at(key)]!));
      const after = (key: PublicKey) => (at(key) < 0 ? 0n : BigInt(meta.postBalances[at(key)]!));
      const tokens = (mint: PublicKey, list: ConfirmedTransactionMeta['preTokenBalances']) =>
        (list ?? [])
          .filter((b) => b.mint === mint.toBase58() && b.owner === owner)
          .reduce((sum, b) => sum + BigInt(b.uiTokenAmount.amount), 0n);
      const fee = BigInt(meta.fee);
      const schedule = await chain.connection.getEpochSchedule();
      return {
        outcome,
        fee,
        /** What the owner paid in (−) or got (+), the fee aside. */
        solMoved: after(user.publicKey) - before(user.publicKey) + fee,
        lamportsOf: after,
        lamportsBefore: before,
        rentPaid: (key: PublicKey) => after(key) - before(key),
        tokenChange: (mint: PublicKey) =>
          tokens(mint, meta.postTokenBalances) - tokens(mint, meta.preTokenBalances),
        row: (type: string, received: [bigint, string], sent: [bigint, string]): Expected => [
          utc(tx.blockTime! * 1000),
          type,
          decimal(received[0], 9),
          received[1],
          decimal(sent[0], 9),
          sent[1],
          decimal(fee, 9),
          'SOL',
          `${schedule.getEpoch(tx.slot)}`,
          outcome.signature,
          'measured',
        ],
      };
    }

    /** SOL staked into `mint` by `request`: its row, and earned since staked counting exactly that SOL. */
    async function stakeInto(mint: PublicKey, symbol: string, request: RouteRequest & { amount: string }) {
      const t = await take(request);
      // The SOL given: what the owner spent, less the rent of the token account the route created.
      const lamportsIn = -t.solMoved - t.rentPaid(getAssociatedTokenAddressSync(mint, user.publicKey));
      expect(lamportsIn).toBe(BigInt(request.amount));
      const tokens = t.tokenChange(mint);
      expected.push(t.row('stake', [tokens, symbol], [lamportsIn, 'SOL']));
      staked.set(mint.toBase58(), { lamports: lamportsIn, tokens });
      const portfolio = await engine.portfolio.refresh(owner);
      const held = [...portfolio.lsts, ...portfolio.otherLsts].find((l) => l.mint === mint.toBase58())!;
      expect(held.earned).toMatchObject({
        stakedLamports: lamportsIn.toString(),
        tokens: tokens.toString(),
        stakes: 1,
      });
      await engine.portfolio.saved();
    }

    beforeAll(async () => {
      chain = await startTestChain({ infinity: true, marinade: true });
      user = await chain.funded(200);
      owner = user.publicKey.toBase58();
      engine = engineFor(chain, user);
    });
    afterAll(async () => chain?.close());

    it('SOL → INF and INF → SOL: a stake row and an unstake row, each the landed transaction’s figures', async () => {
      await stakeInto(INF, 'INF', { kind: 'infinityAdd', from: SOL_ASSET, amount: `${5n * SOL}` });
      const { tokens } = staked.get(INF.toBase58())!;
      // wSOL held before: the route's unwrap closes that account and pays it back too, which is not what INF paid.
      const wsol = getAssociatedTokenAddressSync(NATIVE_MINT, user.publicKey);
      await sendAndConfirmTransaction(
        chain.connection,
        new Transaction().add(
          createAssociatedTokenAccountIdempotentInstruction(
            user.publicKey,
            wsol,
            user.publicKey,
            NATIVE_MINT,
          ),
          SystemProgram.transfer({ fromPubkey: user.publicKey, toPubkey: wsol, lamports: SOL / 2n }),
          createSyncNativeInstruction(wsol),
        ),
        [user],
      );
      const t = await take({ kind: 'infinityRemove', to: SOL_ASSET, amount: `${tokens}` });
      expect(-t.tokenChange(INF)).toBe(tokens);
      const received = t.solMoved - t.lamportsBefore(wsol);
      expect(t.lamportsBefore(wsol)).toBeGreaterThan(SOL / 2n);
      expected.push(t.row('unstake', [received, 'SOL'], [tokens, 'INF']));
      const row = (await engine.income.view(owner)).rows.find((r) => r.signature === t.outcome.signature)!;
      const cost = staked.get(INF.toBase58())!.lamports;
      expect(row.realised).toEqual({
        costLamports: cost.toString(),
        resultLamports: (received - cost).toString(),
        costBasis: 'measured',
      });
    });

    it('SOL → mSOL, then out by Marinade’s pool, Infinity’s swap and a Marinade stake account: each row the chain’s figures', async () => {
      await stakeInto(MSOL, 'mSOL', { kind: 'marinadeDeposit', amount: `${10n * SOL}` });
      const liquid = await take({ kind: 'marinadeLiquid', amount: `${2n * SOL}` });
      expected.push(liquid.row('unstake', [liquid.solMoved, 'SOL'], [2n * SOL, 'mSOL']));
      const swap = await take({ kind: 'infinitySwap', from: MSOL.toBase58(), amount: `${SOL}` });
      expected.push(swap.row('unstake', [swap.solMoved, 'SOL'], [SOL, 'mSOL']));
      const rest = staked.get(MSOL.toBase58())!.tokens - 3n * SOL;
      const delayed = await take({ kind: 'marinadeDelayed', amount: `${rest}` });
      // The new stake account's lamports beyond what the owner paid into it.
      const split = new PublicKey(delayed.outcome.stakeAccount!);
      const out = delayed.lamportsOf(split) + delayed.solMoved;
      expect(-delayed.tokenChange(MSOL)).toBe(rest);
      expected.push(delayed.row('unstake', [out, 'SOL'], [rest, 'mSOL']));
    });

    it('writes every stake and unstake row of the file as the landed transactions show them, to the lamport', async () => {
      const view = await engine.income.view(owner);
      const [, ...rows] = parse(incomeCsv(view.rows)) as string[][];
      const moves = rows
        .filter((r) => r[1] === 'stake' || r[1] === 'unstake')
        .map((r) => [...r.slice(0, 10), r[10]!.split(':')[0]!]);
      const order = (a: string[], b: string[]) => a.join('|').localeCompare(b.join('|'));
      expect(moves.sort(order)).toEqual([...expected].sort(order));
      expect(expected).toHaveLength(6);
    });
  },
);
