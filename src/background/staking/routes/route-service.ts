// Routes as the person takes them, on one network (its engine's): a quote is one batch once the
// route's accounts are known (route-quoter.ts), and keeps its exact transaction, with any new
// account's keypair, for the click; a click before it expires (kept-quotes.ts) signs exactly that
// and sends it once with preflight (one round trip from click to sent). An older quote, or an
// approved minimum the kept one does not carry, means a fresh quote first, held to exactly that
// minimum. What arrived is read back from the chain.
import { PublicKey } from '@solana/web3.js';
import { WalletError } from '../../../shared/errors';
import { DEFAULT_TOLERANCE_BPS } from '../../../shared/guarantee';
import type { RouteQuote, RouteRequest } from '../../../shared/routes';
import type { TxOutcome } from '../../../shared/staking';
import type { RpcClient } from '../../chain/rpc-client';
import { readOutcomeWith } from '../../chain/tx-outcome';
import { PreflightRefused, type TransactionSender } from '../../chain/tx-sender';
import type { Accepted, ApprovedMinimum } from '../guarantee';
import { KeptQuotes, requestKey } from '../kept-quotes';
import { landedRecord, recordStakeAccount, type DelayedUnstakeRecord, type StakingRecord } from '../outcomes';
import { infinityRefusal } from './infinity-route';
import { MARINADE } from './marinade-route';
import type { RouteQuoter, RouteResult } from './route-quoter';
import { closedIntoOwner, routeRecord } from './route-records';
import {
  quoteFrom,
  routeFor,
  sideText,
  type AnyState,
  type PreparedRoute,
  type RouteDeps,
} from './route-quotes';

/** The program refused at preflight because the price moved past the guarantee: nothing was sent. */
function refusedAtPreflight(error: unknown): WalletError | null {
  if (!(error instanceof PreflightRefused)) return null;
  const words = infinityRefusal(error.err, error.logs);
  return words
    ? new WalletError(
        'pool_unavailable',
        `${words} Nothing was sent and nothing was spent; ask again for a new quote.`,
      )
    : null;
}

export class RouteService {
  readonly #kept = new KeptQuotes<PreparedRoute>();

  constructor(
    private readonly rpc: RpcClient,
    private readonly sender: TransactionSender,
    /** The network's route quoter, shared with the SPL pools' quotes so that their routes batch together. */
    private readonly quoter: RouteQuoter,
    private readonly deps: RouteDeps,
    private readonly onDelayedUnstake: (record: DelayedUnstakeRecord) => Promise<void>,
    /** Every outcome read back from the chain, booked as SPL pools' are (StakingService's onOutcome). */
    private readonly onOutcome: (record: StakingRecord) => Promise<void>,
    private readonly toleranceBps: () => Promise<number> = async () => DEFAULT_TOLERANCE_BPS,
  ) {}

  async #accepted(approved: ApprovedMinimum | undefined): Promise<Accepted> {
    return { toleranceBps: await this.toleranceBps(), ...(approved ? { approved } : {}) };
  }

  /** The quote of one route, kept for the click; the number of round trips it took beside it. */
  async prepare(
    owner: PublicKey,
    request: RouteRequest,
    approved?: ApprovedMinimum,
  ): Promise<PreparedRoute & { roundTrips: number }> {
    const { route, split } = routeFor(owner, request, this.deps);
    const result = await this.quoter.quote(owner, route);
    const prepared = await quoteFrom(
      owner,
      request,
      result,
      split,
      await this.#accepted(approved),
      this.deps,
    );
    this.#keep(owner, prepared);
    return { ...prepared, roundTrips: result.roundTrips };
  }

  /** A route to quote beside others (the exit chooser), and what its result becomes: a quote kept for the click. */
  part(owner: PublicKey, request: RouteRequest) {
    const { route, split } = routeFor(owner, request, this.deps);
    return {
      route,
      finish: async (result: RouteResult<AnyState>) => {
        const prepared = await quoteFrom(
          owner,
          request,
          result,
          split,
          await this.#accepted(undefined),
          this.deps,
        );
        this.#keep(owner, prepared);
        return prepared;
      },
    };
  }

  /** Several routes quoted in one batch (the exit chooser): each a quote kept for the click, or why not. */
  async prepareAll(
    owner: PublicKey,
    requests: RouteRequest[],
  ): Promise<{ results: ({ prepared: PreparedRoute } | { reason: string })[]; roundTrips: number }> {
    const routes = requests.map((r) => routeFor(owner, r, this.deps));
    const results = await this.quoter.quoteAll(
      owner,
      routes.map((r) => r.route),
    );
    const accepted = await this.#accepted(undefined);
    const out = await Promise.all(
      results.map(async (result, i) => {
        try {
          const prepared = await quoteFrom(
            owner,
            requests[i]!,
            result,
            routes[i]!.split,
            accepted,
            this.deps,
          );
          this.#keep(owner, prepared);
          return { prepared };
        } catch (error) {
          if (error instanceof WalletError) return { reason: error.message };
          throw error;
        }
      }),
    );
    return { results: out, roundTrips: Math.max(0, ...results.map((r) => r.roundTrips)) };
  }

  async execute(
    owner: PublicKey,
    request: RouteRequest,
    {
      quoteId,
      approved,
      recordId,
    }: {
      quoteId?: string;
      approved?: ApprovedMinimum;
      /** An approved dApp request's id: the transaction's record is filed under it. */
      recordId?: string;
    } = {},
  ): Promise<{ quote: RouteQuote; outcome: TxOutcome }> {
    const prepared =
      this.#kept.take(quoteId, requestKey(owner, request), approved) ??
      (await this.prepare(owner, request, approved));
    const { quote } = prepared;
    const label = `${quote.title}: ${sideText(quote.given)}`;
    let signature: string;
    try {
      const tx = prepared.transaction;
      if (prepared.signers.length) tx.partialSign(...prepared.signers);
      signature = await this.sender.sendQuoted({ owner, label, id: recordId }, tx);
    } catch (error) {
      throw refusedAtPreflight(error) ?? error;
    }
    const closed = closedIntoOwner(owner, quote.request);
    const { outcome, lamportsBefore } = await readOutcomeWith(
      this.rpc,
      signature,
      owner,
      prepared.outcomeMint,
      closed,
    );
    if (prepared.stakeAccount)
      await recordStakeAccount(this.rpc, outcome, prepared.stakeAccount, MARINADE, this.onDelayedUnstake);
    const made = routeRecord(
      owner,
      prepared,
      outcome,
      lamportsBefore.reduce((a, b) => a + b, 0n),
    );
    const record = made && landedRecord(outcome, made.position, made.body);
    if (record) await this.onOutcome(record);
    return { quote, outcome };
  }

  #keep(owner: PublicKey, prepared: PreparedRoute): void {
    this.#kept.keep(requestKey(owner, prepared.quote.request), prepared);
  }
}
