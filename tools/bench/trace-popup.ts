// `npx tsx tools/bench/trace-popup.ts`: where the popup's first paint goes. Opens the popup on the
// cached 50-LST portfolio a few times with Chrome's tracing on (DevTools protocol) and prints, per
// open, the renderer main thread's work up to the cached paint grouped by kind (script compile and
// evaluation, style, layout, paint, HTML parse), the gaps where the main thread waited, and each
// message to the worker with its send and answer times. A diagnosis tool, not part of the table.
import bs58 from 'bs58';
import type { Page } from 'playwright-core';
import { resolve } from 'node:path';
import { startTestChain } from '../../tests/support/localnet.ts';
import { launchWallet, type Wallet } from '../../tests/support/browser.ts';
import { importSecretKey, useCustomRpc } from '../../tests/support/flows.ts';
import type { CreatedPool } from '../stake-pool-admin/pool-admin.ts';
import { floorBuild } from './floor-build.ts';
import { paintedAt, watchPaints } from './paint-watch.ts';
import { tracedPage, type TraceEvent } from './trace.ts';
import { holdLsts } from './rpc-counts.ts';

interface Call {
  method: string;
  sent: number;
  answered: number;
}

const LST_COUNT = Number(process.env.LSTS ?? 50);
const OPENS = Number(process.env.OPENS ?? 4);
const KINDS: [kind: string, names: string[]][] = [
  [
    'script compile',
    ['v8.compile', 'v8.compileModule', 'V8.CompileCode', 'CompileScript', 'v8.parseOnBackground'],
  ],
  [
    'script evaluate',
    [
      'EvaluateScript',
      'v8.evaluateModule',
      'FunctionCall',
      'RunMicrotasks',
      'TimerFire',
      'FireAnimationFrame',
      'EventDispatch',
    ],
  ],
  ['style', ['UpdateLayoutTree', 'ParseAuthorStyleSheet', 'RecalculateStyles']],
  ['layout', ['Layout']],
  ['paint', ['Paint', 'PrePaint', 'Layerize', 'UpdateLayer', 'CompositeLayers', 'Commit']],
  ['parse HTML', ['ParseHTML']],
];

async function traced(
  wallet: Wallet,
  path: string,
  floor = false,
): Promise<{ events: TraceEvent[]; cached: number; fresh: number; calls: Call[]; page: Page }> {
  const { page, stop } = await tracedPage(wallet, [
    'devtools.timeline',
    'v8',
    'v8.execute',
    'blink.user_timing',
    'loading',
    'disabled-by-default-devtools.timeline',
  ]);
  await page.goto(`${wallet.origin}/${path}`);
  const at = (re: string, id: string) =>
    page
      .waitForFunction(
        ([i, r]) =>
          new RegExp(r).test(document.querySelector(`[data-testid=${i}]`)?.textContent ?? '') &&
          performance.now(),
        [id, re] as const,
        { polling: 'raf', timeout: 30_000 },
      )
      .then((h) => h.jsonValue() as Promise<number>);
  const cached = floor ? await at('SOL', 'floor') : await at('SOL', 'total-value');
  const fresh = floor ? cached : await at('^Updated', 'freshness');
  const inPage = [
    await paintedAt(page, floor ? 'floor' : 'total-value'),
    floor ? 0 : await paintedAt(page, 'freshness'),
  ];
  console.log(`  in-page paint detection (bench): ${inPage.map((t) => t.toFixed(0)).join(' / ')} ms`);
  const calls = await page.evaluate(() => (globalThis as unknown as { __calls?: Call[] }).__calls ?? []);
  const events = await stop();
  return { events, cached, fresh, calls, page };
}

