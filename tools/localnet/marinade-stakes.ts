// Marinade's stake and validator lists for the localnet, and the stake accounts they name, built to
// agree with a State: as many records as its counts say, the active stakes adding up to its
// total_active_balance (one validator each, scores adding up to total_validator_score), and, when
// the State counts emergency_cooling_down, one emergency-unstaking stake of that amount on a
// zero-score validator, deactivating. The other validators have no stake, as most of mainnet's do.
// Mainnet's vote and stake addresses are not in the dumps: these are derived from the State's address
// (createWithSeed), and the vote accounts are not created (no Marinade route reads them).
import { PublicKey, StakeProgram, VoteProgram } from '@solana/web3.js';
import { U64_MAX } from '../../src/shared/format.ts';
import {
  LIST_ITEMS_OFFSET,
  MARINADE_PROGRAM_ID,
  STAKE_LIST_DISCRIMINATOR,
  STAKE_RECORD,
  VALIDATOR_LIST_DISCRIMINATOR,
  VALIDATOR_RECORD,
} from '../../src/shared/marinade.ts';
import { STAKE_PROGRAM_ID, type StoredAccount } from './accounts.ts';

/**
 * Mainnet's list capacities, as the issue measured the accounts (~560 KB and ~183 KB): 8 + 10,000 × 56
 * and 8 + 3,000 × 61 bytes. The State records only how many items are used.
 */
const STAKE_LIST_CAPACITY = 10_000;
const VALIDATOR_LIST_CAPACITY = 3_000;
/** Where the emergency-unstaking record sits in the stake list: not first, so a route must skip it. */
const EMERGENCY_AT = 5;
const STAKE_ACCOUNT_SIZE = 200;
const WARMUP_COOLDOWN_RATE = 0.25;

export interface ListsOfState {
  state: PublicKey;
  stakeList: { address: PublicKey; itemSize: number; count: number };
  validatorList: { address: PublicKey; itemSize: number; count: number };
  totalActiveBalance: bigint;
  totalValidatorScore: number;
  emergencyCoolingDown: bigint;
  stakeDepositAuthority: PublicKey;
  stakeWithdrawAuthority: PublicKey;
  /** The chain's epoch: the records were last updated in it, the emergency stake deactivates in it. */
  epoch: bigint;
  rent: (bytes: number) => bigint;
}

interface Entry {
  address: string;
  account: StoredAccount;
}

/** n parts of `total` by uneven fixed weights (so the largest is not simply the first), summing to it. */
function split(total: bigint, n: number): bigint[] {
  const weights = Array.from({ length: n }, (_, i) => BigInt(1 + ((i * 5) % 11)));
  const sum = weights.reduce((a, b) => a + b, 0n);
  const parts = weights.map((w) => (total * w) / sum);
  parts[n - 1]! += total - parts.reduce((a, b) => a + b, 0n);
  return parts;
}

/** A stride through the validator list that visits distinct indices (coprime with its length). */
function stride(count: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let step = 7;
  while (gcd(step, count) !== 1) step++;
  return step;
}

function stakeAccount(s: ListsOfState, voter: PublicKey, stake: bigint, deactivation: bigint): StoredAccount {
  const data = Buffer.alloc(STAKE_ACCOUNT_SIZE);
  const rent = s.rent(STAKE_ACCOUNT_SIZE);
  data.writeUInt32LE(2, 0); // StakeStateV2::Stake
  data.writeBigUInt64LE(rent, 4);
  s.stakeDepositAuthority.toBuffer().copy(data, 12); // staker, as stake_reserve sets it
  s.stakeWithdrawAuthority.toBuffer().copy(data, 44); // withdrawer
  voter.toBuffer().copy(data, 124);
  data.writeBigUInt64LE(stake, 156);
  data.writeBigUInt64LE(0n, 164); // activated long ago: fully active (no stake history says otherwise)
  data.writeBigUInt64LE(deactivation, 172);
  data.writeDoubleLE(WARMUP_COOLDOWN_RATE, 180);
  return { lamports: stake + rent, owner: STAKE_PROGRAM_ID, data: new Uint8Array(data), executable: false };
}

function listAccount(discriminator: Uint8Array, itemSize: number, capacity: number) {
  const data = Buffer.alloc(LIST_ITEMS_OFFSET + itemSize * capacity);
  data.set(discriminator, 0);
  return data;
}

