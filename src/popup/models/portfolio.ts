// The active account's portfolio as the popup sees it: the cached copy painted at once, then the
// fresh one; derived figures are computed, not stored.
import { computed, signal } from '@preact/signals';
import type { HeldLst, PortfolioView } from '../../shared/staking';
import { call } from '../../ui/client';
import { network } from './network';
import { rememberPainted, savedPortfolio } from './saved-portfolio';
import { wallet } from './wallet';

export const portfolioView = signal<PortfolioView | null>(null);
export const refreshing = signal(false);

export const portfolio = computed(() => portfolioView.value?.portfolio ?? null);
/** SPL stake-pool LSTs: the ones Tidepool can unstake. */
export const lsts = computed(() => portfolio.value?.lsts ?? []);
/** Every LST held, as Home lists them: SPL pools, then INF and mSOL, then those with no known value. */
export const heldLsts = computed<HeldLst[]>(() => [
  ...(portfolio.value?.lsts ?? []),
  ...(portfolio.value?.otherLsts ?? []),
]);
/** LSTs listed without a value: shown, and left out of the total. */
export const unvaluedLsts = computed(() => heldLsts.value.filter((l) => l.kind === 'unvalued'));
export const transactionsInFlight = computed(() => portfolioView.value?.inFlight ?? []);

let generation = 0;

/**
 * Paints the cache first (instant), then asks the chain; a newer call wins over an older one.
 * A refresh of what is on screen already (`cacheFirst: false`) only asks the chain.
 */
export function loadPortfolio({ cacheFirst = true } = {}): Promise<void> {
  // The popup starts the first load as soon as it knows the account and network (startPortfolio);
  // Home's own first load, moments later for the same account and network, joins it (once: any
  // later call, e.g. after a withdrawal, asks anew).
  const joined = opening;
  opening = null;
  if (cacheFirst && joined?.key === openingKey() && joined.generation === generation) return joined.done;
  return load(cacheFirst, generation + 1);
}

const openingKey = () => `${wallet.value?.activeAddress}|${network.value?.rpcUrl}`;
let opening: { key: string; generation: number; done: Promise<void> } | null = null;

/** Called by the popup once the wallet is unlocked and the network known: the saved figures, then the fresh. */
export function startPortfolio(): void {
  if (wallet.value?.status !== 'unlocked' || !wallet.value.activeAddress || !network.value) return;
  const mine = generation + 1;
  opening = { key: openingKey(), generation: mine, done: load(true, mine) };
}

async function load(cacheFirst: boolean, mine: number): Promise<void> {
  generation = mine;
  refreshing.value = true;
  try {
    // The saved copy (saved-portfolio.ts: the popup's own, else the worker's from storage; asking
    // the worker would cost a wake and a round trip before the first paint) is put on screen; the refresh is asked for in
    // the frame that paints it (not before: the worker's and the node's work, on the same few
    // cores, would hold up building that frame; not after: its answer would wait for the paint).
    const owner = wallet.value?.activeAddress;
    const rpcUrl = network.value?.rpcUrl;
    if (cacheFirst && owner && rpcUrl) {
      const cached = await savedPortfolio(owner, rpcUrl);
      // Only paint the cache if nothing fresher is on screen already.
      if (mine === generation && cached && portfolioView.value?.portfolio?.owner !== cached.owner) {
        portfolioView.value = {
          portfolio: cached,
          cached: true,
          error: null,
          inFlight: portfolioView.value?.inFlight ?? [],
        };
        await nextFrame();
      }
    }
    const fresh = await call('portfolio:get', { refresh: true });
    if (mine === generation) {
      portfolioView.value = fresh;
      if (!fresh.cached && fresh.portfolio) rememberPainted(fresh.portfolio);
    }
  } catch (error) {
    if (mine === generation) {
      portfolioView.value = {
        portfolio: portfolioView.value?.portfolio ?? null,
        cached: true,
        error: (error as Error).message,
        inFlight: portfolioView.value?.inFlight ?? [],
      };
    }
  } finally {
    if (mine === generation) refreshing.value = false;
  }
}

/**
 * Resolves when the next frame starts (its animation-frame callbacks run just before it is laid
 * out and painted); a hidden page runs no frames: a timer stands in.
 */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100);
    requestAnimationFrame(() => {
      clearTimeout(fallback);
      resolve();
    });
  });
}

/** Account or network changed: the old figures belong to someone else. */
export function resetPortfolio(): void {
  generation++;
  portfolioView.value = null;
}
