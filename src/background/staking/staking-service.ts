// Stake and unstake as the person clicks them: the quote (stake-quotes.ts) holds the exact
// transaction it simulated, with a fresh blockhash; a click before it expires (kept-quotes.ts) signs
// exactly that and sends it once with preflight (one round trip from click to sent). An older quote, a
// changed amount or an approved minimum the quote does not carry means a fresh quote first, held
// to exactly that minimum (guarantee.ts). What arrived is read back from the chain, never the quote
// repeated. A service is one network's (its engine's): a quote is read, kept, signed, sent,
// confirmed and read back on that network.
import type { PublicKey } from '@solana/web3.js';
import { WalletError } from '../../shared/errors';
import { POOL_TOKEN_DECIMALS, solText as sol } from '../../shared/format';
import { DEFAULT_TOLERANCE_BPS } from '../../shared/guarantee';
import type { ConvertQuote, StakeQuote, TxOutcome, UnstakeMode, UnstakeQuote } from '../../shared/staking';
import type { RpcClient } from '../chain/rpc-client';
import type { SignatureFee } from '../chain/signature-fee';
import {
  PreflightRefused,
  type Intent,
  type SimulatedTransaction,
  type TransactionSender,
} from '../chain/tx-sender';
import { isExceededSlippage } from './bounded-instructions';
import { KeptQuotes } from './kept-quotes';
import { ChainQuoter, type SeenPool } from './chain-quote';
import { RouteQuoter } from './routes/route-quoter';
import type { Accepted, ApprovedMinimum } from './guarantee';
import { loadPoolContext, type PoolContext } from './pool-context';
import {
  landedRecord,
  recordStakeAccount,
  type DelayedUnstakeRecord,
  type StakingRecord,
  type StakingRecordBody,
} from './outcomes';
import { quoteConvert, type PreparedConvert } from './stake-convert';
import { quoteStake, stakeLimits, type PreparedStake, type PreparedUnstake } from './stake-quotes';
import { quoteUnstake, unstakeKind, unstakeQuoteFrom } from './unstake-quotes';
import type { Route, RouteResult } from './routes/route-quoter';
import { readOutcome } from '../chain/tx-outcome';

export type { PreparedStake, PreparedUnstake } from './stake-quotes';

/**
 * How an execution is held to what the person saw: `approved` is the guarantee's figure they were
 * shown (pool tokens for a stake, lamports for an unstake) and whether the program enforced it. A
 * fresh quote that gives less, or no longer an enforced minimum, is refused before anything is
 * signed, and the transaction carries that figure as its *WithSlippage minimum.
 * `quoteId` names a quote this service prepared: its transaction is sent as it is if still fresh.
 */
interface ExecuteOptions {
  approved?: ApprovedMinimum;
  /** The transaction record's id: an approved dApp request's own (tx-record.ts). */
  recordId?: string;
  quoteId?: string;
  /** Delayed unstake: the new stake account's seed tag, the same one the quote that was shown used. */
  seedTag?: string;
}

/** The program refused to pay less than the bound (ExceededSlippage): say so, and what it cost. */
function refusedBySlippage(error: unknown): WalletError | null {
  if (error instanceof PreflightRefused && isExceededSlippage(error.err)) {
    return new WalletError(
      'pool_unavailable',
      'The pool’s price moved since your quote, so the stake-pool program refused to pay less than you were quoted. Nothing was sent and nothing was spent; ask again for a new quote.',
    );
  }
  if (
    error instanceof WalletError &&
    error.code === 'transaction_failed' &&
    isExceededSlippage(error.message)
  ) {
    return new WalletError(
      'pool_unavailable',
      'The pool’s price moved before your transaction ran, so the stake-pool program refused to pay less than you were quoted. Nothing changed but the network fee; ask again for a new quote.',
    );
  }
  return null;
}

/** One of a pool's exits, as a route of the route layer and what its result becomes. */
export interface PoolExit {
  mode: UnstakeMode;
  route: Route<PoolContext>;
  finish(result: RouteResult<PoolContext>): Promise<PreparedUnstake>;
}

/** What a kept quote is for: a click sends it only for exactly the request it was made for. */
const keptKey = {
  stake: (owner: PublicKey, pool: PublicKey, lamports: bigint) =>
    `stake ${owner.toBase58()} ${pool.toBase58()} ${lamports}`,
  unstake: (owner: PublicKey, pool: PublicKey, tokens: bigint, mode: UnstakeMode) =>
    `unstake ${owner.toBase58()} ${pool.toBase58()} ${tokens} ${mode}`,
  convert: (owner: PublicKey, stakeAccount: PublicKey, pool: PublicKey) =>
    `convert ${owner.toBase58()} ${stakeAccount.toBase58()} ${pool.toBase58()}`,
};

