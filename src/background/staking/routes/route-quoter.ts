// The route layer: what chain-quote.ts does for SPL pools, for any route. A route declares the reads
// its transaction depends on, decodes them into its state, and builds its exact transaction from
// that state; the quoter asks the reads of every route quoted together, with each route's
// transaction (built from what was seen before) simulated, in ONE JSON-RPC batch. The transaction is
// then built again from the fresh answers, and the simulation counts only when it is the very one
// simulated; else the batch is asked again. What a route needs before its batch can be built (a
// route never seen; a cached choice, such as a Marinade stake-list index, that the fresh reads or
// the program say no longer holds) it learns first, one more trip: never a wrong figure.
import { PublicKey, Transaction, type Keypair, type TransactionInstruction } from '@solana/web3.js';
import { WalletError } from '../../../shared/errors';
import type { NetworkInfo } from '../../../shared/networks';
import { AccountRequest } from '../../chain/account-batch';
import { rawAccount, type RawAccount } from '../../chain/raw-account';
import type { RpcClient } from '../../chain/rpc-client';
import { rpcCall, type RpcCall, type RpcResult } from '../../chain/rpc-methods';
import type { EncodedAccount, LatestBlockhash, TransactionError } from '../../chain/rpc-shapes';

/** What a route's transaction is, for one state. */
export interface RoutePlan {
  /** The instructions, carrying `minimum` where the route's program takes one. */
  build(minimum: bigint): TransactionInstruction[];
  /** Accounts read before and returned after the simulation, for the quote's figures. */
  watch: PublicKey[];
  /** Signers besides the owner: new accounts the transaction creates (made here, never sent anywhere). */
  signers: Keypair[];
}

/** Why a route cannot be taken now, in the person's words. */
export interface Unavailable {
  unavailable: string;
}

/** What a route reads in its batch: accounts (one getMultipleAccounts per 100) and any other calls. */
export interface Reads {
  accounts: PublicKey[];
  calls?: RpcCall[];
}

/** The answers to a route's reads, with what every batch reads once for all of its routes. */
export interface Answers {
  account(key: PublicKey): RawAccount | null;
  /** The answers to `Reads.calls`, in order. */
  calls: unknown[];
  epoch: bigint;
  ownerLamports: bigint;
  /** A token account's rent-exempt minimum on this cluster. */
  tokenAccountRent: bigint;
}

/** One batch call's answers, counted as a round trip; for a route's learning. */
export type Batch = <const C extends readonly RpcCall[]>(
  calls: C,
) => Promise<{ -readonly [K in keyof C]: unknown }>;

export interface Route<S> {
  /** What the quoter remembers this route's state under (one network's quoter): include the owner. */
  key: string;
  /** Whether `seen` is enough to build the batch (false: a choice to make again). */
  ready(seen: S): boolean;
  /** What to read and decide before the batch can be built: the first sight, or a choice made again. */
  learn(batch: Batch, seen: S | null): Promise<S>;
  reads(seen: S): Reads;
  /** The state from the fresh answers (throws the person's sentence when an account does not parse). */
  decode(got: Answers, seen: S): S;
  plan(state: S): RoutePlan | Unavailable;
  /** A failed simulation that says a cached choice went stale: the state without it, to learn again. */
  forget?(state: S, err: TransactionError): S | null;
}

export type Simulated =
  | { ok: true; before: (EncodedAccount | null)[]; after: (EncodedAccount | null)[] }
  | { ok: false; err: TransactionError; logs: string[] };

export type RouteResult<S> =
  | { state: S; unavailable: string; roundTrips: number }
  | {
      state: S;
      plan: RoutePlan;
      simulation: Simulated;
      blockhash: LatestBlockhash;
      /** The network every read was asked of: the blockhash is its, so the transaction lands only there. */
      network: NetworkInfo;
      roundTrips: number;
    };

/** Simulations replace the blockhash, so any well-formed hash does. */
const PLACEHOLDER_BLOCKHASH = PublicKey.default.toBase58();
const MAX_BATCHES = 3;
const TOKEN_ACCOUNT_SIZE = 165;

