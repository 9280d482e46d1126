// Infinity's routes on the localnet with the real June 2025 programs and snapshot (--infinity): the
// wallet's encoders (src/background/staking/infinity-instructions.ts) for wrap SOL → AddLiquidity
// (wSOL) → INF, RemoveLiquidity INF → wSOL → unwrap, and SwapExactIn jupSOL → wSOL → SOL (the
// jupSOL got by a swap wSOL → jupSOL: the snapshot's holders have no keys). Each is simulated, then
// landed; what lands equals the simulation and the upstream math ported in tests/support/
// infinity-quote.ts, to the base unit, before and after an epoch advance (jupSOL's pool re-stamped
// by the chain, its rate moved here as the epoch's rewards would). The program's own refusals: an
// input-disabled LST, and an amount above a reserve.
import {
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  SystemProgram,
  type TransactionInstruction,
} from '@solana/web3.js';
import {
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  createCloseAccountInstruction,
  createSyncNativeInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { StakePoolLayout } from '@solana/spl-stake-pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addLiquidity,
  protocolFeeAccumulatorOf,
  removeLiquidity,
  swapExactIn,
  type InfinityLst,
} from '../../src/background/staking/infinity-instructions';
import { startTestChain, type TestChain } from '../support/localnet';
import { infinityOr } from '../support/infinity-fixtures';
import { dump, tokenAccount } from '../support/lst-fixtures';
import { quoteAddLiquidity, quoteRemoveLiquidity, quoteSwapExactIn } from '../support/infinity-quote';
import {
  INF,
  JUPSOL,
  JUPSOL_POOL,
  MSOL,
  WSOL,
  poolLst,
  readInfinity,
  routeLst,
  simulateThenSend,
  tokenAmount,
} from '../support/infinity-routes';

const SOL = BigInt(LAMPORTS_PER_SOL);
const JITOSOL = new PublicKey('J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn');
/** Infinity's custom errors (igneous-labs/S, s_controller_interface errors.rs). */
const LST_INPUT_DISABLED = 14;
const NOT_ENOUGH_LIQUIDITY = 22;