export async function marinadeLists(s: ListsOfState): Promise<Entry[]> {
  const { stakeList, validatorList } = s;
  const emergency = s.emergencyCoolingDown > 0n ? 1 : 0;
  const active = stakeList.count - emergency;
  if (active < 1 || validatorList.count < active + emergency)
    throw new Error('Marinade State: its lists are too short to hold its stake');
  const stakes = listAccount(STAKE_LIST_DISCRIMINATOR, stakeList.itemSize, STAKE_LIST_CAPACITY);
  const validators = listAccount(
    VALIDATOR_LIST_DISCRIMINATOR,
    validatorList.itemSize,
    VALIDATOR_LIST_CAPACITY,
  );
  const votes = await Promise.all(
    Array.from({ length: validatorList.count }, (_, i) =>
      PublicKey.createWithSeed(s.state, `marinade-vote-${i}`, VoteProgram.programId),
    ),
  );
  const step = stride(validatorList.count);
  const amounts = split(s.totalActiveBalance, active);
  const scores = split(BigInt(s.totalValidatorScore), active);
  const entries: Entry[] = [];
  const balance = new Map<number, { lamports: bigint; score: bigint }>();
  const emergencyAt = emergency ? Math.min(EMERGENCY_AT, stakeList.count - 1) : -1;
  for (let r = 0; r < stakeList.count; r++) {
    const isEmergency = r === emergencyAt;
    // The active stakes in list order, the emergency one after them.
    const a = isEmergency ? active : r - (emergencyAt >= 0 && r > emergencyAt ? 1 : 0);
    const validator = (a * step + 3) % validatorList.count;
    const lamports = isEmergency ? s.emergencyCoolingDown : amounts[a]!;
    const address = await PublicKey.createWithSeed(s.state, `marinade-stake-${r}`, StakeProgram.programId);
    entries.push({
      address: address.toBase58(),
      account: stakeAccount(s, votes[validator]!, lamports, isEmergency ? s.epoch : U64_MAX),
    });
    const at = LIST_ITEMS_OFFSET + r * stakeList.itemSize;
    address.toBuffer().copy(stakes, at + STAKE_RECORD.stakeAccount);
    stakes.writeBigUInt64LE(lamports, at + STAKE_RECORD.lastUpdateDelegatedLamports);
    stakes.writeBigUInt64LE(s.epoch, at + STAKE_RECORD.lastUpdateEpoch);
    stakes[at + STAKE_RECORD.isEmergencyUnstaking] = isEmergency ? 1 : 0;
    // An emergency-unstaking stake no longer counts in its validator's active balance, and its
    // validator has score 0 (the program refuses emergency unstakes from scored validators).
    if (!isEmergency) balance.set(validator, { lamports, score: scores[a]! });
  }
  for (let v = 0; v < validatorList.count; v++) {
    const at = LIST_ITEMS_OFFSET + v * validatorList.itemSize;
    const vote = votes[v]!;
    const [, bump] = PublicKey.findProgramAddressSync(
      [s.state.toBuffer(), Buffer.from('unique_validator'), vote.toBuffer()],
      MARINADE_PROGRAM_ID,
    );
    vote.toBuffer().copy(validators, at + VALIDATOR_RECORD.validatorAccount);
    validators.writeBigUInt64LE(balance.get(v)?.lamports ?? 0n, at + VALIDATOR_RECORD.activeBalance);
    validators.writeUInt32LE(Number(balance.get(v)?.score ?? 0n), at + VALIDATOR_RECORD.score);
    validators.writeBigUInt64LE(U64_MAX, at + VALIDATOR_RECORD.lastStakeDeltaEpoch); // "never"
    validators[at + VALIDATOR_RECORD.duplicationFlagBump] = bump;
  }
  const owned = (data: Buffer): StoredAccount => ({
    lamports: s.rent(data.length),
    owner: MARINADE_PROGRAM_ID.toBase58(),
    data: new Uint8Array(data),
    executable: false,
  });
  entries.push({ address: stakeList.address.toBase58(), account: owned(stakes) });
  entries.push({ address: validatorList.address.toBase58(), account: owned(validators) });
  return entries;
}
