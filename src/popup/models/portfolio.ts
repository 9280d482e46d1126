// The active account's portfolio as the popup sees it: the cached copy painted at once, then the
// fresh one; derived figures are computed, not stored.
import { computed, signal } from '@preact/signals';
import type { HeldLst, PortfolioView } from '../../shared/staking';
import { call } from '../../ui/client';

export const portfolioView = signal<PortfolioView | null>(null);
export const refreshing = signal(false);

export const portfolio = computed(() => portfolioView.value?.portfolio ?? null);
/** SPL stake-pool LSTs: the ones Tidepool can unstake. */
export const lsts = computed(() => portfolio.value?.lsts ?? []);
/** Every LST held, as Home lists them: SPL pools, then INF and mSOL, then those with no known value. */
export const heldLsts = computed<HeldLst[]>(() => [...(portfolio.value?.lsts ?? []), ...(portfolio.value?.otherLsts ?? [])]);
/** LSTs listed without a value: shown, and left out of the total. */
export const unvaluedLsts = computed(() => heldLsts.value.filter((l) => l.kind === 'unvalued'));
export const pendingTransactions = computed(() => portfolioView.value?.pending ?? []);
export const readyStakeAccounts = computed(() => (portfolio.value?.stakeAccounts ?? []).filter((s) => s.state === 'inactive' || s.state === 'initialized'));

let generation = 0;

/**
 * Paints the cache first (instant), then asks the chain; a newer call wins over an older one.
 * A refresh of what is on screen already (`cacheFirst: false`) only asks the chain.
 */
export async function loadPortfolio({ cacheFirst = true } = {}): Promise<void> {
  const mine = ++generation;
  refreshing.value = true;
  try {
    if (cacheFirst) {
      const cached = await call('portfolio:get', { refresh: false });
      if (mine !== generation) return;
      // Only paint the cache if nothing fresher is on screen already.
      if (!portfolioView.value || portfolioView.value.portfolio?.owner !== cached.portfolio?.owner) portfolioView.value = cached;
    }
    const fresh = await call('portfolio:get', { refresh: true });
    if (mine === generation) portfolioView.value = fresh;
  } catch (error) {
    if (mine === generation) {
      portfolioView.value = { portfolio: portfolioView.value?.portfolio ?? null, cached: true, error: (error as Error).message, pending: portfolioView.value?.pending ?? [] };
    }
  } finally {
    if (mine === generation) refreshing.value = false;
  }
}

/** Account or network changed: the old figures belong to someone else. */
export function resetPortfolio(): void {
  generation++;
  portfolioView.value = null;
}
