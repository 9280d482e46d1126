// Debian's firefox-esr with the built add-on (dist/firefox) installed as a temporary add-on,
// driven by puppeteer-core over WebDriver BiDi (never a downloaded browser, no geckodriver).
// Shared by `npm start -- --firefox` and the Firefox e2e tests.
import puppeteer, { type Browser } from 'puppeteer-core';
import { GECKO_ID } from './build/browser-manifest.ts';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** Pinned through a pref, so the moz-extension:// origin is known before installing. */
const EXTENSION_UUID = '6f1b1f9e-0d3c-4b59-9d8e-2f4a7c1e9a11';
export const FIREFOX_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

interface FirefoxLaunchOptions {
  dist: string;
  headless: boolean;
  /** More about:config prefs, e.g. `extensions.background.idle.timeout` (ms before an idle event page unloads). */
  prefs?: Record<string, string | number | boolean>;
}

export async function launchFirefoxWithExtension({
  dist,
  headless,
  prefs = {},
}: FirefoxLaunchOptions): Promise<Browser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless,
    defaultViewport: null,
    // BiDi may navigate to moz-extension:// (and reach the chrome scope) only with this flag.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      ...prefs,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
    },
  });
  await browser.installExtension(dist);
  return browser;
}
