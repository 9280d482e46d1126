// The approval window and the queue attacked from pages, in real Chromium against the localnet
// (issue 19): a Sign-In With Solana message for victim.example smuggled through signMessage by
// evil.example; a transaction whose blockhash this chain never issued; a durable-nonce
// transaction handed to the site; twenty unconnected sites filling the queue. Pages on
// https://*.example are the test dApp's own page and script, served by the browser's request
// routing from the dApp server on 127.0.0.1 (no name is resolved, nothing leaves the machine).
import { Keypair, LAMPORTS_PER_SOL, SystemProgram, VersionedTransaction } from '@solana/web3.js';
import { createSignInMessageText, verifySignIn } from '@solana/wallet-standard-util';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UNCONNECTED } from '../../src/background/dapp/approval-store';
import type { Wallet } from '../support/browser';
import { walletWithDapp, type DappServer } from '../support/dapp-server';
import { nonceAccount, v0 } from '../support/attacks';
import { startTestChain, type TestChain } from '../support/localnet';
import { playwrightPage } from '../support/driver';
import { dappCall, type DappAnswer } from '../support/shared-flows';

type Queue = { id: string; method: string; origin: string; state: { kind: string; revision?: string } }[];

describe('signing attacked from pages', () => {
  let chain: TestChain;
  let wallet: Wallet;
  let server: DappServer;
  let user: Keypair;
  let dapp: Page;

  const callOn = <T = unknown>(page: Page, method: string, ...args: unknown[]) =>
    dappCall<T>(playwrightPage(page), method, ...args);
  const queue = async () => ((await wallet.storage('session')).approvalQueue ?? []) as Queue;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const approveButton = (approval: Page) => approval.getByRole('button', { name: 'Approve', exact: true });
  const wire = (tx: VersionedTransaction) => Buffer.from(tx.serialize()).toString('base64');
  /** A tab on `origin` (https://….example), showing the test dApp. */
  const site = async (origin: string) => {
    const page = await wallet.context.newPage();
    await page.goto(`${origin}/`);
    return page;
  };
  /** Connects the page's site through the window, as a person approves it. */
  const connect = async (page: Page) => {
    const connecting = callOn(page, 'connect');
    const approval = await wallet.approvalWindow();
    const closed = approval.waitForEvent('close');
    await approval.getByRole('button', { name: 'Connect', exact: true }).click({ timeout: 15_000 });
    expect((await connecting).ok).toBe(true);
    await closed;
  };
  const clearQueue = async () => {
    // From a page of its own: the approval window closes as it answers.
    const page = await wallet.openPopup();
    await wallet.call(page, 'approval:rejectAll');
    await page.close();
    await expect.poll(async () => (await queue()).length, { timeout: 10_000 }).toBe(0);
    await expect
      .poll(() => wallet.context.pages().some((p) => p.url().includes('/src/approval/')), { timeout: 10_000 })
      .toBe(false);
  };
  /** Approve stays disabled past the moment it would arm, and the background refuses it too. */
  const unapprovable = async (approval: Page, says: string | RegExp) => {
    await sleep(800);
    expect(await approveButton(approval).isDisabled()).toBe(true);
    const [{ id, state }] = (await queue()) as [Queue[number]];
    expect(
      await wallet.call(approval, 'approval:decide', { id, approve: true, revision: state.revision }),
    ).toMatchObject({ ok: false, error: { code: 'blocked', message: expect.stringMatching(says) } });
  };

  beforeAll(async () => {
    chain = await startTestChain();
    user = await chain.funded(20);
    ({ server, wallet, dapp } = await walletWithDapp(user, chain.node.rpcUrl));
    await wallet.context.route(/^https:\/\/[a-z0-9.-]+\.example\//, async (route) => {
      const { pathname } = new URL(route.request().url());
      const response = await fetch(new URL(pathname, server.url));
      await route.fulfill({
        status: response.status,
        contentType: response.headers.get('content-type') ?? 'text/html',
        body: Buffer.from(await response.arrayBuffer()),
      });
    });
    await connect(dapp);
  });
  afterEach(clearQueue);
  afterAll(async () => {
    await wallet?.close();
    await server?.close();
    await chain?.close();
  });

  it('evil.example asking signMessage for victim.example’s sign-in text is blocked; victim.example’s own passes', async () => {
    const input = {
      domain: 'victim.example',
      address: user.publicKey.toBase58(),
      statement: 'Sign in to Victim',
      uri: 'https://victim.example/login',
      version: '1',
      chainId: 'localnet',
      nonce: 'x81kd02',
      issuedAt: new Date().toISOString(),
    };
    const text = createSignInMessageText(input);
    const evil = await site('https://evil.example');
    await connect(evil);
    const asked = callOn(evil, 'signMessage', text);
    const approval = await wallet.approvalWindow();
    await expect
      .poll(() => approval.locator('[data-code="sign_in_mismatch"]').first().textContent(), {
        timeout: 15_000,
      })
      .toContain('names the site victim.example, but the request comes from evil.example');
    await unapprovable(approval, /names the site victim\.example/);
    await wallet.screenshots(approval, 'approval-siws-smuggled');
    const closed = approval.waitForEvent('close');
    await approval.getByRole('button', { name: 'Reject', exact: true }).click();
    expect(await asked).toMatchObject({ ok: false });
    await closed;

    const victim = await site('https://victim.example');
    await connect(victim);
    const signing = callOn<string>(victim, 'signMessage', text);
    const own = await wallet.approvalWindow();
    const done = own.waitForEvent('close');
    await approveButton(own).click({ timeout: 15_000 });
    const signature = await signing;
    expect(signature.ok).toBe(true);
    await done;
    // What victim.example's verifySignIn accepts: the very text, signed by the account.
    const bytes = new TextEncoder().encode(text);
    expect(
      verifySignIn(input, {
        account: { address: input.address, publicKey: user.publicKey.toBytes() } as never,
        signedMessage: bytes,
        signature: Buffer.from(signature.value!, 'base64'),
      }),
    ).toBe(true);
    await evil.close();
    await victim.close();
  });

  it('a blockhash this localnet never issued: the window asks again, then blocks; nothing is signed', async () => {
    const foreign = v0(user.publicKey, Keypair.generate().publicKey.toBase58(), [
      SystemProgram.transfer({
        fromPubkey: user.publicKey,
        toPubkey: Keypair.generate().publicKey,
        lamports: 15 * LAMPORTS_PER_SOL,
      }),
    ]);
    const asked = callOn(dapp, 'signTransaction', wire(foreign));
    const approval = await wallet.approvalWindow();
    const warning = approval.locator('[data-code="blockhash_unknown"]');
    await expect
      .poll(() => warning.textContent(), { timeout: 15_000 })
      .toMatch(/asks again in a moment|cannot land on/);
    // The window's next refresh asks again; then the final words.
    await expect
      .poll(() => warning.textContent(), { timeout: 15_000 })
      .toMatch(
        /^⚠ This transaction cannot land on Custom \([^)]+\): it was built for another network, or its blockhash expired; ask the site to build it again\.$/,
      );
    await unapprovable(approval, /cannot land on/);
    await wallet.screenshots(approval, 'approval-foreign-blockhash');
    const closed = approval.waitForEvent('close');
    await approval.getByRole('button', { name: 'Reject', exact: true }).click();
    expect(await asked).toMatchObject({ ok: false });
    await closed;
  });

  it('a durable-nonce transaction handed to the site: Approve waits for “I understand”', async () => {
    const { address, value } = await nonceAccount(chain, user);
    const durable = v0(user.publicKey, value, [
      SystemProgram.nonceAdvance({ noncePubkey: address, authorizedPubkey: user.publicKey }),
      SystemProgram.transfer({
        fromPubkey: user.publicKey,
        toPubkey: Keypair.generate().publicKey,
        lamports: LAMPORTS_PER_SOL,
      }),
    ]);
    const asked = callOn<string>(dapp, 'signTransaction', wire(durable));
    const approval = await wallet.approvalWindow();
    const warning = approval.locator('[data-code="durable_nonce"]');
    await expect.poll(() => warning.textContent(), { timeout: 15_000 }).toContain('never expires');
    await unapprovable(approval, /Tick “I understand”/);
    await wallet.screenshots(approval, 'approval-durable-nonce');
    await warning.getByRole('checkbox', { name: 'I understand' }).check();
    const closed = approval.waitForEvent('close');
    await approveButton(approval).click({ timeout: 15_000 });
    const signed = await asked;
    expect(signed.ok).toBe(true);
    await closed;
    expect(
      VersionedTransaction.deserialize(Buffer.from(signed.value!, 'base64')).message.recentBlockhash,
    ).toBe(value);
  });

  it('twenty unconnected sites hold half the queue; the connected site still gets its request shown', async () => {
    const spam = await Promise.all(Array.from({ length: 20 }, (_, i) => site(`https://spam${i}.example`)));
    const answers: (DappAnswer | null)[] = spam.map(() => null);
    spam.forEach((page, i) => void callOn(page, 'connect').then((a) => (answers[i] = a)));
    await expect
      .poll(() => answers.filter((a) => a !== null).length, { timeout: 20_000 })
      .toBe(20 - MAX_UNCONNECTED);
    for (const refused of answers.filter((a) => a !== null))
      expect(refused).toMatchObject({
        ok: false,
        message: expect.stringContaining('Sites not connected to your account already have'),
      });
    expect((await queue()).length).toBe(MAX_UNCONNECTED);
    // The connected dApp is not crowded out.
    const mine = callOn(dapp, 'signMessage', 'still heard');
    await expect
      .poll(async () => (await queue()).map((e) => e.method), { timeout: 10_000 })
      .toContain('signMessage');
    await clearQueue();
    expect(await mine).toMatchObject({ ok: false });
    for (const page of spam) await page.close();
  });
});
