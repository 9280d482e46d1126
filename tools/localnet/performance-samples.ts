// getRecentPerformanceSamples as a validator answers it: one sample per 60 seconds of the chain's
// clock, newest first, each with the slots and transactions of its minute. Here the clock is the
// slot times the slot time (chain-clock.ts), so a sample's slots per minute are what the slot time
// makes them, and a wallet that measures the slot time from them measures the configured one.
import type { ChainClock } from './chain-clock.ts';
import type { TransactionHistory } from './transaction-history.ts';

const SAMPLE_MS = 60_000n;
/** How many samples a validator keeps (12 hours of them). */
export const MAX_PERFORMANCE_SAMPLES = 720;

export interface PerformanceSample {
  slot: number;
  numTransactions: number;
  numNonVoteTransactions: number;
  numSlots: number;
  samplePeriodSecs: number;
}

/** The newest `limit` complete samples since the chain's first block. */
export function performanceSamples(
  clock: ChainClock,
  history: TransactionHistory,
  limit: number,
): PerformanceSample[] {
  const first = clock.blocks.first;
  const startMs = first * clock.slotMs;
  const complete = (clock.slot * clock.slotMs - startMs) / SAMPLE_MS;
  const endSlot = (k: bigint) => (k < 0n ? first : (startMs + SAMPLE_MS * (k + 1n)) / clock.slotMs);
  const samples: PerformanceSample[] = [];
  for (let k = complete - 1n; k >= 0n && samples.length < limit; k--) {
    const [from, to] = [endSlot(k - 1n), endSlot(k)];
    // The first sample counts its first slot's transactions too.
    const transactions = history.countInSlots(k === 0n ? from - 1n : from, to);
    samples.push({
      slot: Number(to),
      numTransactions: transactions,
      // The localnet has no votes: every transaction is a non-vote one.
      numNonVoteTransactions: transactions,
      numSlots: Number(to - from),
      samplePeriodSecs: Number(SAMPLE_MS / 1000n),
    });
  }
  return samples;
}