/** Main-thread work between `fromMs` and `cachedMs` after navigation (from the start by default). */
function summarize(events: TraceEvent[], cachedMs: number, fromMs = 0): string[] {
  const nav = events.find((e) => e.name === 'navigationStart' && e.cat.includes('blink.user_timing'));
  if (!nav) return ['(no navigationStart in the trace)'];
  const main = events.filter((e) => e.pid === nav.pid && e.tid === nav.tid);
  const end = nav.ts + cachedMs * 1000;
  const start = nav.ts + fromMs * 1000;
  const lines: string[] = [];
  let busy = 0;
  for (const [kind, names] of KINDS) {
    // Top-level only: an event nested in another counted event is not counted twice.
    const counted = main.filter((e) => e.ph === 'X' && names.includes(e.name) && e.ts >= start && e.ts < end);
    const top = counted.filter(
      (e) =>
        !main.some(
          (o) =>
            o !== e &&
            o.ph === 'X' &&
            KINDS.some(([, n]) => n.includes(o.name)) &&
            o.ts <= e.ts &&
            o.ts + (o.dur ?? 0) >= e.ts + (e.dur ?? 0) &&
            (o.dur ?? 0) > (e.dur ?? 0),
        ),
    );
    const ms = top.reduce((s, e) => s + (e.dur ?? 0), 0) / 1000;
    busy += ms;
    lines.push(`  ${kind.padEnd(16)} ${ms.toFixed(1).padStart(6)} ms (${top.length} events)`);
  }
  lines.push(
    `  ${'main thread busy'.padEnd(16)} ${busy.toFixed(1).padStart(6)} ms of ${(cachedMs - fromMs).toFixed(0)} ms`,
  );
  const long = main.filter(
    (e) =>
      e.ph === 'X' &&
      (e.dur ?? 0) > 4000 &&
      e.ts >= start &&
      e.ts < end &&
      !main.some(
        (o) =>
          o !== e &&
          o.ph === 'X' &&
          o.ts <= e.ts &&
          o.ts + (o.dur ?? 0) >= e.ts + (e.dur ?? 0) &&
          (o.dur ?? 0) > (e.dur ?? 0),
      ),
  );
  for (const e of long) {
    const data = (e.args as { data?: { url?: string; functionName?: string; type?: string } } | undefined)
      ?.data;
    const inside = main
      .filter(
        (o) =>
          o !== e &&
          o.ph === 'X' &&
          (o.dur ?? 0) > 1500 &&
          o.ts >= e.ts &&
          o.ts + (o.dur ?? 0) <= e.ts + (e.dur ?? 0),
      )
      .map((o) => `${o.name} ${((o.dur ?? 0) / 1000).toFixed(1)}`)
      .slice(0, 8)
      .join(', ');
    lines.push(
      `  long task ${e.name} at ${((e.ts - nav.ts) / 1000).toFixed(1)} ms for ${((e.dur ?? 0) / 1000).toFixed(1)} ms ${data?.functionName ?? data?.type ?? ''} ${data?.url?.split('/').pop() ?? ''}: ${inside}`,
    );
  }
  const marks = main.filter((e) =>
    [
      'firstPaint',
      'firstContentfulPaint',
      'domInteractive',
      'domContentLoadedEventEnd',
      'loadEventEnd',
    ].includes(e.name),
  );
  for (const m of marks) lines.push(`  ${m.name.padEnd(24)} at ${((m.ts - nav.ts) / 1000).toFixed(1)} ms`);
  const scripts = events.filter((e) => e.name === 'ResourceSendRequest' || e.name === 'ResourceFinish');
  lines.push(`  resources: ${scripts.filter((e) => e.name === 'ResourceSendRequest').length} requests`);
  return lines;
}

const chain = await startTestChain();
const build = floorBuild(resolve(import.meta.dirname, '../../dist/chrome'));
try {
  const operator = await chain.funded(10_000);
  const user = await chain.funded(1_000);
  const pools: CreatedPool[] = [];
  if (chain.node.stakePoolAvailable) await holdLsts(chain, operator, user, pools, LST_COUNT);
  const wallet = await launchWallet({ dist: build.dist });
  await watchPaints(wallet.context);
  await wallet.context.addInitScript(() => {
    if (!location.protocol.startsWith('chrome-extension') || !globalThis.chrome?.runtime?.sendMessage) return;
    const calls: Call[] = [];
    (globalThis as unknown as { __calls: Call[] }).__calls = calls;
    const original = chrome.runtime.sendMessage.bind(chrome.runtime) as (
      ...args: unknown[]
    ) => Promise<unknown>;
    (chrome.runtime as { sendMessage: unknown }).sendMessage = (...args: unknown[]) => {
      const call: Call = {
        method: String((args[0] as { method?: string })?.method),
        sent: performance.now(),
        answered: NaN,
      };
      calls.push(call);
      return original(...args).then((r) => {
        call.answered = performance.now();
        return r;
      });
    };
    const get = chrome.storage.local.get.bind(chrome.storage.local) as (
      ...args: unknown[]
    ) => Promise<Record<string, unknown>>;
    (chrome.storage.local as { get: unknown }).get = (...args: unknown[]) => {
      const call: Call = {
        method: `storage.get ${String(args[0]).slice(0, 10)}`,
        sent: performance.now(),
        answered: NaN,
      };
      calls.push(call);
      return get(...args).then((r) => {
        call.answered = performance.now();
        call.method += ` ${JSON.stringify(r).length} B`;
        return r;
      });
    };
  });
  try {
    const popup = await wallet.openPopup();
    await importSecretKey(popup, bs58.encode(user.secretKey));
    await useCustomRpc(popup, chain.node.rpcUrl);
    await popup
      .getByTestId('freshness')
      .filter({ hasText: /^Updated/ })
      .waitFor({ timeout: 60_000 });
    for (let i = 0; i < OPENS; i++) {
      const floor = await traced(wallet, 'bench-floor.html', true).catch(() => null);
      await floor?.page.close();
      const run = await traced(wallet, 'src/popup/index.html');
      console.log(`open ${i}: cached paint ${run.cached.toFixed(0)} ms, fresh ${run.fresh.toFixed(0)} ms`);
      if (floor) console.log(`  (bare page: ${floor.cached.toFixed(0)} ms)`);
      for (const line of summarize(run.events, run.cached)) console.log(line);
      console.log('  between the cached and the fresh paint:');
      for (const line of summarize(run.events, run.fresh, run.cached)) console.log(line);
      for (const c of run.calls)
        console.log(
          `  message ${c.method.padEnd(16)} sent ${c.sent.toFixed(1)} answered ${c.answered.toFixed(1)} (${(c.answered - c.sent).toFixed(1)} ms)`,
        );
      const timing = await run.page.evaluate(() =>
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
          (r) => `${r.name.split('/').pop()} ${r.startTime.toFixed(1)}→${r.responseEnd.toFixed(1)}`,
        ),
      );
      console.log(`  resources: ${timing.join(', ')}`);
      await run.page.close();
    }
  } finally {
    await wallet.close();
  }
} finally {
  build.remove();
  await chain.close();
}
