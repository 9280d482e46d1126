// Where the last portfolio of one account on one network is kept in extension storage (local), and
// which stored copies are still readable. Shared by the worker, which writes it after each refresh,
// and the popup, which paints it straight from storage without waking the worker first. The copy
// holds only public chain data (balances, rates, addresses): it must never hold key material.
import type { Portfolio } from './staking';

export const portfolioCacheKey = (owner: string, rpcUrl: string): `portfolio:${string}` =>
  `portfolio:${rpcUrl}:${owner}`;

/**
 * A copy saved by an older Tidepool (no otherLsts, rows without kind or history) is not painted:
 * the fresh portfolio replaces it within the same open of the popup.
 */
export function readablePortfolio(
  stored: Portfolio | undefined,
  owner: string,
  rpcUrl: string,
): Portfolio | null {
  return stored && Array.isArray(stored.otherLsts) && stored.owner === owner && stored.rpcUrl === rpcUrl
    ? stored
    : null;
}
