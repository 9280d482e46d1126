// Everything a quote needs about one pool and one owner. The reads are a list of JSON-RPC calls
// that depend only on the pool's addresses, so a pool seen before is read in the same batch as
// the simulation of the transaction built from it (one round trip); a pool never seen costs one
// more trip to learn its addresses first.
import { PublicKey } from '@solana/web3.js';
import type { ValidatorStakeInfo } from '@solana/spl-stake-pool/dist/layouts';
import type { EncodedAccount, RpcClient } from '../chain/rpc-client';
import { decodePool, type PoolState } from './pool-account';
import { rawAccount } from './pool-directory';
import { decodeValidatorList, userPoolTokenAccount } from './pool-instructions';
import { STAKE_ACCOUNT_SIZE, decodeStakeAccount } from './stake-account';

const TOKEN_ACCOUNT_SIZE = 165;
type Encoded = EncodedAccount | null;
type Call = { method: string; params: unknown[] };

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
  minimumDelegation: bigint;
}

const account = (address: PublicKey): Call => ({ method: 'getAccountInfo', params: [address.toBase58(), { encoding: 'base64', commitment: 'confirmed' }] });

/** The reads of a whole context, given the pool's addresses (from an earlier read). */
export function contextCalls(owner: PublicKey, pool: PoolState): Call[] {
  return [
    account(pool.address),
    { method: 'getEpochInfo', params: [{ commitment: 'confirmed' }] },
    { method: 'getBalance', params: [owner.toBase58(), { commitment: 'confirmed' }] },
    account(userPoolTokenAccount(pool, owner)),
    account(pool.validatorList),
    account(pool.reserveStake),
    { method: 'getMinimumBalanceForRentExemption', params: [TOKEN_ACCOUNT_SIZE] },
    { method: 'getMinimumBalanceForRentExemption', params: [STAKE_ACCOUNT_SIZE] },
    { method: 'getStakeMinimumDelegation', params: [{ commitment: 'confirmed' }] },
  ];
}
export const CONTEXT_CALLS = 9;

/**
 * The context from the answers to contextCalls. The pool is decoded from this answer, so when
 * its addresses changed since the calls were built, the caller sees it (and reads again).
 */
export function contextFrom(owner: PublicKey, poolAddress: PublicKey, results: unknown[]): PoolContext {
  const [poolInfo, epochInfo, balance, tokenInfo, listInfo, reserveInfo, tokenRent, stakeRent, minimumDelegation] = results as [
    { value: Encoded }, { epoch: number }, { value: number }, { value: Encoded }, { value: Encoded }, { value: Encoded }, number, number, { value: number },
  ];
  const pool = decodePool(poolAddress, poolInfo.value ? rawAccount(poolInfo.value) : null);
  const tokenData = tokenInfo.value ? Buffer.from(tokenInfo.value.data[0], 'base64') : null;
  const reserveData = reserveInfo.value ? Buffer.from(reserveInfo.value.data[0], 'base64') : null;
  const reserveRent = reserveData ? decodeStakeAccount(reserveData)?.rentExemptReserve ?? 0n : 0n;
  const reserveLamports = BigInt(reserveInfo.value?.lamports ?? 0);
  return {
    pool, owner, epoch: BigInt(epochInfo.epoch), solLamports: BigInt(balance.value),
    tokenAccount: userPoolTokenAccount(pool, owner), tokenAccountExists: !!tokenData,
    tokenBalance: tokenData && tokenData.length >= 72 ? tokenData.readBigUInt64LE(64) : 0n,
    validators: listInfo.value ? decodeValidatorList(Buffer.from(listInfo.value.data[0], 'base64')) : [],
    reserveAvailable: reserveLamports > reserveRent ? reserveLamports - reserveRent : 0n,
    tokenAccountRent: BigInt(tokenRent), stakeAccountRent: BigInt(stakeRent), minimumDelegation: BigInt(minimumDelegation.value),
  };
}

/** The pool's addresses, read on their own: the first trip for a pool never seen. */
async function readPoolState(rpc: RpcClient, poolAddress: PublicKey): Promise<PoolState> {
  const info = await rpc.call<{ value: Encoded }>('getAccountInfo', [poolAddress.toBase58(), { encoding: 'base64', commitment: 'confirmed' }]);
  return decodePool(poolAddress, info.value ? rawAccount(info.value) : null);
}

/** A whole context without a simulation: two trips (the pool, then what depends on it). */
export async function loadPoolContext(rpc: RpcClient, owner: PublicKey, poolAddress: PublicKey): Promise<PoolContext> {
  const pool = await readPoolState(rpc, poolAddress);
  return contextFrom(owner, poolAddress, await rpc.batch(contextCalls(owner, pool)));
}
