// Delegated stake accounts (StakeStateV2::Stake, bincode, 200 bytes; solana-program/stake
// interface/src/state.rs) as the localnet reads and writes them for validators and rewards, and the
// stake a delegation has at an epoch. The localnet keeps no stake history, so the stake program (and
// this) takes a delegation as fully effective from the epoch after it was made through the epoch it is
// deactivated in: what the program computes when the history has no entry for those epochs.
import bs58 from 'bs58';
import { U64_MAX } from '../../src/shared/format.ts';

const STAKE = 2;
export const STAKE_ACCOUNT_SIZE = 200;
/** What stake program v5 writes into Meta.rent_exempt_reserve of every new account. */
const V5_RENT_EXEMPT_RESERVE = 2_282_880n;
/** Delegation.warmup_cooldown_rate as the stake program writes it (a deprecated field). */
const WARMUP_COOLDOWN_RATE = 0.25;

const AT = {
  kind: 0,
  rentExemptReserve: 4,
  staker: 12,
  withdrawer: 44,
  voter: 124,
  stake: 156,
  activationEpoch: 164,
  deactivationEpoch: 172,
  warmupCooldownRate: 180,
  creditsObserved: 188,
} as const;

export interface Delegation {
  voter: string;
  stake: bigint;
  activationEpoch: bigint;
  deactivationEpoch: bigint;
  creditsObserved: bigint;
}

/** The delegation of a stake account, or null when it is not delegated. */
export function decodeDelegation(data: Uint8Array): Delegation | null {
  if (data.length < STAKE_ACCOUNT_SIZE) return null;
  const d = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (d.readUInt32LE(AT.kind) !== STAKE) return null;
  return {
    voter: bs58.encode(d.subarray(AT.voter, AT.voter + 32)),
    stake: d.readBigUInt64LE(AT.stake),
    activationEpoch: d.readBigUInt64LE(AT.activationEpoch),
    deactivationEpoch: d.readBigUInt64LE(AT.deactivationEpoch),
    creditsObserved: d.readBigUInt64LE(AT.creditsObserved),
  };
}

/** `data` with the delegated stake and credits observed replaced (what a reward changes). */
export function withStakeAndCredits(data: Uint8Array, stake: bigint, creditsObserved: bigint): Uint8Array {
  const d = Buffer.from(data);
  d.writeBigUInt64LE(stake, AT.stake);
  d.writeBigUInt64LE(creditsObserved, AT.creditsObserved);
  return new Uint8Array(d);
}

/** A stake account delegated to `delegation.voter`, `authority` its staker and withdrawer, no lockup. */
export function encodeDelegatedStake(authority: string, delegation: Delegation): Uint8Array {
  const d = Buffer.alloc(STAKE_ACCOUNT_SIZE);
  d.writeUInt32LE(STAKE, AT.kind);
  d.writeBigUInt64LE(V5_RENT_EXEMPT_RESERVE, AT.rentExemptReserve);
  d.set(bs58.decode(authority), AT.staker);
  d.set(bs58.decode(authority), AT.withdrawer);
  d.set(bs58.decode(delegation.voter), AT.voter);
  d.writeBigUInt64LE(delegation.stake, AT.stake);
  d.writeBigUInt64LE(delegation.activationEpoch, AT.activationEpoch);
  d.writeBigUInt64LE(delegation.deactivationEpoch, AT.deactivationEpoch);
  d.writeDoubleLE(WARMUP_COOLDOWN_RATE, AT.warmupCooldownRate);
  d.writeBigUInt64LE(delegation.creditsObserved, AT.creditsObserved);
  return new Uint8Array(d);
}

/** The delegation's effective stake in `epoch` (no stake history: no warmup or cooldown). */
export function effectiveStake(delegation: Delegation, epoch: bigint): bigint {
  const { activationEpoch, deactivationEpoch } = delegation;
  // A bootstrap delegation (activation u64::MAX) is active from genesis.
  const bootstrap = activationEpoch === U64_MAX;
  if (!bootstrap && (activationEpoch === deactivationEpoch || epoch <= activationEpoch)) return 0n;
  return epoch <= deactivationEpoch ? delegation.stake : 0n;
}
