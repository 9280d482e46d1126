// The popup's first figures: the portfolio the worker saved after its last refresh, read straight
// from extension storage, so the cached paint does not wait for the worker to wake and answer.
// Only the public cache is read here (balances, rates), by its exact key; never the vault.
import browser from 'webextension-polyfill';
import { portfolioCacheKey, readablePortfolio } from '../../shared/portfolio-cache';
import type { Portfolio } from '../../shared/staking';

export async function savedPortfolio(owner: string, rpcUrl: string): Promise<Portfolio | null> {
  const key = portfolioCacheKey(owner, rpcUrl);
  try {
    const items = await browser.storage.local.get(key);
    return readablePortfolio(items[key] as Portfolio | undefined, owner, rpcUrl);
  } catch {
    // Storage unreadable: no saved figures; the fresh portfolio follows from the worker.
    return null;
  }
}
