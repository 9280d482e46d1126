// The small interface the shared e2e flows are written against, so one flow runs in Chromium
// (playwright-core) and in Firefox (puppeteer-core over WebDriver BiDi). Elements are found the way
// a person finds them: by role and accessible name, by label, or by the test id; a name given as a
// string matches as Playwright's does (case-insensitive substring, or whole with `exact`).
import type { Locator, Page } from 'playwright-core';
import { auditScreen } from './axe';

type Role =
  | 'button'
  | 'radio'
  | 'checkbox'
  | 'list'
  | 'heading'
  | 'main'
  | 'alert'
  | 'status'
  | 'combobox'
  | 'textbox'
  | 'radiogroup'
  | 'dialog';

export type Target =
  | { role: Role; name?: string | RegExp; exact?: boolean; within?: Target }
  | { label: string | RegExp; exact?: boolean; within?: Target }
  | { testId: string; within?: Target }
  | { css: string; within?: Target };

/** One page (popup, approval window, dApp tab), driven the same way in both browsers. */
export interface UiPage {
  url(): string;
  click(target: Target): Promise<void>;
  fill(target: Target, value: string): Promise<void>;
  select(target: Target, value: string): Promise<void>;
  /** textContent of the first match ('' when there is none). */
  text(target: Target): Promise<string>;
  texts(target: Target): Promise<string[]>;
  count(target: Target): Promise<number>;
  isEnabled(target: Target): Promise<boolean>;
  waitFor(target: Target, timeoutMs?: number): Promise<void>;
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  reload(): Promise<void>;
  /** The screen as it is now: axe-core in the light and the dark theme, and a screenshot of each (tests/support/axe.ts). */
  audit(name: string): Promise<void>;
  /** Presses keys as a person does on the focused element (Playwright's key names: 'Tab', 'Shift+Tab', 'Enter', 'Escape'). */
  press(key: string): Promise<void>;
  /** Types text into the focused element, key by key. */
  type(text: string): Promise<void>;
  /** What has the keyboard focus: its role or tag, accessible name (as the resolver computes it) and whether its outline shows. */
  focused(): Promise<Focused>;
  close(): Promise<void>;
}

export interface Focused {
  tag: string;
  name: string;
  /** :focus-visible matches and an outline or box-shadow is drawn. */
  visible: boolean;
}

/** Read in the page: the focused element, named as a person hears it. */
export const FOCUSED_SOURCE = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { tag: 'body', name: '', visible: false };
  const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const labelled = el.getAttribute('aria-labelledby');
  const name = el.getAttribute('aria-label') || (labelled ? norm(labelled.split(/\\s+/).map((id) => document.getElementById(id)?.textContent).join(' ')) : '')
    || (el.labels && el.labels.length ? norm([...el.labels].map((l) => l.textContent).join(' ')) : '') || norm(el.textContent);
  const style = getComputedStyle(el);
  const drawn = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  return { tag: el.getAttribute('role') || el.localName, name: norm(name), visible: el.matches(':focus-visible') && drawn };
})()`;

/** What the shared flows need of a browser with Tidepool installed. */
export interface WalletDriver {
  readonly browserName: 'chromium' | 'firefox';
  openPopup(): Promise<UiPage>;
  openPage(url: string): Promise<UiPage>;
  /** The approval window the background opened with windows.create. */
  approvalWindow(): Promise<UiPage>;
  /** Resolves once no approval window is open. */
  approvalWindowClosed(): Promise<void>;
  /** Unloads the background (Chrome: stops the service worker; Firefox: terminates the event page). */
  stopBackground(): Promise<void>;
  storage(area: 'local' | 'session'): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export const DEFAULT_WAIT_MS = 20_000;

/** Waits until `check` holds, or throws naming what did not happen. */
export async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error; // a page in the middle of a reload: try again
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`,
  );
}

export function describeTarget(target: Target): string {
  const inner =
    'role' in target
      ? `${target.role} "${String(target.name ?? '')}"`
      : 'label' in target
        ? `field labelled "${String(target.label)}"`
        : 'testId' in target
          ? `[data-testid=${target.testId}]`
          : target.css;
  return target.within ? `${inner} in ${describeTarget(target.within)}` : inner;
}

// ---- Playwright (Chromium) ----

function locate(page: Page, target: Target): Locator {
  const scope: Page | Locator = target.within ? locate(page, target.within).first() : page;
  if ('role' in target) return scope.getByRole(target.role, { name: target.name, exact: target.exact });
  if ('label' in target) return scope.getByLabel(target.label, { exact: target.exact });
  if ('testId' in target) return scope.getByTestId(target.testId);
  return scope.locator(target.css);
}

export function playwrightPage(
  page: Page,
  screenshotTo: (page: Page, name: string) => Promise<unknown> = async () => {},
): UiPage {
  return {
    url: () => page.url(),
    click: (t) => locate(page, t).click(),
    fill: (t, value) => locate(page, t).fill(value),
    select: async (t, value) => {
      await locate(page, t).selectOption(value);
    },
    text: async (t) =>
      (await locate(page, t).count()) ? ((await locate(page, t).first().textContent()) ?? '') : '',
    texts: (t) => locate(page, t).allTextContents(),
    count: (t) => locate(page, t).count(),
    isEnabled: (t) => locate(page, t).first().isEnabled(),
    waitFor: (t, timeout = DEFAULT_WAIT_MS) => locate(page, t).first().waitFor({ timeout }),
    // The function runs in the page on a structured copy of `arg`: same shape, no handles.
    evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) =>
      page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown),
    reload: async () => {
      await page.reload();
    },
    audit: (name) => auditPlaywright(page, name, screenshotTo),
    press: (key) => page.keyboard.press(key),
    type: (text) => page.keyboard.type(text),
    focused: () => page.evaluate(FOCUSED_SOURCE) as Promise<Focused>,
    close: () => page.close(),
  };
}

/** axe and screenshots of a Playwright page in both themes (tests/support/axe.ts). */
export function auditPlaywright(
  page: Page,
  name: string,
  screenshotTo: (page: Page, name: string) => Promise<unknown>,
): Promise<void> {
  return auditScreen(
    {
      evaluateSource: (source) => page.evaluate(source),
      colorScheme: (colorScheme) => page.emulateMedia({ colorScheme }),
      screenshotAs: async (shot) => void (await screenshotTo(page, shot)),
    },
    name,
  );
}

/** The flows take either a Playwright page (the Chromium suite's helpers) or a UiPage. */
export type AnyPage = Page | UiPage;
export const asUiPage = (page: AnyPage): UiPage => ('getByRole' in page ? playwrightPage(page) : page);
