// The route layer: what chain-quote.ts does for SPL pools, for any route. A route declares the reads
// its transaction depends on, decodes them into its state, and builds its exact transaction from
// that state; the quoter asks the reads of every route quoted together, with each route's
// transaction (built from what was seen before) simulated, in ONE JSON-RPC batch. The transaction is
// then built again from the fresh answers, and the simulation counts only when it is the very one
// simulated; else the batch is asked again. What a route needs before its batch can be built (a
// route never seen; a cached choice, such as a Marinade stake-list index, that the fresh reads or
// the program say no longer holds) it learns first, one more trip: never a wrong figure.
import { PublicKey, type Keypair, type TransactionInstruction } from '@solana/web3.js';
import { ACCOUNT_SIZE } from '@solana/spl-token';
import { WalletError } from '../../../shared/errors';
import type { NetworkInfo } from '../../../shared/networks';
import { AccountRequest } from '../../chain/account-batch';
import { rawAccount, type RawAccount } from '../../chain/raw-account';
import type { RpcClient } from '../../chain/rpc-client';
import { rpcCall, type RpcCall, type RpcResult } from '../../chain/rpc-methods';
import type { SignatureFee } from '../../chain/signature-fee';
import type { EncodedAccount, LatestBlockhash, TransactionError } from '../../chain/rpc-shapes';
import { simulationWire } from '../../chain/simulation-wire';

/** What a route's transaction is, for one state. */
export interface RoutePlan {
  /** The instructions, carrying `minimum` where the route's program takes one. */
  build(minimum: bigint): TransactionInstruction[];
  /** Accounts read before and returned after the simulation, for the quote's figures. */
  watch: PublicKey[];
  /** Signers besides the owner: new accounts the transaction creates (made here, never sent anywhere). */
  signers: Keypair[];
  /**
   * The same transaction without its minimum, simulated beside it: while it is unknown whether the
   * program build on this network has the instruction that takes a minimum (SPL pools' *WithSlippage).
   */
  plain?: () => TransactionInstruction[];
}

/** Why a route cannot be taken now, in the person's words. */
export interface Unavailable {
  unavailable: string;
  /** The error the route's plan threw for the fresh state, to be thrown as it is where one route is quoted. */
  error?: WalletError;
}

