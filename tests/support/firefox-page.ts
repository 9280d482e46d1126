// A UiPage over a puppeteer-core page in Firefox (WebDriver BiDi). Elements are resolved inside the
// page by role and accessible name, label or test id, with the rules Playwright uses for the same
// queries, so a shared flow finds the same element in both browsers. Every in-page step is sent as
// source text: no test-runner transform reaches the page.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ElementHandle, KeyInput, Page } from 'puppeteer-core';
import { auditScreen, type ColorScheme } from './axe';
import { ARTIFACTS } from './browser';
import {
  DEFAULT_WAIT_MS,
  FOCUSED_SOURCE,
  describeTarget,
  until,
  type Focused,
  type Target,
  type UiPage,
} from './driver';

/** A name on the wire: RegExps do not survive JSON. */
type WireName = { text: string } | { regex: string; flags: string };
const wireName = (name: string | RegExp | undefined): WireName | null =>
  name === undefined
    ? null
    : typeof name === 'string'
      ? { text: name }
      : { regex: name.source, flags: name.flags };
const wire = (t: Target): object => ({
  ...('role' in t ? { role: t.role, name: wireName(t.name), exact: !!t.exact } : {}),
  ...('label' in t ? { label: wireName(t.label), exact: !!t.exact } : {}),
  ...('testId' in t ? { testId: t.testId } : {}),
  ...('css' in t ? { css: t.css } : {}),
  ...(t.within ? { within: wire(t.within) } : {}),
});

/** (target) => Element[]: the elements a person would mean, in document order. */
const RESOLVER = String.raw`(target) => {
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const IMPLICIT = {
    button: 'button,input[type=button],input[type=submit]', radio: 'input[type=radio]', checkbox: 'input[type=checkbox]',
    list: 'ul,ol', heading: 'h1,h2,h3,h4,h5,h6', main: 'main', alert: '', status: 'output', combobox: 'select', radiogroup: '', dialog: 'dialog',
    textbox: 'input:not([type]),input[type=text],input[type=password],input[type=url],input[type=search],textarea',
  };
  const shown = (el) => !el.closest('[aria-hidden="true"],[hidden]') && el.getClientRects().length > 0;
  const labelOf = (el) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) return norm(by.split(/\s+/).map((id) => document.getElementById(id)?.textContent).join(' '));
    const aria = el.getAttribute('aria-label');
    if (aria) return norm(aria);
    if (el.labels && el.labels.length) return norm([...el.labels].map((l) => l.textContent).join(' '));
    return null;
  };
  const NAMED_BY_LABEL_ONLY = ['ul', 'ol', 'main', 'select', 'input', 'textarea'];
  const nameOf = (el) => labelOf(el) ?? (NAMED_BY_LABEL_ONLY.includes(el.localName) ? '' : norm(el.textContent));
  const matches = (name, want, exact) => {
    if (!want) return true;
    if ('regex' in want) return new RegExp(want.regex, want.flags).test(name);
    return exact ? name === norm(want.text) : name.toLowerCase().includes(norm(want.text).toLowerCase());
  };
  const find = (t, root) => {
    let scope = root;
    if (t.within) {
      scope = find(t.within, root)[0];
      if (!scope) return [];
    }
    if (t.role) {
      const selector = ['[role="' + t.role + '"]', IMPLICIT[t.role]].filter(Boolean).join(',');
      return [...scope.querySelectorAll(selector)]
        .filter((el) => !el.hasAttribute('role') || el.getAttribute('role') === t.role)
        .filter((el) => shown(el) && matches(nameOf(el), t.name, t.exact));
    }
    if (t.label) {
      return [...scope.querySelectorAll('input,textarea,select,[aria-label],[aria-labelledby]')]
        .filter((el) => { const l = labelOf(el); return l !== null && shown(el) && matches(l, t.label, t.exact); });
    }
    if (t.testId) return [...scope.querySelectorAll('[data-testid="' + t.testId + '"]')];
    return [...scope.querySelectorAll(t.css)];
  };
  return find(target, document);
}`;

const resolve = (t: Target) => `(${RESOLVER})(${JSON.stringify(wire(t))})`;

/** Sets a form control's value the way typing does (the native setter, then input and change events). */
const setValue = (t: Target, value: string) => `(() => {
  const el = ${resolve(t)}[0];
  if (!el) return false;
  el.focus();
  const proto = Object.getPrototypeOf(el);
  Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, ${JSON.stringify(value)});
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
})()`;

