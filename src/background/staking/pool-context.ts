// Everything a quote needs about one pool and one owner. The reads are a list of JSON-RPC calls
// that depend only on the pool's addresses (and the size of its mint's token accounts), so a pool
// seen before is read in the same batch as the simulation of the transaction built from it (one
// round trip); a pool never seen costs one more trip to learn its addresses first.
import { PublicKey } from '@solana/web3.js';
import { ACCOUNT_SIZE } from '@solana/spl-token';
import type { ValidatorStakeInfo } from '@solana/spl-stake-pool/dist/layouts';
import { WalletError } from '../../shared/errors';
import type { TransferFeeRate } from '../../shared/transfer-fee';
import { mintRules } from '../chain/mint-rules';
import type { EncodedAccount } from '../chain/rpc-shapes';
import type { RpcClient } from '../chain/rpc-client';
import { rpcCall, type RpcResults } from '../chain/rpc-methods';
import type { SignatureFee } from '../chain/signature-fee';
import { decodePool, type PoolState } from './pool-account';
import { rawAccount } from '../chain/raw-account';
import { decodeValidatorList, userPoolTokenAccount } from './pool-instructions';
import { STAKE_ACCOUNT_SIZE, decodeStakeAccount } from './stake-account';

export interface PoolContext {
  pool: PoolState;
  owner: PublicKey;
  epoch: bigint;
  solLamports: bigint;
  tokenAccount: PublicKey;
  tokenAccountExists: boolean;
  tokenBalance: bigint;
  validators: ValidatorStakeInfo[];
  /** Reserve lamports the pool can pay out now (above the reserve's own rent). */
  reserveAvailable: bigint;
  /** Bytes of the owner's token account of the pool's mint (its extensions'), and their rent. */
  tokenAccountSize: number;
  tokenAccountRent: bigint;
  /** The pool mint's Token-2022 transfer fee this epoch (null: none). */
  transferFee: TransferFeeRate | null;
  stakeAccountRent: bigint;
  /**
   * The rent reserve the pool's stake accounts record (their Meta.rent_exempt_reserve; the reserve
   * stake's, read here, stands for its validators' alike: the stake program writes the same figure
   * in every one, 2,282,880 since v5 whatever rent is). The deployed builds keep a validator's
   * remainder above it, not above rent, so where rent falls below it, it is the floor.
   */
  recordedStakeReserve: bigint;
  minimumDelegation: bigint;
  /** What the owner's one-signature transaction costs on this network. */
  networkFee: bigint;
}

const account = (address: PublicKey) =>
  rpcCall('getAccountInfo', [address.toBase58(), { encoding: 'base64' }]);

/** What a context's reads are built from: the pool's addresses and its token accounts' size, as last read. */
export type ContextSeed = Pick<PoolContext, 'pool' | 'tokenAccountSize'>;

/** A pool read on its own, before its mint: its token accounts taken for the base size until the mint says. */
export const seedOf = (pool: PoolState): ContextSeed => ({ pool, tokenAccountSize: ACCOUNT_SIZE });

/**
 * The reads of a whole context, given what an earlier read taught. What a signature costs is asked
 * beside them by whoever sends the batch (the route layer asks it once for every route it quotes).
 */
export function contextCalls(owner: PublicKey, seed: ContextSeed) {
  const { pool } = seed;
  return [
    account(pool.address),
    rpcCall('getEpochInfo', []),
    rpcCall('getBalance', [owner.toBase58()]),
    account(userPoolTokenAccount(pool, owner)),
    account(pool.validatorList),
    account(pool.reserveStake),
    rpcCall('getMinimumBalanceForRentExemption', [seed.tokenAccountSize]),
    rpcCall('getMinimumBalanceForRentExemption', [STAKE_ACCOUNT_SIZE]),
    rpcCall('getStakeMinimumDelegation', []),
    account(pool.poolMint),
  ] as const;
}
/** The answers to contextCalls, in order. */
export type ContextAnswers = RpcResults<ReturnType<typeof contextCalls>>;

/** How many calls contextCalls makes (checked against its answers' type below). */
const CONTEXT_CALLS = 10;
const callsCounted: ContextAnswers['length'] = CONTEXT_CALLS;

