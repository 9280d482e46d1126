// The income ledger as files for an accountant: a CSV in the generic layout tax tools import
// (one row per ledger row, the columns below) and a JSON of the same rows. Amounts are exact
// decimals (no grouping, no rounding); dates are UTC, ISO 8601. A cell that starts with =, +, -, @
// (or their full-width forms, a tab or a carriage return) is written with a leading ' so no
// spreadsheet runs it as a formula: currency names come from token metadata anyone can write.
// csv-stringify does the quoting (RFC 4180) and that escaping (escape_formulas).
import { stringify } from 'csv-stringify/sync';
import type { IncomeRow, Money } from './income';

const CSV_COLUMNS = [
  'Date (UTC)',
  'Type',
  'Received Amount',
  'Received Currency',
  'Sent Amount',
  'Sent Currency',
  'Fee Amount',
  'Fee Currency',
  'Epoch',
  'Transaction Signature',
  'Note',
] as const;

/** A span of days, UTC, both ends included: 'YYYY-MM-DD'. */
export interface DayRange {
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** The calendar year `year`, UTC. */
export const yearRange = (year: number): DayRange => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/** The range's bounds in ms (end excluded), or a sentence saying what is wrong with it. */
export function rangeBounds(range: DayRange): { start: number; end: number } | { problem: string } {
  const start = DAY.test(range.from) ? Date.parse(`${range.from}T00:00:00Z`) : NaN;
  const last = DAY.test(range.to) ? Date.parse(`${range.to}T00:00:00Z`) : NaN;
  if (Number.isNaN(start)) return { problem: 'Enter the first day as a date (YYYY-MM-DD).' };
  if (Number.isNaN(last)) return { problem: 'Enter the last day as a date (YYYY-MM-DD).' };
  if (last < start) return { problem: 'The last day is before the first.' };
  return { start, end: last + MS_PER_DAY };
}

/** The rows dated within `range`, oldest first. */
export function rowsIn(rows: readonly IncomeRow[], range: DayRange): IncomeRow[] {
  const bounds = rangeBounds(range);
  if ('problem' in bounds) return [];
  return rows.filter((r) => r.at >= bounds.start && r.at < bounds.end);
}

/** Base units as an exact decimal, no grouping: 1500000000n, 9 → "1.5". */
function plainAmount(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

const amount = (m: Money | null) => (m ? plainAmount(BigInt(m.amount), m.decimals) : '');
/** ISO 8601 in UTC, to the second. */
const isoDate = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** One ledger row as the file's cells, in CSV_COLUMNS order. */
function exportCells(row: IncomeRow): string[] {
  const fee = row.feeLamports === null ? null : BigInt(row.feeLamports);
  const epochs = row.epochs
    ? row.epochs[0] === row.epochs[1]
      ? `${row.epochs[0]}`
      : row.epochs.join('-')
    : '';
  return [
    isoDate(row.at),
    row.type,
    amount(row.received),
    row.received?.currency ?? '',
    amount(row.sent),
    row.sent?.currency ?? '',
    fee === null ? '' : plainAmount(fee, 9),
    fee === null ? '' : 'SOL',
    epochs,
    row.signature ?? '',
    `${row.basis}: ${row.note}`,
  ];
}

export function incomeCsv(rows: readonly IncomeRow[]): string {
  return stringify([[...CSV_COLUMNS], ...rows.map(exportCells)], { escape_formulas: true });
}

/** The same rows as JSON: each the CSV's cells by column name, with the ledger's own fields beside them. */
export function incomeJson(
  rows: readonly IncomeRow[],
  about: { cluster: string; owner: string; range: DayRange },
): string {
  return JSON.stringify(
    {
      format: 'tidepool-staking-income',
      version: 1,
      ...about,
      columns: CSV_COLUMNS,
      rows: rows.map((row) => ({
        ...Object.fromEntries(CSV_COLUMNS.map((column, i) => [column, exportCells(row)[i]])),
        position: row.position,
        basis: row.basis,
        realised: row.realised,
      })),
    },
    null,
    1,
  );
}

/** A file name for the range: the year when it is one calendar year. */
export function exportName(range: DayRange, extension: 'csv' | 'json'): string {
  const year = range.from.slice(0, 4);
  const whole = range.from === `${year}-01-01` && range.to === `${year}-12-31`;
  return `tidepool-staking-income-${whole ? year : `${range.from}_${range.to}`}.${extension}`;
}
