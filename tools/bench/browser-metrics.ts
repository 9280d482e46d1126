// Figures measured in Debian's Chromium with the built extension against the localnet: unlock
// time at the configured KDF, worker wake-to-unlocked after a stop, popup open to cached and to
// fresh paint (medians), and the service worker's heap after refreshing a 50-LST portfolio.
import type { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import type { Page } from 'playwright-core';
import { launchWallet } from '../../tests/support/browser.ts';
import { importSecretKey, PASSWORD, useCustomRpc } from '../../tests/support/flows.ts';
import { workerHeapBytes } from './worker-heap.ts';

export interface BrowserFigures {
  unlockMs: number;
  wakeToUnlockedMs: number;
  cachedPaintMs: number;
  freshPaintMs: number;
  opens: number;
  workerHeapMb: number | null;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeCall(page: Page, method: string, params: unknown = {}): Promise<number> {
  return page.evaluate(async ([m, p]) => {
    const start = performance.now();
    await chrome.runtime.sendMessage({ channel: 'tidepool/ui', method: m, params: p });
    return performance.now() - start;
  }, [method, params] as const);
}

/** ms from navigation start until an element's text matches, checked every animation frame. */
const paintedAt = (page: Page, testId: string, pattern: string) =>
  page.waitForFunction(([id, re]) => new RegExp(re).test(document.querySelector(`[data-testid=${id}]`)?.textContent ?? '') && performance.now(),
    [testId, pattern] as const, { polling: 'raf', timeout: 30_000 }).then((h) => h.jsonValue() as Promise<number>);

export async function browserMetrics(rpcUrl: string, user: Keypair, opens = 11): Promise<BrowserFigures> {
  const wallet = await launchWallet();
  try {
    const popup = await wallet.openPopup();
    await importSecretKey(popup, bs58.encode(user.secretKey));
    await useCustomRpc(popup, rpcUrl);

    const unlocks: number[] = [];
    for (let i = 0; i < 5; i++) {
      await timeCall(popup, 'vault:lock');
      unlocks.push(await timeCall(popup, 'vault:unlock', { password: PASSWORD }));
    }
    const wakes: number[] = [];
    for (let i = 0; i < 5; i++) {
      await wallet.stopServiceWorker();
      wakes.push(await timeCall(popup, 'wallet:state'));
    }

    // The first open fills the cache; the medians are over the opens after it.
    const cached: number[] = [];
    const fresh: number[] = [];
    for (let i = 0; i < opens; i++) {
      const page = await wallet.context.newPage();
      await page.setViewportSize({ width: 360, height: 600 });
      await page.goto(`${wallet.origin}/src/popup/index.html`);
      const c = await paintedAt(page, 'total-value', 'SOL');
      const f = await paintedAt(page, 'freshness', '^Updated');
      if (i > 0) {
        cached.push(c);
        fresh.push(f);
      }
      await page.close();
    }
    await popup.close();

    const heap = await workerHeapBytes(wallet.context, wallet.origin);
    return {
      unlockMs: median(unlocks), wakeToUnlockedMs: median(wakes), cachedPaintMs: median(cached), freshPaintMs: median(fresh),
      opens: cached.length, workerHeapMb: heap === null ? null : heap / 1024 / 1024,
    };
  } finally {
    await wallet.close();
  }
}
