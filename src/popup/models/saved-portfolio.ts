// The popup's first figures: the portfolio the worker saved after its last refresh, read straight
// from extension storage, so the cached paint does not wait for the worker to wake and answer.
// Only the public cache is read here (balances, rates), by its exact key; never the vault.
//
// The read can start before the worker has said which account and network are current: the popup
// remembers the last pair it painted (an address and an RPC URL, in this page's localStorage) and
// reads that copy at once. It is used only if the worker's answer names the same pair; else the
// right copy is read then.
import browser from 'webextension-polyfill';
import { portfolioCacheKey, readablePortfolio } from '../../shared/portfolio-cache';
import type { Portfolio } from '../../shared/staking';
import { currentValue, rawKeysOf } from '../../shared/storage-schema';

const LAST_PAINTED = 'tidepool:lastPortfolio';
let early: { key: string; read: Promise<Portfolio | undefined> } | null = null;

/** The copy under `key` if it is of the current storage version (shared/storage-schema.ts). */
function read(key: `portfolio:${string}`): Promise<Portfolio | undefined> {
  // The worker wrote this key with a Portfolio (background/storage.ts types it); a copy of an older
  // version reads as undefined.
  return browser.storage.local.get(rawKeysOf(key)).then(
    (items) => currentValue(key, items) as Portfolio | undefined,
    () => undefined,
  );
}

const isPortfolioKey = (key: string): key is `portfolio:${string}` => key.startsWith('portfolio:');

/** Called first thing when the popup opens: starts reading the copy it painted last time. */
export function prefetchSavedPortfolio(): void {
  try {
    const key = localStorage.getItem(LAST_PAINTED);
    if (key && isPortfolioKey(key)) early = { key, read: read(key) };
  } catch {
    // no localStorage: the copy is read once the account and network are known
  }
}

export async function savedPortfolio(owner: string, rpcUrl: string): Promise<Portfolio | null> {
  const key = portfolioCacheKey(owner, rpcUrl);
  const prefetched = early?.key === key ? early.read : null;
  early = null;
  const portfolio = readablePortfolio(await (prefetched ?? read(key)), owner, rpcUrl);
  try {
    localStorage.setItem(LAST_PAINTED, key);
  } catch {
    // only the next open's head start is lost
  }
  return portfolio;
}
