// The slot time from a node's performance samples (getRecentPerformanceSamples, as Agave answers
// it: one sample per minute of the node's clock, slots counted by number, so skipped ones too) and
// the year of epochs it gives: the figures an APY and an epoch's end are taken from.
import { describe, expect, it } from 'vitest';
import { measuredSlotTime } from '../../src/background/chain/slot-time';
import { epochYear } from '../../src/background/staking/pool-math';

const sample = (numSlots: number, samplePeriodSecs = 60) => ({
  slot: 1,
  numSlots,
  numTransactions: 0,
  samplePeriodSecs,
});

describe('the measured slot time', () => {
  it('is the samples’ seconds over their slots, whatever the minute held', () => {
    expect(measuredSlotTime([sample(150), sample(150)])).toEqual({ ms: 400, periodSecs: 120 });
    expect(measuredSlotTime([sample(240), sample(240), sample(240)])).toEqual({ ms: 250, periodSecs: 180 });
    // A slow minute and a fast one: the mean over the period, not of the minutes.
    expect(measuredSlotTime([sample(100), sample(200)])).toEqual({ ms: 400, periodSecs: 120 });
  });

  it('says nothing without a sample, or from one that is not a count', () => {
    expect(measuredSlotTime([])).toBeNull();
    expect(measuredSlotTime([sample(0)])).toBeNull();
    expect(measuredSlotTime([sample(150), sample(150, 0)])).toBeNull();
    expect(measuredSlotTime([sample(1.5)])).toBeNull();
  });

  it('makes a year of epochs that many slots long: 250 ms slots make 1.6 times the 400 ms epochs', () => {
    const at400 = epochYear(432_000, { ms: 400, periodSecs: 3600 })!;
    const at250 = epochYear(432_000, { ms: 250, periodSecs: 3600 })!;
    expect(at400.epochs).toBeCloseTo((365.25 * 86_400) / (432_000 * 0.4), 12);
    expect(at250.epochs / at400.epochs).toBeCloseTo(1.6, 12);
    expect(epochYear(432_000, null)).toBeNull();
  });
});
