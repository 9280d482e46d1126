// The approval window attacked, in real Chromium against the localnet with the real stake-pool
// program (issue 10, findings 1, 5, 10, 11; issue 19, finding 1): a double click meant for one
// request must not approve the next; a decision on a view that is not the latest shown is refused; a
// pool manager raising the fee after the quote was shown gets nothing signed; a deposit fee paid back
// as a referral share is never shown as guaranteed (window and popup); requests of a closed or left page go;
// Reject all; Sign-In With Solana messages for another site, origin, chain or time are blocked; and
// the keyboard: no view appears with Approve focused, and a held or early key approves nothing.
import {
  Keypair,
  LAMPORTS_PER_SOL,
  SystemProgram,
  TransactionMessage,
  VersionedTransaction,
} from '@solana/web3.js';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { setFee } from '../../tools/stake-pool-admin/pool-manager.ts';
import type { Wallet } from '../support/browser';
import { walletWithDapp, type DappServer } from '../support/dapp-server';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { SOL, activePool, referralTrapPool } from '../support/staking';
import { playwrightPage } from '../support/driver';
import { tabTo } from '../support/keyboard-flows';
import { dappCall } from '../support/shared-flows';

const WITH_PROGRAM = stakePoolProgramOr(
  'adversarial tidepool:stake (SetFee after the quote)',
  STAKE_POOL_AVAILABLE,
);

type Queue = { id: string; method: string; state: { kind: string } }[];

