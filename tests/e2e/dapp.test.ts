// dApps reaching Tidepool the way real dApps do (Wallet Standard discovery, the wallet-adapter
// base), in real Chromium against the localnet: connect, silent reconnect, sign message, sign in,
// sign a transaction, sign and send a stake-pool deposit built with @solana/spl-stake-pool, a
// tidepool:stake intent, reject, close the window, a flooding site, time out, revoke.
import { ed25519 } from '@noble/curves/ed25519';
import { depositSol } from '@solana/spl-stake-pool';
import { Keypair, SystemProgram, TransactionMessage, VersionedTransaction } from '@solana/web3.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import type { Wallet } from '../support/browser';
import { walletWithDapp, type DappServer } from '../support/dapp-server';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { SOL, activePool, nextEpoch } from '../support/staking';
import { playwrightPage } from '../support/driver';
import { dappCall, unsettledTransactions } from '../support/shared-flows';

const WITH_PROGRAM = stakePoolProgramOr(
  'dApp staking e2e (a stake-pool deposit built by the dApp, tidepool:stake)',
  STAKE_POOL_AVAILABLE,
);

describe('dApps through the Wallet Standard', () => {
  let chain: TestChain;
  let wallet: Wallet;
  let server: DappServer;
  let user: Keypair;
  let dapp: Page;
  let pool: CreatedPool | null = null;

  const call = <T = unknown>(method: string, ...args: unknown[]) =>
    dappCall<T>(playwrightPage(dapp), method, ...args);
  /** Starts a dApp call that will wait for the approval window; returns its eventual answer. */
  const pending = <T = unknown>(method: string, ...args: unknown[]) => call<T>(method, ...args);
  /** Clicks a decision; the last answered request closes the window, so the next test meets a new one. */
  const decide = async (button: string) => {
    const approval = await wallet.approvalWindow();
    const control = approval.getByRole('button', { name: button, exact: true });
    await expect.poll(() => control.isEnabled(), { timeout: 10_000 }).toBe(true);
    const closed = approval.waitForEvent('close', { timeout: 15_000 }); // before the click: it can close at once
    await control.click();
    await closed;
  };
  const approve = (button = 'Approve') => decide(button);
  const reject = () => decide('Reject');
  const transferTx = async (lamports: number) => {
    const { blockhash } = await chain.connection.getLatestBlockhash();
    const message = new TransactionMessage({
      payerKey: user.publicKey,
      recentBlockhash: blockhash,
      instructions: [
        SystemProgram.transfer({
          fromPubkey: user.publicKey,
          toPubkey: Keypair.generate().publicKey,
          lamports,
        }),
      ],
    }).compileToV0Message();
    return Buffer.from(new VersionedTransaction(message).serialize()).toString('base64');
  };

  beforeAll(async () => {
    chain = await startTestChain();
    user = await chain.funded(50);
    if (STAKE_POOL_AVAILABLE) {
      const operator = await chain.funded(500);
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 20n * SOL,
      });
      await nextEpoch(chain, operator, [pool]);
    }
    ({ server, wallet, dapp } = await walletWithDapp(user, chain.node.rpcUrl));
  });
  afterAll(async () => {
    await wallet?.close();
    await server?.close();
    await chain?.close();
  });

  it('is discovered, and connects only after the person clicks Connect', async () => {
    expect(
      await dapp.evaluate(() => (window as never as { dapp: { wallets(): string[] } }).dapp.wallets()),
    ).toContain('Tidepool');
    const silent = await call('autoConnect');
    expect(silent.ok).toBe(false); // not connected yet: a silent connect must not open anything
    const answer = pending<string>('connect');
    const approval = await wallet.approvalWindow();
    await expect.poll(() => approval.getByTestId('origin').textContent()).toBe(new URL(server.url).origin);
    await wallet.screenshots(approval, 'approval-connect');
    await approve('Connect');
    expect(await answer).toEqual({ ok: true, value: user.publicKey.toBase58() });
  });

  it('reconnects silently after a reload, without a window', async () => {
    await dapp.reload();
    expect(await call('autoConnect')).toEqual({ ok: true, value: user.publicKey.toBase58() });
    expect(wallet.context.pages().some((p) => p.url().includes('/src/approval/'))).toBe(false);
  });

  it('signs a message the person read, and the signature verifies', async () => {
    const answer = pending<string>('signMessage', 'Hello from the test dApp ✓');
    const approval = await wallet.approvalWindow();
    await expect.poll(() => approval.getByTestId('message').textContent()).toBe('Hello from the test dApp ✓');
    await approve();
    const result = await answer;
    expect(result.ok).toBe(true);
    expect(
      ed25519.verify(
        Buffer.from(result.value!, 'base64'),
        new TextEncoder().encode('Hello from the test dApp ✓'),
        user.publicKey.toBytes(),
      ),
    ).toBe(true);
  });

  it('signs in with Solana, and blocks a message that names another domain', async () => {
    const host = new URL(server.url).host;
    const answer = pending<{ address: string; message: string; signature: string }>('signIn', {
      statement: 'Sign in to the test dApp',
      nonce: 'abc12345',
    });
    const approval = await wallet.approvalWindow();
    await expect
      .poll(() => approval.getByTestId('message').textContent())
      .toContain(`${host} wants you to sign in with your Solana account:`);
    await wallet.screenshots(approval, 'approval-sign-in');
    await approve();
    const result = await answer;
    expect(result.value!.address).toBe(user.publicKey.toBase58());
    expect(
      ed25519.verify(
        Buffer.from(result.value!.signature, 'base64'),
        new TextEncoder().encode(result.value!.message),
        user.publicKey.toBytes(),
      ),
    ).toBe(true);

    // Changed on purpose (issue 10, finding 11): a mismatch no longer warns only, it blocks.
    const phishing = pending('signIn', { domain: 'wallet-drainer.example', statement: 'Sign in' });
    const warned = await wallet.approvalWindow();
    await expect
      .poll(() => warned.getByTestId('warnings').textContent())
      .toContain('names the site wallet-drainer.example');
    const approveButton = warned.getByRole('button', { name: 'Approve', exact: true });
    expect(await approveButton.getAttribute('title')).toContain('names the site wallet-drainer.example');
    expect(await approveButton.isDisabled()).toBe(true);
    await reject();
    expect(await phishing).toMatchObject({ ok: false });
  });

  it('signs a transaction after showing its instructions and the simulated balance change', async () => {
    const answer = pending<string>('signTransaction', await transferTx(100_000_000));
    const approval = await wallet.approvalWindow();
    await expect
      .poll(() => approval.getByTestId('instructions').textContent())
      .toContain('Send 0.1 SOL from your account');
    await expect.poll(() => approval.getByTestId('balance-changes').textContent()).toContain('-0.100005');
    await wallet.screenshots(approval, 'approval-sign-transaction');
    await approve();
    const signed = VersionedTransaction.deserialize(Buffer.from((await answer).value!, 'base64'));
    expect(ed25519.verify(signed.signatures[0]!, signed.message.serialize(), user.publicKey.toBytes())).toBe(
      true,
    );
  });

  it('says prominently when the simulation fails, and keeps the failure on screen if approved anyway', async () => {
    const answer = pending('sendTransaction', await transferTx(10_000 * 1_000_000_000), chain.node.rpcUrl);
    const approval = await wallet.approvalWindow();
    await expect
      .poll(() => approval.getByTestId('simulation-error').textContent())
      .toMatch(
        /^Simulation failed: Transfer: insufficient lamports \d+, need \d+\. This transaction would most likely fail\.$/,
      );
    await wallet.screenshots(approval, 'approval-simulation-failed');
    const approveButton = approval.getByRole('button', { name: 'Approve', exact: true });
    await expect.poll(() => approveButton.isEnabled(), { timeout: 10_000 }).toBe(true);
    await approveButton.click();
    await expect.poll(() => approval.getByRole('alert').first().textContent()).toMatch(/That request failed/);
    expect((await answer).ok).toBe(false);
    const closed = approval.waitForEvent('close');
    await approval.close();
    await closed;
  });

  it('rejects: the dApp gets a user-rejection error and nothing is signed', async () => {
    const answer = pending('signMessage', 'please reject me');
    await reject();
    const result = await answer;
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/rejected/i);
  });

  it('treats closing the approval window as a rejection', async () => {
    const answer = pending('signMessage', 'close the window on me');
    const approval = await wallet.approvalWindow();
    await approval.getByTestId('message').waitFor();
    await approval.close();
    const result = await answer;
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/closed the Tidepool approval window/);
  });

  it('a site cannot bury the person in prompts: five wait, more are refused, one close rejects them all', async () => {
    const answers = Array.from({ length: 5 }, (_, i) => pending('signMessage', `flood ${i}`));
    const approval = await wallet.approvalWindow();
    await expect.poll(() => approval.getByText('Request 1 of 5').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await call('signMessage', 'one too many')).toMatchObject({
      ok: false,
      message: expect.stringContaining('already has 5 requests waiting'),
    });
    await approval.close();
    for (const answer of await Promise.all(answers))
      expect(answer).toMatchObject({
        ok: false,
        message: expect.stringMatching(/closed the Tidepool approval window/),
      });
    expect((await wallet.storage('session')).approvalQueue).toEqual([]);
  });

  it('times out a request nobody answers', async () => {
    const worker = await wallet.worker();
    await worker.evaluate(() => chrome.storage.local.set({ approvalTimeoutMs: 1_500 }));
    const result = await call('signMessage', 'nobody will answer');
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/Nobody answered this request in Tidepool in time/);
    await worker.evaluate(() => chrome.storage.local.remove('approvalTimeoutMs'));
  });

  it('refuses a transaction for another chain before showing anything', async () => {
    const result = await call('signAndSendOnChain', await transferTx(1_000), 'solana:mainnet');
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/Tidepool is on .* \(solana:localnet\), not solana:mainnet/);
  });

  it.skipIf(!WITH_PROGRAM)(
    'signs and sends a stake-pool deposit the dApp built with @solana/spl-stake-pool, shown decoded',
    async () => {
      const { instructions, signers } = await depositSol(
        chain.connection,
        pool!.pool,
        user.publicKey,
        Number(SOL),
      );
      const { blockhash } = await chain.connection.getLatestBlockhash();
      const tx = new VersionedTransaction(
        new TransactionMessage({
          payerKey: user.publicKey,
          recentBlockhash: blockhash,
          instructions,
        }).compileToV0Message(),
      );
      tx.sign(signers);
      const answer = pending<string>(
        'sendTransaction',
        Buffer.from(tx.serialize()).toString('base64'),
        chain.node.rpcUrl,
      );
      const approval = await wallet.approvalWindow();
      const symbol = `${pool!.mint.toBase58().slice(0, 4)}…${pool!.mint.toBase58().slice(-4)}`;
      await expect
        .poll(() => approval.getByTestId('instructions').textContent())
        .toMatch(new RegExp(`Stake 1 SOL into ${symbol} → you receive ≈ [\\d.]+ ${symbol}`));
      await expect.poll(() => approval.getByTestId('balance-changes').textContent()).toContain(symbol);
      await wallet.screenshots(approval, 'approval-stake-pool-deposit');
      await approve();
      const result = await answer;
      expect(result.ok).toBe(true);
      await expect
        .poll(
          async () => (await chain.connection.getSignatureStatus(result.value!)).value?.confirmationStatus,
        )
        .toBeTruthy();
      // Tidepool recorded it under the request and watched it to confirmation.
      await expect
        .poll(async () => Object.values((await wallet.storage('local')).transactions as object))
        .toContainEqual(expect.objectContaining({ status: 'confirmed', signature: result.value }));
      expect(unsettledTransactions(await wallet.storage('local'))).toEqual([]);
    },
  );

  it.skipIf(!WITH_PROGRAM)(
    'runs a tidepool:stake intent: the wallet builds the stake and shows its own quote',
    async () => {
      const before = await chain.connection.getBalance(user.publicKey);
      const answer = pending<string>('stake', { pool: pool!.pool.toBase58(), amount: String(2n * SOL) });
      const approval = await wallet.approvalWindow();
      await expect
        .poll(() => approval.getByTestId('intent').textContent())
        .toMatch(/^Stake 2 SOL into \w{4}…\w{4} → you receive ≈ [\d.]+ \w{4}…\w{4}$/);
      await wallet.screenshots(approval, 'approval-stake-intent');
      await approve();
      const result = await answer;
      expect(result.ok).toBe(true);
      expect(await chain.connection.getBalance(user.publicKey)).toBeLessThan(before - 2 * Number(SOL));
    },
  );

  it('revoking the site in the popup tells the dApp, which must connect again', async () => {
    const popup = await wallet.openPopup();
    await popup.getByRole('button', { name: 'Settings' }).click();
    await popup.getByRole('button', { name: `Revoke ${new URL(server.url).origin}` }).click();
    await expect.poll(() => popup.getByTestId('connected-site').count()).toBe(0);
    await expect
      .poll(() =>
        dapp.evaluate(() => (window as never as { dapp: { events: string[][] } }).dapp.events.at(-1)),
      )
      .toEqual([]);
    const result = await call('signMessage', 'after revoke');
    expect(result.ok).toBe(false);
    await popup.close();
  });

  it('forged page messages never reach signing nor change state', async () => {
    const worker = await wallet.worker();
    const sitesBefore = await worker.evaluate(() => chrome.storage.local.get('connectedSites'));
    // The page plays every trick the relay could fall for: spoofed origins, fake wallet answers,
    // unknown methods, malformed and oversized payloads, hostile keys.
    const answers = await dapp.evaluate(
      async ([victim]) => {
        const replies: unknown[] = [];
        window.addEventListener('message', (e) => {
          if (e.data?.from === 'wallet' && e.data.id?.startsWith('forged-')) replies.push(e.data);
        });
        const post = (msg: unknown) => window.postMessage(msg, '*');
        const base = { channel: 'tidepool/page', from: 'page' };
        post({
          ...base,
          id: 'forged-1',
          method: 'signMessage',
          params: { account: victim, message: 'aGk=' },
          origin: 'https://trusted.example',
        });
        post({
          ...base,
          id: 'forged-2',
          method: 'connect',
          params: { silent: true },
          sender: { origin: 'https://trusted.example' },
        });
        post({ ...base, id: 'forged-3', method: 'approval:decide', params: { id: 'x', approve: true } });
        post({
          ...base,
          id: 'forged-4',
          method: 'signTransaction',
          params: { account: victim, chain: 'solana:localnet', transaction: '!!!notbase64' },
        });
        post({
          ...base,
          id: 'forged-5',
          method: 'stake',
          params: JSON.parse('{"__proto__":{"admin":true},"account":"x"}'),
        });
        post({
          ...base,
          id: 'forged-6',
          method: 'signMessage',
          params: { account: victim, message: 'A'.repeat(100_000) },
        });
        post({
          channel: 'tidepool/page',
          from: 'wallet',
          id: 'forged-7',
          response: { ok: true, result: {} },
        });
        post({ ...base, id: 'x'.repeat(500), method: 'connect', params: {} });
        post('just a string');
        await new Promise((r) => setTimeout(r, 1500));
        return replies;
      },
      [user.publicKey.toBase58()] as const,
    );
    const byId = Object.fromEntries(
      (answers as { id: string; response?: { ok: boolean; error?: { code: string } } }[]).map((a) => [
        a.id,
        a.response,
      ]),
    );
    expect(byId['forged-1']).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(byId['forged-2']).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(byId['forged-3']).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(byId['forged-4']).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(byId['forged-5']).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(byId['forged-6']).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(wallet.context.pages().some((p) => p.url().includes('/src/approval/'))).toBe(false);
    expect(await worker.evaluate(() => chrome.storage.local.get('connectedSites'))).toEqual(sitesBefore);
    expect(await worker.evaluate(() => chrome.storage.session.get('approvalQueue'))).toEqual({
      approvalQueue: [],
    });
  });
});
