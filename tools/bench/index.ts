// `npm run bench`: measures on this machine, in one run, and prints one table. Timings are medians
// with their interquartile range (p25–p75); each timing that has a floor is printed beside it, with
// the median of the paired differences (figure and floor measured back to back) and the ratio.
import { resolve } from 'node:path';
import type { Keypair } from '@solana/web3.js';
import { startTestChain } from '../../tests/support/localnet.ts';
import { browserMetrics, type BrowserSamples } from './browser-metrics.ts';
import { bundleSizes } from './bundle-sizes.ts';
import { floorBuild } from './floor-build.ts';
import { incomeFigures, incomeRows } from './income.ts';
import { longestTasks } from './long-tasks.ts';
import { nativeCounts, type NativeRow } from './native-counts.ts';
import { rpcCounts, type RpcRow } from './rpc-counts.ts';
import { routeCounts, type RouteRow } from './route-counts.ts';
import { formatCounts, formatOverFloor, formatSpread, pairedDifference, spread } from './stats.ts';

const dist = resolve(import.meta.dirname, '../../dist/chrome'); // the Chrome build: the browser the table is measured in
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
type Row = [measure: string, value: string, floor: string, overFloor: string, note: string];
const rows: Row[] = [];
const NONE = '—';

for (const size of bundleSizes(dist))
  rows.push([
    `bundle ${size.entry} (gzip)`,
    kb(size.gzipBytes),
    NONE,
    NONE,
    `${kb(size.bytes)} raw, ${size.files} files`,
  ]);

const chain = await startTestChain();
const build = floorBuild(dist);
let rpc: RpcRow[] | null = null;
let native: NativeRow[] | null = null;
let browser: BrowserSamples | null = null;
let longest: number[] | null = null;
const HEAVY_LSTS = 150;
try {
  const operator = await chain.funded(10_000);
  const user = await chain.funded(1_000);
  let heavy: Keypair | null = null;
  if (chain.node.stakePoolAvailable) {
    ({ rows: rpc, heavy } = await rpcCounts(chain, operator, user));
    native = await nativeCounts(chain, operator);
  }
  browser = await browserMetrics(chain.node.rpcUrl, user, build.dist);
  if (heavy) longest = await longestTasks(chain.node.rpcUrl, heavy, HEAVY_LSTS, build.dist);
} finally {
  build.remove();
  await chain.close();
}
// The routes into and out of INF and mSOL run on a localnet of their own (Infinity and Marinade loaded).
let routes: RouteRow[] | string;
try {
  routes = await routeCounts();
} catch (error) {
  routes = error instanceof Error ? error.message : String(error);
}

if (browser) browserRows(browser, rpc ? '50 LSTs held' : 'no LSTs (no program)');
if (longest) {
  const s = spread(longest);
  rows.push([
    `popup open → longest main-thread task, median of ${s.n}`,
    formatSpread(s),
    NONE,
    NONE,
    `${HEAVY_LSTS} LSTs held; Chrome trace, navigation → every row listed + 1 s (target ≤ 50 ms)`,
  ]);
}

function browserRows(b: BrowserSamples, holding: string): void {
  const floor = spread(b.floorPaint);
  const cached = spread(b.cachedPaint);
  const fresh = spread(b.freshPaint);
  const trip = spread(b.nodeRoundTrip);
  const wake = spread(b.wakeFloor);
  const wakeUnlocked = spread(b.wakeUnlocked);
  // Fresh paint's floor: this open's cached paint plus one round trip of the node, measured next to it.
  const freshFloorSamples = b.cachedPaint.map((c, i) => c + b.nodeRoundTrip[i]!);
  const freshFloor = spread(freshFloorSamples);
  const opens = `median of ${cached.n}`;
  rows.push([
    `bare extension page → first paint (floor), ${opens}`,
    formatSpread(floor),
    NONE,
    NONE,
    'static page in the bench’s own copy of the build',
  ]);
  rows.push([
    `popup open → cached portfolio painted, ${opens}`,
    formatSpread(cached),
    `bare page ${formatSpread(floor)}`,
    formatOverFloor(pairedDifference(b.cachedPaint, b.floorPaint), cached, floor),
    holding,
  ]);
  rows.push([
    `node JSON-RPC round trip (one getHealth), ${opens}`,
    formatSpread(trip),
    NONE,
    NONE,
    'from the service worker, next to each open',
  ]);
  rows.push([
    `popup open → fresh portfolio painted, ${opens}`,
    formatSpread(fresh),
    `cached + 1 round trip ${formatSpread(freshFloor)}`,
    formatOverFloor(pairedDifference(b.freshPaint, freshFloorSamples), fresh, freshFloor),
    'one batch refresh',
  ]);
  rows.push([
    `worker stopped → answering a ping (floor), median of ${wake.n}`,
    formatSpread(wake),
    NONE,
    NONE,
    'app:ping: the worker’s wake',
  ]);
  rows.push([
    `worker stopped → answering unlocked, median of ${wakeUnlocked.n}`,
    formatSpread(wakeUnlocked),
    `wake ${formatSpread(wake)}`,
    formatOverFloor(pairedDifference(b.wakeUnlocked, b.wakeFloor), wakeUnlocked, wake),
    'wallet:state after the vault reopens',
  ]);
  rows.push([
    `unlock (PBKDF2 600k + AES-GCM), median of ${b.unlock.length}`,
    formatSpread(spread(b.unlock)),
    NONE,
    NONE,
    '',
  ]);
  rows.push([
    'service-worker heap after the refreshes',
    b.workerHeapMb === null ? 'n/a' : `${b.workerHeapMb.toFixed(1)} MB`,
    NONE,
    NONE,
    b.workerHeapMb === null
      ? 'the DevTools protocol did not answer'
      : 'used JS heap after a forced GC, over the DevTools protocol',
  ]);
}

for (const [measure, value, note] of incomeRows(await incomeFigures()))
  rows.push([measure, value, NONE, NONE, note]);

if (rpc) {
  for (const row of rpc)
    rows.push([
      `RPC: ${row.work}`,
      formatCounts(row.tidepool),
      NONE,
      NONE,
      `SDK helpers: ${formatCounts(row.sdk)}`,
    ]);
} else {
  rows.push(['RPC counts', 'skipped', NONE, NONE, 'the stake-pool program is not installed (see README)']);
}
const withBytes = (c: RouteRow['tidepool']) => `${formatCounts(c)}, ${kb(c.bytes)}`;
if (typeof routes === 'string') rows.push(['RPC: routes (INF, mSOL)', 'skipped', NONE, NONE, routes]);
else
  for (const row of routes)
    rows.push([
      `RPC: ${row.work}`,
      withBytes(row.tidepool),
      NONE,
      NONE,
      `naive, one call per read: ${row.work.endsWith('sent') ? formatCounts(row.naive) : withBytes(row.naive)}`,
    ]);
for (const row of native ?? []) rows.push([`RPC: ${row.work}`, row.value, NONE, NONE, row.note]);

const header: Row = [
  'measure',
  'Tidepool, median (p25–p75)',
  'floor, median (p25–p75)',
  'over floor (paired), ratio',
  'notes',
];
const widths = [0, 1, 2, 3].map((c) => Math.max(...[header, ...rows].map((r) => r[c]!.length)));
const line = (r: Row) =>
  `| ${r
    .slice(0, 4)
    .map((cell, c) => cell.padEnd(widths[c]!))
    .join(' | ')} | ${r[4]}`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|------`);
for (const row of rows) console.log(line(row));
