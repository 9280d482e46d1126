// A quote that follows the input: asked for a moment after typing stops, and only the answer to
// the latest input is kept. A quote that carries a prepared transaction is asked again before it
// grows stale (refreshMs), so a click always finds a fresh one to sign as it is.
import { useEffect, useRef, useState } from 'preact/hooks';
import { heldTo, type Guarantee } from '../../shared/guarantee';

const DEBOUNCE_MS = 250;
/** Below the background's 30 s limit on sending a quote's transaction as it is. */
export const QUOTE_REFRESH_MS = 25_000;

export function useQuote<Q>(
  key: string | null,
  fetch: () => Promise<Q>,
  refreshMs?: number,
): { quote: Q | null; error: string | null; loading: boolean } {
  const [state, setState] = useState<{ quote: Q | null; error: string | null; loading: boolean }>({
    quote: null,
    error: null,
    loading: false,
  });
  const latest = useRef(0);
  const [round, setRound] = useState(0);
  useEffect(() => {
    const mine = ++latest.current;
    if (!key) {
      setState({ quote: null, error: null, loading: false });
      return;
    }
    if (round === 0) setState((s) => ({ ...s, loading: true }));
    let refresh: ReturnType<typeof setTimeout> | undefined;
    const timer = setTimeout(
      () => {
        fetch().then(
          (quote) => {
            if (mine !== latest.current) return;
            setState({ quote, error: null, loading: false });
            if (refreshMs) refresh = setTimeout(() => setRound((r) => r + 1), refreshMs);
          },
          (error: Error) => {
            if (mine !== latest.current) return;
            // A failed refresh keeps the quote on screen (a click re-quotes a stale one anyway) and tries again.
            if (round > 0 && refreshMs) refresh = setTimeout(() => setRound((r) => r + 1), refreshMs);
            else setState({ quote: null, error: error.message, loading: false });
          },
        );
      },
      round === 0 ? DEBOUNCE_MS : 0,
    );
    return () => {
      clearTimeout(timer);
      clearTimeout(refresh);
    };
  }, [key, round]);
  // A new input starts over from the debounce.
  useEffect(() => setRound(0), [key]);
  return state;
}

/** What a click approves of a quote's guarantee: its figure, and whether the program enforces it. */
export const approvedOf = (g: Guarantee) => ({ minimumOut: heldTo(g), enforced: g.kind === 'enforced' });
