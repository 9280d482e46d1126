// One manifest.json for both browsers; this file derives each browser's manifest from it and keeps
// the invariant that they differ ONLY where a browser requires it:
// - Chrome runs the background as a module service worker and reads `minimum_chrome_version`.
// - Firefox's MV3 has no extension service worker: the same module runs as an event page
//   (`background.scripts`), and Firefox needs an add-on id (`browser_specific_settings.gecko`).
import type { ManifestV3Export } from '@crxjs/vite-plugin';
import base from '../../manifest.json' with { type: 'json' };

export type TargetBrowser = 'chrome' | 'firefox';

/** The add-on id Firefox keys storage and the moz-extension:// UUID on; it must never change once published. */
export const GECKO_ID = 'wallet@tidepool';
/**
 * Desktop Firefox has everything the wallet relies on from 140 (MAIN-world content scripts 128,
 * storage.session 115, the `data_collection_permissions` key AMO requires 140). 142 because
 * `web-ext lint` checks that key against Firefox for Android too, which gained it in 142; the
 * current ESR (153) is well above either.
 */
export const FIREFOX_MIN_VERSION = '142.0';

export function manifestFor(browser: TargetBrowser): ManifestV3Export {
  const { background, minimum_chrome_version, ...shared } = base;
  switch (browser) {
    case 'chrome':
      return { ...shared, minimum_chrome_version, background } as ManifestV3Export;
    case 'firefox':
      return {
        ...shared,
        background: { scripts: [background.service_worker], type: background.type },
        browser_specific_settings: {
          gecko: {
            id: GECKO_ID,
            strict_min_version: FIREFOX_MIN_VERSION,
            data_collection_permissions: { required: ['none'] },
          },
        },
      } as ManifestV3Export;
    default: {
      const never: never = browser;
      throw new Error(`Unknown browser ${String(never)}`);
    }
  }
}
