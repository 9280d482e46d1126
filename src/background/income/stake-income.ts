// What a native stake account earned, as rows: the inflation rewards the node reports for it per
// epoch (getInflationReward: what the epoch's first blocks credited, added to both its lamports and
// its delegation), and lamports that arrived above its delegation between two sightings (block
// revenue and MEV tips are paid that way; so would a transfer or a merge into it be, which the
// wallet cannot tell apart: estimated). Pure.
import type { IncomeRow } from '../../shared/income';
import { formatUnits, shortAddress } from '../../shared/format';
import type { StakeTrack } from './ledger-store';
import type { RowDraft } from './lst-income';

/** A stake account of the owner as one read saw it. */
export interface StakeSighting {
  address: string;
  lamports: bigint;
  delegated: bigint;
  at: number;
  epoch: number;
  /** The slot the node was at: its block's time dates what arrived above the delegation. */
  slot: number;
  /** From the account's delegation, when the read decoded it (the refresh's rows do not carry it). */
  activationEpoch?: number | null;
  deactivationEpoch?: number | null;
}

export const stakeLabel = (address: string) => `Stake account ${shortAddress(address)}`;

const sol = (lamports: bigint) => ({ amount: lamports.toString(), currency: 'SOL', decimals: 9 });

/** The account after this sighting and, when lamports above its delegation grew, the row for them. */
export async function observeStake(
  track: StakeTrack | undefined,
  seen: StakeSighting,
  growing: (id: string) => Promise<IncomeRow | undefined>,
): Promise<{ track: StakeTrack; row: RowDraft | null }> {
  const last = {
    at: seen.at,
    epoch: seen.epoch,
    lamports: seen.lamports.toString(),
    delegated: seen.delegated.toString(),
  };
  const epochs = {
    activationEpoch:
      seen.activationEpoch === undefined ? (track?.activationEpoch ?? null) : seen.activationEpoch,
    deactivationEpoch:
      seen.deactivationEpoch === undefined ? (track?.deactivationEpoch ?? null) : seen.deactivationEpoch,
  };
  if (!track)
    return {
      track: { firstSeen: { at: seen.at, epoch: seen.epoch }, last, goneAt: null, rewards: null, ...epochs },
      row: null,
    };
  const next: StakeTrack = { ...track, ...epochs, last, goneAt: null };
  const grew = seen.lamports - seen.delegated - (BigInt(track.last.lamports) - BigInt(track.last.delegated));
  if (grew <= 0n) return { track: next, row: null }; // unchanged, or withdrawn above the delegation
  const id = `excess:${seen.address}:${track.last.epoch}`;
  const before = await growing(id);
  const amount = grew + BigInt(before?.received?.amount ?? 0);
  const first = before?.epochs?.[0] ?? track.last.epoch;
  return {
    track: next,
    row: {
      row: {
        id,
        type: 'staking-income',
        at: seen.at,
        awaitingSlot: seen.slot,
        position: seen.address,
        positionLabel: stakeLabel(seen.address),
        received: sol(amount),
        sent: null,
        feeLamports: null,
        epochs: [first, seen.epoch],
        signature: null,
        basis: 'estimated',
        note: `${formatUnits(amount, 9)} SOL arrived above the delegation between Tidepool’s looks (block revenue or MEV tips are paid this way; a transfer or a merge into the account would look the same).`,
        realised: null,
      },
      growing: true,
    },
  };
}

/** One reward the node reported: its row, dated by the block it was credited in (asked separately). */
export function rewardRow(
  address: string,
  epoch: number,
  reward: { amount: bigint; postBalance: bigint; commissionBps: number | null },
  at: number,
): IncomeRow {
  const commission =
    reward.commissionBps === null ? '' : `; validator commission ${reward.commissionBps / 100}%`;
  return {
    id: `reward:${address}:${epoch}`,
    type: 'staking-income',
    at,
    awaitingSlot: null,
    position: address,
    positionLabel: stakeLabel(address),
    received: sol(reward.amount),
    sent: null,
    feeLamports: null,
    epochs: [epoch, epoch],
    signature: null,
    basis: 'measured',
    note: `Inflation reward for epoch ${epoch}, as the node reports it (balance after: ${formatUnits(reward.postBalance, 9)} SOL${commission}).`,
    realised: null,
  };
}
