// The ledger summed the way the income screen shows it: by month (UTC) within a year, by year, and
// by position, each split into what is measured and what is estimated. Staking income is the rows
// of that type (a rate that fell counts against it); realised results are the unstakes' and
// conversions'. Lamports as bigint, summed exactly.
import type { IncomeRow } from './income';

export interface Totals {
  income: bigint;
  measured: bigint;
  estimated: bigint;
  /** Realised results of unstakes and conversions. */
  realised: bigint;
  rows: number;
}

const zero = (): Totals => ({ income: 0n, measured: 0n, estimated: 0n, realised: 0n, rows: 0 });

/** A row's staking income in lamports (0 for other types). */
function incomeOf(row: IncomeRow): bigint {
  if (row.type !== 'staking-income') return 0n;
  return BigInt(row.received?.amount ?? 0) - BigInt(row.sent?.amount ?? 0);
}

function add(totals: Totals, row: IncomeRow): void {
  const income = incomeOf(row);
  totals.income += income;
  if (row.basis === 'measured') totals.measured += income;
  else totals.estimated += income;
  totals.realised += BigInt(row.realised?.resultLamports ?? 0);
  totals.rows++;
}

function grouped(rows: readonly IncomeRow[], keyOf: (row: IncomeRow) => string): Map<string, Totals> {
  const out = new Map<string, Totals>();
  for (const row of rows) {
    const key = keyOf(row);
    const totals = out.get(key) ?? zero();
    add(totals, row);
    out.set(key, totals);
  }
  return out;
}

export const yearOf = (row: IncomeRow) => new Date(row.at).getUTCFullYear();
/** 'YYYY-MM', UTC. */
const monthOf = (row: IncomeRow) => new Date(row.at).toISOString().slice(0, 7);

/** The calendar years (UTC) the rows fall in, newest first. */
export function yearsOf(rows: readonly IncomeRow[]): number[] {
  return [...new Set(rows.map(yearOf))].sort((a, b) => b - a);
}

/** Every month of `year`, January first, with the rows' totals (months without rows: zero). */
export function byMonth(rows: readonly IncomeRow[], year: number): { month: string; totals: Totals }[] {
  const sums = grouped(
    rows.filter((r) => yearOf(r) === year),
    monthOf,
  );
  return Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, '0')}`;
    return { month, totals: sums.get(month) ?? zero() };
  });
}

/** Every year the rows fall in, oldest first. */
export function byYear(rows: readonly IncomeRow[]): { year: number; totals: Totals }[] {
  const sums = grouped(rows, (r) => String(yearOf(r)));
  return [...sums].map(([year, totals]) => ({ year: Number(year), totals })).sort((a, b) => a.year - b.year);
}

/** Per position (its label from its newest row), largest income first. */
export function byPosition(
  rows: readonly IncomeRow[],
): { position: string; label: string; totals: Totals }[] {
  const sums = grouped(rows, (r) => r.position);
  const labels = new Map(rows.map((r) => [r.position, r.positionLabel]));
  return [...sums]
    .map(([position, totals]) => ({ position, label: labels.get(position) ?? position, totals }))
    .sort((a, b) => (b.totals.income > a.totals.income ? 1 : b.totals.income < a.totals.income ? -1 : 0));
}

export function total(rows: readonly IncomeRow[]): Totals {
  const totals = zero();
  for (const row of rows) add(totals, row);
  return totals;
}
