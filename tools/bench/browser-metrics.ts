// Figures measured in Debian's Chromium with the built extension against the localnet, each with
// its floor measured in the same run and in alternation with it, so noise on this busy machine
// hits both alike:
//   bare extension page first paint  ↔  popup open → cached portfolio painted → fresh portfolio painted
//   one getHealth from the worker     (the node's own round trip, the floor of a refresh)
//   worker stopped → answering a ping ↔  worker stopped → answering unlocked
// plus unlock time at the configured KDF and the worker's heap after the refreshes.
import type { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import type { Page } from 'playwright-core';
import { launchWallet, type Wallet } from '../../tests/support/browser.ts';
import { importSecretKey, PASSWORD, useCustomRpc } from '../../tests/support/flows.ts';
import { FLOOR_PAGE, FLOOR_TEST_ID } from './floor-build.ts';
import { paintedAt, watchPaints } from './paint-watch.ts';
import { workerHeapBytes } from './worker-heap.ts';

export interface BrowserSamples {
  unlock: number[];
  /** Paired by index: opens i of the bare page and of the popup happened back to back. */
  floorPaint: number[];
  cachedPaint: number[];
  freshPaint: number[];
  /** One getHealth from the worker, measured next to each popup open. */
  nodeRoundTrip: number[];
  /** Paired by index: a stopped worker answering app:ping, and answering wallet:state unlocked. */
  wakeFloor: number[];
  wakeUnlocked: number[];
  workerHeapMb: number | null;
}

async function timeCall(page: Page, method: string, params: unknown = {}): Promise<number> {
  return page.evaluate(
    async ([m, p]) => {
      const start = performance.now();
      await chrome.runtime.sendMessage({ channel: 'tidepool/ui', method: m, params: p });
      return performance.now() - start;
    },
    [method, params] as const,
  );
}

/** A new tab at the popup's size, navigated to `path` of the extension. */
async function openTab(wallet: Wallet, path: string): Promise<Page> {
  const page = await wallet.context.newPage();
  await page.setViewportSize({ width: 360, height: 600 });
  await page.goto(`${wallet.origin}/${path}`);
  return page;
}

async function floorPaint(wallet: Wallet): Promise<number> {
  const page = await openTab(wallet, FLOOR_PAGE);
  const painted = await paintedAt(page, FLOOR_TEST_ID);
  await page.close();
  return painted;
}

async function popupPaints(wallet: Wallet): Promise<{ cached: number; fresh: number }> {
  const page = await openTab(wallet, 'src/popup/index.html');
  const cached = await paintedAt(page, 'total-value');
  const fresh = await paintedAt(page, 'freshness');
  await page.close();
  return { cached, fresh };
}

/** One JSON-RPC getHealth from the service worker, where the wallet's own requests start. */
async function nodeRoundTrip(wallet: Wallet, rpcUrl: string): Promise<number> {
  const worker = await wallet.worker();
  return worker.evaluate(async (url) => {
    const start = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getHealth' }),
    });
    await response.json();
    return performance.now() - start;
  }, rpcUrl);
}

async function wakeTo(wallet: Wallet, page: Page, method: 'app:ping' | 'wallet:state'): Promise<number> {
  await wallet.stopServiceWorker();
  return timeCall(page, method);
}

export async function browserMetrics(
  rpcUrl: string,
  user: Keypair,
  dist: string,
  opens = 21,
  wakes = 5,
): Promise<BrowserSamples> {
  const wallet = await launchWallet({ dist });
  await watchPaints(wallet.context);
  try {
    const popup = await wallet.openPopup();
    await importSecretKey(popup, bs58.encode(user.secretKey));
    await useCustomRpc(popup, rpcUrl);

    const unlock: number[] = [];
    for (let i = 0; i < 5; i++) {
      await timeCall(popup, 'vault:lock');
      unlock.push(await timeCall(popup, 'vault:unlock', { password: PASSWORD }));
    }

    const wakeFloor: number[] = [];
    const wakeUnlocked: number[] = [];
    for (let i = 0; i < wakes; i++) {
      // Alternate which goes first, so neither always meets the machine right after the other.
      if (i % 2 === 0) {
        wakeFloor.push(await wakeTo(wallet, popup, 'app:ping'));
        wakeUnlocked.push(await wakeTo(wallet, popup, 'wallet:state'));
      } else {
        wakeUnlocked.push(await wakeTo(wallet, popup, 'wallet:state'));
        wakeFloor.push(await wakeTo(wallet, popup, 'app:ping'));
      }
    }

    // The first round fills the portfolio cache and warms the browser; it is not counted.
    const floor: number[] = [];
    const cached: number[] = [];
    const fresh: number[] = [];
    const roundTrip: number[] = [];
    for (let i = 0; i < opens; i++) {
      let bare: number;
      let paints: { cached: number; fresh: number };
      if (i % 2 === 0) {
        bare = await floorPaint(wallet);
        paints = await popupPaints(wallet);
      } else {
        paints = await popupPaints(wallet);
        bare = await floorPaint(wallet);
      }
      const trip = await nodeRoundTrip(wallet, rpcUrl);
      if (i === 0) continue;
      floor.push(bare);
      cached.push(paints.cached);
      fresh.push(paints.fresh);
      roundTrip.push(trip);
    }
    await popup.close();

    const heap = await workerHeapBytes(wallet.context, wallet.origin);
    return {
      unlock,
      floorPaint: floor,
      cachedPaint: cached,
      freshPaint: fresh,
      nodeRoundTrip: roundTrip,
      wakeFloor,
      wakeUnlocked,
      workerHeapMb: heap === null ? null : heap / 1024 / 1024,
    };
  } finally {
    await wallet.close();
  }
}
