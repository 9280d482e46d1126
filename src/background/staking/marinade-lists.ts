// Marinade's stake and validator lists, read by the slice: the delayed route (withdraw_stake_account)
// names one stake record and one validator record by index, and mainnet's lists are ~560 KB and
// ~183 KB at capacity while the State's counts say which prefix is in use. A route reads the used
// prefix once to choose, then only the two records it names (getAccountInfo with a dataSlice). The
// program checks both indexes (WrongStakeAccountOrIndex, WrongValidatorAccountOrIndex) and the
// stake's recorded delegation (StakeAccountNotUpdatedYet), so a stale choice is refused, never
// paid out wrong; the records read in the same batch as the simulation tell which and let it re-choose.
import { PublicKey } from '@solana/web3.js';
import {
  LIST_ITEMS_OFFSET,
  STAKE_LIST_DISCRIMINATOR,
  STAKE_RECORD,
  VALIDATOR_LIST_DISCRIMINATOR,
  VALIDATOR_RECORD,
} from '../../shared/marinade';
import { U64_MAX } from '../../shared/format';
import { rpcCall, type DataSlice } from '../chain/rpc-methods';
import type { MarinadeList } from './marinade-state';
import type { StakeToSplit } from './marinade-instructions';
import type { DecodedStake } from './stake-account';

/** The bytes of the items in use (and the discriminator): what choosing a record needs. */
const usedSlice = (list: MarinadeList): DataSlice => ({
  offset: 0,
  length: LIST_ITEMS_OFFSET + list.count * list.itemSize,
});

/** The bytes of one item: what re-checking a cached choice needs. */
const itemSlice = (list: MarinadeList, index: number): DataSlice => ({
  offset: LIST_ITEMS_OFFSET + index * list.itemSize,
  length: list.itemSize,
});

const sliceCall = (list: MarinadeList, dataSlice: DataSlice) =>
  rpcCall('getAccountInfo', [list.address.toBase58(), { encoding: 'base64', dataSlice }]);

/** Reads a list's items in use: to choose (once, and again when a cached choice no longer holds). */
export const usedItemsCall = (list: MarinadeList) => sliceCall(list, usedSlice(list));

/** Reads one item: the record a cached choice names, asked in the quote's batch. */
export const itemCall = (list: MarinadeList, index: number) => sliceCall(list, itemSlice(list, index));

export interface StakeRecord {
  index: number;
  stakeAccount: PublicKey;
  /** The delegation the crank last recorded; the program requires the stake account to equal it. */
  lastUpdateDelegatedLamports: bigint;
  lastUpdateEpoch: bigint;
  isEmergencyUnstaking: boolean;
}

export interface ValidatorRecord {
  index: number;
  /** The validator's vote account. */
  validatorAccount: PublicKey;
  activeBalance: bigint;
  score: number;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const key = (b: Uint8Array, at: number) => new PublicKey(b.subarray(at, at + 32));

/** One stake record from its item's bytes (itemSlice). */
export function decodeStakeRecord(item: Uint8Array, index: number): StakeRecord {
  return {
    index,
    stakeAccount: key(item, STAKE_RECORD.stakeAccount),
    lastUpdateDelegatedLamports: view(item).getBigUint64(STAKE_RECORD.lastUpdateDelegatedLamports, true),
    lastUpdateEpoch: view(item).getBigUint64(STAKE_RECORD.lastUpdateEpoch, true),
    isEmergencyUnstaking: item[STAKE_RECORD.isEmergencyUnstaking] !== 0,
  };
}

/** One validator record from its item's bytes (itemSlice). */
export function decodeValidatorRecord(item: Uint8Array, index: number): ValidatorRecord {
  return {
    index,
    validatorAccount: key(item, VALIDATOR_RECORD.validatorAccount),
    activeBalance: view(item).getBigUint64(VALIDATOR_RECORD.activeBalance, true),
    score: view(item).getUint32(VALIDATOR_RECORD.score, true),
  };
}

function items<T>(
  list: MarinadeList,
  data: Uint8Array,
  discriminator: Uint8Array,
  decode: (item: Uint8Array, index: number) => T,
): T[] | null {
  if (data.length < usedSlice(list).length || discriminator.some((b, i) => data[i] !== b)) return null;
  return Array.from({ length: list.count }, (_, i) => {
    const { offset, length } = itemSlice(list, i);
    return decode(data.subarray(offset, offset + length), i);
  });
}

/** Every stake record in use, from the list's used prefix (or the whole account); null if it is not the list. */
export const stakeRecords = (list: MarinadeList, data: Uint8Array) =>
  items(list, data, STAKE_LIST_DISCRIMINATOR, decodeStakeRecord);

/** Every validator record in use, from the list's used prefix (or the whole account). */
export const validatorRecords = (list: MarinadeList, data: Uint8Array) =>
  items(list, data, VALIDATOR_LIST_DISCRIMINATOR, decodeValidatorRecord);

/** What the stake account itself says (decodeStakeAccount): the program checks it against the records. */
type Delegation = Pick<DecodedStake, 'voter' | 'delegated' | 'deactivationEpoch'>;

/** Whether the program would split this stake: delegated to this validator, active, as last recorded. */
function splittable(stake: StakeRecord, validator: ValidatorRecord, delegation: Delegation | null): boolean {
  return (
    !stake.isEmergencyUnstaking &&
    delegation !== null &&
    delegation.voter !== null &&
    delegation.voter.equals(validator.validatorAccount) &&
    delegation.deactivationEpoch === U64_MAX &&
    delegation.delegated === stake.lastUpdateDelegatedLamports
  );
}

/**
 * The stake to split `splitLamports` off: one the program would split (see splittable; a stake whose
 * rewards the crank has not yet recorded is refused as StakeAccountNotUpdatedYet) that keeps at least
 * `minStake` (StakeAccountRemainderTooLow); the largest such, so the choice stays good longest. Null
 * when none can: the delayed route is then unavailable for this amount.
 */
export function chooseStakeToSplit(
  stakes: readonly StakeRecord[],
  validators: readonly ValidatorRecord[],
  delegationOf: (stakeAccount: PublicKey) => Delegation | null,
  splitLamports: bigint,
  minStake: bigint,
): StakeToSplit | null {
  const byVote = new Map(validators.map((v) => [v.validatorAccount.toBase58(), v]));
  let best: { stake: StakeRecord; validator: ValidatorRecord } | null = null;
  for (const stake of stakes) {
    if (stake.lastUpdateDelegatedLamports < splitLamports + minStake) continue;
    const delegation = delegationOf(stake.stakeAccount);
    const validator = delegation?.voter && byVote.get(delegation.voter.toBase58());
    if (!validator || !splittable(stake, validator, delegation)) continue;
    if (!best || stake.lastUpdateDelegatedLamports > best.stake.lastUpdateDelegatedLamports)
      best = { stake, validator };
  }
  return (
    best && {
      stakeIndex: best.stake.index,
      stakeAccount: best.stake.stakeAccount,
      validatorIndex: best.validator.index,
    }
  );
}

/**
 * Whether a cached choice still holds, from the two records read at its indexes (itemSlice) and its
 * stake account, all in the quote's batch: if not, choose again from the lists (one more trip).
 */
export function choiceStillHolds(
  choice: StakeToSplit,
  stake: StakeRecord,
  validator: ValidatorRecord,
  delegation: Delegation | null,
): boolean {
  return (
    stake.index === choice.stakeIndex &&
    stake.stakeAccount.equals(choice.stakeAccount) &&
    validator.index === choice.validatorIndex &&
    splittable(stake, validator, delegation)
  );
}