/** Firefox's prefers-color-scheme for pages, set in the browser (puppeteer's media emulation is CDP only). */
export interface FirefoxChrome {
  colorScheme(scheme: ColorScheme): Promise<void>;
  /** Gives the keyboard focus back to the selected tab's page. */
  focusContent(): Promise<void>;
}

export function puppeteerPage(page: Page, label: string, browser: FirefoxChrome): UiPage {
  const first = async (t: Target): Promise<ElementHandle<Element> | null> => {
    const handle = await page.evaluateHandle(`${resolve(t)}[0] ?? null`);
    const element = handle.asElement() as ElementHandle<Element> | null;
    if (!element) await handle.dispose();
    return element;
  };
  const enabled = (t: Target) =>
    page.evaluate(
      `(() => { const el = ${resolve(t)}[0]; return !!el && !el.disabled && el.getAttribute('aria-disabled') !== 'true'; })()`,
    ) as Promise<boolean>;
  const ui: UiPage = {
    url: () => page.url(),
    async click(t) {
      await until(`${describeTarget(t)} to be enabled on ${label}`, () => enabled(t));
      const element = await first(t);
      if (!element) throw new Error(`${describeTarget(t)} vanished on ${label}`);
      try {
        await element.click();
      } finally {
        await element.dispose();
      }
    },
    async fill(t, value) {
      await until(
        `${describeTarget(t)} on ${label}`,
        async () => (await page.evaluate(setValue(t, value))) === true,
      );
    },
    async select(t, value) {
      await ui.fill(t, value);
    },
    async text(t) {
      return (await page.evaluate(`${resolve(t)}[0]?.textContent ?? ''`)) as string;
    },
    async texts(t) {
      return (await page.evaluate(`${resolve(t)}.map((el) => el.textContent ?? '')`)) as string[];
    },
    async count(t) {
      return (await page.evaluate(`${resolve(t)}.length`)) as number;
    },
    isEnabled: enabled,
    async waitFor(t, timeoutMs = DEFAULT_WAIT_MS) {
      await until(
        `${describeTarget(t)} on ${label}`,
        async () => (await page.evaluate(`${resolve(t)}.length > 0`)) === true,
        timeoutMs,
      );
    },
    // The function runs in the page on a serialized copy of `arg`: same shape, no handles.
    evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) =>
      page.evaluate(fn as (arg: unknown) => Promise<R>, arg) as Promise<R>,
    async reload() {
      // Extension pages send no load events over BiDi: reload from inside, then wait for the new document.
      const before = await page.evaluate('performance.timeOrigin');
      await page.evaluate('setTimeout(() => location.reload(), 0)');
      await until(`${label} to reload`, async () => {
        const [origin, state] = (await page.evaluate('[performance.timeOrigin, document.readyState]')) as [
          number,
          string,
        ];
        return origin !== before && state === 'complete';
      });
    },
    audit: (name) =>
      auditScreen(
        {
          evaluateSource: (source) => page.evaluate(source),
          colorScheme: async (scheme) => {
            await browser.colorScheme(scheme);
            // The pref reaches the page's media queries a moment later: wait until they say so.
            await until(
              `${label} to turn ${scheme}`,
              async () =>
                (await page.evaluate(`matchMedia('(prefers-color-scheme: dark)').matches`)) ===
                (scheme === 'dark'),
            );
          },
          screenshotAs: async (name) => {
            mkdirSync(ARTIFACTS, { recursive: true });
            await page.screenshot({ path: join(ARTIFACTS, `firefox-${name}.png`) as `${string}.png` });
          },
        },
        name,
      ),
    async press(keys) {
      // Keys reach the page as a person's do only while it has the focus. The test's page is a tab
      // (the real popup has no toolbar): after a transaction's button, Firefox was seen handing
      // the focus to its toolbar; a person Tabs back into the page, here it is handed back.
      if (!(await page.evaluate('document.hasFocus()'))) {
        await page.bringToFront();
        await browser.focusContent();
      }
      await until(
        `${label} to have the focus`,
        async () => (await page.evaluate('document.hasFocus()')) === true,
      );
      // 'Shift+Tab': modifiers held around the key; Playwright's 'Space' is puppeteer's ' '.
      const parts = keys.split('+').map((k) => (k === 'Space' ? ' ' : k)) as KeyInput[];
      const key = parts.pop()!;
      for (const m of parts) await page.keyboard.down(m);
      await page.keyboard.press(key);
      for (const m of parts.reverse()) await page.keyboard.up(m);
    },
    type: (text) => page.keyboard.type(text),
    focused: () => page.evaluate(FOCUSED_SOURCE) as Promise<Focused>,
    close: () => page.close(),
  };
  return ui;
}
