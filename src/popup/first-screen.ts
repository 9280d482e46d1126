// A long list paints its first screenful first: the rows below the fold are rendered after the
// fresh answer's paint (or shortly after the first paint, if the answer is slow), so the first
// paint of a 50-LST portfolio, and the fresh one, build and lay out only what 600 px can show.
import { useEffect, useState } from 'preact/hooks';

/** Rows the popup shows on its first screen (a row is ~50 px: about seven under the total), with a margin. */
const FIRST_SCREEN_ROWS = 8;
/** The longest the rows below the fold wait for `settled` (a slow node must not hide them). */
const REST_WAIT_MS = 250;

/**
 * The first screenful of `items`, then all of them once `settled` (the fresh answer is in) or
 * REST_WAIT_MS after the first paint, whichever is first: laying out the rows below the fold
 * while the worker refreshes would hold up both on a machine with few cores.
 */
export function useFirstScreen<T>(items: T[], settled = true, first = FIRST_SCREEN_ROWS): T[] {
  const [all, setAll] = useState(false);
  const longer = items.length > first;
  useEffect(() => {
    if (!longer || all) return;
    if (settled) {
      setAll(true);
      return;
    }
    const timer = setTimeout(() => setAll(true), REST_WAIT_MS);
    return () => clearTimeout(timer);
  }, [longer, all, settled]);
  return all || !longer ? items : items.slice(0, first);
}
