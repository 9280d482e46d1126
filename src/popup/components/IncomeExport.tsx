// The ledger's files for an accountant: a calendar year (UTC) or a range of days, as CSV (the
// generic layout tax tools import) or as JSON of the same rows (shared/income-export.ts).
import { useState } from 'preact/hooks';
import type { IncomeView } from '../../shared/income';
import {
  exportName,
  incomeCsv,
  incomeJson,
  rangeBounds,
  rowsIn,
  yearRange,
  type DayRange,
} from '../../shared/income-export';
import { ErrorText } from '../../ui/components/ErrorText';
import { download } from '../download';

function save(view: IncomeView, range: DayRange, kind: 'csv' | 'json'): void {
  const rows = rowsIn(view.rows, range);
  if (kind === 'csv') download(exportName(range, 'csv'), incomeCsv(rows), 'text/csv');
  else
    download(
      exportName(range, 'json'),
      incomeJson(rows, { cluster: view.cluster, owner: view.owner, range }),
      'application/json',
    );
}

export function IncomeExport({ view, year }: { view: IncomeView; year: number }) {
  const [range, setRange] = useState<DayRange>({ from: `${year}-01-01`, to: `${year}-12-31` });
  const [problem, setProblem] = useState<string | null>(null);
  const custom = (kind: 'csv' | 'json') => {
    const bounds = rangeBounds(range);
    setProblem('problem' in bounds ? bounds.problem : null);
    if (!('problem' in bounds)) save(view, range, kind);
  };
  return (
    <section class="card stack" aria-labelledby="export-h">
      <h3 id="export-h">Export for your accountant</h3>
      <div class="row actions">
        <button onClick={() => save(view, yearRange(year), 'csv')}>{year} as CSV</button>
        <button onClick={() => save(view, yearRange(year), 'json')}>{year} as JSON</button>
      </div>
      <fieldset class="stack">
        <legend class="small">Or a range of days (UTC)</legend>
        <div class="row">
          <label class="grow">
            First day
            <input
              type="date"
              value={range.from}
              onInput={(e) => setRange({ ...range, from: e.currentTarget.value })}
            />
          </label>
          <label class="grow">
            Last day
            <input
              type="date"
              value={range.to}
              onInput={(e) => setRange({ ...range, to: e.currentTarget.value })}
            />
          </label>
        </div>
        <div class="row actions">
          <button onClick={() => custom('csv')}>Range as CSV</button>
          <button onClick={() => custom('json')}>Range as JSON</button>
        </div>
        <ErrorText error={problem} />
      </fieldset>
      <p class="small muted">
        Amounts in SOL and tokens only, dates in UTC; README’s “Staking income” says what each row means.
      </p>
    </section>
  );
}
