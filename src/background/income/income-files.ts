// The income ledger as files for an accountant: a CSV in the generic layout tax tools import
// (one row per ledger row, the columns below) and a JSON of the same rows. Amounts are exact
// decimals (no grouping, no rounding); dates are UTC, ISO 8601. A cell that starts with =, +, -, @
// (or their full-width forms, a tab or a carriage return) is written with a leading ' so no
// spreadsheet runs it as a formula: currency names come from token metadata anyone can write.
// csv-stringify does the quoting (RFC 4180) and that escaping (escape_formulas); it runs here, in
// the worker, which has the Buffer it needs, and the popup only saves the text.
import { stringify } from 'csv-stringify/sync';
import type { IncomeRow, Money } from '../../shared/income';
import { rowsIn, type DayRange } from '../../shared/income-range';

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
  return JSON.stringify({
    format: 'tidepool-staking-income',
    version: 1,
    ...about,
    columns: CSV_COLUMNS,
    rows: rows.map((row) => ({
      ...Object.fromEntries(exportCells(row).map((cell, i) => [CSV_COLUMNS[i]!, cell])),
      position: row.position,
      basis: row.basis,
      realised: row.realised,
    })),
  });
}

/** A file name for the range: the year when it is one calendar year. */
function exportName(range: DayRange, extension: 'csv' | 'json'): string {
  const year = range.from.slice(0, 4);
  const whole = range.from === `${year}-01-01` && range.to === `${year}-12-31`;
  return `tidepool-staking-income-${whole ? year : `${range.from}_${range.to}`}.${extension}`;
}

/** The rows of `range` as the file of `format`, with its name. */
export function incomeFile(
  rows: readonly IncomeRow[],
  range: DayRange,
  format: 'csv' | 'json',
  about: { cluster: string; owner: string },
): { fileName: string; file: string } {
  const inRange = rowsIn(rows, range);
  return {
    fileName: exportName(range, format),
    file: format === 'csv' ? incomeCsv(inRange) : incomeJson(inRange, { ...about, range }),
  };
}
