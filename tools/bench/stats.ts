// Medians and spread for bench samples, and paired differences: a figure and its floor measured
// in alternation, so each difference compares two opens that met the same machine load.

interface Spread {
  median: number;
  p25: number;
  p75: number;
  n: number;
}

function quantile(sorted: number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

export function spread(samples: number[]): Spread {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    n: sorted.length,
  };
}

/** The per-pair difference `figure[i] - floor[i]`: pairs share their moment, so load cancels out. */
export function pairedDifference(figure: number[], floor: number[]): Spread {
  if (figure.length !== floor.length) throw new Error('paired samples must have the same length');
  return spread(figure.map((value, i) => value - floor[i]!));
}

/** Whole milliseconds, with a real minus sign so "−30–10" reads as a range. */
const whole = (value: number) => `${value < -0.5 ? '−' : ''}${Math.abs(value).toFixed(0)}`;
const range = (s: Spread) => `(${whole(s.p25)}–${whole(s.p75)})`;

/** "123 ms (110–140)": the median and the interquartile range. */
export function formatSpread(s: Spread): string {
  return `${whole(s.median)} ms ${range(s)}`;
}

/** "+45 ms (30–60) ×1.3": the median paired difference with its spread, and the ratio of medians. */
export function formatOverFloor(difference: Spread, figure: Spread, floor: Spread): string {
  const sign = difference.median < -0.5 ? '' : '+';
  const ratio = floor.median > 0 ? ` ×${(figure.median / floor.median).toFixed(2)}` : '';
  return `${sign}${whole(difference.median)} ms ${range(difference)}${ratio}`;
}

/** "6 req / 1 trips": JSON-RPC requests and the HTTP round trips that carried them. */
export const formatCounts = (c: { requests: number; roundTrips: number }) =>
  `${c.requests} req / ${c.roundTrips} trips`;