/** What a route reads in its batch: accounts (one getMultipleAccounts per 100) and any other calls. */
export interface Reads {
  accounts: PublicKey[];
  calls?: RpcCall[];
  /** false: the route reads the epoch, the owner's SOL and rent itself (Answers' are then 0). */
  shared?: boolean;
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
  /** What one signature costs on this network (asked in every batch: SignatureFee). */
  signatureFee: bigint;
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
  | { ok: true; before: (EncodedAccount | null)[]; after: (EncodedAccount | null)[]; unitsConsumed: number }
  | { ok: false; err: TransactionError; logs: string[] };

interface Read<S> {
  state: S;
  blockhash: LatestBlockhash;
  /** The network every read was asked of: the blockhash is its, so the transaction lands only there. */
  network: NetworkInfo;
  /** What one signature costs there, learned in the same batch. */
  signatureFee: bigint;
  /** The epoch the batch read (null: only routes that read their own were in it, SPL pools'). */
  epoch: bigint | null;
  roundTrips: number;
}

export type RouteResult<S> =
  | (Read<S> & Unavailable)
  | (Read<S> & { plan: RoutePlan; simulation: Simulated; plainSimulation: Simulated | null });

const MAX_BATCHES = 3;

/** Equal keys mean byte-equal instructions (programs, accounts and their roles, data). */
function instructionsKey(instructions: TransactionInstruction[]): string {
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

/** The route's plan for `state`; a refusal it throws in words (a WalletError) is the route's unavailability. */
function planOf<S>(route: Route<S>, state: S): RoutePlan | Unavailable {
  try {
    return route.plan(state);
  } catch (error) {
    if (error instanceof WalletError) return { unavailable: error.message, error };
    throw error;
  }
}

/** One route's part of a batch: its reads, its watched accounts before, its simulation. */
interface Part {
  request: AccountRequest;
  accountCalls: number;
  calls: number;
  planned: RoutePlan | null;
}

export class RouteQuoter {
  readonly #seen = new Map<string, unknown>();

  /** What it remembers is of its client's one network; `fees` is that network's. */
  constructor(
    private readonly rpc: RpcClient,
    private readonly fees: SignatureFee,
  ) {}

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
        const { blockhash, signatureFee, epoch } = got;
        const read = { state, blockhash, signatureFee, epoch, network: this.rpc.network, roundTrips: trips };
        const plan = route.ready(state) ? planOf(route, state) : null;
        if (plan && !isPlan(plan)) {
          results[i] = { ...read, ...plan };
          return;
        }
        if (plan && !forgotten && got.planned && sim && samePlan(plan, got.planned)) {
          results[i] = { ...read, plan, simulation: sim, plainSimulation: got.plainSimulation };
          return;
        }
        if (round >= MAX_BATCHES)
          throw new WalletError(
            'pool_unavailable',
            'The pool kept changing while Tidepool read it; nothing was signed. Try again in a moment.',
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
        // A node prices a message only on a blockhash it handed out: until one was heard, a
        // learning batch asks for one too, so the quote's batch can ask what a signature costs.
        const batch: Batch = async (calls) => {
          count++;
          const hear = this.rpc.newestBlockhash === null ? [rpcCall('getLatestBlockhash', [])] : [];
          return (await this.rpc.batch([...calls, ...hear])).slice(0, calls.length) as never;
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
    const shared = open.some(([route, seen]) => route.reads(seen).shared !== false);
    const calls: RpcCall[] = [
      rpcCall('getLatestBlockhash', []),
      await this.fees.ask(owner),
      ...(shared
        ? [
            rpcCall('getEpochInfo', []),
            rpcCall('getBalance', [owner.toBase58()]),
            rpcCall('getMinimumBalanceForRentExemption', [ACCOUNT_SIZE]),
          ]
        : []),
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
        const simulate = (instructions: TransactionInstruction[]) =>
          rpcCall('simulateTransaction', [
            simulationWire(owner, instructions),
            {
              encoding: 'base64',
              sigVerify: false,
              replaceRecentBlockhash: true,
              accounts: { encoding: 'base64', addresses: watch },
            },
          ]);
        calls.push(
          rpcCall('getMultipleAccounts', [watch, { encoding: 'base64' }]),
          simulate(planned.build(0n)),
          ...(planned.plain ? [simulate(planned.plain())] : []),
        );
      }
      parts.push({ request, accountCalls: accountCalls.length, calls: reads.calls?.length ?? 0, planned });
    }
    const answers = (await this.rpc.batch(calls)) as unknown[];
    const [blockhash, feeAnswer, epochInfo, balance, rent] = (shared ? answers : answers.slice(0, 2)) as [
      RpcResult<'getLatestBlockhash'>,
      RpcResult<'getFeeForMessage'>,
      RpcResult<'getEpochInfo'> | undefined,
      RpcResult<'getBalance'> | undefined,
      number | undefined,
    ];
    const signatureFee = await this.fees.lamports(owner, feeAnswer);
    let at = shared ? 5 : 2;
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
        epoch: BigInt(epochInfo?.epoch ?? 0),
        ownerLamports: BigInt(balance?.value ?? 0),
        tokenAccountRent: BigInt(rent ?? 0),
        signatureFee,
      };
      let simulation: Simulated | null = null;
      let plainSimulation: Simulated | null = null;
      if (part.planned) {
        const before = (answers[at++] as RpcResult<'getMultipleAccounts'>).value;
        const result = ({ value: sim }: RpcResult<'simulateTransaction'>): Simulated =>
          sim.err
            ? { ok: false, err: sim.err, logs: sim.logs ?? [] }
            : { ok: true, before, after: sim.accounts ?? [], unitsConsumed: sim.unitsConsumed ?? 0 };
        simulation = result(answers[at++] as RpcResult<'simulateTransaction'>);
        if (part.planned.plain) plainSimulation = result(answers[at++] as RpcResult<'simulateTransaction'>);
      }
      const state = route.decode(got, seen);
      return {
        state,
        planned: part.planned,
        simulation,
        plainSimulation,
        blockhash: blockhash.value,
        signatureFee,
        epoch: epochInfo ? BigInt(epochInfo.epoch) : null,
      };
    });
  }
}

/** An account read by a route's learning (getMultipleAccounts answers), decoded. */
export const rawOrNull = (a: EncodedAccount | null | undefined): RawAccount | null =>
  a ? rawAccount(a) : null;
