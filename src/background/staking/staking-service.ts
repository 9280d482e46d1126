// Stake and unstake as the person clicks them: the quote (stake-quotes.ts) holds the exact
// transaction it simulated, with a fresh blockhash; a click within QUOTE_TTL_MS signs exactly
// that and sends it once with preflight (one round trip from click to sent). An older quote, a
// changed amount or an approved minimum the quote does not carry means a fresh quote first.
// What arrived is read back from the chain, never the quote repeated. A service is one network's
// (its engine's): a quote is read, kept, signed, sent, confirmed and read back on that network.
import { PublicKey, StakeProgram } from '@solana/web3.js';
import { WalletError } from '../../shared/errors';
import { SOL_DECIMALS, formatUnits, solText as sol } from '../../shared/format';
import type { ConvertQuote, StakeQuote, TxOutcome, UnstakeMode, UnstakeQuote } from '../../shared/staking';
import type { RpcClient } from '../chain/rpc-client';
import { rpcCall } from '../chain/rpc-methods';
import { PreflightRefused, type OnSigned, type TransactionSender } from '../chain/tx-sender';
import { isExceededSlippage } from './bounded-instructions';
import { ChainQuoter } from './chain-quote';
import { loadPoolContext, type PoolContext } from './pool-context';
import type { DelayedUnstakeRecord, StakedOutcome } from './outcomes';
import { decodeStakeAccount, lockedUp, stakeState } from './stake-account';
import { quoteConvert, type PreparedConvert } from './stake-convert';
import { quoteStake, stakeLimits, type PreparedStake, type PreparedUnstake } from './stake-quotes';
import { quoteUnstake } from './unstake-quotes';
import { readOutcome } from '../chain/tx-outcome';
import { simulateThenSend } from '../chain/simulated-send';

export type { PreparedStake, PreparedUnstake } from './stake-quotes';

/** A quote's transaction is signed as it is only while younger than this; else it is quoted again. */
const QUOTE_TTL_MS = 30_000;
const KEPT_QUOTES = 16;

/**
 * How an execution is held to what the person saw: `minimumOut` is the least it may yield (pool
 * tokens for a stake, lamports for an unstake), from the quote that was shown and approved. A
 * fresh quote that is worse is refused before anything is signed, and the transaction carries it
 * as the program-enforced minimum (*WithSlippage) where the build has those instructions.
 * `quoteId` names a quote this service prepared: its transaction is sent as it is if still fresh.
 */
interface ExecuteOptions {
  minimumOut?: bigint;
  onSigned?: OnSigned;
  quoteId?: string;
  /** Delayed unstake: the new stake account's seed tag, the same one the quote that was shown used. */
  seedTag?: string;
}

