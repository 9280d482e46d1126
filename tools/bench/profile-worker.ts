// `npx tsx tools/bench/profile-worker.ts`: a 50-LST portfolio refresh as the service worker runs it
// in Chromium, timed from inside the worker: each storage read and write, each fetch to the node,
// and the whole message from the popup. A diagnosis tool, not part of the table.
import bs58 from 'bs58';
import { startTestChain } from '../../tests/support/localnet.ts';
import { launchWallet } from '../../tests/support/browser.ts';
import { importSecretKey, useCustomRpc } from '../../tests/support/flows.ts';
import type { CreatedPool } from '../stake-pool-admin/pool-admin.ts';
import { holdLsts } from './rpc-counts.ts';

interface Span {
  name: string;
  start: number;
  ms: number;
}
const chain = await startTestChain();
try {
  const operator = await chain.funded(10_000);
  const user = await chain.funded(1_000);
  const pools: CreatedPool[] = [];
  await holdLsts(chain, operator, user, pools, Number(process.env.LSTS ?? 50));
  const wallet = await launchWallet();
  try {
    const popup = await wallet.openPopup();
    await importSecretKey(popup, bs58.encode(user.secretKey));
    await useCustomRpc(popup, chain.node.rpcUrl);
    await popup
      .getByTestId('freshness')
      .filter({ hasText: /^Updated/ })
      .waitFor({ timeout: 60_000 });
    const worker = await wallet.worker();
    // A string: tsx would wrap named functions in a helper the worker does not have.
    await worker.evaluate(`(() => {
      const spans = [];
      globalThis.__spans = spans;
      const wrap = (name, f) => async (...a) => {
        const start = performance.now();
        try { return await f(...a); } finally { spans.push({ name: name(...a), start, ms: performance.now() - start }); }
      };
      for (const m of ['get', 'set']) {
        const original = chrome.storage.local[m].bind(chrome.storage.local);
        chrome.storage.local[m] = wrap((k) => 'storage.' + m + ' ' + JSON.stringify(k).slice(0, 40) + ' ' + JSON.stringify(k).length + ' B', original);
      }
      const fetchOriginal = globalThis.fetch.bind(globalThis);
      globalThis.fetch = wrap((u, init) => 'fetch ' + String(init && init.body || '').length + ' B', fetchOriginal);
    })()`);
    for (let i = 0; i < 3; i++) {
      await worker.evaluate('globalThis.__spans.length = 0');
      const ms = await popup.evaluate(async () => {
        const start = performance.now();
        await chrome.runtime.sendMessage({
          channel: 'tidepool/ui',
          method: 'portfolio:get',
          params: { refresh: true },
        });
        return performance.now() - start;
      });
      const spans: Span[] = await worker.evaluate('globalThis.__spans');
      const t0 = Math.min(...spans.map((s) => s.start));
      console.log(`refresh message: ${ms.toFixed(1)} ms`);
      for (const s of spans)
        console.log(
          `  +${(s.start - t0).toFixed(1).padStart(6)} ${s.ms.toFixed(1).padStart(6)} ms  ${s.name}`,
        );
    }
  } finally {
    await wallet.close();
  }
} finally {
  await chain.close();
}
