import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };

export default defineConfig({
  plugins: [
    preact(),
    crx({
      manifest: manifest as ManifestV3Export,
      // Both page-side scripts must run synchronously at document_start; a loader would make
      // the relay miss the provider's first messages, so they are built as self-contained files.
      contentScripts: { standaloneFiles: ['src/content/index.ts', 'src/inpage/index.ts'] },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome116',
    sourcemap: false,
    // The approval window is opened by the background with windows.create, so the manifest
    // does not reference it; it is an entry of its own.
    rollupOptions: { input: { approval: 'src/approval/index.html' } },
    chunkSizeWarningLimit: 2000,
  },
});
