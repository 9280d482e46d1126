// A quote that follows the input: asked for a moment after typing stops, and only the answer to
// the latest input is kept. A quote whose transaction the worker keeps for the click says until when
// it does (expiresAt, the worker's own lifetime): it is asked again that long before, as the last
// one took to arrive, so a click always finds a fresh one to sign as it is.
import { useEffect, useRef, useState } from 'preact/hooks';
import { heldTo, type Guarantee } from '../../shared/guarantee';

const DEBOUNCE_MS = 250;

export function useQuote<Q extends object>(
  key: string | null,
  fetch: () => Promise<Q>,
): { quote: Q | null; error: string | null; loading: boolean } {
  const [state, setState] = useState<{ quote: Q | null; error: string | null; loading: boolean }>({
    quote: null,
    error: null,
    loading: false,
  });
  const latest = useRef(0);
  /** How long the last quote lived, from its asking to its expiry: a failed renewal waits that long to try again. */
  const lifetime = useRef<number | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    const mine = ++latest.current;
    if (!key) {
      setState({ quote: null, error: null, loading: false });
      return;
    }
    if (round === 0) setState((s) => ({ ...s, loading: true }));
    let refresh: ReturnType<typeof setTimeout> | undefined;
    const renewIn = (ms: number) => (refresh = setTimeout(() => setRound((r) => r + 1), Math.max(0, ms)));
    const timer = setTimeout(
      () => {
        const asked = Date.now();
        fetch().then(
          (quote) => {
            if (mine !== latest.current) return;
            setState({ quote, error: null, loading: false });
            if (!('expiresAt' in quote) || typeof quote.expiresAt !== 'number') return; // kept for no click
            const now = Date.now();
            lifetime.current = quote.expiresAt - asked;
            renewIn(quote.expiresAt - now - (now - asked));
          },
          (error: Error) => {
            if (mine !== latest.current) return;
            // A failed renewal keeps the quote on screen (a click re-quotes a stale one anyway) and tries again.
            if (round > 0 && lifetime.current !== null) renewIn(lifetime.current);
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
