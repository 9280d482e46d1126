// Quotes from the chain itself. The exact transaction for a quote is built from what is known of
// the pool, and simulated in the SAME JSON-RPC batch as every read the quote needs (the pool, the
// owner's balances, the reserve, the validator list, the accounts the transaction changes, a fresh
// blockhash), so a quote is what this cluster's program does, whichever build it runs. The
// instructions are then built again from the answers; only when they are the very ones simulated
// is the simulation accepted (it proves the cached addresses), else the batch is asked again.
// One round trip for a pool seen before, two for a pool never seen.
import { PublicKey, Transaction, type TransactionInstruction } from '@solana/web3.js';
import { getTransferFeeAmount, unpackAccount } from '@solana/spl-token';
import { WalletError } from '../../shared/errors';
import type { NetworkInfo } from '../../shared/networks';
import type { RpcClient } from '../chain/rpc-client';
import { rpcCall } from '../chain/rpc-methods';
import type { SignatureFee } from '../chain/signature-fee';
import { knownTokenProgram } from '../chain/token-programs';
import type {
  EncodedAccount,
  LatestBlockhash,
  SimulationResult,
  TransactionError,
  WithContext,
} from '../chain/rpc-shapes';
import { isUnknownInstruction } from './bounded-instructions';
import { contextCalls, contextFrom, feeAnswer, seedOf, splitContext, type PoolContext } from './pool-context';
import { rawAccount } from '../chain/raw-account';
import { decodePool } from './pool-account';

/** What one quote would send: instructions for a bound (null: the plain, unbounded variant). */
export interface TxPlan {
  build(minimumOut: bigint | null): TransactionInstruction[];
  /** Accounts read before and returned after the simulation, for the quote's deltas. */
  watch: PublicKey[];
}

export type Simulated =
  | { ok: true; before: (EncodedAccount | null)[]; after: (EncodedAccount | null)[]; unitsConsumed: number }
  | { ok: false; err: TransactionError; logs: string[] };

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

/** Simulations replace the blockhash, so any well-formed hash does. */
const PLACEHOLDER_BLOCKHASH = PublicKey.default.toBase58();
const MAX_BATCHES = 3;

function wireOf(owner: PublicKey, instructions: TransactionInstruction[]): string {
  const tx = new Transaction({
    feePayer: owner,
    blockhash: PLACEHOLDER_BLOCKHASH,
    lastValidBlockHeight: 0,
  }).add(...instructions);
  return tx.serialize({ requireAllSignatures: false, verifySignatures: false }).toString('base64');
}

/** Equal keys mean byte-equal instructions (programs, accounts and their roles, data). */
function instructionsKey(instructions: TransactionInstruction[]): string {
  return instructions
    .map(
      (ix) =>
        `${ix.programId.toBase58()}|${ix.keys.map((k) => `${k.pubkey.toBase58()}${k.isSigner ? 's' : ''}${k.isWritable ? 'w' : ''}`).join(',')}|${Buffer.from(ix.data).toString('hex')}`,
    )
    .join(';');
}

/** The fresh plan builds the very transaction that was simulated, watching the same accounts. */
function samePlan(fresh: TxPlan, simulated: TxPlan): boolean {
  return (
    instructionsKey(fresh.build(0n)) === instructionsKey(simulated.build(0n)) &&
    fresh.watch.length === simulated.watch.length &&
    fresh.watch.every((a, i) => a.equals(simulated.watch[i]!))
  );
}

export class ChainQuoter {
  /** The last context read per pool and owner: the addresses the next quote's batch is built from. */
  readonly #known = new Map<string, PoolContext>();
  /** Per program id: whether the deployed build knows the *WithSlippage instructions. */
  readonly #bounded = new Map<string, boolean>();

  /** What it remembers is of its client's one network. */
  constructor(
    private readonly rpc: RpcClient,
    private readonly fees: SignatureFee,
  ) {}

