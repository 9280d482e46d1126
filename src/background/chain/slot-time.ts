// How long a slot lasts on this network, measured, never assumed (slot times are being cut:
// SIMD-0525). The node keeps a sample per minute of its own clock of how many slots passed
// (getRecentPerformanceSamples); the last hour of them, asked in the batch a refresh already
// sends, gives the mean slot time. Slot numbers count skipped slots too, as epochs do (432,000
// slots each), so it is the figure that turns slots into time: an epoch's length, when it ends.
//
// Why not the block times of the epoch's first slot and the current one: the first slot may have
// been skipped (no block, no time) or be gone from the node's ledger, the current slot must be
// known before its block time can be asked (a second trip), and block times are whole seconds
// voted by validators, so early in an epoch they say little.
import { rpcCall } from './rpc-methods';
import type { EpochInfo, PerformanceSample } from './rpc-shapes';

/** Minutes of samples: an hour, so a burst of skipped slots moves the figure little. */
const SAMPLES = 60;

export interface SlotTime {
  /** Mean milliseconds per slot. */
  ms: number;
  /** Seconds of the node's clock it was measured over. */
  periodSecs: number;
}

export const slotTimeCall = () => rpcCall('getRecentPerformanceSamples', [SAMPLES]);

/** The mean slot time over the samples, or null when the node has none yet (or they are not numbers). */
export function measuredSlotTime(samples: readonly PerformanceSample[]): SlotTime | null {
  let secs = 0;
  let slots = 0;
  for (const s of samples) {
    if (!Number.isSafeInteger(s.samplePeriodSecs) || !Number.isSafeInteger(s.numSlots)) return null;
    if (s.samplePeriodSecs <= 0 || s.numSlots < 0) return null;
    secs += s.samplePeriodSecs;
    slots += s.numSlots;
  }
  return secs > 0 && slots > 0 ? { ms: (secs * 1000) / slots, periodSecs: secs } : null;
}

/** What an epoch lasts here, and when the current one ends, at the measured slot time. */
export interface EpochTiming {
  epoch: number;
  slotMs: number;
  epochMs: number;
  /** From when the epoch was read. */
  endsInMs: number;
}

export function epochTiming(info: EpochInfo, slotTime: SlotTime | null): EpochTiming | null {
  if (!slotTime) return null;
  return {
    epoch: info.epoch,
    slotMs: slotTime.ms,
    epochMs: info.slotsInEpoch * slotTime.ms,
    endsInMs: Math.round(Math.max(0, info.slotsInEpoch - info.slotIndex) * slotTime.ms),
  };
}
