// The popup's first paint, in real Chromium against the localnet: the saved portfolio is on screen
// before the popup asks the worker anything about the portfolio (it is read from storage, and the
// refresh is asked for only after that paint), and the first paint's scripts leave every screen but
// Home and Unlock in chunks of their own.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    })()`);
  });
  afterAll(async () => {
    await wallet?.close();
    await chain?.close();
  });

  it('paints the saved portfolio from storage, then asks the worker for the fresh one', async () => {
    const first = await wallet.openPopup();
    await importSecretKey(first, bs58.encode(user.secretKey));
    await useCustomRpc(first, chain.node.rpcUrl);
    await first
      .getByTestId('freshness')
      .filter({ hasText: /^Updated/ })
      .waitFor();
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
      'Onboarding',
      'FoundAccounts',
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