export class StakingService {
  readonly #quoter: ChainQuoter;
  /** Per kind, so a stake's quote is never taken for a convert. */
  readonly #kept = {
    stake: new KeptQuotes<PreparedStake>(),
    unstake: new KeptQuotes<PreparedUnstake>(),
    convert: new KeptQuotes<PreparedConvert>(),
  };

  constructor(
    private readonly rpc: RpcClient,
    private readonly sender: TransactionSender,
    private readonly fees: SignatureFee,
    private readonly onDelayedUnstake: (record: DelayedUnstakeRecord) => Promise<void>,
    /** Every outcome, read back from the chain (earned since staked, the income ledger). */
    private readonly onOutcome: (record: StakingRecord) => Promise<void> = async () => {},
    /** The person's tolerance (Settings), read for each quote. */
    private readonly toleranceBps: () => Promise<number> = async () => DEFAULT_TOLERANCE_BPS,
    /** The network's route quoter, shared with the other routes (a pool's routes quote beside theirs). */
    routes = new RouteQuoter(rpc, fees),
  ) {
    this.#quoter = new ChainQuoter(routes);
  }

  /** What a quote is held to: the person's tolerance, and the minimum they approved if any. */
  async #accepted(approved: ApprovedMinimum | undefined): Promise<Accepted> {
    return { toleranceBps: await this.toleranceBps(), ...(approved ? { approved } : {}) };
  }

  /** The quote for a stake, from the simulation of its exact transaction (`approved`: the bound to carry). */
  async prepareStake(
    owner: PublicKey,
    poolAddress: PublicKey,
    lamports: bigint,
    approved?: ApprovedMinimum,
  ): Promise<PreparedStake> {
    const accepted = await this.#accepted(approved);
    const prepared = await quoteStake(this.#quoter, owner, poolAddress, lamports, accepted);
    this.#kept.stake.keep(keptKey.stake(owner, poolAddress, lamports), prepared);
    return prepared;
  }

  async prepareUnstake(
    owner: PublicKey,
    poolAddress: PublicKey,
    tokens: bigint,
    mode: UnstakeMode,
    approved?: ApprovedMinimum,
    seedTag?: string,
  ): Promise<PreparedUnstake> {
    const accepted = await this.#accepted(approved);
    const prepared = await quoteUnstake(this.#quoter, owner, poolAddress, tokens, mode, accepted, seedTag);
    await this.#keepUnstake(prepared, owner, poolAddress, tokens, mode);
    return prepared;
  }

  /** An unstake quote that can be taken, kept for the click. */
  async #keepUnstake(
    prepared: PreparedUnstake,
    owner: PublicKey,
    poolAddress: PublicKey,
    tokens: bigint,
    mode: UnstakeMode,
  ): Promise<void> {
    if (prepared.quote.blocked) return;
    this.#kept.unstake.keep(keptKey.unstake(owner, poolAddress, tokens, mode), prepared);
  }

  /**
   * The pool's own exits (its reserve, a stake account) as routes to quote in one batch beside other
   * routes (the exit chooser); each result becomes a quote kept for the click, as prepareUnstake's.
   */
  async poolExits(owner: PublicKey, poolAddress: PublicKey, tokens: bigint): Promise<PoolExit[]> {
    const accepted = await this.#accepted(undefined);
    return Promise.all(
      (['instant', 'delayed'] as const).map(async (mode) => {
        const kind = await unstakeKind(owner, tokens, mode);
        const { route, finish } = this.#quoter.route(owner, poolAddress, (ctx) => kind.plan(ctx));
        return {
          mode,
          route,
          finish: async (result: RouteResult<SeenPool>) => {
            const prepared = unstakeQuoteFrom(finish(result), kind, owner, poolAddress, tokens, accepted);
            await this.#keepUnstake(prepared, owner, poolAddress, tokens, mode);
            return prepared;
          },
        };
      }),
    );
  }

  async limits(
    owner: PublicKey,
    poolAddress: PublicKey,
  ): Promise<{ maxLamports: string; reserveLamports: string; tokenBalance: string }> {
    const ctx = await loadPoolContext(this.rpc, this.fees, owner, poolAddress);
    const { reserve, max } = stakeLimits(ctx);
    return {
      maxLamports: max.toString(),
      reserveLamports: reserve.toString(),
      tokenBalance: ctx.tokenBalance.toString(),
    };
  }

  async stake(
    owner: PublicKey,
    poolAddress: PublicKey,
    lamports: bigint,
    { approved, recordId, quoteId }: ExecuteOptions = {},
  ): Promise<{ quote: StakeQuote; outcome: TxOutcome }> {
    const prepared =
      this.#kept.stake.take(quoteId, keptKey.stake(owner, poolAddress, lamports), approved) ??
      (await this.prepareStake(owner, poolAddress, lamports, approved));
    const label = `Stake ${sol(lamports)} → ${prepared.quote.symbol}`;
    const outcome = await this.#sendForTokens(owner, prepared, label, lamports, recordId, {
      kind: 'stake',
    });
    return { quote: prepared.quote, outcome };
  }

  async unstake(
    owner: PublicKey,
    poolAddress: PublicKey,
    tokens: bigint,
    mode: UnstakeMode,
    { approved, recordId, quoteId, seedTag }: ExecuteOptions = {},
  ): Promise<{ quote: UnstakeQuote; outcome: TxOutcome }> {
    const prepared =
      this.#kept.unstake.take(quoteId, keptKey.unstake(owner, poolAddress, tokens, mode), approved) ??
      (await this.prepareUnstake(owner, poolAddress, tokens, mode, approved, seedTag));
    const { transaction, quote } = prepared;
    if (quote.blocked || !transaction) throw new WalletError('pool_unavailable', quote.blocked ?? 'Blocked.');
    const label = `${mode === 'instant' ? 'Instant' : 'Delayed'} unstake of ${quote.symbol}`;
    const outcome = await this.#send({ owner, label, id: recordId }, transaction, prepared.context);
    if (prepared.stakeAccount)
      await recordStakeAccount(this.rpc, outcome, prepared.stakeAccount, poolAddress, this.onDelayedUnstake);
    await this.#record(owner, prepared.quote.symbol, prepared.context, outcome, {
      kind: 'unstake',
      tokensIn: -BigInt(outcome.tokenChange),
      // Paid to the wallet (its change, the fee added back), or into the new stake account beyond the rent the wallet put there.
      lamportsOut: outcome.stakeAccountLamports
        ? BigInt(outcome.stakeAccountLamports) - prepared.context.stakeAccountRent
        : BigInt(outcome.solChange) + BigInt(outcome.networkFeeLamports ?? 0),
      stakeAccount: outcome.stakeAccount ?? null,
    });
    return { quote: prepared.quote, outcome };
  }

  /** The quote for converting a stake account into the pool's LST (DepositStake), simulated like a stake. */
  async prepareConvert(
    owner: PublicKey,
    stakeAccount: PublicKey,
    poolAddress: PublicKey,
    approved?: ApprovedMinimum,
    voter?: PublicKey,
  ): Promise<PreparedConvert> {
    const accepted = await this.#accepted(approved);
    const prepared = await quoteConvert(
      this.rpc,
      this.#quoter,
      owner,
      stakeAccount,
      poolAddress,
      accepted,
      voter,
    );
    this.#kept.convert.keep(keptKey.convert(owner, stakeAccount, poolAddress), prepared);
    return prepared;
  }

  async convert(
    owner: PublicKey,
    stakeAccount: PublicKey,
    poolAddress: PublicKey,
    { approved, recordId, quoteId }: ExecuteOptions = {},
  ): Promise<{ quote: ConvertQuote; outcome: TxOutcome }> {
    const prepared =
      this.#kept.convert.take(quoteId, keptKey.convert(owner, stakeAccount, poolAddress), approved) ??
      (await this.prepareConvert(owner, stakeAccount, poolAddress, approved));
    const label = `Convert stake account ${stakeAccount.toBase58().slice(0, 4)}… → ${prepared.quote.symbol}`;
    // The stake account's SOL went in: "earned since staked" counts from here, as for a stake.
    const lamportsIn = BigInt(prepared.quote.lamportsIn);
    const { pool } = prepared.context;
    const outcome = await this.#sendForTokens(owner, prepared, label, lamportsIn, recordId, {
      kind: 'convert',
      stakeAccount: stakeAccount.toBase58(),
      poolLamports: pool.totalLamports,
      poolSupply: pool.poolTokenSupply,
    });
    return { quote: prepared.quote, outcome };
  }

  /**
   * Sends a prepared stake or conversion, and records the SOL that went in against the tokens the
   * chain shows arriving ("earned since staked").
   */
  async #sendForTokens(
    owner: PublicKey,
    prepared: PreparedStake | PreparedConvert,
    label: string,
    lamportsIn: bigint,
    recordId: string | undefined,
    how:
      { kind: 'stake' } | { kind: 'convert'; stakeAccount: string; poolLamports: bigint; poolSupply: bigint },
  ): Promise<TxOutcome> {
    const { transaction, context } = prepared;
    const outcome = await this.#send({ owner, label, id: recordId }, transaction, context);
    await this.#record(owner, prepared.quote.symbol, context, outcome, {
      ...how,
      lamportsIn,
      tokensReceived: BigInt(outcome.tokenChange),
    });
    return outcome;
  }

  /** Hands a confirmed outcome on to the books; one whose amounts the node did not return yet is not booked. */
  async #record(
    owner: PublicKey,
    symbol: string,
    ctx: PoolContext,
    outcome: TxOutcome,
    what: StakingRecordBody,
  ): Promise<void> {
    const record = landedRecord(
      outcome,
      {
        owner: owner.toBase58(),
        mint: ctx.pool.poolMint.toBase58(),
        symbol,
        decimals: POOL_TOKEN_DECIMALS,
        quotedEpoch: Number(ctx.epoch),
      },
      what,
    );
    if (record) await this.onOutcome(record);
  }

  async #send(intent: Intent, transaction: SimulatedTransaction, ctx: PoolContext): Promise<TxOutcome> {
    let signature: string;
    try {
      signature = await this.sender.sendQuoted(intent, transaction);
    } catch (error) {
      throw refusedBySlippage(error) ?? error;
    }
    return readOutcome(this.rpc, signature, intent.owner, ctx.pool.poolMint);
  }
}
