// Staking income: what each position earned, by month of a year or by year, from the ledger the
// background keeps (opening the screen books the stake accounts' rewards not yet asked, and dates
// new rows); what is measured and what is estimated; where the ledger begins; and the files for an
// accountant. Months and years are UTC, as in the files.
import { useEffect, useState } from 'preact/hooks';
import type { IncomeView } from '../../shared/income';
import { byMonth, byYear, total, yearOf, yearsOf } from '../../shared/income-summary';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { useAction } from '../../ui/use-action';
import { IncomeChart } from '../components/IncomeChart';
import { IncomeExport } from '../components/IncomeExport';
import { BasisStatement, Coverage, PeriodTable, PositionTable, solAmount } from '../components/IncomeTables';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function Figures({ view }: { view: IncomeView }) {
  const years = yearsOf(view.rows);
  const [chosen, setChosen] = useState<number | null>(null);
  const [per, setPer] = useState<'month' | 'year'>('month');
  const year = chosen ?? years[0] ?? new Date().getUTCFullYear();
  const rows = per === 'month' ? view.rows.filter((r) => yearOf(r) === year) : view.rows;
  const periods =
    per === 'month'
      ? byMonth(view.rows, year).map(({ month, totals }) => ({ name: month, totals }))
      : byYear(view.rows).map(({ year: y, totals }) => ({ name: String(y), totals }));
  const bars = periods.map((p) => ({
    name: per === 'month' ? MONTHS[Number(p.name.slice(5)) - 1]! : p.name,
    totals: p.totals,
  }));
  const sums = total(rows);
  const scope = per === 'month' ? String(year) : 'all years';
  return (
    <>
      <section class="card stack" aria-labelledby="income-total-h">
        <div class="row">
          <label class="grow">
            Year
            <select value={year} onChange={(e) => setChosen(Number(e.currentTarget.value))}>
              {(years.length ? years : [year]).map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <fieldset class="row small">
            <legend class="sr-only">Show</legend>
            {(['month', 'year'] as const).map((p) => (
              <label key={p} class="choice">
                <input type="radio" name="per" checked={per === p} onChange={() => setPer(p)} />
                By {p}
              </label>
            ))}
          </fieldset>
        </div>
        <h3 id="income-total-h">
          Income, {scope}: <span data-testid="income-total">{solAmount(sums.income)}</span>
        </h3>
        <IncomeChart bars={bars} label={`Staking income by ${per}, ${scope}, in SOL`} />
        <PeriodTable caption={`Income by ${per}, ${scope}`} periods={periods} />
        <BasisStatement totals={sums} />
      </section>
      <section class="card stack" aria-labelledby="income-positions-h">
        <h3 id="income-positions-h">By position, {scope}</h3>
        <PositionTable rows={rows} />
      </section>
      <IncomeExport key={year} year={year} />
    </>
  );
}

export function Income() {
  const [view, setView] = useState<IncomeView | null>(null);
  const load = useAction(async () => setView(await call('income:get')));
  useEffect(() => void load.run(), []);
  return (
    <main class="screen stack">
      <div class="row">
        <h2 class="grow">Staking income</h2>
        <button onClick={() => load.run()} disabled={load.busy}>
          Refresh
        </button>
      </div>
      <ErrorText error={load.error} />
      {!view && !load.error && (
        <p class="muted" aria-busy="true">
          Reading rewards from the network…
        </p>
      )}
      {view && (
        <>
          {view.rows.length === 0 && (
            <p class="muted">
              Nothing yet: income is booked from the first time Tidepool sees a staked position, epoch by
              epoch.
            </p>
          )}
          <Figures view={view} />
          <Coverage view={view} />
        </>
      )}
    </main>
  );
}
