// A quote that follows the input: asked for a moment after typing stops, and only the answer to
// the latest input is kept.
import { useEffect, useRef, useState } from 'preact/hooks';

const DEBOUNCE_MS = 250;

export function useQuote<Q>(key: string | null, fetch: () => Promise<Q>): { quote: Q | null; error: string | null; loading: boolean } {
  const [state, setState] = useState<{ quote: Q | null; error: string | null; loading: boolean }>({ quote: null, error: null, loading: false });
  const latest = useRef(0);
  useEffect(() => {
    const mine = ++latest.current;
    if (!key) {
      setState({ quote: null, error: null, loading: false });
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      fetch().then(
        (quote) => mine === latest.current && setState({ quote, error: null, loading: false }),
        (error: Error) => mine === latest.current && setState({ quote: null, error: error.message, loading: false }),
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  return state;
}
