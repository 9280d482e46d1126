// `npm run bench`: measures on this machine, in one run, and prints one table.
import { resolve } from 'node:path';
import { startTestChain } from '../../tests/support/localnet.ts';
import { browserMetrics, type BrowserFigures } from './browser-metrics.ts';
import { bundleSizes } from './bundle-sizes.ts';
import { rpcCounts, type RpcRow } from './rpc-counts.ts';

const dist = resolve(import.meta.dirname, '../../dist/chrome'); // the Chrome build: the browser the table is measured in
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const rows: [string, string, string][] = [];

for (const size of bundleSizes(dist)) rows.push([`bundle ${size.entry} (gzip)`, kb(size.gzipBytes), `${kb(size.bytes)} raw, ${size.files} files`]);

const chain = await startTestChain();
let rpc: RpcRow[] | null = null;
let browser: BrowserFigures | null = null;
try {
  const operator = await chain.funded(10_000);
  const user = await chain.funded(1_000);
  if (chain.node.stakePoolAvailable) {
    rpc = await rpcCounts(chain, operator, user);
  }
  browser = await browserMetrics(chain.node.rpcUrl, user);
} finally {
  await chain.close();
}

if (browser) {
  rows.push(['unlock (PBKDF2 600k + AES-GCM), median of 5', `${browser.unlockMs.toFixed(0)} ms`, '']);
  rows.push(['worker stopped → answering unlocked, median of 5', `${browser.wakeToUnlockedMs.toFixed(0)} ms`, '']);
  rows.push([`popup open → cached portfolio painted, median of ${browser.opens}`, `${browser.cachedPaintMs.toFixed(0)} ms`, rpc ? '50 LSTs held' : 'no LSTs (no program)']);
  rows.push([`popup open → fresh portfolio painted, median of ${browser.opens}`, `${browser.freshPaintMs.toFixed(0)} ms`, '']);
  rows.push(['service-worker heap after the refreshes', browser.workerHeapMb === null ? 'n/a' : `${browser.workerHeapMb.toFixed(1)} MB`,
    browser.workerHeapMb === null ? 'the DevTools protocol did not answer' : 'used JS heap after a forced GC, over the DevTools protocol']);
}
const counts = (c: { requests: number; roundTrips: number }) => `${c.requests} req / ${c.roundTrips} trips`;
if (rpc) {
  for (const row of rpc) rows.push([`RPC: ${row.work}`, counts(row.tidepool), `SDK helpers: ${counts(row.sdk)}`]);
} else {
  rows.push(['RPC counts', 'skipped', 'the stake-pool program is not installed (see README)']);
}

const width: [number, number] = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
console.log(`| ${'measure'.padEnd(width[0])} | ${'Tidepool'.padEnd(width[1])} | notes`);
console.log(`|${'-'.repeat(width[0] + 2)}|${'-'.repeat(width[1] + 2)}|------`);
for (const [name, value, note] of rows) console.log(`| ${name.padEnd(width[0])} | ${value.padEnd(width[1])} | ${note}`);