describe.skipIf(!infinityOr('Infinity routes on the localnet'))(
  'Infinity routes on the real programs',
  () => {
    let chain: TestChain;
    let user: Keypair;
    const ata = (mint: PublicKey) => getAssociatedTokenAddressSync(mint, user.publicKey);
    const createAta = (mint: PublicKey) =>
      createAssociatedTokenAccountIdempotentInstruction(user.publicKey, ata(mint), user.publicKey, mint);
    const wrap = (lamports: bigint): TransactionInstruction[] => [
      createAta(WSOL),
      SystemProgram.transfer({ fromPubkey: user.publicKey, toPubkey: ata(WSOL), lamports }),
      createSyncNativeInstruction(ata(WSOL)),
    ];
    const unwrap = () => createCloseAccountInstruction(ata(WSOL), user.publicKey, user.publicKey);
    const list = async () => (await readInfinity(chain, [])).list;
    const balance = async (mint: PublicKey) => {
      const account = await chain.connection.getAccountInfo(ata(mint));
      return account ? tokenAmount(account.data) : 0n;
    };
    /** A liquidity instruction's arguments between the user's account of `lst` and their INF account. */
    const liquidity = (lst: InfinityLst, amount: bigint, minOut: bigint) => ({
      signer: user.publicKey,
      lst,
      lstAccount: ata(lst.mint),
      infAccount: ata(INF),
      infMint: INF,
      infTokenProgram: TOKEN_PROGRAM_ID,
      amount,
      minOut,
    });
    const accumulated = async (mint: PublicKey) =>
      tokenAmount(
        (await chain.connection.getAccountInfo(
          protocolFeeAccumulatorOf({ mint, tokenProgram: TOKEN_PROGRAM_ID }),
        ))!.data,
      );
    const customError = (err: unknown) =>
      (err as { InstructionError?: [number, { Custom?: number }] }).InstructionError?.[1]?.Custom;

    beforeAll(async () => {
      chain = await startTestChain({
        infinity: true,
        accounts: [dump('jitosol-mint.json')], // an input-disabled LST of the list, for the refusal below
      });
      user = await chain.funded(1_000);
    });
    afterAll(async () => chain?.close());

    /** SOL → INF: wrap and AddLiquidity(wSOL) in one transaction, min_out = the ported quote. */
    async function stakeIntoInf(lamports: bigint) {
      const view = await readInfinity(chain, [WSOL]);
      const quote = quoteAddLiquidity(view.pool, poolLst(view, WSOL), lamports);
      const before = await balance(INF);
      const ix = addLiquidity(liquidity(routeLst(view.list, WSOL), lamports, quote.infOut));
      const run = await simulateThenSend(chain, user, [...wrap(lamports), createAta(INF), ix], [ata(INF)]);
      expect(run.simulated.err).toBeNull();
      const simulated = tokenAmount(run.simulated.after[0]!.data) - before;
      const landed = tokenAmount(run.landed!.after[0]!.data) - before;
      return { quote: quote.infOut, simulated, landed };
    }

    /** INF → SOL: RemoveLiquidity to wSOL and unwrap in one transaction; what SOL the person gains. */
    async function unstakeInf(inf: bigint) {
      const view = await readInfinity(chain, [WSOL]);
      const quote = quoteRemoveLiquidity(view.pool, poolLst(view, WSOL), inf, view.lpWithdrawalFeeBps);
      const wsolRent = (await chain.connection.getAccountInfo(ata(WSOL)))?.lamports ?? 0;
      const before = BigInt(await chain.connection.getBalance(user.publicKey));
      const feesBefore = await accumulated(WSOL);
      const ix = removeLiquidity(liquidity(routeLst(view.list, WSOL), inf, quote.lstOut));
      const run = await simulateThenSend(chain, user, [createAta(WSOL), ix, unwrap()], [user.publicKey]);
      expect(run.simulated.err).toBeNull();
      // The protocol's share of the withdrawal fee leaves the reserve for its accumulator.
      expect((await accumulated(WSOL)) - feesBefore).toBe(quote.toProtocol);
      // The wSOL account's own rent comes back with it when it is closed; the fee goes.
      const gained = (after: { lamports: number }) =>
        BigInt(after.lamports) - before + run.fee - BigInt(wsolRent);
      return {
        quote: quote.lstOut,
        simulated: gained(run.simulated.after[0]!),
        landed: gained(run.landed!.after[0]!),
      };
    }

    /** SwapExactIn `input` → `output` (wSOL in is wrapped first; wSOL out is unwrapped after). */
    async function swap(input: PublicKey, output: PublicKey, amount: bigint) {
      const view = await readInfinity(chain, [input, output]);
      const quote = quoteSwapExactIn(view.pool, poolLst(view, input), poolLst(view, output), amount);
      const pool = (mint: PublicKey) => (mint.equals(JUPSOL) ? JUPSOL_POOL : null);
      const ix = swapExactIn({
        signer: user.publicKey,
        input: routeLst(view.list, input, pool(input)),
        output: routeLst(view.list, output, pool(output)),
        inputAccount: ata(input),
        outputAccount: ata(output),
        amount,
        minOut: quote.out,
      });
      const before = await balance(output);
      const feesBefore = await accumulated(output);
      const ixs = [...(input.equals(WSOL) ? wrap(amount) : []), createAta(output), ix];
      const run = await simulateThenSend(chain, user, ixs, [ata(output)]);
      // The protocol's share of the trading fee, in the output LST, as the math says.
      if (run.landed) expect((await accumulated(output)) - feesBefore).toBe(quote.toProtocol);
      return { quote, run, out: (after: { data: Buffer } | null) => tokenAmount(after!.data) - before };
    }

    it('SOL → INF: wrap and AddLiquidity(wSOL) mint exactly the simulated amount, which is the upstream math’s', async () => {
      const got = await stakeIntoInf(2n * SOL);
      expect(got.quote).toBeGreaterThan(0n);
      expect([got.simulated, got.landed]).toEqual([got.quote, got.quote]);
      expect(await balance(WSOL)).toBe(0n); // all of the wrapped SOL went in
    });

    it('INF → SOL: RemoveLiquidity to wSOL and unwrap pay exactly the simulated amount, the upstream math’s (LP withdrawal fee taken)', async () => {
      const inf = await balance(INF);
      const got = await unstakeInf(inf);
      expect(got.quote).toBeGreaterThan(0n);
      expect([got.simulated, got.landed]).toEqual([got.quote, got.quote]);
      expect(await balance(INF)).toBe(0n);
      expect(await chain.connection.getAccountInfo(ata(WSOL))).toBeNull(); // unwrapped
    });

    it('jupSOL → SOL through Infinity: wSOL → jupSOL, then SwapExactIn jupSOL → wSOL and unwrap, each exactly as simulated and as the upstream math', async () => {
      const buy = await swap(WSOL, JUPSOL, 3n * SOL);
      expect(buy.run.simulated.err).toBeNull();
      expect([buy.out(buy.run.simulated.after[0]!), buy.out(buy.run.landed!.after[0]!)]).toEqual([
        buy.quote.out,
        buy.quote.out,
      ]);
      const jupsol = await balance(JUPSOL);
      expect(jupsol).toBe(buy.quote.out);

      const sell = await swap(JUPSOL, WSOL, jupsol);
      expect(sell.run.simulated.err).toBeNull();
      expect([sell.out(sell.run.simulated.after[0]!), sell.out(sell.run.landed!.after[0]!)]).toEqual([
        sell.quote.out,
        sell.quote.out,
      ]);
      const run = await simulateThenSend(chain, user, [unwrap()], [ata(WSOL)]);
      expect(run.landed?.after[0]).toBeNull();
    });

    it('after an epoch advance (jupSOL’s pool re-stamped, its rate up by the epoch’s rewards), each route still lands exactly its simulation and the math, which re-syncs the LST’s value first', async () => {
      await chain.advanceEpoch();
      const epoch = BigInt((await chain.connection.getEpochInfo()).epoch);
      const pool = await chain.connection.getAccountInfo(JUPSOL_POOL);
      const data = Buffer.from(pool!.data);
      expect(data.readBigUInt64LE(StakePoolLayout.offsetOf('lastUpdateEpoch')!)).toBe(epoch);
      const buy = await swap(WSOL, JUPSOL, 8n * SOL);
      expect(buy.out(buy.run.landed!.after[0]!)).toBe(buy.quote.out);

      // The epoch's rewards: jupSOL is worth more, and Infinity's stored value of its reserve is not.
      const total = StakePoolLayout.offsetOf('totalLamports')!;
      data.writeBigUInt64LE((data.readBigUInt64LE(total) * 10_007n) / 10_000n, total);
      await chain.rpc('localnet_setAccount', [
        JUPSOL_POOL.toBase58(),
        { lamports: pool!.lamports, owner: pool!.owner.toBase58(), data: data.toString('base64') },
      ]);

      const staked = await stakeIntoInf(5n * SOL);
      expect([staked.simulated, staked.landed]).toEqual([staked.quote, staked.quote]);

      // AddLiquidity(jupSOL) mints against the pool's total once jupSOL's reserve is valued at the
      // new rate: a quote from the stored total alone is off.
      const view = await readInfinity(chain, [JUPSOL]);
      const jup = poolLst(view, JUPSOL);
      const amount = (await balance(JUPSOL)) / 2n;
      const quote = quoteAddLiquidity(view.pool, jup, amount);
      const stale = quoteAddLiquidity(view.pool, { ...jup, reserves: 0n, storedSolValue: 0n }, amount);
      expect(stale.infOut).toBeGreaterThan(quote.infOut);
      const infBefore = await balance(INF);
      const add = await simulateThenSend(
        chain,
        user,
        [addLiquidity(liquidity(routeLst(view.list, JUPSOL, JUPSOL_POOL), amount, quote.infOut))],
        [ata(INF)],
      );
      expect(add.simulated.err).toBeNull();
      expect([
        tokenAmount(add.simulated.after[0]!.data) - infBefore,
        tokenAmount(add.landed!.after[0]!.data) - infBefore,
      ]).toEqual([quote.infOut, quote.infOut]);

      const sell = await swap(JUPSOL, WSOL, await balance(JUPSOL));
      expect([sell.out(sell.run.simulated.after[0]!), sell.out(sell.run.landed!.after[0]!)]).toEqual([
        sell.quote.out,
        sell.quote.out,
      ]);
      await simulateThenSend(chain, user, [unwrap()], []);
      const unstaked = await unstakeInf(await balance(INF));
      expect([unstaked.simulated, unstaked.landed]).toEqual([unstaked.quote, unstaked.quote]);
    });
    it('wSOL → mSOL → wSOL within INF’s dust mSOL reserve: the Marinade calculator as ported, to the base unit, both ways', async () => {
      const buy = await swap(WSOL, MSOL, 6_000n);
      expect(buy.run.simulated.err).toBeNull();
      expect(buy.quote.out).toBeGreaterThan(0n);
      expect([buy.out(buy.run.simulated.after[0]!), buy.out(buy.run.landed!.after[0]!)]).toEqual([
        buy.quote.out,
        buy.quote.out,
      ]);
      const sell = await swap(MSOL, WSOL, await balance(MSOL));
      expect(sell.run.simulated.err).toBeNull();
      expect([sell.out(sell.run.simulated.after[0]!), sell.out(sell.run.landed!.after[0]!)]).toEqual([
        sell.quote.out,
        sell.quote.out,
      ]);
    });

    it('an input-disabled LST (JitoSOL in this snapshot) is refused by the program with LstInputDisabled, nothing moves', async () => {
      const holder = tokenAccount(user.publicKey, JITOSOL.toBase58(), 5n * SOL);
      await chain.rpc('localnet_setAccount', [
        holder.address,
        {
          lamports: Number(holder.account.lamports),
          owner: holder.account.owner,
          data: Buffer.from(holder.account.data).toString('base64'),
        },
      ]);
      const entries = await list();
      expect(entries.find((l) => l.mint.equals(JITOSOL))?.inputDisabled).toBe(true);
      const jitoPool = new PublicKey(dump('jito-stake-pool.json').address);
      const ix = addLiquidity({
        ...liquidity(routeLst(entries, JITOSOL, jitoPool), SOL, 1n),
        lstAccount: new PublicKey(holder.address),
      });
      const run = await simulateThenSend(chain, user, [createAta(INF), ix], [new PublicKey(holder.address)]);
      expect(customError(run.simulated.err)).toBe(LST_INPUT_DISABLED);
      expect(run.landed).toBeNull();
    });

    it('an amount above a reserve (INF’s mSOL reserve is dust) is refused by the program with NotEnoughLiquidity', async () => {
      const view = await readInfinity(chain, [WSOL, MSOL]);
      const reserve = poolLst(view, MSOL).reserves;
      const amount = SOL; // worth far more mSOL than the reserve holds
      expect(
        quoteSwapExactIn(view.pool, poolLst(view, WSOL), poolLst(view, MSOL), amount).enoughReserves,
      ).toBe(false);
      const attempt = await swap(WSOL, MSOL, amount);
      expect(customError(attempt.run.simulated.err)).toBe(NOT_ENOUGH_LIQUIDITY);
      expect(attempt.run.landed).toBeNull();
      expect(reserve).toBeLessThan(1_000_000n);
    });
  },
);
