// Quotes from the chain itself, for SPL stake pools: a pool's quote is a route of the route layer
// (routes/route-quoter.ts). The exact transaction for a quote is built from what is known of the
// pool, and simulated in the SAME JSON-RPC batch as every read the quote needs (the pool, the
// owner's balances, the reserve, the validator list, the accounts the transaction changes, a fresh
// blockhash), so a quote is what this cluster's program does, whichever build it runs. The
// instructions are then built again from the answers; only when they are the very ones simulated
// is the simulation accepted (it proves the cached addresses), else the batch is asked again.
// One round trip for a pool seen before, two for a pool never seen. While it is unknown whether the
// pool's program build has the *WithSlippage instructions, the plain variant is simulated beside.
import { PublicKey, type TransactionInstruction } from '@solana/web3.js';
import { getTransferFeeAmount, unpackAccount } from '@solana/spl-token';
import type { NetworkInfo } from '../../shared/networks';
import { rpcCall, type RpcResult } from '../chain/rpc-methods';
import type { EncodedAccount, LatestBlockhash } from '../chain/rpc-shapes';
import { knownTokenProgram } from '../chain/token-programs';
import { isUnknownInstruction } from './bounded-instructions';
import { contextCalls, contextFrom, seedOf, type ContextAnswers, type PoolContext } from './pool-context';
import { rawAccount } from '../chain/raw-account';
import { decodePool } from './pool-account';
import {
  type Batch,
  type RouteQuoter,
  type Route,
  type RoutePlan,
  type RouteResult,
  type Simulated,
} from './routes/route-quoter';
import { encodedTokenAmount } from '../chain/token-account';

export type { Simulated };

/** What one quote would send: instructions for a bound (null: the plain, unbounded variant). */
export interface TxPlan {
  build(minimumOut: bigint | null): TransactionInstruction[];
  /** Accounts read before and returned after the simulation, for the quote's deltas. */
  watch: PublicKey[];
}

export interface ChainQuote<P extends TxPlan> {
  ctx: PoolContext;
  /** The plan built from the fresh reads, or null when there is nothing to simulate (blocked). */
  plan: P | null;
  /** The simulation of exactly `plan` (null with no plan). */
  simulation: Simulated | null;
  /** The program runs the *WithSlippage variant here: the plan is sent bounded. */
  bounded: boolean;
  blockhash: LatestBlockhash;
  /** The network every read was asked of: the blockhash is its, so the transaction can land only there. */
  network: NetworkInfo;
  roundTrips: number;
}

/**
 * A pool's context as its route remembers it, with the token-account size its rent was asked for:
 * a Token-2022 mint's accounts are larger, so its first read asks the rent again for their size.
 */
export type SeenPool = PoolContext & { rentFor: number };

/** An SPL pool's route, and how its result becomes the quote's ChainQuote. */
export interface PoolRoute<P extends TxPlan> {
  route: Route<SeenPool>;
  finish(result: RouteResult<SeenPool>): ChainQuote<P>;
}

export class ChainQuoter {
  /** Per program id: whether the deployed build knows the *WithSlippage instructions. */
  readonly #bounded = new Map<string, boolean>();

  /** What it remembers is of its quoter's one network; the quoter is shared with the other routes. */
  constructor(readonly routes: RouteQuoter) {}

  async quote<P extends TxPlan>(
    owner: PublicKey,
    poolAddress: PublicKey,
    planFor: (ctx: PoolContext) => P | null,
  ): Promise<ChainQuote<P>> {
    const r = this.route(owner, poolAddress, planFor);
    return r.finish(await this.routes.quote(owner, r.route));
  }

