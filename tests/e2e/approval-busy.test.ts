// The approval window while an approval is being carried out, in real Chromium against the
// localnet: the node holds the approved transaction's send for longer than the window's refresh.
// The window must keep showing the request being decided (not swap to the next one and arm it,
// where a "did it work?" press would approve it), and the next request is shown, unarmed, only
// once the decision ends.
import { Keypair, SystemProgram, TransactionMessage, VersionedTransaction } from '@solana/web3.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wallet } from '../support/browser';
import { walletWithDapp, type DappServer } from '../support/dapp-server';
import { FaultInjector } from '../support/faults';
import { startTestChain, type TestChain } from '../support/localnet';
import { playwrightPage } from '../support/driver';
import { dappCall } from '../support/shared-flows';

/** Longer than the window's refresh (4 s): without the fix, a refresh shows the next request by then. */
const HELD_MS = 6_000;

describe('the approval window while Approve is busy', () => {
  const faults = new FaultInjector();
  let chain: TestChain;
  let wallet: Wallet;
  let server: DappServer;
  let dapp: Page;
  let user: Keypair;

  const call = (method: string, ...args: unknown[]) =>
    dappCall<string>(playwrightPage(dapp), method, ...args);
  const queue = async () =>
    ((await wallet.storage('session')).approvalQueue ?? []) as { method: string; state: { kind: string } }[];

  beforeAll(async () => {
    chain = await startTestChain({ middleware: faults.middleware });
    user = await chain.funded(10);
    ({ server, wallet, dapp } = await walletWithDapp(user, chain.node.rpcUrl));
    const connecting = call('connect');
    const approval = await wallet.approvalWindow();
    const closed = approval.waitForEvent('close');
    await approval.getByRole('button', { name: 'Connect', exact: true }).click({ timeout: 15_000 });
    expect((await connecting).ok).toBe(true);
    await closed;
  });
  afterAll(async () => {
    faults.dropHeld();
    await wallet?.close();
    await server?.close();
    await chain?.close();
  });

  it('keeps showing the request being approved past a refresh, and arms the next one only after', async () => {
    const { blockhash } = await chain.connection.getLatestBlockhash();
    const message = new TransactionMessage({
      payerKey: user.publicKey,
      recentBlockhash: blockhash,
      instructions: [
        SystemProgram.transfer({
          fromPubkey: user.publicKey,
          toPubkey: Keypair.generate().publicKey,
          lamports: 1_000_000,
        }),
      ],
    }).compileToV0Message();
    const sending = call(
      'sendTransaction',
      Buffer.from(new VersionedTransaction(message).serialize()).toString('base64'),
      chain.node.rpcUrl,
    );
    await expect.poll(async () => (await queue()).length).toBe(1);
    const signing = call('signMessage', 'the next request');
    await expect.poll(async () => (await queue()).length).toBe(2);
    const approval = await wallet.approvalWindow();
    const sendAsks = approval.getByText('asks you to sign and send a transaction', { exact: true });
    const messageAsks = approval.getByText('asks you to sign a message', { exact: true });
    await expect.poll(() => approval.getByText('Request 1 of 2').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await sendAsks.isVisible()).toBe(true);

    faults.fault = { kind: 'hold', method: 'sendTransaction' };
    await approval.getByRole('button', { name: 'Approve', exact: true }).click({ timeout: 15_000 });
    await faults.held();
    // Held past a refresh: the window still shows the transaction, never the message.
    const until = Date.now() + HELD_MS;
    let swapped = false;
    while (Date.now() < until) {
      if (await messageAsks.isVisible()) swapped = true;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(swapped).toBe(false);
    expect(await sendAsks.isVisible()).toBe(true);
    // The next request is still undecided: nothing approved it (whether the background has already
    // reviewed it, 'shown', or not, 'waiting', is bookkeeping; the window never displayed it, above).
    const states = (await queue()).map((e) => e.state.kind);
    expect(states[0]).toBe('claimed');
    expect(['waiting', 'shown']).toContain(states[1]);
    expect(states).toHaveLength(2);

    // Records, in the page, whether Approve was enabled when the next request first appeared.
    await approval.evaluate(() => {
      const seen = window as never as { approveEnabledOnNext?: boolean };
      const look = () => {
        if (
          seen.approveEnabledOnNext !== undefined ||
          !document.body.textContent?.includes('asks you to sign a message')
        )
          return;
        const approve = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Approve');
        seen.approveEnabledOnNext = !!approve && !approve.disabled;
      };
      new MutationObserver(look).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    });
    faults.fault = { kind: 'none' };
    faults.dropHeld(); // the held send is cut off, and the decision ends
    await messageAsks.waitFor({ timeout: 30_000 });
    // The next request is shown unarmed: a press right after the decision cannot approve it.
    expect(
      await approval.evaluate(
        () => (window as never as { approveEnabledOnNext?: boolean }).approveEnabledOnNext,
      ),
    ).toBe(false);
    // The transfer was answered (sent, or failed as the node cut it off): only the message waits.
    await sending;
    expect((await queue()).map((e) => e.method)).toEqual(['signMessage']);
    await approval.getByRole('button', { name: 'Reject', exact: true }).click();
    expect((await signing).ok).toBe(false);
  });
});
