// Everything a quote needs about one pool and one owner. The reads are a list of JSON-RPC calls
// that depend only on the pool's addresses, so a pool seen before is read in the same batch as
// the simulation of the transaction built from it (one round trip); a pool never seen costs one
// more trip to learn its addresses first.
import { PublicKey } from '@solana/web3.js';
import type { ValidatorStakeInfo } from '@solana/spl-stake-pool/dist/layouts';
import type { RpcClient } from '../chain/rpc-client';
import { rpcCall, type RpcCall, type RpcResults } from '../chain/rpc-methods';
import type { SignatureFee } from '../chain/signature-fee';
import { decodePool, type PoolState } from './pool-account';
import { rawAccount } from '../chain/raw-account';
import { decodeValidatorList, userPoolTokenAccount } from './pool-instructions';
import { STAKE_ACCOUNT_SIZE, decodeStakeAccount } from './stake-account';

const TOKEN_ACCOUNT_SIZE = 165;

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
  tokenAccountRent: bigint;
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

/** The reads of a whole context, given the pool's addresses (from an earlier read) and the fee's ask. */
export function contextCalls(owner: PublicKey, pool: PoolState, feeAsk: RpcCall<'getFeeForMessage'>) {
  return [
    account(pool.address),
    rpcCall('getEpochInfo', []),
    rpcCall('getBalance', [owner.toBase58()]),
    account(userPoolTokenAccount(pool, owner)),
    account(pool.validatorList),
    account(pool.reserveStake),
    rpcCall('getMinimumBalanceForRentExemption', [TOKEN_ACCOUNT_SIZE]),
    rpcCall('getMinimumBalanceForRentExemption', [STAKE_ACCOUNT_SIZE]),
    rpcCall('getStakeMinimumDelegation', []),
    feeAsk,
  ] as const;
}
/** The answers to contextCalls, in order. */
export type ContextAnswers = RpcResults<ReturnType<typeof contextCalls>>;

/** Splits a batch that begins with contextCalls into the context's answers and the rest. */
export function splitContext<R extends readonly unknown[]>(
  answers: readonly [...ContextAnswers, ...R],
): [ContextAnswers, R] {
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
    fee,
    ...rest
  ] = answers;
  return [
    [
      poolInfo,
      epochInfo,
      balance,
      tokenInfo,
      listInfo,
      reserveInfo,
      tokenRent,
      stakeRent,
      minimumDelegation,
      fee,
    ],
    rest,
  ];
}

/** The fee ask's answer among the answers to contextCalls (for SignatureFee to learn). */
export const feeAnswer = (answers: ContextAnswers) => answers[9];

/**
 * The context from the answers to contextCalls. The pool is decoded from this answer, so when
 * its addresses changed since the calls were built, the caller sees it (and reads again).
 */
export function contextFrom(
  owner: PublicKey,
  poolAddress: PublicKey,
  answers: ContextAnswers,
  networkFee: bigint,
): PoolContext {
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
  ] = answers;
  const pool = decodePool(poolAddress, poolInfo.value ? rawAccount(poolInfo.value) : null);
  const tokenData = tokenInfo.value ? Buffer.from(tokenInfo.value.data[0], 'base64') : null;
  const reserveData = reserveInfo.value ? Buffer.from(reserveInfo.value.data[0], 'base64') : null;
  const reserveRent = reserveData ? (decodeStakeAccount(reserveData)?.rentExemptReserve ?? 0n) : 0n;
  const reserveLamports = BigInt(reserveInfo.value?.lamports ?? 0);
  return {
    pool,
    owner,
    epoch: BigInt(epochInfo.epoch),
    solLamports: BigInt(balance.value),
    tokenAccount: userPoolTokenAccount(pool, owner),
    tokenAccountExists: !!tokenData,
    tokenBalance: tokenData && tokenData.length >= 72 ? tokenData.readBigUInt64LE(64) : 0n,
    validators: listInfo.value ? decodeValidatorList(Buffer.from(listInfo.value.data[0], 'base64')) : [],
    reserveAvailable: reserveLamports > reserveRent ? reserveLamports - reserveRent : 0n,
    tokenAccountRent: BigInt(tokenRent),
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
 * A whole context without a simulation: two trips (the pool, then what depends on it), both to
 * one network (the second's addresses come from the first's answer).
 */
export async function loadPoolContext(
  rpc: RpcClient,
  fees: SignatureFee,
  owner: PublicKey,
  poolAddress: PublicKey,
): Promise<PoolContext> {
  const pool = await readPoolState(rpc, poolAddress);
  const answers = await rpc.batch(contextCalls(owner, pool, await fees.ask(owner)));
  return contextFrom(owner, poolAddress, answers, await fees.lamports(owner, feeAnswer(answers)));
}
