// The popup's first paint: the portfolio of the last refresh, painted before the worker is asked
// for a fresh one. Only public chain data (balances, rates) is read here; never the vault.
//
// Two copies, the same figures: the worker saves every refresh to extension storage, and the popup
// keeps the last fresh portfolio it painted in this extension's localStorage. The popup's own copy
// is read synchronously in its own process as its first script runs; reading extension storage
// means a round trip to the browser, which is busy loading the popup (README's bench section has
// what it cost the first paint). The worker's copy is read only when the popup's copy is of another account
// or network (or missing: the first open, a browser that refuses localStorage).
//
// The popup's copy is stored as the raw items extension storage would hold (the value and its
// version stamp, shared/storage-schema.ts), so a copy written by an older Tidepool is not painted.
import browser from 'webextension-polyfill';
import { portfolioCacheKey, readablePortfolio } from '../../shared/portfolio-cache';
import type { Portfolio } from '../../shared/staking';
import { currentValue, rawItemsOf, rawKeysOf } from '../../shared/storage-schema';

const PAINTED = 'tidepool:paintedPortfolio';
type PortfolioKey = ReturnType<typeof portfolioCacheKey>;

interface PaintedCopy {
  key: PortfolioKey;
  /** As extension storage would hold them: the portfolio and its version stamp. */
  items: Record<string, unknown>;
}

/** The popup's copy, parsed once as the popup opens. */
let painted: PaintedCopy | null = null;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const isPortfolioKey = (key: unknown): key is PortfolioKey =>
  typeof key === 'string' && key.startsWith('portfolio:');

/** Called first thing when the popup opens: reads the copy it painted last time. */
export function readPaintedPortfolio(): void {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(PAINTED) ?? 'null');
    if (isRecord(stored) && isPortfolioKey(stored.key) && isRecord(stored.items))
      painted = { key: stored.key, items: stored.items };
  } catch {
    // no localStorage, or a copy that does not parse: the worker's copy is read instead
  }
}

/** The saved portfolio of `owner` on `rpcUrl`, or null when none is readable. */
export async function savedPortfolio(owner: string, rpcUrl: string): Promise<Portfolio | null> {
  const key = portfolioCacheKey(owner, rpcUrl);
  const own = painted?.key === key ? readable(key, painted.items, owner, rpcUrl) : null;
  painted = null;
  if (own) return own;
  const items = await browser.storage.local.get(rawKeysOf(key)).catch(() => ({}));
  return readable(key, items, owner, rpcUrl);
}

/** The copy in `items` if it is of the current version and of this account on this network. */
function readable(key: PortfolioKey, items: Record<string, unknown>, owner: string, rpcUrl: string) {
  // Written as a Portfolio (by the worker: background/storage.ts types it; or by rememberPainted).
  return readablePortfolio(currentValue(key, items) as Portfolio | undefined, owner, rpcUrl);
}

/** Keeps a fresh portfolio the popup painted as its copy for the next open, once the popup is idle. */
export function rememberPainted(portfolio: Portfolio): void {
  const key = portfolioCacheKey(portfolio.owner, portfolio.rpcUrl);
  const write = () => {
    try {
      const copy: PaintedCopy = { key, items: rawItemsOf(key, portfolio) };
      localStorage.setItem(PAINTED, JSON.stringify(copy));
    } catch {
      // full or refused: the next open reads the worker's copy
    }
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(write, { timeout: 200 });
  else setTimeout(write, 50);
}
