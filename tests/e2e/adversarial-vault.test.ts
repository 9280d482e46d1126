// Auto-lock against a site that wants the wallet to stay open (issue #10, finding 7), in real
// Chromium: a dApp's request keeps an approval window open, polling the background every few
// seconds, and wakes a stopped worker; none of that is a person, so the wallet still locks on
// time. A real click in the window does postpone the lock. And Settings warns, where a custom RPC
// is chosen, that it sees the wallet's addresses and shapes what the wallet shows (finding 6).
import type { Keypair } from '@solana/web3.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wallet } from '../support/browser';
import { walletWithDapp, type DappServer } from '../support/dapp-server';
import { PASSWORD } from '../support/flows';
import { startTestChain, type TestChain } from '../support/localnet';

const ALARM = 'tidepool-autolock';

describe('auto-lock only counts a person', () => {
  let chain: TestChain;
  let wallet: Wallet;
  let server: DappServer;
  let user: Keypair;
  let dapp: Page;

  const alarmAt = async () =>
    (await wallet.worker()).evaluate(
      async (name) => (await chrome.alarms.get(name))?.scheduledTime ?? null,
      ALARM,
    );
  /** The wallet's real alarm, brought forward: the deadline a short auto-lock would have now. */
  const deadlineIn = async (ms: number) =>
    (await wallet.worker()).evaluate(
      ([name, when]) => chrome.alarms.create(name, { when: Date.now() + when }),
      [ALARM, ms] as const,
    );
  const polls = () => wallet.received.filter((m) => m.method === 'approval:get').length;
  /** A connect request from the site: it opens the approval window, which polls while open. */
  const siteAsks = () =>
    dapp
      .evaluate(() => (window as never as { dapp: { connect(): Promise<{ ok: boolean }> } }).dapp.connect())
      .catch((error: Error) => ({ ok: false, closed: error.message }));
  let answer: ReturnType<typeof siteAsks> | null = null;

  beforeAll(async () => {
    chain = await startTestChain();
    user = await chain.funded(5);
    ({ server, wallet, dapp } = await walletWithDapp(user, chain.node.rpcUrl));
    const popup = await wallet.openPopup();
    expect((await wallet.call(popup, 'settings:setAutoLock', { minutes: 1 })).ok).toBe(true);
    await popup.close();
  });
  afterAll(async () => {
    await wallet?.close();
    await server?.close();
    await chain?.close();
  });

  it('locks on time while a site’s approval window polls and the site wakes the stopped worker', async () => {
    answer = siteAsks();
    const approval = await wallet.approvalWindow();
    await expect.poll(() => approval.getByTestId('origin').textContent()).toBe(new URL(server.url).origin);
    await deadlineIn(8_000);
    const pollsBefore = polls();
    // The site's next message (and the window's next poll) must restart the worker: that is no person either.
    await wallet.stopServiceWorker();
    await approval.getByRole('button', { name: 'Unlock' }).waitFor({ timeout: 45_000 });
    await wallet.screenshots(approval, 'approval-locked');
    expect(polls()).toBeGreaterThan(pollsBefore + 1);
    expect((await wallet.storage('session')).vaultKey).toBeUndefined();
    expect(await alarmAt()).toBeNull();
  });

  it('a real click in the approval window postpones the lock; the window’s own polls do not', async () => {
    const approval = await wallet.approvalWindow();
    await approval.getByLabel('Password', { exact: true }).fill(PASSWORD);
    const unlockedAt = Date.now();
    await approval.getByRole('button', { name: 'Unlock' }).click();
    await approval.getByRole('button', { name: 'Reject', exact: true }).waitFor();
    // Unlocking is a person's act: a full period from then (the alarm is set just after the answer).
    await expect.poll(alarmAt).toBeGreaterThanOrEqual(unlockedAt + 55_000);
    await deadlineIn(20_000);
    const before = await alarmAt();
    // Two polls pass: the deadline stays where it was.
    const pollsBefore = polls();
    await expect.poll(polls, { timeout: 15_000 }).toBeGreaterThan(pollsBefore + 1);
    expect(await alarmAt()).toBe(before);
    // A person clicks: the deadline moves to a full auto-lock period (1 minute) from now.
    const closed = approval.waitForEvent('close', { timeout: 15_000 });
    const clickedAt = Date.now();
    await approval.getByRole('button', { name: 'Reject', exact: true }).click();
    await closed;
    await expect.poll(alarmAt).toBeGreaterThanOrEqual(clickedAt + 55_000);
    expect(await answer).toMatchObject({ ok: false });
  });

  it('Settings says, where a custom RPC is chosen, what that RPC sees and shapes (finding 6)', async () => {
    const popup = await wallet.openPopup();
    await popup
      .getByLabel('Password', { exact: true })
      .or(popup.getByRole('button', { name: 'Settings' }))
      .first()
      .waitFor();
    if (await popup.getByRole('button', { name: 'Unlock' }).isVisible()) {
      await popup.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await popup.getByRole('button', { name: 'Unlock' }).click();
    }
    await popup.getByRole('button', { name: 'Settings' }).click();
    await popup.getByLabel('Network', { exact: true }).selectOption('custom');
    const field = popup.getByLabel('RPC URL');
    // The warning is the field's description, so a screen reader reads it with the field.
    await expect.poll(() => field.getAttribute('aria-describedby')).toBeTruthy();
    const hint = popup.locator(`[id="${await field.getAttribute('aria-describedby')}"]`);
    expect(await hint.textContent()).toMatch(
      /sees every address in this wallet.*can make the wallet show things that are not true.*cannot sign for you.*Explorer links leave this URL out/,
    );
    await wallet.screenshots(popup, 'settings-custom-rpc-warning');
    await popup.close();
  });
});
