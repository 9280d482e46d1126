// The accountant's files: read back with csv-parse (an RFC 4180 reader that is not the writer), a
// cell a spreadsheet would run as a formula (=, +, -, @ and their full-width forms, tab, carriage
// return: token names are anyone's to write) starts with ' instead; amounts are exact; a calendar
// year is UTC's, its last second in and the next year's first out; a bad range is a sentence.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { IncomeRow } from '../../src/shared/income';
import { incomeCsv, incomeFile, incomeJson } from '../../src/background/income/income-files';
import { rangeBounds, rowsIn, yearRange } from '../../src/shared/income-range';

const row = (over: Partial<IncomeRow>): IncomeRow => ({
  id: 'tx:1',
  type: 'stake',
  at: Date.UTC(2025, 5, 1, 12, 0, 0),
  awaitingSlot: null,
  position: 'So11111111111111111111111111111111111111112',
  positionLabel: 'X',
  received: { amount: '1234567890123', currency: 'JitoSOL', decimals: 9 },
  sent: { amount: '1000000000000', currency: 'SOL', decimals: 9 },
  feeLamports: '5000',
  epochs: [800, 800],
  signature: 'sig',
  basis: 'measured',
  note: 'Staked.',
  realised: null,
  ...over,
});

describe('the income CSV', () => {
  it('escapes every cell a spreadsheet would run as a formula, whatever the token calls itself', () => {
    const names = [
      '=HYPERLINK("https://evil.example","x")',
      '+1',
      '-1+2',
      '@SUM(A1)',
      '\t=1',
      '\r=1',
      '＝1',
      '＋1',
      '－1',
      '＠1',
    ];
    const csv = incomeCsv(
      names.map((currency, i) => row({ id: `tx:${i}`, received: { amount: '1', currency, decimals: 0 } })),
    );
    const [, ...rows] = parse(csv) as string[][];
    expect(rows.map((r) => r[3])).toEqual(names.map((n) => `'${n}`));
    // Every other cell of those rows is as written.
    expect(rows[0]).toEqual([
      '2025-06-01T12:00:00Z',
      'stake',
      '1',
      `'${names[0]}`,
      '1000',
      'SOL',
      '0.000005',
      'SOL',
      '800',
      'sig',
      'measured: Staked.',
    ]);
  });

  it('writes amounts exactly, with commas and quotes in a note kept inside its cell', () => {
    const csv = incomeCsv([
      row({ received: { amount: '1', currency: 'SOL', decimals: 9 }, note: 'a, "b"\nc', epochs: [7, 12] }),
    ]);
    const [header, cells] = parse(csv) as string[][];
    expect(header).toHaveLength(11);
    expect(cells!.slice(2, 4)).toEqual(['0.000000001', 'SOL']);
    expect(cells![8]).toBe('7-12');
    expect(cells![10]).toBe('measured: a, "b"\nc');
  });

  it('takes a calendar year in UTC: its last second in, the next year’s first out', () => {
    const rows = [
      row({ id: 'tx:a', at: Date.UTC(2024, 11, 31, 23, 59, 59) }),
      row({ id: 'tx:b', at: Date.UTC(2025, 0, 1, 0, 0, 0) }),
      row({ id: 'tx:c', at: Date.UTC(2025, 11, 31, 23, 59, 59) }),
      row({ id: 'tx:d', at: Date.UTC(2026, 0, 1, 0, 0, 0) }),
    ];
    expect(rowsIn(rows, yearRange(2025)).map((r) => r.id)).toEqual(['tx:b', 'tx:c']);
    expect(rowsIn(rows, { from: '2024-12-31', to: '2025-01-01' }).map((r) => r.id)).toEqual(['tx:a', 'tx:b']);
    const about = { cluster: 'c', owner: 'o' };
    expect(incomeFile(rows, yearRange(2025), 'csv', about)).toEqual({
      fileName: 'tidepool-staking-income-2025.csv',
      file: incomeCsv([rows[1]!, rows[2]!]),
    });
    expect(incomeFile(rows, { from: '2025-01-01', to: '2025-03-31' }, 'json', about).fileName).toBe(
      'tidepool-staking-income-2025-01-01_2025-03-31.json',
    );
  });

  it('says what is wrong with a range instead of writing an empty file', () => {
    expect(rangeBounds({ from: '2025-13-01', to: '2025-12-31' })).toEqual({
      problem: 'Enter the first day as a date (YYYY-MM-DD).',
    });
    expect(rangeBounds({ from: '2025-02-01', to: '2025-01-01' })).toEqual({
      problem: 'The last day is before the first.',
    });
  });

  it('writes the same rows as JSON: the CSV’s cells by column, with the ledger’s fields beside them', () => {
    const rows = [
      row({}),
      row({
        id: 'tx:2',
        type: 'unstake',
        realised: { costLamports: '5', resultLamports: '-1', costBasis: 'estimated' },
      }),
    ];
    const [, ...cells] = parse(incomeCsv(rows)) as string[][];
    const json = JSON.parse(incomeJson(rows, { cluster: 'c', owner: 'o', range: yearRange(2025) }));
    expect(json.rows.map((r: Record<string, unknown>) => Object.values(r).slice(0, 11))).toEqual(cells);
    expect(json.rows[1].realised).toEqual({
      costLamports: '5',
      resultLamports: '-1',
      costBasis: 'estimated',
    });
  });
});
