// A decimal amount as the user typed it, parsed exactly into base units; Max fills in what the
// background says can be spent.
import { useId } from 'preact/hooks';
import { AmountError, formatUnits, parseDecimal } from '../../shared/format';

export function parseAmount(text: string, decimals: number): { units: bigint | null; error: string | null } {
  if (!text.trim()) return { units: null, error: null };
  try {
    return { units: parseDecimal(text, decimals), error: null };
  } catch (error) {
    return { units: null, error: error instanceof AmountError ? error.message : 'Not a valid amount.' };
  }
}

interface Props {
  value: string;
  onValue: (v: string) => void;
  decimals: number;
  symbol: string;
  max: bigint | null;
  error: string | null;
  hint?: string;
}

export function AmountField({ value, onValue, decimals, symbol, max, error, hint }: Props) {
  const id = useId();
  return (
    <div>
      <label for={id}>Amount</label>
      <div class="row">
        <input
          id={id}
          inputMode="decimal"
          autocomplete="off"
          value={value}
          placeholder={`0.0 ${symbol}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-msg`}
          onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
        />
        <button
          type="button"
          disabled={max === null || max <= 0n}
          title={max === null ? 'Loading your balance' : undefined}
          onClick={() => max !== null && onValue(formatUnits(max, decimals).replace(/,/g, ''))}
        >
          Max
        </button>
      </div>
      <div id={`${id}-msg`} class={error ? 'error' : 'muted'} role={error ? 'alert' : undefined}>
        {error ?? hint ?? ''}
      </div>
    </div>
  );
}
