// A range of days for the income files, UTC: a calendar year, or any first and last day a person
// enters (both included). Shared by the popup, which checks what was typed, and the worker, which
// writes the files.
import type { IncomeRow } from './income';

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