describe('the approval window, attacked', () => {
  let chain: TestChain;
  let wallet: Wallet;
  let server: DappServer;
  let user: Keypair;
  let dapp: Page;
  let pool: CreatedPool | null = null;
  /** A dApp-named pool: a 99.99% SOL deposit fee, all of it paid back as a 100% referral share. */
  let trap: CreatedPool | null = null;

  const callOn = <T = unknown>(page: Page, method: string, ...args: unknown[]) =>
    dappCall<T>(playwrightPage(page), method, ...args);
  const call = <T = unknown>(method: string, ...args: unknown[]) => callOn<T>(dapp, method, ...args);
  const queue = async () => ((await wallet.storage('session')).approvalQueue ?? []) as Queue;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const approveButton = (approval: Page) => approval.getByRole('button', { name: 'Approve', exact: true });
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
  /** Once one request waits: a 40 SOL transfer queued behind it, and whether the dApp got an answer for it. */
  const queueBigTransfer = async () => {
    await expect.poll(async () => (await queue()).length).toBe(1);
    let answered = false;
    const big = call<string>('sendTransaction', await transferTx(40 * LAMPORTS_PER_SOL), chain.node.rpcUrl);
    const settled = () => {
      answered = true;
    };
    big.then(settled, settled);
    return { big, answered: () => answered };
  };
  /** Rejects whatever is left, so the next test meets a window of its own. */
  const clearQueue = async () => {
    const page = wallet.context.pages().find((p) => p.url().includes('/src/approval/'));
    if (page) await wallet.call(page, 'approval:rejectAll');
    await expect.poll(async () => (await queue()).length, { timeout: 10_000 }).toBe(0);
    await expect
      .poll(() => wallet.context.pages().some((p) => p.url().includes('/src/approval/')), { timeout: 10_000 })
      .toBe(false);
  };

  beforeAll(async () => {
    chain = await startTestChain();
    user = await chain.funded(60);
    if (WITH_PROGRAM) {
      const operator = await chain.funded(500);
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 20n * SOL,
      });
      trap = await referralTrapPool(chain, operator, STAKE_POOL_PROGRAMS.sanctumSingle);
    }
    ({ server, wallet, dapp } = await walletWithDapp(user, chain.node.rpcUrl));
    const connecting = call('connect');
    const approval = await wallet.approvalWindow();
    const closed = approval.waitForEvent('close');
    await approveButton(approval)
      .or(approval.getByRole('button', { name: 'Connect', exact: true }))
      .click({ timeout: 15_000 });
    expect((await connecting).ok).toBe(true);
    await closed;
  });
  // A test that fails midway leaves its request waiting: the next test still meets a window of its own.
  afterEach(clearQueue);
  afterAll(async () => {
    await wallet?.close();
    await server?.close();
    await chain?.close();
  });

  it('a double click approves only the request that was on screen; the queued 40 SOL transfer stays pending', async () => {
    const balance = await chain.connection.getBalance(user.publicKey);
    const cheap = call<string>('signTransaction', await transferTx(1_000_000)); // 0.001 SOL
    const { big, answered } = await queueBigTransfer();
    const approval = await wallet.approvalWindow();
    await expect.poll(() => approval.getByText('Request 1 of 2').isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => approval.getByTestId('balance-changes').textContent()).toContain('-0.001005');
    await expect.poll(() => approveButton(approval).isEnabled(), { timeout: 10_000 }).toBe(true);

    // Two presses 250 ms apart where Approve is, as a hurried person (or a click-jacking page) does.
    const box = (await approveButton(approval).boundingBox())!;
    await approval.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await sleep(250);
    const again = (await approveButton(approval).boundingBox()) ?? box;
    await approval.mouse.click(again.x + again.width / 2, again.y + again.height / 2);

    expect((await cheap).ok).toBe(true);
    // The second press did not approve the 40 SOL transfer that replaced the first request.
    await sleep(1_500);
    expect(answered()).toBe(false);
    expect((await queue()).map((e) => [e.method, e.state.kind])).toEqual([
      ['signAndSendTransaction', 'shown'],
    ]);
    expect(await chain.connection.getBalance(user.publicKey)).toBe(balance);
    // The window moved on to it and said so.
    await expect.poll(() => approval.getByTestId('next-request').textContent()).toContain('Next request');
    await expect.poll(() => approval.getByTestId('balance-changes').textContent()).toContain('-40.000005');
    // Nor does a press count that lands the moment a new request is on screen.
    await approval.evaluate(() => window.dispatchEvent(new Event('focus'))); // re-arms, as a window brought to the front does
    const now = (await approveButton(approval).boundingBox())!;
    await approval.mouse.click(now.x + now.width / 2, now.y + now.height / 2);
    await sleep(1_000);
    expect(answered()).toBe(false);
    expect(await chain.connection.getBalance(user.publicKey)).toBe(balance);
    await wallet.screenshots(approval, 'approval-next-request');

    const closed = approval.waitForEvent('close');
    await approval.getByRole('button', { name: 'Reject', exact: true }).click();
    expect(await big).toMatchObject({ ok: false, message: expect.stringMatching(/rejected/) });
    expect(await chain.connection.getBalance(user.publicKey)).toBe(balance);
    await closed;
  });

  it('the keyboard approves only the request on screen: no focus on Approve when a view appears, a held Enter and a key from before arming count for nothing', async () => {
    const balance = await chain.connection.getBalance(user.publicKey);
    const first = call<string>('signMessage', 'keyboard: the one on screen');
    const { big, answered } = await queueBigTransfer();
    const approval = await wallet.approvalWindow();
    await approval.emulateMedia({ reducedMotion: 'reduce' });
    const ui = playwrightPage(approval);
    await approval.getByTestId('message').waitFor();
    // The view appears with the keyboard on the request's heading, never on Approve.
    await expect.poll(async () => (await ui.focused()).tag).toBe('h1');
    /**
     * The keyboard on an armed Approve, reached by Tab from where it is (never around the page's
     * end: leaving the page blurs the window, and that arms Approve afresh).
     */
    const keyboardOnApprove = async () => {
      await expect.poll(() => approveButton(approval).isEnabled(), { timeout: 10_000 }).toBe(true);
      if ((await ui.focused()).name !== 'Approve') await tabTo(ui, 'Approve');
    };
    await keyboardOnApprove();

    // Enter held down: its first keydown approves the message; the repeats meet the 40 SOL transfer.
    await approval.keyboard.down('Enter');
    expect((await first).ok).toBe(true);
    await expect
      .poll(() => approval.getByTestId('balance-changes').textContent(), { timeout: 15_000 })
      .toContain('-40.000005');
    expect((await ui.focused()).tag).toBe('h1');
    for (let i = 0; i < 30; i++) {
      await approval.keyboard.down('Enter'); // a repeat: the key is still held, well past the arming
      await sleep(50);
    }
    await approval.keyboard.up('Enter');
    // Nor on Approve itself: a held key's repeat (what the system sends while Enter stays down) never clicks it.
    await keyboardOnApprove();
    const cdp = await wallet.context.newCDPSession(approval);
    for (const type of ['rawKeyDown', 'char', 'keyUp'] as const)
      await cdp.send('Input.dispatchKeyEvent', {
        type,
        key: 'Enter',
        code: 'Enter',
        windowsVirtualKeyCode: 13,
        text: '\r',
        autoRepeat: type !== 'keyUp',
      });
    await cdp.detach();
    await sleep(1_000);
    expect(answered()).toBe(false);
    expect(await chain.connection.getBalance(user.publicKey)).toBe(balance);
    // With reduced motion asked for, the next request's announcement does not move.
    expect(await approval.evaluate(() => document.getAnimations().length)).toBe(0);

    // A key that went down before the view was armed anew does not count when it comes up.
    await keyboardOnApprove();
    await approval.keyboard.down('Space');
    await approval.evaluate(() => window.dispatchEvent(new Event('focus'))); // re-arms, as a window brought to the front does
    await sleep(1_000);
    await approval.keyboard.up('Space');
    await sleep(1_000);
    expect(answered()).toBe(false);
    expect((await queue()).map((e) => [e.method, e.state.kind])).toEqual([
      ['signAndSendTransaction', 'shown'],
    ]);
    expect(await chain.connection.getBalance(user.publicKey)).toBe(balance);

    // Reject, by keyboard.
    const closed = approval.waitForEvent('close');
    await tabTo(ui, 'Reject');
    // The last decision closes the window on the keydown: its keyup has no page left to reach.
    await approval.keyboard.press('Enter').catch(() => undefined);
    expect(await big).toMatchObject({ ok: false, message: expect.stringMatching(/rejected/) });
    await closed;
  });

  it('refuses a decision on a revision that is not the one last shown', async () => {
    const answer = call<string>('signMessage', 'revision check');
    const approval = await wallet.approvalWindow();
    await approval.getByTestId('message').waitFor();
    await expect.poll(() => approveButton(approval).isEnabled(), { timeout: 10_000 }).toBe(true);
    const [{ id, state }] = (await queue()) as [Queue[number] & { state: { revision: string } }];
    const page = await wallet.openPopup(); // an extension page that stays open when the window closes
    const stale = await wallet.call(page, 'approval:decide', { id, approve: true, revision: 'a'.repeat(32) });
    expect(stale).toMatchObject({
      ok: false,
      error: { message: 'The request changed since it was shown; look again before approving.' },
    });
    expect((await queue()).map((e) => e.state.kind)).toEqual(['shown']);
    // The revision the window shows is the one that counts.
    const closed = approval.waitForEvent('close');
    const decided = await wallet.call<{ outcome: string }>(page, 'approval:decide', {
      id,
      approve: true,
      revision: state.revision,
    });
    expect(decided.result?.outcome).toBe('approved');
    expect((await answer).ok).toBe(true);
    await closed;
    await page.close();
  });

  it.skipIf(!WITH_PROGRAM)(
    'tidepool:stake: the manager raises the fee to 99% after the quote was shown → approving signs nothing',
    async () => {
      const signaturesBefore = (await chain.connection.getSignaturesForAddress(user.publicKey)).length;
      const answer = call<string>('stake', { pool: pool!.pool.toBase58(), amount: String(2n * SOL) });
      const approval = await wallet.approvalWindow();
      await expect
        .poll(() => approval.getByTestId('intent').textContent(), { timeout: 15_000 })
        .toMatch(/^Stake 2 SOL into \w{4}…\w{4} → you receive ≈ [\d.]+ \w{4}…\w{4}$/);
      // What any signing window shows: the transaction Tidepool built, decoded and simulated; the pool; the bound.
      await expect
        .poll(() => approval.getByTestId('instructions').textContent())
        .toMatch(/Stake 2 SOL into \w{4}…\w{4}/);
      await expect.poll(() => approval.getByTestId('balance-changes').textContent()).toMatch(/\w{4}…\w{4}/);
      expect(await approval.getByTestId('stake-bound').textContent()).toMatch(
        /^Guaranteed: at least [\d.]+ \w{4}…\w{4}, or the pool program refuses it\. That is the quote less your 0\.01% tolerance \([\d.]+ \w{4}…\w{4}\)\.$/,
      );
      expect(await approval.getByTestId('stake-pool').textContent()).toContain(
        pool!.manager.publicKey.toBase58(),
      );
      expect(await approval.locator('[data-code="unknown_pool"]').textContent()).toContain(
        `Its manager ${pool!.manager.publicKey.toBase58()} sets its fees`,
      );
      await wallet.screenshots(approval, 'approval-stake-intent-reviewed');
      await expect.poll(() => approveButton(approval).isEnabled(), { timeout: 10_000 }).toBe(true);

      // Right after a refresh (the next is 4 s away), the manager strikes, and the person approves what they saw.
      const gets = () => wallet.received.filter((m) => m.method === 'approval:get').length;
      const seen = gets();
      await expect.poll(gets, { timeout: 10_000 }).toBeGreaterThan(seen);
      await setFee(chain.connection, pool!, {
        kind: 'solDeposit',
        fee: { numerator: 99n, denominator: 100n },
      });
      await approveButton(approval).click();

      expect(await answer).toMatchObject({
        ok: false,
        message: expect.stringContaining('The pool’s price moved since you saw the quote'),
      });
      await expect
        .poll(() => approval.getByRole('alert').last().textContent())
        .toContain('That request failed: The pool’s price moved');
      expect((await chain.connection.getSignaturesForAddress(user.publicKey)).length).toBe(signaturesBefore);
      expect(
        await chain.connection
          .getTokenAccountsByOwner(user.publicKey, { mint: pool!.mint })
          .then((r) => r.value.length),
      ).toBe(0);
      await setFee(chain.connection, pool!, { kind: 'solDeposit', fee: { numerator: 0n, denominator: 1n } });
      const closed = approval.waitForEvent('close');
      await approval.close();
      await closed;
    },
  );

  it.skipIf(!WITH_PROGRAM)(
    'tidepool:stake into a pool whose 99.99% fee comes back as a 100% referral: the window and the popup show only the enforced minimum, with the tolerance chosen in Settings, and Approve stays off',
    async () => {
      const short = `${trap!.mint.toBase58().slice(0, 4)}…${trap!.mint.toBase58().slice(-4)}`;
      const signaturesBefore = (await chain.connection.getSignaturesForAddress(user.publicKey)).length;
      const answer = call<string>('stake', { pool: trap!.pool.toBase58(), amount: String(SOL) });
      const approval = await wallet.approvalWindow();
      // The simulation credits ≈ 1 token (the referral share comes back); the program holds 0.0001 of it.
      await expect
        .poll(() => approval.getByTestId('intent').textContent(), { timeout: 15_000 })
        .toMatch(/→ you receive ≈ (1|0\.9\d*) \w{4}…\w{4}$/);
      const bound = (await approval.getByTestId('stake-bound').textContent())!;
      expect(bound).toMatch(/^Guaranteed: at least 0\.0000\d+ \w{4}…\w{4}, or the pool program refuses it\./);
      expect(bound).not.toMatch(/at least 0\.[1-9]/);
      expect(bound).toMatch(/Plus ≈ 0\.9\d* \w{4}…\w{4} referral share, not guaranteed/);
      await expect
        .poll(() => approval.locator('[data-code="partly_bounded"]').getAttribute('class'))
        .toBe('blocking');
      await wallet.screenshots(approval, 'approval-stake-referral-trap');
      await sleep(1_500); // well past the arming delay: a blocking warning keeps Approve off
      expect(await approveButton(approval).isEnabled()).toBe(false);
      const closed = approval.waitForEvent('close');
      await approval.getByRole('button', { name: 'Reject', exact: true }).click();
      expect(await answer).toMatchObject({ ok: false, message: expect.stringMatching(/rejected/) });
      await closed;
      expect((await chain.connection.getSignaturesForAddress(user.publicKey)).length).toBe(signaturesBefore);

      // The popup's quote for the same pool, after the person sets a 0.5% tolerance in Settings.
      const popup = await wallet.openPopup();
      await popup.getByRole('button', { name: 'Settings', exact: true }).click();
      await popup.getByLabel('Tolerance on staking quotes').selectOption('50');
      await expect.poll(() => popup.getByLabel('Tolerance on staking quotes').inputValue()).toBe('50');
      await popup.getByRole('button', { name: 'Home', exact: true }).click();
      await popup.getByRole('main').getByRole('button', { name: 'Stake', exact: true }).click();
      await popup.getByRole('radio', { name: new RegExp(short) }).click();
      await popup.getByLabel('Amount').fill('1');
      const shown = popup.getByTestId('bound');
      await expect
        .poll(() => shown.textContent(), { timeout: 15_000 })
        .toMatch(/^at least 0\.0000\d+ \w{4}…\w{4}, or the pool program refuses it/);
      expect(await shown.textContent()).toContain('your 0.5% tolerance');
      expect(await shown.textContent()).toMatch(/Plus ≈ 0\.9\d* \w{4}…\w{4} referral share, not guaranteed/);
      await wallet.screenshots(popup, 'popup-stake-referral-trap');
      await popup.close();
    },
  );

  it('drops the requests of a tab that closes, or of a page that navigates away', async () => {
    const tab = await wallet.context.newPage();
    await tab.goto(server.url);
    expect((await callOn(tab, 'autoConnect')).ok).toBe(true);
    void callOn(tab, 'signMessage', 'from a tab about to close').catch(() => {}); // the page goes before any answer
    await expect.poll(async () => (await queue()).length, { timeout: 10_000 }).toBe(1);
    const approval = await wallet.approvalWindow();
    await approval.getByTestId('message').waitFor();
    const closed = approval.waitForEvent('close');
    await tab.close();
    await expect.poll(async () => (await queue()).length, { timeout: 10_000 }).toBe(0);
    await closed; // nothing left to decide: the window goes too

    const leaving = await wallet.context.newPage();
    await leaving.goto(server.url);
    expect((await callOn(leaving, 'autoConnect')).ok).toBe(true);
    void callOn(leaving, 'signMessage', 'from a page about to navigate').catch(() => {});
    await expect.poll(async () => (await queue()).length, { timeout: 10_000 }).toBe(1);
    await leaving.goto(`${server.url}?elsewhere`);
    await expect.poll(async () => (await queue()).length, { timeout: 10_000 }).toBe(0);

    // The worker sleeps through the navigation (no port closes for it): the next page's hello tells.
    await expect
      .poll(() => wallet.context.pages().some((p) => p.url().includes('/src/approval/')), { timeout: 10_000 })
      .toBe(false);
    expect((await callOn(leaving, 'autoConnect')).ok).toBe(true);
    void callOn(leaving, 'signMessage', 'asked, then the worker stops and the page moves on').catch(() => {});
    await expect.poll(async () => (await queue()).length, { timeout: 10_000 }).toBe(1);
    await wallet.stopServiceWorker();
    await leaving.goto(`${server.url}?later`);
    expect(await callOn(leaving, 'autoConnect')).toMatchObject({ ok: true }); // the new page says hello to a new worker
    await expect.poll(async () => (await queue()).length, { timeout: 10_000 }).toBe(0);
    await leaving.close();
  });

  it('Reject all answers every waiting request at once', async () => {
    const answers = ['one', 'two', 'three'].map((t) => call('signMessage', `reject all: ${t}`));
    const approval = await wallet.approvalWindow();
    await expect.poll(() => approval.getByText('Request 1 of 3').isVisible(), { timeout: 10_000 }).toBe(true);
    const closed = approval.waitForEvent('close');
    await approval.getByRole('button', { name: 'Reject all waiting requests' }).click();
    for (const answer of await Promise.all(answers))
      expect(answer).toMatchObject({
        ok: false,
        message: expect.stringContaining('The user rejected all waiting requests in Tidepool.'),
      });
    await closed;
    expect(await queue()).toEqual([]);
  });

  it('blocks Sign-In With Solana messages for another domain, origin, chain, or past their expiry', async () => {
    const origin = new URL(server.url).origin;
    const cases = [
      [{ domain: 'wallet-drainer.example' }, 'names the site wallet-drainer.example'],
      [
        { uri: 'https://wallet-drainer.example/login' },
        'is for https://wallet-drainer.example, not for ' + origin,
      ],
      [{ chainId: 'solana:mainnet' }, 'is for the chain solana:mainnet, but Tidepool is on solana:localnet'],
      [{ expirationTime: new Date(Date.now() - 60_000).toISOString() }, 'expired at'],
    ] as const;
    for (const [input, says] of cases) {
      const answer = call('signIn', { statement: 'Sign in', ...input });
      const approval = await wallet.approvalWindow();
      await expect
        .poll(() => approval.locator('[data-code="sign_in_mismatch"]').textContent(), { timeout: 10_000 })
        .toContain(says);
      await sleep(800); // past the moment Approve would arm
      expect(await approveButton(approval).isDisabled()).toBe(true);
      // Nor does the background take an approval of it from anywhere else.
      const [{ id, state }] = (await queue()) as [Queue[number] & { state: { revision: string } }];
      expect(
        await wallet.call(approval, 'approval:decide', { id, approve: true, revision: state.revision }),
      ).toMatchObject({ ok: false, error: { message: expect.stringContaining(says) } });
      const closed = approval.waitForEvent('close');
      await approval.getByRole('button', { name: 'Reject', exact: true }).click();
      expect(await answer).toMatchObject({ ok: false });
      await closed;
    }
    const ok = call<{ message: string }>('signIn', {
      statement: 'Sign in',
      uri: `${origin}/login`,
      chainId: 'solana:localnet',
      issuedAt: new Date().toISOString(),
    });
    const approval = await wallet.approvalWindow();
    const closed = approval.waitForEvent('close');
    await approveButton(approval).click({ timeout: 15_000 });
    expect((await ok).ok).toBe(true);
    await closed;
  });
});
