// Launches Debian's firefox-esr with the built dist/firefox through puppeteer-core over WebDriver
// BiDi (no downloaded browser, no geckodriver), and gives the shared flows a WalletDriver: the popup,
// the approval window, web pages, and what an MV3 event page meets in Firefox: being unloaded.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { GECKO_ID } from '../../tools/build/browser-manifest.ts';
import { FIREFOX_ORIGIN, launchFirefoxWithExtension } from '../../tools/firefox.ts';
import { until, type UiPage, type WalletDriver } from './driver';
import type { ColorScheme } from './axe';
import { puppeteerPage } from './firefox-page';

const FIREFOX_DIST = resolve(import.meta.dirname, '../../dist/firefox');

/** The raw BiDi session under puppeteer's page (not in its public API; used for the chrome scope only). */
interface BidiSession {
  send(method: string, params: object): Promise<{ result: BidiResult }>;
}
type BidiResult = {
  contexts?: { context: string }[];
  type?: 'success' | 'exception';
  result?: { value?: string };
  exceptionDetails?: { text: string };
};
interface BidiFrameInternals {
  browsingContext: { userContext: { browser: { session: BidiSession } } };
}

export interface FirefoxWallet extends WalletDriver {
  readonly browser: Browser;
  readonly origin: string;
  /** Runs privileged code in the browser's own (chrome) scope and returns its string result. */
  chromeEval(expression: string): Promise<string>;
  /** 'running' or 'stopped' (or Firefox's other states while it starts or stops the event page). */
  backgroundState(): Promise<string>;
}

export async function launchFirefoxWallet(
  prefs: Record<string, string | number | boolean> = {},
): Promise<FirefoxWallet> {
  if (!existsSync(join(FIREFOX_DIST, 'manifest.json')))
    throw new Error('dist/firefox is missing: run `npm run build` first');
  const browser = await launchFirefoxWithExtension({ dist: FIREFOX_DIST, headless: true, prefs });
  const STORAGE_PROBE = `${FIREFOX_ORIGIN}/src/approval/index.html#storage-probe`;
  const isApproval = (url: string) =>
    url.startsWith(`${FIREFOX_ORIGIN}/src/approval/`) && url !== STORAGE_PROBE;
  let pageCount = 0;
  const browserChrome = {
    // Pages follow Firefox's content colour-scheme override (0 dark, 1 light), set in the chrome scope.
    colorScheme: (scheme: ColorScheme) =>
      wallet
        .chromeEval(
          `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${scheme === 'dark' ? 0 : 1}); 'ok'`,
        )
        .then(() => undefined),
    focusContent: () => wallet.chromeEval(`gBrowser.selectedBrowser.focus(); 'ok'`).then(() => undefined),
  };
  const wrap = (page: Page, what: string) => puppeteerPage(page, `${what} #${++pageCount}`, browserChrome);

  const open = async (url: string, what: string): Promise<UiPage> => {
    const page = await browser.newPage();
    // Load events of extension pages never arrive over BiDi: do not wait on them; wait on content.
    await page.goto(url, { waitUntil: url.startsWith('moz-extension:') ? ('none' as never) : 'load' });
    // Until then, the tab may still show the about:blank it was created with.
    await until(`${what} to load`, async () => {
      const [href, state] = (await page.evaluate('[location.href, document.readyState]')) as [string, string];
      return href === url && state === 'complete';
    });
    return wrap(page, what);
  };

  /** Pages that navigated to moz-extension:// keep reporting about:blank over BiDi: ask each page where it is. */
  const approvalPage = async (): Promise<Page | null> => {
    for (const page of await browser.pages()) {
      // A page being torn down may never answer: give each one a moment, not the whole wait.
      const href = await Promise.race([
        page.evaluate('location.href').catch(() => ''),
        new Promise((r) => setTimeout(() => r(''), 2_000)),
      ]);
      if (typeof href === 'string' && isApproval(href)) return page;
    }
    return null;
  };

  const session = async (): Promise<BidiSession> => {
    const [page] = await browser.pages();
    if (!page) throw new Error('Firefox has no page to reach its BiDi session through');
    return (page.mainFrame() as unknown as BidiFrameInternals).browsingContext.userContext.browser.session;
  };

  const wallet: FirefoxWallet = {
    browserName: 'firefox',
    browser,
    origin: FIREFOX_ORIGIN,
    async openPopup() {
      const popup = await open(`${FIREFOX_ORIGIN}/src/popup/index.html`, 'popup');
      await popup.waitFor({ role: 'button' });
      return popup;
    },
    openPage: (url) => open(url, url),
    async approvalWindow() {
      let found: Page | null = null;
      await until('the approval window to open', async () => (found = await approvalPage()) !== null);
      const approval = wrap(found!, 'approval window');
      await approval.waitFor({ role: 'button' });
      return approval;
    },
    async approvalWindowClosed() {
      await until('the approval window to close', async () => (await approvalPage()) === null);
    },
    async chromeEval(expression) {
      const bidi = await session();
      const tree = await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
      const context = tree.result.contexts?.[0]?.context;
      if (!context)
        throw new Error('No chrome-scope browsing context (is --remote-allow-system-access set?)');
      const { result } = await bidi.send('script.evaluate', {
        target: { context },
        expression,
        awaitPromise: true,
      });
      if (result.type !== 'success')
        throw new Error(`chrome-scope evaluation failed: ${result.exceptionDetails?.text}`);
      return result.result?.value ?? '';
    },
    backgroundState: () =>
      wallet.chromeEval(
        `String(WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)}).extension.backgroundState)`,
      ),
    async stopBackground() {
      // What about:debugging's "Terminate background script" does: unload the event page now, as
      // Firefox does after its idle timeout. The next event (a message, an alarm) starts a new one.
      const state = await wallet.chromeEval(`(async () => {
        const extension = WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)}).extension;
        await extension.terminateBackground({ disableResetIdleForTest: true });
        return String(extension.backgroundState);
      })()`);
      if (state !== 'stopped') throw new Error(`The event page did not stop (state: ${state})`);
    },
    async storage(area) {
      const page = await open(STORAGE_PROBE, 'storage probe');
      const items = await page.evaluate(
        (a) => (globalThis as unknown as { browser: typeof chrome }).browser.storage[a].get(null),
        area,
      );
      await page.close();
      return items;
    },
    close: () => browser.close(),
  };
  return wallet;
}
