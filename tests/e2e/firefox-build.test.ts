// The two builds `npm run build` writes carry the very same files and code; their manifests differ
// only where a browser requires it (the background's shape, Chrome's minimum version, Firefox's
// add-on id and minimum version). Reads the built trees; launches no browser.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIREFOX_MIN_VERSION, GECKO_ID } from '../../tools/build/browser-manifest.ts';

const DIST = resolve(import.meta.dirname, '../../dist');
const files = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
const manifest = (browser: string) => JSON.parse(readFileSync(join(DIST, browser, 'manifest.json'), 'utf8'));

describe('dist/chrome and dist/firefox', () => {
  it('hold the same files, byte for byte, apart from manifest.json', () => {
    const chrome = files(join(DIST, 'chrome'));
    expect(files(join(DIST, 'firefox'))).toEqual(chrome);
    const differing = chrome.filter(
      (f) => !readFileSync(join(DIST, 'chrome', f)).equals(readFileSync(join(DIST, 'firefox', f))),
    );
    expect(differing).toEqual(['manifest.json']);
  });

  it('have manifests that differ only in what each browser requires', () => {
    const { background: chromeBackground, minimum_chrome_version, ...chromeRest } = manifest('chrome');
    const { background: firefoxBackground, browser_specific_settings, ...firefoxRest } = manifest('firefox');
    expect(firefoxRest).toEqual(chromeRest);
    expect(minimum_chrome_version).toBe('116');
    // Chrome: a module service worker. Firefox: the same loader as a module event page.
    expect(chromeBackground).toEqual({ service_worker: expect.any(String), type: 'module' });
    expect(firefoxBackground).toEqual({ scripts: [chromeBackground.service_worker], type: 'module' });
    expect(browser_specific_settings).toEqual({
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ['none'] },
      },
    });
  });
});
