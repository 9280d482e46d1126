// The bench's statistics: medians and quartiles by linear interpolation, differences taken pair by
// pair (so a slow moment that hit a figure and its floor alike cancels), and how they print.
import { describe, expect, it } from 'vitest';
import { formatOverFloor, formatSpread, pairedDifference, spread } from '../../tools/bench/stats';

describe('bench statistics', () => {
  it('medians and quartiles, whatever the order of the samples', () => {
    expect(spread([5, 1, 3])).toEqual({ median: 3, p25: 2, p75: 4, n: 3 });
    expect(spread([40, 10, 30, 20])).toEqual({ median: 25, p25: 17.5, p75: 32.5, n: 4 });
    expect(() => spread([])).toThrow(/no samples/);
  });

  it('a paired difference cancels load that hit both: a constant gap stays constant', () => {
    const floor = [100, 300, 120, 500];
    const figure = floor.map((f) => f + 40);
    expect(pairedDifference(figure, floor)).toEqual({ median: 40, p25: 40, p75: 40, n: 4 });
    // Unpaired, the medians' difference would be the same here, but the spread would be the load's.
    expect(spread(figure).p75 - spread(figure).p25).toBeGreaterThan(100);
    expect(() => pairedDifference([1], [1, 2])).toThrow(/same length/);
  });

  it('prints a median with its range, and the difference with a sign and the ratio of medians', () => {
    expect(formatSpread(spread([90, 100, 110]))).toBe('100 ms (95–105)');
    const floor = spread([100, 100]);
    const figure = spread([150, 150]);
    expect(formatOverFloor(pairedDifference([150, 150], [100, 100]), figure, floor)).toBe(
      '+50 ms (50–50) ×1.50',
    );
    expect(formatOverFloor(spread([-30, -2, 10]), spread([98]), spread([100]))).toBe('−2 ms (−16–4) ×0.98');
  });
});
