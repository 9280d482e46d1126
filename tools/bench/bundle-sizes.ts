// Gzip size of each extension entry: the entry file plus every chunk it statically imports,
// which is what the browser loads before the entry can run.
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const IMPORT = /(?:import|export)\s*(?:[\w*{}\s,$]*from\s*)?["']([^"']+\.js)["']/g;

function closure(dist: string, entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(join(dist, entry), 'utf8');
  for (const [, spec] of code.matchAll(IMPORT)) {
    const target = spec!.startsWith('/') ? spec!.slice(1) : normalize(join(dirname(entry), spec!));
    closure(dist, relative('.', target), seen);
  }
  return seen;
}

function htmlScripts(dist: string, html: string): string[] {
  const text = readFileSync(join(dist, html), 'utf8');
  return [...text.matchAll(/<script[^>]+src="([^"]+)"/g)].map(([, src]) =>
    src!.startsWith('/') ? src!.slice(1) : normalize(join(dirname(html), src!)),
  );
}

interface EntrySize {
  entry: string;
  files: number;
  bytes: number;
  gzipBytes: number;
}

export function bundleSizes(dist: string): EntrySize[] {
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
  const loader = readFileSync(join(dist, manifest.background.service_worker), 'utf8');
  const workerEntry = /import\s+['"]\.?\/?([^'"]+)['"]/.exec(loader)?.[1];
  const entries: Record<string, string[]> = {
    background: [manifest.background.service_worker, ...(workerEntry ? [workerEntry] : [])],
    popup: htmlScripts(dist, manifest.action.default_popup),
    approval: htmlScripts(dist, 'src/approval/index.html'),
    content: [manifest.content_scripts[0].js[0]],
    inpage: [manifest.content_scripts[1].js[0]],
  };
  return Object.entries(entries).map(([entry, roots]) => {
    const files = new Set<string>();
    for (const root of roots) closure(dist, root, files);
    const code = Buffer.concat([...files].map((f) => readFileSync(join(dist, f))));
    return { entry, files: files.size, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
  });
}
