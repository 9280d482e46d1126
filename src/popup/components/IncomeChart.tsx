// Income per period as bars (inline SVG, no chart library): one bar per month of a year or per
// year, its height the period's staking income, the estimated part drawn lighter on top of the
// measured. The same figures are in the table beside it, which is what assistive technology reads.
import { formatLamports } from '../../shared/format';
import type { Totals } from '../../shared/income-summary';

const W = 320;
const H = 96;
const PAD = 14;

export function IncomeChart({ bars, label }: { bars: { name: string; totals: Totals }[]; label: string }) {
  const top = bars.reduce((m, b) => (b.totals.income > m ? b.totals.income : m), 0n);
  const slot = (W - 2) / Math.max(bars.length, 1);
  // Heights scaled in bigint first (a ratio of two lamport figures), then to pixels.
  const height = (lamports: bigint) =>
    top <= 0n || lamports <= 0n ? 0 : (Number((lamports * 10_000n) / top) / 10_000) * (H - PAD - 2);
  return (
    <figure class="stack" style="margin:0" data-testid="income-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={label}>
        <title>{label}</title>
        {bars.map((bar, i) => {
          const measured = height(bar.totals.measured < 0n ? 0n : bar.totals.measured);
          const all = height(bar.totals.income);
          const x = 1 + i * slot + slot * 0.15;
          const w = slot * 0.7;
          return (
            <g key={bar.name}>
              <rect x={x} y={H - PAD - all} width={w} height={all} fill="var(--accent)" opacity="0.45" />
              <rect
                x={x}
                y={H - PAD - Math.min(measured, all)}
                width={w}
                height={Math.min(measured, all)}
                fill="var(--accent)"
              />
              <text x={x + w / 2} y={H - 3} font-size="9" text-anchor="middle" fill="currentColor">
                {bar.name}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="small muted">
        Highest: {formatLamports(top, 6)} SOL. Solid: measured; light: estimated.
      </figcaption>
    </figure>
  );
}