export function wireOf(owner: PublicKey, instructions: TransactionInstruction[]): string {
  const tx = new Transaction({ feePayer: owner, blockhash: PLACEHOLDER_BLOCKHASH, lastValidBlockHeight: 0 });
  return tx
    .add(...instructions)
    .serialize({ requireAllSignatures: false, verifySignatures: false })
    .toString('base64');
}

/** Equal keys mean byte-equal instructions (programs, accounts and their roles, data). */
export function instructionsKey(instructions: TransactionInstruction[]): string {
  return instructions
    .map(
      (ix) =>
        `${ix.programId.toBase58()}|${ix.keys.map((k) => `${k.pubkey.toBase58()}${k.isSigner ? 's' : ''}${k.isWritable ? 'w' : ''}`).join(',')}|${Buffer.from(ix.data).toString('hex')}`,
    )
    .join(';');
}

const samePlan = (a: RoutePlan, b: RoutePlan) =>
  instructionsKey(a.build(0n)) === instructionsKey(b.build(0n)) &&
  a.watch.length === b.watch.length &&
  a.watch.every((k, i) => k.equals(b.watch[i]!));

const isPlan = (p: RoutePlan | Unavailable): p is RoutePlan => !('unavailable' in p);

/** One route's part of a batch: its reads, its watched accounts before, its simulation. */
interface Part {
  request: AccountRequest;
  accountCalls: number;
  calls: number;
  planned: RoutePlan | null;
}

export class RouteQuoter {
  readonly #seen = new Map<string, unknown>();

  /** What it remembers is of its client's one network. */
  constructor(private readonly rpc: RpcClient) {}

  quote<S>(owner: PublicKey, route: Route<S>): Promise<RouteResult<S>> {
    return this.quoteAll(owner, [route]).then(([r]) => r!);
  }

