// A long list paints its first screenful first: the rows below the fold are rendered right after
// that paint (preact runs effects once the frame is on screen), so the first paint of a 50-LST
// portfolio builds, lays out and paints only what the popup's 600 px can show.
import { useEffect, useState } from 'preact/hooks';

/** Rows the popup shows on its first screen (an LST row is ~150 px tall), with a margin. */
const FIRST_SCREEN_ROWS = 6;

export function useFirstScreen<T>(items: T[], first = FIRST_SCREEN_ROWS): T[] {
  const [all, setAll] = useState(false);
  const longer = items.length > first;
  useEffect(() => {
    if (longer && !all) setAll(true);
  }, [longer, all]);
  return all || !longer ? items : items.slice(0, first);
}