  async quote<P extends TxPlan>(
    owner: PublicKey,
    poolAddress: PublicKey,
    planFor: (ctx: PoolContext) => P | null,
  ): Promise<ChainQuote<P>> {
    const { network } = this.rpc;
    const poolKey = `${poolAddress.toBase58()} ${owner.toBase58()}`;
    let roundTrips = 0;
    let seen = this.#known.get(poolKey);
    if (!seen) {
      seen = await this.#firstSight(owner, poolAddress);
      roundTrips++;
    }
    for (let batch = 1; ; batch++) {
      let planned: P | null = null;
      try {
        planned = planFor(seen);
      } catch {
        planned = null; // judged again below, on fresh reads
      }
      const programKey = seen.pool.programId.toBase58();
      const support = this.#bounded.get(programKey);
      const read = await this.#readAndSimulate(owner, seen, planned, support);
      roundTrips++;
      const networkFee = await this.fees.lamports(owner, feeAnswer(read.context));
      const { rentFor, ...ctx } = contextFrom(owner, poolAddress, read.context, networkFee, seen);
      this.#known.set(poolKey, ctx);
      const { blockhash } = read;
      // The mint's token accounts are not the size the rent was asked for: ask again (a Token-2022 mint's first quote).
      const rentAsked = rentFor === ctx.tokenAccountSize;
      const plan = rentAsked ? planFor(ctx) : null; // throws the person's error when the fresh state refuses the request
      if (!plan && rentAsked)
        return { ctx, plan: null, simulation: null, bounded: false, blockhash, network, roundTrips };
      if (!plan || !planned || !samePlan(plan, planned)) {
        if (batch >= MAX_BATCHES)
          throw new WalletError(
            'pool_unavailable',
            'The pool kept changing while Tidepool read it; nothing was signed. Try again in a moment.',
          );
        seen = ctx;
        continue;
      }
      return { ctx, plan, ...this.#judge(programKey, support, read), blockhash, network, roundTrips };
    }
  }

  /**
   * One batch: the pool's context, the watched accounts before, a blockhash, and the planned
   * transaction simulated: bounded, plain, or both while the build's support is not yet known.
   */
  async #readAndSimulate(
    owner: PublicKey,
    seen: PoolContext,
    planned: TxPlan | null,
    support: boolean | undefined,
  ) {
    const variants = !planned
      ? []
      : support === true
        ? [planned.build(0n)]
        : support === false
          ? [planned.build(null)]
          : [planned.build(0n), planned.build(null)];
    const watch = (planned?.watch ?? []).map((a) => a.toBase58());
    const feeAsk = await this.fees.ask(owner);
    const [context, [{ value: before }, { value: blockhash }, ...sims]] = splitContext(
      await this.rpc.batch([
        ...contextCalls(owner, seen, feeAsk),
        rpcCall('getMultipleAccounts', [watch, { encoding: 'base64' }]),
        rpcCall('getLatestBlockhash', []),
        ...variants.map((ixs) =>
          rpcCall('simulateTransaction', [
            wireOf(owner, ixs),
            {
              encoding: 'base64',
              sigVerify: false,
              replaceRecentBlockhash: true,
              accounts: { encoding: 'base64', addresses: watch },
            },
          ]),
        ),
      ]),
    );
    return { context, before, blockhash, sims };
  }

  /**
   * The simulation that counts, and whether it is bounded. While the build's support is unknown,
   * both variants ran: the bounded one succeeding says the build knows *WithSlippage; an unknown
   * instruction with the plain one succeeding says it does not. Remembered per program.
   */
  #judge(
    programKey: string,
    support: boolean | undefined,
    { before, sims }: { before: (EncodedAccount | null)[]; sims: WithContext<SimulationResult>[] },
  ): { simulation: Simulated; bounded: boolean } {
    const toResult = (sim: WithContext<SimulationResult>): Simulated =>
      sim.value.err
        ? { ok: false, err: sim.value.err, logs: sim.value.logs ?? [] }
        : { ok: true, before, after: sim.value.accounts ?? [], unitsConsumed: sim.value.unitsConsumed ?? 0 };
    const first = toResult(sims[0]!);
    if (support !== undefined) return { simulation: first, bounded: support };
    const plain = toResult(sims[1]!);
    if (first.ok) {
      this.#bounded.set(programKey, true);
      return { simulation: first, bounded: true };
    }
    if (isUnknownInstruction(first.err) && plain.ok) {
      this.#bounded.set(programKey, false);
      return { simulation: plain, bounded: false };
    }
    return { simulation: first, bounded: false };
  }

  /**
   * A pool never seen: its account and the epoch, so the first batch can be built (one trip), and a
   * blockhash, so that batch can ask what a signature costs on one the node knows.
   */
  async #firstSight(owner: PublicKey, poolAddress: PublicKey): Promise<PoolContext> {
    const [info, epochInfo] = await this.rpc.batch([
      rpcCall('getAccountInfo', [poolAddress.toBase58(), { encoding: 'base64' }]),
      rpcCall('getEpochInfo', []),
      rpcCall('getLatestBlockhash', []),
    ]);
    const pool = decodePool(poolAddress, info.value ? rawAccount(info.value) : null);
    // Only the addresses (and the token accounts' size) matter for building the batch; balances come with it.
    return {
      ...seedOf(pool),
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
}

/** A token account's amount (0 when it does not exist). */
export function tokenAmount(account: EncodedAccount | null | undefined): bigint {
  if (!account) return 0n;
  const data = Buffer.from(account.data[0], 'base64');
  return data.length >= 72 ? data.readBigUInt64LE(64) : 0n;
}

/**
 * What a token account holds for its owner plus what transfers into it had withheld (a Token-2022
 * transfer fee, kept in the account's TransferFeeAmount until the mint's authority collects it):
 * everything transferred into it, fee included.
 */
export function tokensReceived(account: EncodedAccount | null | undefined): bigint {
  const program = account && knownTokenProgram(account.owner);
  if (!account || !program) return tokenAmount(account);
  const info = { ...rawAccount(account), lamports: account.lamports, executable: false };
  try {
    const decoded = unpackAccount(PublicKey.default, { ...info, data: Buffer.from(info.data) }, program);
    return decoded.amount + (getTransferFeeAmount(decoded)?.withheldAmount ?? 0n);
  } catch {
    return tokenAmount(account); // not a token account the program would take: only its amount field
  }
}

export const lamportsOf = (account: EncodedAccount | null | undefined): bigint =>
  BigInt(account?.lamports ?? 0);