/** The pool's price moved against the person since the quote they accepted: nothing is signed. */
function priceMoved(quoted: bigint, now: bigint, unit: string): WalletError {
  return new WalletError(
    'pool_unavailable',
    `The pool’s price moved since you saw the quote: you would now get ${formatUnits(now, SOL_DECIMALS)} ${unit}, less than the ${formatUnits(quoted, SOL_DECIMALS)} ${unit} you approved. Nothing was signed; ask again to see the new quote.`,
  );
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

type Prepared = PreparedStake | PreparedUnstake | PreparedConvert;
interface PreparedOf {
  stake: PreparedStake;
  unstake: PreparedUnstake;
  convert: PreparedConvert;
}
type QuoteKind = keyof PreparedOf;
/** Quotes kept for the click that sends them, per kind, by quote id: a stake's is never taken for a convert. */
type KeptQuotes = { [K in QuoteKind]: Map<string, { key: string; prepared: PreparedOf[K] }> };

/** What a kept quote is for: a click sends it only for exactly the request it was made for. */
const keptKey = {
  stake: (owner: PublicKey, pool: PublicKey, lamports: bigint) =>
    `stake ${owner.toBase58()} ${pool.toBase58()} ${lamports}`,
  unstake: (owner: PublicKey, pool: PublicKey, tokens: bigint, mode: UnstakeMode) =>
    `unstake ${owner.toBase58()} ${pool.toBase58()} ${tokens} ${mode}`,
  convert: (owner: PublicKey, stakeAccount: PublicKey, pool: PublicKey) =>
    `convert ${owner.toBase58()} ${stakeAccount.toBase58()} ${pool.toBase58()}`,
};

/** A kept quote is sent only if it carries the bound the person was shown (or the build has none). */
function carriesBound(
  quote: Prepared['quote'],
  bound: string | null,
  minimumOut: bigint | undefined,
): boolean {
  return minimumOut === undefined || !quote.bounded || bound === minimumOut.toString();
}

export class StakingService {
  readonly #quoter: ChainQuoter;
  readonly #kept: KeptQuotes = { stake: new Map(), unstake: new Map(), convert: new Map() };

  constructor(
    private readonly rpc: RpcClient,
    private readonly sender: TransactionSender,
    private readonly onDelayedUnstake: (record: DelayedUnstakeRecord) => Promise<void>,
    /** A stake's outcome, read back from the chain (the portfolio's "earned since staked"). */
    private readonly onStaked: (stake: StakedOutcome) => Promise<void> = async () => {},
  ) {
    this.#quoter = new ChainQuoter(rpc);
  }

  /** The quote for a stake, from the simulation of its exact transaction (`minimumOut`: the bound to carry). */
  async prepareStake(
    owner: PublicKey,
    poolAddress: PublicKey,
    lamports: bigint,
    minimumOut?: bigint,
  ): Promise<PreparedStake> {
    const prepared = await quoteStake(this.#quoter, owner, poolAddress, lamports, minimumOut);
    await this.#keep('stake', prepared.quote.quoteId, keptKey.stake(owner, poolAddress, lamports), prepared);
    return prepared;
  }

  async prepareUnstake(
    owner: PublicKey,
    poolAddress: PublicKey,
    tokens: bigint,
    mode: UnstakeMode,
    minimumOut?: bigint,
    seedTag?: string,
  ): Promise<PreparedUnstake> {
    const prepared = await quoteUnstake(this.#quoter, owner, poolAddress, tokens, mode, minimumOut, seedTag);
    if (!prepared.quote.blocked)
      await this.#keep(
        'unstake',
        prepared.quote.quoteId,
        keptKey.unstake(owner, poolAddress, tokens, mode),
        prepared,
      );
    return prepared;
  }

  async limits(
    owner: PublicKey,
    poolAddress: PublicKey,
  ): Promise<{ maxLamports: string; reserveLamports: string; tokenBalance: string }> {
    const ctx = await loadPoolContext(this.rpc, owner, poolAddress);
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
    { minimumOut, onSigned, quoteId }: ExecuteOptions = {},
  ): Promise<{ quote: StakeQuote; outcome: TxOutcome }> {
    const kept = await this.#take('stake', quoteId, keptKey.stake(owner, poolAddress, lamports));
    const prepared =
      kept && carriesBound(kept.quote, kept.quote.minimumTokensOut, minimumOut)
        ? kept
        : await this.prepareStake(owner, poolAddress, lamports, minimumOut);
    const label = `Stake ${sol(lamports)} → ${prepared.quote.symbol}`;
    const outcome = await this.#sendForTokens(owner, prepared, label, lamports, minimumOut, onSigned);
    return { quote: prepared.quote, outcome };
  }

  async unstake(
    owner: PublicKey,
    poolAddress: PublicKey,
    tokens: bigint,
    mode: UnstakeMode,
    { minimumOut, onSigned, quoteId, seedTag }: ExecuteOptions = {},
  ): Promise<{ quote: UnstakeQuote; outcome: TxOutcome }> {
    const kept = await this.#take('unstake', quoteId, keptKey.unstake(owner, poolAddress, tokens, mode));
    const prepared =
      kept && carriesBound(kept.quote, kept.quote.minimumLamportsOut, minimumOut)
        ? kept
        : await this.prepareUnstake(owner, poolAddress, tokens, mode, minimumOut, seedTag);
    if (prepared.quote.blocked) throw new WalletError('pool_unavailable', prepared.quote.blocked);
    const lamportsOut = BigInt(prepared.quote.lamportsOut);
    if (minimumOut !== undefined && lamportsOut < minimumOut)
      throw priceMoved(minimumOut, lamportsOut, 'SOL');
    const label = `${mode === 'instant' ? 'Instant' : 'Delayed'} unstake of ${prepared.quote.symbol}`;
    const outcome = await this.#send(owner, prepared, label, prepared.context, onSigned);
    if (prepared.stakeAccount) {
      outcome.stakeAccount = prepared.stakeAccount.toBase58();
      const info = await this.rpc.call('getAccountInfo', [outcome.stakeAccount, { encoding: 'base64' }]);
      outcome.stakeAccountLamports = String(info.value?.lamports ?? 0);
      await this.onDelayedUnstake({
        stakeAccount: outcome.stakeAccount,
        pool: poolAddress.toBase58(),
        createdAt: Date.now(),
      });
    }
    return { quote: prepared.quote, outcome };
  }

  /** The quote for converting a stake account into the pool's LST (DepositStake), simulated like a stake. */
  async prepareConvert(
    owner: PublicKey,
    stakeAccount: PublicKey,
    poolAddress: PublicKey,
    minimumOut?: bigint,
    voter?: PublicKey,
  ): Promise<PreparedConvert> {
    const prepared = await quoteConvert(
      this.rpc,
      this.#quoter,
      owner,
      stakeAccount,
      poolAddress,
      minimumOut,
      voter,
    );
    await this.#keep(
      'convert',
      prepared.quote.quoteId,
      keptKey.convert(owner, stakeAccount, poolAddress),
      prepared,
    );
    return prepared;
  }

  async convert(
    owner: PublicKey,
    stakeAccount: PublicKey,
    poolAddress: PublicKey,
    { minimumOut, onSigned, quoteId }: ExecuteOptions = {},
  ): Promise<{ quote: ConvertQuote; outcome: TxOutcome }> {
    const kept = await this.#take('convert', quoteId, keptKey.convert(owner, stakeAccount, poolAddress));
    const prepared =
      kept && carriesBound(kept.quote, kept.quote.minimumTokensOut, minimumOut)
        ? kept
        : await this.prepareConvert(owner, stakeAccount, poolAddress, minimumOut);
    const label = `Convert stake account ${stakeAccount.toBase58().slice(0, 4)}… → ${prepared.quote.symbol}`;
    // The stake account's SOL went in: "earned since staked" counts from here, as for a stake.
    const lamportsIn = BigInt(prepared.quote.lamportsIn);
    const outcome = await this.#sendForTokens(owner, prepared, label, lamportsIn, minimumOut, onSigned);
    return { quote: prepared.quote, outcome };
  }

  /**
   * Sends a prepared stake or conversion whose quote still gives at least `minimumOut` tokens, and
   * records the SOL that went in against the tokens the chain shows arriving ("earned since staked").
   */
  async #sendForTokens(
    owner: PublicKey,
    prepared: PreparedStake | PreparedConvert,
    label: string,
    lamportsIn: bigint,
    minimumOut: bigint | undefined,
    onSigned: OnSigned | undefined,
  ): Promise<TxOutcome> {
    const tokensOut = BigInt(prepared.quote.tokensOut);
    if (minimumOut !== undefined && tokensOut < minimumOut)
      throw priceMoved(minimumOut, tokensOut, prepared.quote.symbol);
    const outcome = await this.#send(owner, prepared, label, prepared.context, onSigned);
    if (!outcome.amountsUnread)
      await this.onStaked({
        owner: owner.toBase58(),
        mint: prepared.context.pool.poolMint.toBase58(),
        lamportsIn,
        tokensReceived: BigInt(outcome.tokenChange),
      });
    return outcome;
  }

  /** Kept by this network's service: a quote kept on one network is never sent on another. */
  async #keep<K extends QuoteKind>(
    kind: K,
    quoteId: string,
    key: string,
    prepared: PreparedOf[K],
  ): Promise<void> {
    const kept: KeptQuotes[K] = this.#kept[kind];
    kept.set(quoteId, { key, prepared });
    while (kept.size > KEPT_QUOTES) kept.delete(kept.keys().next().value!);
  }

  /** A kept quote for exactly this request, young enough to send as it is; it is used only once. */
  async #take<K extends QuoteKind>(
    kind: K,
    quoteId: string | undefined,
    key: string,
  ): Promise<PreparedOf[K] | null> {
    const quotes: KeptQuotes[K] = this.#kept[kind];
    const kept = quoteId ? quotes.get(quoteId) : undefined;
    if (!kept || kept.key !== key) return null;
    quotes.delete(quoteId!);
    return Date.now() - kept.prepared.quote.preparedAt < QUOTE_TTL_MS ? kept.prepared : null;
  }

  async #send(
    owner: PublicKey,
    prepared: Prepared,
    label: string,
    ctx: PoolContext,
    onSigned?: OnSigned,
  ): Promise<TxOutcome> {
    let signature: string;
    try {
      const { transaction: tx, lastValidBlockHeight } = prepared;
      signature = await this.sender.sendPrepared({ tx, lastValidBlockHeight }, owner, label, onSigned);
    } catch (error) {
      throw refusedBySlippage(error) ?? error;
    }
    return readOutcome(this.rpc, signature, owner, ctx.pool.poolMint);
  }

  /** Withdraws all SOL of an inactive stake account the owner controls back to the owner. */
  async withdrawStakeAccount(owner: PublicKey, stakeAccount: PublicKey): Promise<TxOutcome> {
    const [info, epochInfo] = await this.rpc.batch([
      rpcCall('getAccountInfo', [stakeAccount.toBase58(), { encoding: 'base64' }]),
      rpcCall('getEpochInfo', []),
    ]);
    if (!info.value || info.value.owner !== StakeProgram.programId.toBase58()) {
      throw new WalletError('not_found', 'That is not a stake account on this network.', {
        what: 'stake_account',
      });
    }
    const stake = decodeStakeAccount(Buffer.from(info.value.data[0], 'base64'));
    if (!stake || !stake.withdrawer.equals(owner))
      throw new WalletError(
        'forbidden_account',
        'This wallet is not the withdraw authority of that stake account.',
        { role: 'withdraw_authority' },
      );
    const epoch = BigInt(epochInfo.epoch);
    const state = stakeState(stake, epoch);
    if (state !== 'inactive' && state !== 'initialized') {
      throw new WalletError(
        'not_ready',
        `That stake account is ${state}; its SOL can be withdrawn once it is inactive${state === 'deactivating' ? ` (epoch ${stake.deactivationEpoch + 1n})` : ''}.`,
        { what: 'stake_account' },
      );
    }
    if (lockedUp(stake, epoch, BigInt(Math.floor(Date.now() / 1000))))
      throw new WalletError(
        'not_ready',
        'That stake account is under a lockup and cannot be withdrawn yet.',
        { what: 'stake_account' },
      );
    const lamports = BigInt(info.value.lamports);
    const ix = StakeProgram.withdraw({
      stakePubkey: stakeAccount,
      authorizedPubkey: owner,
      toPubkey: owner,
      lamports: 0,
    }).instructions[0]!;
    // [u32 tag][u64 lamports]: the exact amount, not a JS number.
    const data = Buffer.from(ix.data);
    data.writeBigUInt64LE(lamports, 4);
    ix.data = data;
    return simulateThenSend(
      this.rpc,
      this.sender,
      owner,
      [ix],
      `Withdraw ${sol(lamports)} from a stake account`,
      null,
    );
  }
}
