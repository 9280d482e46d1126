// The ledger's files for an accountant: a calendar year (UTC) or a range of days, as CSV (the
// generic layout tax tools import) or as JSON of the same rows (shared/income-export.ts).
import { useState } from 'preact/hooks';
import { rangeBounds, yearRange, type DayRange } from '../../shared/income-range';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { Field } from '../../ui/components/Field';
import { useAction } from '../../ui/use-action';
import { download } from '../download';

const TYPES = { csv: 'text/csv', json: 'application/json' } as const;

export function IncomeExport({ year }: { year: number }) {
  const [range, setRange] = useState<DayRange>(yearRange(year));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useAction(async (days: DayRange, format: 'csv' | 'json') => {
    const { fileName, file } = await call('income:export', { ...days, format });
    download(fileName, file, TYPES[format]);
  });
  const custom = (format: 'csv' | 'json') => {
    const bounds = rangeBounds(range);
    setProblem('problem' in bounds ? bounds.problem : null);
    if (!('problem' in bounds)) void save.run(range, format);
  };
  return (
    <section class="card stack" aria-labelledby="export-h">
      <h3 id="export-h">Export for your accountant</h3>
      <div class="row actions">
        <button onClick={() => save.run(yearRange(year), 'csv')} disabled={save.busy}>
          {year} as CSV
        </button>
        <button onClick={() => save.run(yearRange(year), 'json')} disabled={save.busy}>
          {year} as JSON
        </button>
      </div>
      <fieldset class="stack">
        <legend class="small">Or a range of days (UTC)</legend>
        <div class="row">
          <Field
            label="First day"
            placeholder="YYYY-MM-DD"
            value={range.from}
            onValue={(from) => setRange({ ...range, from })}
          />
          <Field
            label="Last day"
            placeholder="YYYY-MM-DD"
            value={range.to}
            onValue={(to) => setRange({ ...range, to })}
          />
        </div>
        <div class="row actions">
          <button onClick={() => custom('csv')}>Range as CSV</button>
          <button onClick={() => custom('json')}>Range as JSON</button>
        </div>
        <ErrorText error={problem ?? save.error} />
      </fieldset>
      <p class="small muted">
        Amounts in SOL and tokens only, dates in UTC; README’s “Staking income” says what each row means.
      </p>
    </section>
  );
}
