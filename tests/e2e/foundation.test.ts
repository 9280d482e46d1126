// The skeleton, proven the way a user meets it: the built extension loads in real Chromium, its
// popup talks to the background, the background talks to a real local chain, and the service
// worker can be stopped (as MV3 does after 30 s idle) without breaking the popup.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { DIST, launchWallet, type Wallet } from '../support/browser';
import { importSecretKey } from '../support/flows';
import { startTestChain, type TestChain } from '../support/localnet';

let wallet: Wallet;
let chain: TestChain;

beforeAll(async () => {
  chain = await startTestChain();
  wallet = await launchWallet();
});
afterAll(async () => {
  await wallet?.close();
  await chain?.close();
});

describe('extension skeleton', () => {
  it('is a least-privilege MV3 extension with a strict CSP', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background.type).toBe('module');
    expect(manifest.permissions.sort()).toEqual(['alarms', 'notifications', 'storage']);
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.content_security_policy.extension_pages).toContain("script-src 'self'");
    expect(manifest.content_security_policy.extension_pages).not.toMatch(/unsafe-eval|unsafe-inline/);
    const worlds = manifest.content_scripts.map((c: { world?: string; run_at: string }) => [
      c.world ?? 'ISOLATED',
      c.run_at,
    ]);
    expect(worlds).toEqual([
      ['ISOLATED', 'document_start'],
      ['MAIN', 'document_start'],
    ]);
  });

  it('round-trips a typed message between the popup and the background', async () => {
    const popup = await wallet.openPopup();
    const ping = await wallet.call<{ workerStartedAt: number; now: number }>(popup, 'app:ping');
    expect(ping.ok).toBe(true);
    expect(ping.result!.now).toBeGreaterThanOrEqual(ping.result!.workerStartedAt);

    const bad = await wallet.call(popup, 'no:such-method');
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const badParams = await wallet.call(popup, 'network:set', { network: 'moon' });
    expect(badParams).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    await popup.close();
  });

  it('shows the local chain in the popup, through the background’s RPC client', async () => {
    const page = await wallet.openPopup();
    const set = await wallet.call(page, 'network:set', {
      network: 'custom',
      customRpcUrl: chain.node.rpcUrl,
    });
    expect(set.ok).toBe(true);
    await importSecretKey(page, bs58.encode(Keypair.generate().secretKey));
    await expect
      .poll(() => page.getByTestId('chain-status').textContent())
      .toContain(`${chain.node.rpcUrl}/`);
    await wallet.screenshots(page, 'foundation-popup');
    await page.close();
  });

  it('survives the service worker being stopped: the popup wakes a new one and keeps working', async () => {
    const page = await wallet.openPopup();
    const before = await wallet.call<{ workerStartedAt: number }>(page, 'app:ping');
    await page.close();

    await wallet.stopServiceWorker();

    const again = await wallet.openPopup();
    await expect
      .poll(() => again.getByTestId('chain-status').textContent(), { timeout: 20_000 })
      .toContain('epoch');
    const after = await wallet.call<{ workerStartedAt: number }>(again, 'app:ping');
    expect(after.result!.workerStartedAt).toBeGreaterThan(before.result!.workerStartedAt);
    await again.close();
  });
});
