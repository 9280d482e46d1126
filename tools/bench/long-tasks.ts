// The longest task on the popup's main thread while it opens on a long portfolio: from navigation
// until a moment after every row is in the list (the fresh portfolio painted, the rows below the
// fold included), read from a Chrome trace of that page (its top-level tasks, however short: the
// page's own long-task API reports only those over 50 ms). One trace per open, the first not counted.
import type { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { launchWallet, type Wallet } from '../../tests/support/browser.ts';
import { importSecretKey, useCustomRpc } from '../../tests/support/flows.ts';
import { tracedPage } from './trace.ts';

/** What the browser's scheduler runs as one task (names differ between Chrome versions). */
const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
const MARK = 'tidepool:bench-traced';
/** After the last row is there: the frames that lay out and paint it, and the idle work after. */
const SETTLE_MS = 1_000;

async function tracedOpen(wallet: Wallet, rows: number): Promise<number> {
  const { page, stop } = await tracedPage(wallet, ['toplevel', 'blink.user_timing']);
  await page.goto(`${wallet.origin}/src/popup/index.html`);
  await page
    .getByTestId('freshness')
    .filter({ hasText: /^Updated/ })
    .waitFor({ timeout: 60_000 });
  await page.waitForFunction((n) => document.querySelectorAll('li.asset').length >= n, rows, {
    timeout: 30_000,
  });
  await page.waitForTimeout(SETTLE_MS);
  // A mark of the page's own names its main thread in the trace (its process is the extension's).
  await page.evaluate((name) => performance.mark(name), MARK);
  const events = await stop();
  await page.close();
  const mark = events.find((e) => e.name === MARK);
  if (!mark) throw new Error('the trace has no mark of the page');
  const tasks = events.filter(
    (e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X' && TASKS.has(e.name),
  );
  return Math.max(0, ...tasks.map((e) => (e.dur ?? 0) / 1000));
}

/** The longest main-thread task of each of `opens` popup opens (the first, which fills caches, dropped). */
export async function longestTasks(
  rpcUrl: string,
  holder: Keypair,
  lsts: number,
  dist: string,
  opens = 21,
): Promise<number[]> {
  const wallet = await launchWallet({ dist });
  try {
    const popup = await wallet.openPopup();
    await importSecretKey(popup, bs58.encode(holder.secretKey));
    await useCustomRpc(popup, rpcUrl);
    await popup.close();
    const longest: number[] = [];
    for (let i = 0; i < opens; i++) {
      const ms = await tracedOpen(wallet, lsts + 1); // SOL's row and one per LST
      if (i > 0) longest.push(ms);
    }
    return longest;
  } finally {
    await wallet.close();
  }
}
