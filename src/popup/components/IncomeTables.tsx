// The income screen's figures as tables: per period (the bars' own numbers), per position, what is
// measured against what is estimated, and where the ledger's knowledge of each position begins.
import { formatUnits } from '../../shared/format';
import type { IncomeRow, IncomeView } from '../../shared/income';
import { byPosition, type Totals } from '../../shared/income-summary';

/** Exact SOL, grouped: the figures an accountant checks against the file. */
export const solAmount = (lamports: bigint) => `${formatUnits(lamports, 9)} SOL`;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function PeriodTable({
  caption,
  periods,
}: {
  caption: string;
  periods: { name: string; totals: Totals }[];
}) {
  return (
    <table class="figures" data-testid="income-periods">
      <caption class="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Period</th>
          <th scope="col">Income</th>
          <th scope="col">Of it estimated</th>
        </tr>
      </thead>
      <tbody>
        {periods.map((p) => (
          <tr key={p.name} data-testid="income-period" data-period={p.name}>
            <th scope="row">{p.name}</th>
            <td data-testid="income-period-amount">{solAmount(p.totals.income)}</td>
            <td>{solAmount(p.totals.estimated)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PositionTable({ rows }: { rows: readonly IncomeRow[] }) {
  const positions = byPosition(rows);
  if (!positions.length) return <p class="muted small">No income in this period.</p>;
  return (
    <table class="figures" data-testid="income-positions">
      <caption class="sr-only">Income by position</caption>
      <thead>
        <tr>
          <th scope="col">Position</th>
          <th scope="col">Income</th>
          <th scope="col">Realised</th>
        </tr>
      </thead>
      <tbody>
        {positions.map((p) => (
          <tr key={p.position} data-testid="income-position" data-position={p.position}>
            <th scope="row" class="mono small">
              {p.label}
            </th>
            <td data-testid="income-position-amount">{solAmount(p.totals.income)}</td>
            <td>{solAmount(p.totals.realised)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What is measured and what is estimated, in words. */
export function BasisStatement({ totals }: { totals: Totals }) {
  return (
    <p class="small" data-testid="income-basis">
      Measured: <strong>{solAmount(totals.measured)}</strong> (rates at the epochs’ edges, rewards the node
      reports, transactions as landed). Estimated: <strong>{solAmount(totals.estimated)}</strong> (a balance
      that changed while Tidepool was not looking, INF and mSOL rates read when Tidepool looked, lamports paid
      into a stake account that could be a transfer). Each row’s note says which, and why.
    </p>
  );
}

export function Coverage({ view }: { view: IncomeView }) {
  const { oldestEpoch, nodeStoppedAt } = view.rewards;
  return (
    <details class="card" data-testid="income-coverage">
      <summary>What this ledger covers</summary>
      <ul class="small">
        {view.positions.map((p) => (
          <li key={p.position}>
            {p.label}: from {day(p.firstSeenAt)} (epoch {p.firstSeenEpoch}), when Tidepool first saw it
            {p.kind === 'lst' ? '; income before is not in this ledger.' : '.'}
          </li>
        ))}
        <li>
          Stake rewards: {oldestEpoch === null ? 'none asked yet' : `from epoch ${oldestEpoch}`}
          {nodeStoppedAt !== null && `; the node keeps none for epoch ${nodeStoppedAt} or before`}.
        </li>
        <li>No values in dollars or any other money: the tax tool adds them.</li>
      </ul>
    </details>
  );
}
