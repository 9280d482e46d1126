// The popup's first paint, in real Chromium against the localnet: the saved portfolio is on screen
// before the popup asks the worker anything about the portfolio (it is the popup's own copy of the
// last fresh portfolio it painted, else the worker's from storage; the refresh is asked for only
// after that paint), and the first paint's scripts leave every screen but Home and Unlock in chunks
// of their own.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST, launchWallet, type Wallet } from '../support/browser';
import { importSecretKey, useCustomRpc } from '../support/flows';
import { startTestChain, type TestChain } from '../support/localnet';

interface Sent {
  method: string;
  refresh: boolean | null;
  totalShown: string | null;
}

describe('popup: first paint', () => {
  let chain: TestChain;
  let wallet: Wallet;
  const user = Keypair.generate();

  beforeAll(async () => {
    chain = await startTestChain();
    await chain.fund(user.publicKey, 7);
    wallet = await launchWallet();
    // Each message a page sends to the worker, with what the total showed at that moment.
    await wallet.context.addInitScript(`(() => {
      if (!location.protocol.startsWith('chrome-extension') || !globalThis.chrome?.runtime?.sendMessage) return;
      const sent = [];
      globalThis.__sent = sent;
      const original = chrome.runtime.sendMessage.bind(chrome.runtime);
      chrome.runtime.sendMessage = (...args) => {
        const m = args[0] || {};
        sent.push({ method: String(m.method), refresh: m.params && typeof m.params.refresh === 'boolean' ? m.params.refresh : null,
          totalShown: document.querySelector('[data-testid="total-value"]')?.textContent ?? null });
        return original(...args);
      };
      // Which keys the page reads from extension storage.
      const read = [];
      globalThis.__storageReads = read;
      const get = chrome.storage.local.get.bind(chrome.storage.local);
      chrome.storage.local.get = (keys, ...rest) => {
        read.push(...[keys].flat().map(String));
        return get(keys, ...rest);
      };
    })()`);
  });
  afterAll(async () => {
    await wallet?.close();
    await chain?.close();
  });

  const PAINTED = 'tidepool:paintedPortfolio';
  const portfolioReads = (page: Page) =>
    page.evaluate(() =>
      (globalThis as unknown as { __storageReads: string[] }).__storageReads.filter((k) =>
        k.startsWith('portfolio:'),
      ),
    );
  /** What the total showed when the popup asked for the fresh portfolio: the saved figures it painted. */
  const paintedBeforeRefresh = async (page: Page) => {
    await page
      .getByTestId('freshness')
      .filter({ hasText: /^Updated/ })
      .waitFor();
    const sent = await page.evaluate(() => (globalThis as unknown as { __sent: Sent[] }).__sent);
    return sent.find((s) => s.method === 'portfolio:get')?.totalShown;
  };

  it('paints its own copy of the last fresh portfolio, then asks the worker for the fresh one', async () => {
    const first = await wallet.openPopup();
    await importSecretKey(first, bs58.encode(user.secretKey));
    await useCustomRpc(first, chain.node.rpcUrl);
    await first
      .getByTestId('freshness')
      .filter({ hasText: /^Updated/ })
      .waitFor();
    // The popup keeps what it painted as its copy once it is idle (within 200 ms).
    await expect
      .poll(() => first.evaluate((k) => localStorage.getItem(k), PAINTED))
      .toContain('"7000000000"');
    await first.close();

    const popup = await wallet.openPopup();
    await popup
      .getByTestId('freshness')
      .filter({ hasText: /^Updated/ })
      .waitFor();
    const total = await popup.getByTestId('total-value').textContent();
    expect(total).toBe('7 SOL');
    const sent = await popup.evaluate(() => (globalThis as unknown as { __sent: Sent[] }).__sent);
    const portfolioCalls = sent.filter((s) => s.method === 'portfolio:get');
    // One call, the refresh, sent when the saved figures were already on screen.
    expect(portfolioCalls).toEqual([{ method: 'portfolio:get', refresh: true, totalShown: total }]);
    // The wallet's state and the network were asked before anything else, in parallel.
    expect(
      sent
        .slice(0, 2)
        .map((s) => s.method)
        .sort(),
    ).toEqual(['network:get', 'wallet:state']);
    // The figures came from the popup's own copy: extension storage was not read for them.
    expect(await portfolioReads(popup)).toEqual([]);
    await popup.close();
  });

  it('paints the worker’s copy when its own is of another network, of an older version, or unreadable', async () => {
    const setup = await wallet.openPopup();
    const copy = await setup.evaluate((key) => localStorage.getItem(key), PAINTED);
    expect(copy).toContain('"7000000000"'); // the last fresh portfolio, as the popup painted it
    const { key, items } = JSON.parse(copy!) as {
      key: string;
      items: Record<string, { totalLamports: string }>;
    };
    const otherNetwork = key.replace(chain.node.rpcUrl, 'http://127.0.0.1:1/');
    const variants = [
      // another network's copy, with its own (different) figures
      {
        key: otherNetwork,
        items: {
          [otherNetwork]: { ...items[key], rpcUrl: 'http://127.0.0.1:1/', totalLamports: '999000000000' },
        },
      },
      // this account's copy written by an older Tidepool (version stamp 0)
      { key, items: { [key]: { ...items[key], totalLamports: '999000000000' }, [`version:${key}`]: 0 } },
      'not JSON {',
    ];
    await setup.close();
    // Written from an extension page that runs none of Tidepool's scripts (a popup would write its own).
    const writer = await wallet.context.newPage();
    await writer.goto(`${wallet.origin}/manifest.json`);
    for (const variant of variants) {
      await writer.evaluate(([k, v]) => localStorage.setItem(k, v), [
        PAINTED,
        typeof variant === 'string' ? variant : JSON.stringify(variant),
      ] as const);
      const popup = await wallet.openPopup();
      expect(await paintedBeforeRefresh(popup)).toBe('7 SOL');
      expect(await portfolioReads(popup)).toEqual([key]);
      await popup.close();
    }
    await writer.close();
  });

  it('loads only Home and Unlock with the popup; every other screen is a chunk of its own', () => {
    const html = readFileSync(join(DIST, 'src/popup/index.html'), 'utf8');
    const firstPaint = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
    const chunks = readdirSync(join(DIST, 'assets'));
    for (const screen of [
      'Stake',
      'Unstake',
      'Convert',
      'Send',
      'Receive',
      'Activity',
      'Settings',
      'Accounts',
      'Explainer',
      'NativeStake',
      'StakeAccount',
      'Waiting',
      'Onboarding',
      'FoundAccounts',
      'TokenDetail',
    ]) {
      expect(
        chunks.some((c) => c.startsWith(`${screen}-`)),
        `${screen} has a chunk`,
      ).toBe(true);
      expect(
        firstPaint.some((f) => f.startsWith(`${screen}-`)),
        `${screen} is not in the first paint`,
      ).toBe(false);
    }
    // Home and Unlock are in the first paint's scripts (no chunk of their own).
    expect(chunks.some((c) => c.startsWith('Home-') || c.startsWith('Unlock-'))).toBe(false);
  });
});
