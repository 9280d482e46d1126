// Native stake accounts: decoding the stake program's account and naming its state. The state is
// read from the delegation's epochs; the cluster's warm-up can spread a very large activation
// over more epochs, which the RPC would tell only through stake history.
import { PublicKey, StakeProgram } from '@solana/web3.js';
import { U64_MAX } from '../../shared/format';
import type { NativeStakeAccount, StakeAccountState } from '../../shared/staking';
import { rpcCall, type DataSlice, type ReadConfig } from '../chain/rpc-methods';
import type { EncodedAccount } from '../chain/rpc-shapes';

export const STAKE_ACCOUNT_SIZE = 200;
/** Offset of the withdraw authority, for getProgramAccounts by owner. */
const STAKE_WITHDRAWER_OFFSET = 44;
/** A deactivation epoch of u64::MAX means "never deactivated". */
const EPOCH_MAX = U64_MAX;
/** The stake accounts `owner` may withdraw from, as getProgramAccounts lists them (`config`: a slice, a slot). */
export const ownerStakeAccountsCall = (owner: string, config: ReadConfig & { dataSlice?: DataSlice } = {}) =>
  rpcCall('getProgramAccounts', [
    StakeProgram.programId.toBase58(),
    {
      encoding: 'base64',
      ...config,
      filters: [
        { dataSize: STAKE_ACCOUNT_SIZE },
        { memcmp: { offset: STAKE_WITHDRAWER_OFFSET, bytes: owner } },
      ],
    },
  ]);

/** Seeds of the stake accounts Tidepool's delayed unstake creates (createAccountWithSeed). */
const UNSTAKE_SEED_PREFIX = 'tidepool-unstake-';
/** Seeds are at most 32 bytes: the prefix plus 15 characters. */
const SEED_TAG_LENGTH = 32 - UNSTAKE_SEED_PREFIX.length;

/**
 * The seed of a delayed unstake's new stake account. A fresh one per quote by default; a request
 * that is shown before it is carried out (a dApp's) names its own tag, so the account the window
 * shows is the account that is signed for.
 */
export function unstakeSeed(tag = Date.now().toString(36)): string {
  return `${UNSTAKE_SEED_PREFIX}${tag.replace(/[^0-9A-Za-z]/g, '').slice(0, SEED_TAG_LENGTH)}`;
}

export interface DecodedStake {
  tag: number;
  staker: PublicKey;
  withdrawer: PublicKey;
  rentExemptReserve: bigint;
  lockupEpoch: bigint;
  lockupUnixTimestamp: bigint;
  custodian: PublicKey;
  voter: PublicKey | null;
  delegated: bigint;
  activationEpoch: bigint;
  deactivationEpoch: bigint;
}

export function decodeStakeAccount(data: Uint8Array): DecodedStake | null {
  if (data.length < STAKE_ACCOUNT_SIZE) return null;
  const view = Buffer.from(data);
  const tag = view.readUInt32LE(0);
  if (tag !== 1 && tag !== 2) return null;
  const delegatedState = tag === 2;
  return {
    tag,
    rentExemptReserve: view.readBigUInt64LE(4),
    staker: new PublicKey(view.subarray(12, 44)),
    withdrawer: new PublicKey(view.subarray(44, 76)),
    lockupUnixTimestamp: view.readBigInt64LE(76),
    lockupEpoch: view.readBigUInt64LE(84),
    custodian: new PublicKey(view.subarray(92, 124)),
    voter: delegatedState ? new PublicKey(view.subarray(124, 156)) : null,
    delegated: delegatedState ? view.readBigUInt64LE(156) : 0n,
    activationEpoch: delegatedState ? view.readBigUInt64LE(164) : 0n,
    deactivationEpoch: delegatedState ? view.readBigUInt64LE(172) : EPOCH_MAX,
  };
}

export function stakeState(stake: DecodedStake, epoch: bigint): StakeAccountState {
  if (stake.tag === 1) return 'initialized';
  // Deactivated in the epoch it was delegated: it never took effect, so nothing cools down.
  if (stake.deactivationEpoch === stake.activationEpoch) return 'inactive';
  if (stake.deactivationEpoch !== EPOCH_MAX)
    return stake.deactivationEpoch < epoch ? 'inactive' : 'deactivating';
  return stake.activationEpoch >= epoch ? 'activating' : 'active';
}

function toNativeStakeAccount(
  address: string,
  lamports: bigint,
  stake: DecodedStake,
  epoch: bigint,
  fromPool: boolean,
): NativeStakeAccount {
  const state = stakeState(stake, epoch);
  const staked = state === 'inactive' || state === 'initialized' ? 0n : stake.delegated;
  const free = lamports - staked - stake.rentExemptReserve;
  return {
    address,
    lamports: lamports.toString(),
    delegatedLamports: stake.delegated.toString(),
    rentReserveLamports: stake.rentExemptReserve.toString(),
    excessLamports: (staked > 0n && free > 0n ? free : 0n).toString(),
    voter: stake.voter?.toBase58() ?? null,
    staker: stake.staker.toBase58(),
    state,
    withdrawableEpoch: state === 'deactivating' ? Number(stake.deactivationEpoch + 1n) : null,
    lockup:
      stake.lockupEpoch > 0n || stake.lockupUnixTimestamp > 0n
        ? { epoch: Number(stake.lockupEpoch), unixTimestamp: Number(stake.lockupUnixTimestamp) }
        : null,
    fromPool,
    activationEpoch: stake.voter ? Number(stake.activationEpoch) : null,
    deactivationEpoch:
      stake.voter && stake.deactivationEpoch !== EPOCH_MAX ? Number(stake.deactivationEpoch) : null,
  };
}

/** A lockup in force forbids withdrawal until its epoch or time (unless the custodian signs). */
export function lockedUp(stake: DecodedStake, epoch: bigint, unixNow: bigint): boolean {
  return stake.lockupEpoch > epoch || stake.lockupUnixTimestamp > unixNow;
}

/** The owner's native stake accounts as getProgramAccounts lists them, decoded; those a delayed unstake left are marked as such. */
export function nativeStakeAccounts(
  stakes: readonly { pubkey: string; account: EncodedAccount }[],
  epoch: bigint,
  fromPool: ReadonlySet<string>,
): NativeStakeAccount[] {
  return stakes.flatMap(({ pubkey, account: a }) => {
    const decoded = decodeStakeAccount(Buffer.from(a.data[0], 'base64'));
    return decoded
      ? [toNativeStakeAccount(pubkey, BigInt(a.lamports), decoded, epoch, fromPool.has(pubkey))]
      : [];
  });
}
