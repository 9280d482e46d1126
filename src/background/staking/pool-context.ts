// Everything a quote needs about one pool and one owner, read in two batched round trips: the
// pool, epoch and SOL balance first; then what depends on the pool (the owner's token account,
// the reserve, the validator list) and the rents and minimum delegation.
import { PublicKey } from '@solana/web3.js';
import type { ValidatorStakeInfo } from '@solana/spl-stake-pool/dist/layouts';
import type { EncodedAccount, RpcClient } from '../chain/rpc-client';
import { decodePool, type PoolState } from './pool-account';
import { rawAccount } from './pool-directory';
import { decodeValidatorList, userPoolTokenAccount } from './pool-instructions';
import { STAKE_ACCOUNT_SIZE, decodeStakeAccount } from './stake-account';

export const TOKEN_ACCOUNT_SIZE = 165;
type Encoded = EncodedAccount | null;

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

export async function loadPoolContext(rpc: RpcClient, owner: PublicKey, poolAddress: PublicKey): Promise<PoolContext> {
  const [poolInfo, epochInfo, balance] = await rpc.batch([
    { method: 'getAccountInfo', params: [poolAddress.toBase58(), { encoding: 'base64', commitment: 'confirmed' }] },
    { method: 'getEpochInfo', params: [{ commitment: 'confirmed' }] },
    { method: 'getBalance', params: [owner.toBase58(), { commitment: 'confirmed' }] },
  ]) as [{ value: Encoded }, { epoch: number }, { value: number }];
  const pool = decodePool(poolAddress, poolInfo.value ? rawAccount(poolInfo.value) : null);
  const tokenAccount = userPoolTokenAccount(pool, owner);
  const [tokenInfo, listInfo, reserveInfo, tokenRent, stakeRent, minimumDelegation] = await rpc.batch([
    { method: 'getAccountInfo', params: [tokenAccount.toBase58(), { encoding: 'base64', commitment: 'confirmed' }] },
    { method: 'getAccountInfo', params: [pool.validatorList.toBase58(), { encoding: 'base64', commitment: 'confirmed' }] },
    { method: 'getAccountInfo', params: [pool.reserveStake.toBase58(), { encoding: 'base64', commitment: 'confirmed' }] },
    { method: 'getMinimumBalanceForRentExemption', params: [TOKEN_ACCOUNT_SIZE] },
    { method: 'getMinimumBalanceForRentExemption', params: [STAKE_ACCOUNT_SIZE] },
    { method: 'getStakeMinimumDelegation', params: [{ commitment: 'confirmed' }] },
  ]) as [{ value: Encoded }, { value: Encoded }, { value: Encoded }, number, number, { value: number }];
  const tokenData = tokenInfo.value ? Buffer.from(tokenInfo.value.data[0], 'base64') : null;
  const reserveData = reserveInfo.value ? Buffer.from(reserveInfo.value.data[0], 'base64') : null;
  const reserveRent = reserveData ? decodeStakeAccount(reserveData)?.rentExemptReserve ?? 0n : 0n;
  const reserveLamports = BigInt(reserveInfo.value?.lamports ?? 0);
  return {
    pool, owner, epoch: BigInt(epochInfo.epoch), solLamports: BigInt(balance.value),
    tokenAccount, tokenAccountExists: !!tokenData,
    tokenBalance: tokenData && tokenData.length >= 72 ? tokenData.readBigUInt64LE(64) : 0n,
    validators: listInfo.value ? decodeValidatorList(Buffer.from(listInfo.value.data[0], 'base64')) : [],
    reserveAvailable: reserveLamports > reserveRent ? reserveLamports - reserveRent : 0n,
    tokenAccountRent: BigInt(tokenRent), stakeAccountRent: BigInt(stakeRent), minimumDelegation: BigInt(minimumDelegation.value),
  };
}
