// The picture of one LST's rate over time: the SOL one token was worth at each refresh where
// Tidepool saw it move (inline SVG, no chart library), the moment this person staked, and the
// pool's own rate at the start of its last epoch. The line only rises: that is the yield.
import { formatUnits, SOL_DECIMALS } from '../../shared/format';
import type { RatePoint } from '../../shared/staking';

const W = 300;
const H = 72;
const PAD = 4;

export function RateChart({
  symbol,
  points,
  stakedAt,
  lastEpochRate,
}: {
  symbol: string;
  points: RatePoint[];
  stakedAt: number | null;
  lastEpochRate: string | null;
}) {
  if (points.length < 2) return null;
  const rates = points.map((p) => BigInt(p.lamportsPerToken));
  const extra = lastEpochRate ? [BigInt(lastEpochRate)] : [];
  const all = [...rates, ...extra];
  const lo = all.reduce((a, b) => (b < a ? b : a));
  const hi = all.reduce((a, b) => (b > a ? b : a));
  const span = hi - lo || 1n;
  const t0 = points[0]!.at;
  const t1 = points[points.length - 1]!.at;
  const x = (at: number) => PAD + ((at - t0) / (t1 - t0 || 1)) * (W - 2 * PAD);
  // Scaled in bigint first: the ratio of two lamport figures, then to pixels.
  const y = (rate: bigint) => H - PAD - (Number(((rate - lo) * 10_000n) / span) / 10_000) * (H - 2 * PAD);
  const line = points.map((p, i) => `${x(p.at).toFixed(1)},${y(rates[i]!).toFixed(1)}`).join(' ');
  const first = formatUnits(rates[0]!, SOL_DECIMALS, 6);
  const last = formatUnits(rates[rates.length - 1]!, SOL_DECIMALS, 6);
  // Tidepool's first reading usually follows the stake by seconds: mark a stake that close at the start.
  const stakedShown = stakedAt !== null && stakedAt >= t0 - 3_600_000 && stakedAt <= t1;
  const stakedX = stakedAt === null ? 0 : x(Math.max(stakedAt, t0));
  const label = `Rate of 1 ${symbol} in SOL, as Tidepool saw it: from ${first} to ${last} SOL over ${points.length} readings`;
  return (
    <figure class="stack" style="margin:0" data-testid="rate-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={label}>
        <title>{label}</title>
        <rect
          x="0"
          y="0"
          width={W}
          height={H}
          rx="6"
          fill="none"
          stroke="currentColor"
          stroke-opacity="0.15"
        />
        {lastEpochRate && (
          <line
            x1={PAD}
            x2={W - PAD}
            y1={y(BigInt(lastEpochRate))}
            y2={y(BigInt(lastEpochRate))}
            stroke="currentColor"
            stroke-opacity="0.45"
            stroke-dasharray="4 3"
            data-testid="rate-chart-last-epoch"
          />
        )}
        <polyline points={line} fill="none" stroke="var(--accent)" stroke-width="2" stroke-linejoin="round" />
        {points.map((p, i) => (
          <circle key={p.at} cx={x(p.at)} cy={y(rates[i]!)} r="2.2" fill="var(--accent)" />
        ))}
        {stakedShown && (
          <line
            x1={stakedX}
            x2={stakedX}
            y1={PAD}
            y2={H - PAD}
            stroke="currentColor"
            stroke-opacity="0.6"
            data-testid="rate-chart-staked"
          />
        )}
      </svg>
      <figcaption class="small muted">
        1 {symbol}: {first} → <strong>{last} SOL</strong> (epochs {points[0]!.epoch}–
        {points[points.length - 1]!.epoch})
        {lastEpochRate && (
          <>
            {' '}
            · dashed: the pool’s rate at the start of its last epoch (
            {formatUnits(BigInt(lastEpochRate), SOL_DECIMALS, 6)})
          </>
        )}
        {stakedShown && <> · vertical line: when you staked</>}
      </figcaption>
    </figure>
  );
}
