// Launches Debian's Chromium with the built extension (dist/chrome) through playwright-core, and gives
// tests what a person has: the popup, the approval window, web pages; plus what MV3 does to us:
// stopping the service worker. `walletDriver` adapts it to the interface the shared flows use.
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { launchChromiumWithExtension } from '../../tools/chromium.ts';
import { auditPlaywright, playwrightPage, until, type UiPage, type WalletDriver } from './driver';

/** The Chrome build (`npm run build` writes dist/chrome and dist/firefox). */
export const DIST = resolve(import.meta.dirname, '../../dist/chrome');
export const ARTIFACTS = resolve(import.meta.dirname, '../e2e/artifacts');

export interface Wallet {
  context: BrowserContext;
  extensionId: string;
  origin: string;
  worker(): Promise<Worker>;
  openPopup(options?: { colorScheme?: 'light' | 'dark' }): Promise<Page>;
  /** Calls the background through the typed protocol from an extension page. */
  call<T = unknown>(
    page: Page,
    method: string,
    params?: unknown,
  ): Promise<{ ok: boolean; result?: T; error?: { code: string; message: string } }>;
  stopServiceWorker(): Promise<void>;
  /** The approval window the background opens with windows.create. */
  approvalWindow(): Promise<Page>;
  /** Every response an extension page received from the background, in order. */
  received: { method: string; response: unknown }[];
  storage(area: 'local' | 'session'): Promise<Record<string, unknown>>;
  screenshot(page: Page, name: string): Promise<string>;
  /** The screen in the light and the dark theme: axe-core on each (serious or critical fails) and a screenshot of each. */
  screenshots(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** `dist`: another copy of the build (the bench adds a page to its own copy). */
export async function launchWallet({ dist = DIST }: { dist?: string } = {}): Promise<Wallet> {
  if (!existsSync(join(dist, 'manifest.json')))
    throw new Error(`${dist} is missing: run \`npm run build\` first`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'tidepool-e2e-'));
  const { context, extensionId } = await launchChromiumWithExtension({ dist, userDataDir, headless: true });
  const origin = `chrome-extension://${extensionId}`;

  const currentWorker = async (): Promise<Worker> => {
    const workers = context.serviceWorkers().filter((w) => w.url().startsWith(origin));
    return workers[workers.length - 1] ?? context.waitForEvent('serviceworker');
  };

  const received: { method: string; response: unknown }[] = [];
  // Records what our pages receive, before the page's own scripts (and the polyfill) run.
  await context.addInitScript(() => {
    if (!location.protocol.startsWith('chrome-extension') || !globalThis.chrome?.runtime?.sendMessage) return;
    const original = chrome.runtime.sendMessage.bind(chrome.runtime) as (...args: unknown[]) => unknown;
    const report = (request: unknown, response: unknown) =>
      console.debug(
        '__tidepool_received__',
        JSON.stringify({ method: (request as { method?: string })?.method, response }),
      );
    (chrome.runtime as { sendMessage: unknown }).sendMessage = (...args: unknown[]) => {
      const callback =
        typeof args[args.length - 1] === 'function' ? (args.pop() as (r: unknown) => void) : null;
      if (callback)
        return original(...args, (response: unknown) => {
          report(args[0], response);
          callback(response);
        });
      return (original(...args) as Promise<unknown>).then((response) => {
        report(args[0], response);
        return response;
      });
    };
  });
  context.on('page', (page) =>
    page.on('console', (msg) => {
      const text = msg.text();
      if (text.startsWith('__tidepool_received__ '))
        received.push(JSON.parse(text.slice('__tidepool_received__ '.length)));
    }),
  );

  const wallet: Wallet = {
    context,
    received,
    async storage(area) {
      // An extension page that runs none of our scripts: reading storage changes nothing (an
      // approval page here would itself ask for, and mark as shown, the waiting request).
      const page = await context.newPage();
      await page.goto(`${origin}/manifest.json`);
      const items = await page.evaluate((a) => chrome.storage[a].get(null), area);
      await page.close();
      return items;
    },
    extensionId,
    origin,
    worker: currentWorker,
    async openPopup({ colorScheme = 'light' } = {}) {
      const page = await context.newPage();
      await page.setViewportSize({ width: 360, height: 600 });
      await page.emulateMedia({ colorScheme });
      await page.goto(`${origin}/src/popup/index.html`);
      return page;
    },
    call(page, method, params = {}) {
      return page.evaluate(
        ([m, p]) => chrome.runtime.sendMessage({ channel: 'tidepool/ui', method: m, params: p }),
        [method, params] as const,
      );
    },
    async stopServiceWorker() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      const stopped = new Promise<void>((resolveStopped) => {
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
          if (versions.some((v) => v.scriptURL.startsWith(origin) && v.runningStatus === 'stopped'))
            resolveStopped();
        });
      });
      await cdp.send('ServiceWorker.stopAllWorkers');
      await stopped;
      await cdp.detach();
    },
    async screenshot(page, name) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async approvalWindow() {
      // The window the background has open now, not one it is closing: the last decision closes
      // its window, and a page can outlive that by a moment while the next request opens another.
      const isOpenWindow = (p: Page) =>
        p
          .evaluate(async () => {
            const { approvalWindowId } = await chrome.storage.session.get('approvalWindowId');
            return (await chrome.windows.getCurrent()).id === approvalWindowId;
          })
          .catch(() => false);
      for (
        const deadline = Date.now() + 20_000;
        Date.now() < deadline;
        await new Promise((r) => setTimeout(r, 100))
      ) {
        for (const page of context
          .pages()
          .filter((p) => !p.isClosed() && p.url().startsWith(`${origin}/src/approval/`))) {
          if (await isOpenWindow(page)) return page;
        }
      }
      throw new Error('The approval window did not open within 20 s');
    },
    screenshots: (page, name) => auditPlaywright(page, name, wallet.screenshot),
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  return wallet;
}

/** The Chromium wallet as the shared flows see it (the same flows drive Firefox, tests/support/firefox.ts). */
export function walletDriver(wallet: Wallet): WalletDriver {
  const ui = (page: Page): UiPage => playwrightPage(page, (p, name) => wallet.screenshot(p, name));
  const isApproval = (p: Page) => !p.isClosed() && p.url().startsWith(`${wallet.origin}/src/approval/`);
  return {
    browserName: 'chromium',
    openPopup: async () => ui(await wallet.openPopup()),
    async openPage(url) {
      const page = await wallet.context.newPage();
      await page.goto(url);
      return ui(page);
    },
    approvalWindow: async () => ui(await wallet.approvalWindow()),
    approvalWindowClosed: () =>
      until('the approval window to close', async () => !wallet.context.pages().some(isApproval)),
    stopBackground: () => wallet.stopServiceWorker(),
    storage: (area) => wallet.storage(area),
    close: () => wallet.close(),
  };
}
