// Builds the extension once per browser from the same sources: dist/chrome and dist/firefox.
// `vite build` builds Chrome and then Firefox (so every `vite build` leaves both trees current);
// `vite build --mode firefox` builds Firefox alone.
import { defineConfig, build, type Plugin, type UserConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import { manifestFor, type TargetBrowser } from './tools/build/browser-manifest.ts';

const CONFIG_FILE = new URL(import.meta.url).pathname;

function extensionConfig(browser: TargetBrowser): UserConfig {
  return {
    plugins: [
      preact(),
      crx({
        manifest: manifestFor(browser),
        browser,
        // Both page-side scripts must run synchronously at document_start; a loader would make
        // the relay miss the provider's first messages, so they are built as self-contained files.
        contentScripts: { standaloneFiles: ['src/content/index.ts', 'src/inpage/index.ts'] },
      }),
    ],
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      // One target for both builds, so the two trees carry the very same code; only the manifests differ.
      target: ['chrome116', 'firefox142'],
      sourcemap: false,
      // The approval window is opened by the background with windows.create, so the manifest
      // does not reference it; it is an entry of its own.
      rollupOptions: { input: { approval: 'src/approval/index.html' } },
      chunkSizeWarningLimit: 2000,
    },
  };
}

/** After the Chrome build, the Firefox build from the same config file. */
function alsoBuildFirefox(): Plugin {
  return {
    name: 'tidepool:also-build-firefox',
    apply: 'build',
    async closeBundle() {
      await build({ configFile: CONFIG_FILE, mode: 'firefox' });
    },
  };
}

export default defineConfig(({ command, mode }) => {
  if (mode === 'firefox') return extensionConfig('firefox');
  const chrome = extensionConfig('chrome');
  return command === 'build' ? { ...chrome, plugins: [...chrome.plugins!, alsoBuildFirefox()] } : chrome;
});