/** Splits a batch that begins with contextCalls into the context's answers and the rest. */
function splitContext<R extends readonly unknown[]>(
  answers: readonly [...ContextAnswers, ...R],
): [ContextAnswers, R] {
  return [
    answers.slice(0, callsCounted) as unknown as ContextAnswers,
    answers.slice(callsCounted) as unknown as R,
  ];
}

/** The pool mint's rules; a mint its token program would not take is no pool to quote. */
function readMint(pool: PoolState, account: EncodedAccount) {
  try {
    return mintRules(pool.poolMint, rawAccount(account), pool.tokenProgramId);
  } catch {
    throw new WalletError('pool_unavailable', 'The pool’s mint could not be read on this network.');
  }
}

/**
 * The context from the answers to contextCalls. The pool is decoded from this answer, so when
 * its addresses changed since the calls were built, the caller sees it (and reads again); so is
 * its mint, so when its token accounts are of another size than the rent asked for, the context
 * says so (`rentFor` differs from `tokenAccountSize`) and the caller reads again.
 */
export function contextFrom(
  owner: PublicKey,
  poolAddress: PublicKey,
  answers: ContextAnswers,
  networkFee: bigint,
  seed: ContextSeed,
): PoolContext & { rentFor: number } {
  const [
    poolInfo,
    epochInfo,
    balance,
    tokenInfo,
    listInfo,
    reserveInfo,
    tokenRent,
    stakeRent,
    minimumDelegation,
    mintInfo,
  ] = answers;
  const pool = decodePool(poolAddress, poolInfo.value ? rawAccount(poolInfo.value) : null);
  const epoch = BigInt(epochInfo.epoch);
  const rules =
    mintInfo.value && pool.poolMint.equals(seed.pool.poolMint) ? readMint(pool, mintInfo.value) : null;
  const tokenData = tokenInfo.value ? Buffer.from(tokenInfo.value.data[0], 'base64') : null;
  const reserveData = reserveInfo.value ? Buffer.from(reserveInfo.value.data[0], 'base64') : null;
  const reserveRent = reserveData ? (decodeStakeAccount(reserveData)?.rentExemptReserve ?? 0n) : 0n;
  const reserveLamports = BigInt(reserveInfo.value?.lamports ?? 0);
  return {
    pool,
    owner,
    epoch,
    solLamports: BigInt(balance.value),
    tokenAccount: userPoolTokenAccount(pool, owner),
    tokenAccountExists: !!tokenData,
    tokenBalance: tokenData && tokenData.length >= 72 ? tokenData.readBigUInt64LE(64) : 0n,
    validators: listInfo.value ? decodeValidatorList(Buffer.from(listInfo.value.data[0], 'base64')) : [],
    reserveAvailable: reserveLamports > reserveRent ? reserveLamports - reserveRent : 0n,
    tokenAccountSize: rules?.newAccountSize ?? seed.tokenAccountSize,
    rentFor: seed.tokenAccountSize,
    tokenAccountRent: BigInt(tokenRent),
    transferFee: rules?.transferFee(epoch) ?? null,
    stakeAccountRent: BigInt(stakeRent),
    recordedStakeReserve: reserveRent,
    minimumDelegation: BigInt(minimumDelegation.value),
    networkFee,
  };
}

/** The pool's addresses, read on their own: the first trip for a pool never seen. */
async function readPoolState(rpc: RpcClient, poolAddress: PublicKey): Promise<PoolState> {
  const info = await rpc.call('getAccountInfo', [poolAddress.toBase58(), { encoding: 'base64' }]);
  return decodePool(poolAddress, info.value ? rawAccount(info.value) : null);
}

/**
 * A whole context without a simulation: two trips (the pool, then what depends on it; a third for
 * a mint whose token accounts are not the base size), all to one network.
 */
export async function loadPoolContext(
  rpc: RpcClient,
  fees: SignatureFee,
  owner: PublicKey,
  poolAddress: PublicKey,
): Promise<PoolContext> {
  let seed = seedOf(await readPoolState(rpc, poolAddress));
  for (;;) {
    const [answers, [feeAnswer]] = splitContext(
      await rpc.batch([...contextCalls(owner, seed), await fees.ask(owner)]),
    );
    const ctx = contextFrom(owner, poolAddress, answers, await fees.lamports(owner, feeAnswer), seed);
    // A Token-2022 mint's accounts are larger: the rent is asked again for their size (once).
    if (ctx.rentFor === ctx.tokenAccountSize) return ctx;
    seed = ctx;
  }
}