  /** The pool's route: its context's reads, its transaction (`planFor`), bounded as the build allows. */
  route<P extends TxPlan>(
    owner: PublicKey,
    poolAddress: PublicKey,
    planFor: (ctx: PoolContext) => P | null,
  ): PoolRoute<P> {
    const sources = new WeakMap<RoutePlan, P>();
    const route: Route<SeenPool> = {
      key: `spl ${poolAddress.toBase58()} ${owner.toBase58()}`,
      ready: (seen) => seen.rentFor === seen.tokenAccountSize,
      // Seen with its rent asked for another size: the next batch asks it for the mint's size (no trip).
      learn: async (batch, seen) =>
        seen ? { ...seen, rentFor: seen.tokenAccountSize } : firstSight(owner, poolAddress, batch),
      reads: (seen) => ({ accounts: [], calls: [...contextCalls(owner, seen)], shared: false }),
      decode: (got, seen) =>
        contextFrom(owner, poolAddress, got.calls as unknown as ContextAnswers, got.signatureFee, seen),
      plan: (ctx) => {
        const p = planFor(ctx); // throws the person's error when the fresh state refuses the request
        if (!p) return { unavailable: '' };
        const support = this.#bounded.get(ctx.pool.programId.toBase58());
        const plan: RoutePlan = {
          watch: p.watch,
          signers: [],
          build: (min) => p.build(support === false ? null : min),
          ...(support === undefined ? { plain: () => p.build(null) } : {}),
        };
        sources.set(plan, p);
        return plan;
      },
    };
    const finish = (result: RouteResult<SeenPool>): ChainQuote<P> => {
      const { state: ctx, blockhash, network, roundTrips } = result;
      const base = { ctx, blockhash, network, roundTrips };
      if ('unavailable' in result) {
        if (result.error) throw result.error;
        return { ...base, plan: null, simulation: null, bounded: false };
      }
      const programKey = ctx.pool.programId.toBase58();
      const support = this.#bounded.get(programKey);
      return { ...base, plan: sources.get(result.plan)!, ...this.#judge(programKey, support, result) };
    };
    return { route, finish };
  }

  /**
   * The simulation that counts, and whether it is bounded. While the build's support is unknown,
   * both variants ran: the bounded one succeeding says the build knows *WithSlippage; an unknown
   * instruction with the plain one succeeding says it does not. Remembered per program.
   */
  #judge(
    programKey: string,
    support: boolean | undefined,
    {
      simulation: first,
      plainSimulation: plain,
    }: { simulation: Simulated; plainSimulation: Simulated | null },
  ): { simulation: Simulated; bounded: boolean } {
    if (support !== undefined) return { simulation: first, bounded: support };
    if (first.ok) {
      this.#bounded.set(programKey, true);
      return { simulation: first, bounded: true };
    }
    if (isUnknownInstruction(first.err) && plain?.ok) {
      this.#bounded.set(programKey, false);
      return { simulation: plain, bounded: false };
    }
    return { simulation: first, bounded: false };
  }
}

/** A pool never seen: its account and the epoch, so the first batch can be built (one trip). */
async function firstSight(owner: PublicKey, poolAddress: PublicKey, batch: Batch): Promise<SeenPool> {
  const [info, epochInfo] = (await batch([
    rpcCall('getAccountInfo', [poolAddress.toBase58(), { encoding: 'base64' }]),
    rpcCall('getEpochInfo', []),
  ])) as [RpcResult<'getAccountInfo'>, RpcResult<'getEpochInfo'>];
  const pool = decodePool(poolAddress, info.value ? rawAccount(info.value) : null);
  // Only the addresses (and the token accounts' size) matter for building the batch; balances come with it.
  const seed = seedOf(pool);
  return {
    ...seed,
    rentFor: seed.tokenAccountSize,
    owner,
    epoch: BigInt(epochInfo.epoch),
    solLamports: 0n,
    tokenAccount: PublicKey.default,
    tokenAccountExists: false,
    tokenBalance: 0n,
    validators: [],
    reserveAvailable: 0n,
    tokenAccountRent: 0n,
    transferFee: null,
    stakeAccountRent: 0n,
    recordedStakeReserve: 0n,
    minimumDelegation: 0n,
    networkFee: 0n,
  };
}

/**
 * What a token account holds for its owner plus what transfers into it had withheld (a Token-2022
 * transfer fee, kept in the account's TransferFeeAmount until the mint's authority collects it):
 * everything transferred into it, fee included.
 */
export function tokensReceived(account: EncodedAccount | null | undefined): bigint {
  const program = account && knownTokenProgram(account.owner);
  if (!account || !program) return encodedTokenAmount(account);
  const info = { ...rawAccount(account), lamports: account.lamports, executable: false };
  try {
    const decoded = unpackAccount(PublicKey.default, { ...info, data: Buffer.from(info.data) }, program);
    return decoded.amount + (getTransferFeeAmount(decoded)?.withheldAmount ?? 0n);
  } catch {
    return encodedTokenAmount(account); // not a token account the program would take: only its amount field
  }
}

export const lamportsOf = (account: EncodedAccount | null | undefined): bigint =>
  BigInt(account?.lamports ?? 0);