  /** Every route quoted together: one batch for all, once each route's accounts are known. */
  async quoteAll<S>(owner: PublicKey, routes: Route<S>[]): Promise<RouteResult<S>[]> {
    const results: (RouteResult<S> | undefined)[] = routes.map(() => undefined);
    const states = routes.map((r) => this.#seen.get(r.key) as S | undefined);
    let trips = await this.#learn(
      routes,
      states,
      routes.map((_, i) => i),
    );
    for (let round = 1; ; round++) {
      const open = routes.map((_, i) => i).filter((i) => !results[i]);
      if (!open.length) return results as RouteResult<S>[];
      const fresh = await this.#batchOnce(
        owner,
        open.map((i) => [routes[i]!, states[i]!] as const),
      );
      trips++;
      const again: number[] = [];
      open.forEach((i, n) => {
        const route = routes[i]!;
        const got = fresh[n]!;
        const sim = got.simulation;
        const forgotten = sim && !sim.ok ? (route.forget?.(got.state, sim.err) ?? null) : null;
        const state = forgotten ?? got.state;
        states[i] = state;
        this.#seen.set(route.key, state);
        const plan = route.ready(state) ? route.plan(state) : null;
        if (plan && !isPlan(plan)) {
          results[i] = { state, unavailable: plan.unavailable, roundTrips: trips };
          return;
        }
        if (plan && !forgotten && got.planned && sim && samePlan(plan, got.planned)) {
          const { blockhash } = got;
          results[i] = {
            state: got.state,
            plan,
            simulation: sim,
            blockhash,
            network: this.rpc.network,
            roundTrips: trips,
          };
          return;
        }
        if (round >= MAX_BATCHES)
          throw new WalletError(
            'pool_unavailable',
            'The route kept changing while Tidepool read it; nothing was signed. Try again in a moment.',
          );
        again.push(i);
      });
      trips += await this.#learn(routes, states, again);
    }
  }

  /**
   * Learns, in parallel, what the routes at `which` need before their batch (those not ready), into
   * `states`; the trips this costs are the longest route's.
   */
  async #learn<S>(routes: Route<S>[], states: (S | undefined)[], which: number[]): Promise<number> {
    const trips = await Promise.all(
      which.map(async (i) => {
        const route = routes[i]!;
        const known = states[i];
        if (known !== undefined && route.ready(known)) return 0;
        let count = 0;
        const batch: Batch = async (calls) => {
          count++;
          return (await this.rpc.batch(calls)) as never;
        };
        states[i] = await route.learn(batch, known ?? null);
        this.#seen.set(route.key, states[i]);
        return count;
      }),
    );
    return Math.max(0, ...trips);
  }

  /** One batch: every route's reads, watched accounts and simulation, one blockhash and the shared reads. */
  async #batchOnce<S>(owner: PublicKey, open: (readonly [Route<S>, S])[]) {
    const parts: Part[] = [];
    const calls: RpcCall[] = [
      rpcCall('getEpochInfo', []),
      rpcCall('getBalance', [owner.toBase58()]),
      rpcCall('getMinimumBalanceForRentExemption', [TOKEN_ACCOUNT_SIZE]),
      rpcCall('getLatestBlockhash', []),
    ];
    for (const [route, seen] of open) {
      const reads = route.reads(seen);
      let planned: RoutePlan | null = null;
      try {
        const p = route.plan(seen);
        planned = isPlan(p) ? p : null;
      } catch {
        planned = null; // judged again on the fresh reads
      }
      const request = new AccountRequest().add(...reads.accounts.map((k) => k.toBase58()));
      const accountCalls = request.calls();
      const watch = (planned?.watch ?? []).map((k) => k.toBase58());
      calls.push(...accountCalls, ...(reads.calls ?? []));
      if (planned) {
        calls.push(
          rpcCall('getMultipleAccounts', [watch, { encoding: 'base64' }]),
          rpcCall('simulateTransaction', [
            wireOf(owner, planned.build(0n)),
            {
              encoding: 'base64',
              sigVerify: false,
              replaceRecentBlockhash: true,
              accounts: { encoding: 'base64', addresses: watch },
            },
          ]),
        );
      }
      parts.push({ request, accountCalls: accountCalls.length, calls: reads.calls?.length ?? 0, planned });
    }
    const answers = (await this.rpc.batch(calls)) as unknown[];
    const [epochInfo, balance, rent, blockhash] = answers as [
      RpcResult<'getEpochInfo'>,
      RpcResult<'getBalance'>,
      number,
      RpcResult<'getLatestBlockhash'>,
    ];
    let at = 4;
    return parts.map((part, n) => {
      const [route, seen] = open[n]!;
      const accounts = part.request.read(
        answers.slice(at, (at += part.accountCalls)) as RpcResult<'getMultipleAccounts'>[],
      );
      const own = answers.slice(at, (at += part.calls));
      const got: Answers = {
        account: (key) => {
          const a = accounts.get(key.toBase58());
          if (a === undefined) throw new Error(`${key.toBase58()} was not read`);
          return a;
        },
        calls: own,
        epoch: BigInt(epochInfo.epoch),
        ownerLamports: BigInt(balance.value),
        tokenAccountRent: BigInt(rent),
      };
      let simulation: Simulated | null = null;
      if (part.planned) {
        const before = (answers[at++] as RpcResult<'getMultipleAccounts'>).value;
        const sim = (answers[at++] as RpcResult<'simulateTransaction'>).value;
        simulation = sim.err
          ? { ok: false, err: sim.err, logs: sim.logs ?? [] }
          : { ok: true, before, after: sim.accounts ?? [] };
      }
      return {
        state: route.decode(got, seen),
        planned: part.planned,
        simulation,
        blockhash: blockhash.value,
      };
    });
  }
}

/** An account read by a route's learning (getMultipleAccounts answers), decoded. */
export const rawOrNull = (a: EncodedAccount | null | undefined): RawAccount | null =>
  a ? rawAccount(a) : null;
