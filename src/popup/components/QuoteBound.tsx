// The guarantee of a quoted stake, unstake or conversion, in the words every screen uses
// (shared/guarantee.ts): only what the pool program enforces, the tolerance taken off it beside it,
// and what else arrives named as not guaranteed; or plainly that no minimum is enforced, and why.
import { formatUnits } from '../../shared/format';
import { guaranteeText, type Guarantee } from '../../shared/guarantee';

export function QuoteBound({
  guarantee,
  decimals,
  unit,
}: {
  guarantee: Guarantee;
  decimals: number;
  /** The output's symbol, or a phrase such as "SOL in the stake account". */
  unit: string;
}) {
  // Every digit: a rounded figure could read larger than the one enforced.
  const { headline, notes } = guaranteeText(
    guarantee,
    (units) => `${formatUnits(BigInt(units), decimals)} ${unit}`,
  );
  return (
    <>
      <dt>Guaranteed</dt>
      <dd data-testid="bound" data-kind={guarantee.kind}>
        {headline}
        {notes.map((note) => (
          <span key={note} class="muted small block">
            {note}
          </span>
        ))}
      </dd>
    </>
  );
}
