// The journeys a person makes with the keyboard alone (Tab, Shift+Tab, Enter, Space, Escape, typing),
// written once against the WalletDriver so Chromium and Firefox run the same keys: onboarding,
// stake, unstake (through the asset's detail dialog, closed with Escape), send, and approving or
// rejecting in the approval window. Every stop of the focus must show it; the order is checked
// where it matters; and the screens these journeys alone visit are audited (axe, both themes).
import { Keypair, PublicKey } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { startDappServer, type DappServer } from './dapp-server';
import { until, type UiPage, type WalletDriver } from './driver';
import { LOCK, PASSWORD, useCustomRpc } from './flows';
import { STAKE_POOL_AVAILABLE, stakePoolProgramOr, startTestChain, type TestChain } from './localnet';
import { dappCall } from './shared-flows';
import { SOL, activePool } from './staking';
import { createValidators } from './validators';

/** Elements that take the focus only when their screen appears (not controls): no ring is drawn. */
const NOT_CONTROLS = ['h1', 'h2', 'main', 'dialog'];
const matches = (name: string, want: string | RegExp) =>
  typeof want === 'string' ? name === want : want.test(name);

/**
 * Presses Tab (or Shift+Tab) until the focused control is named `want`; every control passed on
 * the way must show its focus. Returns the names passed, in order.
 */
export async function tabTo(
  page: UiPage,
  want: string | RegExp,
  { back = false, max = 40 } = {},
): Promise<string[]> {
  const passed: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.press(back ? 'Shift+Tab' : 'Tab');
    const focused = await page.focused();
    if (!NOT_CONTROLS.includes(focused.tag) && focused.tag !== 'body' && !focused.visible)
      throw new Error(`The focus on ${focused.tag} "${focused.name}" is not visible`);
    passed.push(focused.name);
    if (matches(focused.name, want)) return passed;
  }
  throw new Error(`Tab never reached "${String(want)}"; it passed: ${passed.join(' → ')}`);
}

/** Creates a wallet from the welcome screen by keyboard; audits the onboarding steps on the way. */
async function keyboardOnboard(wallet: WalletDriver): Promise<UiPage> {
  const popup = await wallet.openPopup();
  await popup.waitFor({ role: 'button', name: 'Import wallet' });
  // The welcome's first stop is the way in, then the other.
  expect(await tabTo(popup, 'Import wallet')).toEqual(['Create wallet', 'Import wallet']);
  await tabTo(popup, 'Create wallet', { back: true });
  await popup.press('Enter');
  await popup.waitFor({ role: 'heading', name: 'Create a wallet' });
  await tabTo(popup, 'Password');
  await popup.type(PASSWORD);
  await tabTo(popup, 'Confirm password');
  await popup.type(PASSWORD);
  await popup.audit('onboarding-password');
  await tabTo(popup, 'Continue');
  await popup.press('Enter');
  const words = { css: '.mono', within: { role: 'list' as const, name: 'Recovery phrase words' } };
  await popup.waitFor(words);
  const phrase = await popup.texts(words);
  await popup.audit('onboarding-phrase');
  await tabTo(popup, 'I have written down my recovery phrase');
  await popup.press('Space');
  await tabTo(popup, 'Continue');
  await popup.press('Enter');
  await popup.waitFor({ label: /^Word #\d+$/ });
  for (const label of await popup.texts({ css: 'label' })) {
    const asked = label.match(/^Word #(\d+)$/);
    if (!asked) continue;
    await tabTo(popup, label);
    await popup.type(phrase[Number(asked[1]) - 1]!);
  }
  await popup.audit('onboarding-confirm');
  await tabTo(popup, 'Create wallet');
  await popup.press('Enter');
  await popup.waitFor(LOCK);
  return popup;
}

/** Stake `amount` SOL into the pool of `symbol` from Home's Stake action, by keyboard. */
async function keyboardStake(popup: UiPage, symbol: string, amount: string): Promise<string> {
  // Header first (account, network, Lock), then the screen: its first action is Stake.
  expect((await tabTo(popup, 'Stake')).slice(-2)).toEqual(['Lock', 'Stake']);
  await popup.press('Enter');
  await popup.waitFor({ role: 'radiogroup', name: 'Stake pools' });
  await tabTo(popup, new RegExp(symbol));
  await popup.press('Space');
  return amountThenGo(popup, amount, 'stake', (received) => received.includes(symbol));
}

/** The amount typed, the quote awaited, the screen's button pressed; the result line once it landed. */
async function amountThenGo(
  popup: UiPage,
  amount: string,
  action: 'stake' | 'unstake',
  landed: (received: string) => boolean,
): Promise<string> {
  await tabTo(popup, 'Amount');
  await popup.type(amount);
  await popup.waitFor({ testId: `${action}-quote` });
  await tabTo(popup, action === 'stake' ? 'Stake' : 'Unstake');
  await popup.press('Enter');
  await until(`the keyboard’s ${action} to land`, async () =>
    landed(await popup.text({ testId: 'received' })),
  );
  return popup.text({ testId: 'received' });
}

/** Back to Home through its tab. */
async function home(popup: UiPage): Promise<void> {
  await tabTo(popup, 'Home');
  await popup.press('Enter');
}

/** Home → the LST's row → its detail (Escape closes it, the focus back on the row) → Unstake, by keyboard. */
async function keyboardUnstake(popup: UiPage, symbol: string, amount: string): Promise<string> {
  await home(popup);
  await tabTo(popup, new RegExp(symbol));
  await popup.press('Enter');
  await popup.waitFor({ testId: 'token-detail' });
  await popup.audit('popup-token-detail-keyboard');
  await popup.press('Escape');
  // Closed is not yet gone: the dialog's close event, which takes Home back from the detail, is a task of its own.
  await until('the dialog to close and Home to take it away', () =>
    popup.evaluate(() => document.querySelector('dialog') === null, null),
  );
  expect((await popup.focused()).name).toMatch(new RegExp(symbol));
  await popup.press('Enter');
  await popup.waitFor({ testId: 'token-detail' });
  await tabTo(popup, `Unstake ${symbol}`);
  await popup.press('Enter');
  return amountThenGo(popup, amount, 'unstake', (received) => /SOL/.test(received));
}

/** Home's Send action, the form filled and sent by keyboard. */
async function keyboardSend(popup: UiPage, to: string, amount: string): Promise<void> {
  await home(popup);
  await tabTo(popup, 'Send');
  await popup.press('Enter');
  await tabTo(popup, 'Recipient address');
  await popup.type(to);
  await tabTo(popup, 'Amount');
  await popup.type(amount);
  await tabTo(popup, 'Send');
  await popup.press('Enter');
  await popup.waitFor({ role: 'heading', name: 'Sent' }, 30_000);
}

/**
 * Decides in the approval window by keyboard: the window opens with the focus off its decisions
 * (on the request's heading); `button` is reached by Tab once it is armed, and pressed with Enter.
 */
async function keyboardDecide(wallet: WalletDriver, button: 'Approve' | 'Connect' | 'Reject') {
  const approval = await wallet.approvalWindow();
  await approval.waitFor({ testId: 'origin' });
  await until('the request’s heading to take the focus', async () => (await approval.focused()).tag === 'h1');
  await until(`${button} to be enabled`, () =>
    approval.isEnabled({ role: 'button', name: button, exact: true }),
  );
  await tabTo(approval, button);
  // The last decision closes the window on the keydown: its keyup has no page left to reach.
  await approval.press('Enter').catch(() => undefined);
  await wallet.approvalWindowClosed();
}

/**
 * Native staking by keyboard: the validator searched and chosen in the chain's list, 1 SOL staked;
 * the new account deactivated from its own screen (in the epoch it was delegated: withdrawable at
 * once), and withdrawn from "where is my SOL".
 */
async function keyboardNative(popup: UiPage, validator: string): Promise<void> {
  await home(popup);
  await tabTo(popup, 'Stake');
  await popup.press('Enter');
  await tabTo(popup, 'stake natively with a validator');
  await popup.press('Enter');
  await popup.waitFor({ role: 'radiogroup', name: 'Validators' });
  await tabTo(popup, 'Search validators');
  await popup.type(validator);
  await tabTo(popup, new RegExp(validator));
  await popup.press('Space');
  await tabTo(popup, 'Amount');
  await popup.type('1');
  await popup.waitFor({ testId: 'native-quote' });
  await popup.audit('popup-native-quote-keyboard');
  await tabTo(popup, 'Stake');
  await popup.press('Enter');
  await until('the keyboard’s native stake to land', async () =>
    (await popup.text({ testId: 'native-staked' })).includes('activates'),
  );
  await home(popup);
  await tabTo(popup, 'Manage');
  await popup.press('Enter');
  await tabTo(popup, 'Deactivate');
  await popup.press('Enter');
  await popup.waitFor({ testId: 'native-quote' });
  await tabTo(popup, 'Deactivate this account');
  await popup.press('Enter');
  await until('the deactivation to land', async () => (await popup.count({ testId: 'native-done' })) > 0);
  await home(popup);
  await tabTo(popup, /^Where is my SOL\?/);
  await popup.press('Enter');
  await popup.waitFor({ testId: 'waiting-item' });
  await popup.audit('popup-where-is-my-sol-keyboard');
  await tabTo(popup, /^Withdraw/);
  await popup.press('Enter');
  await popup.waitFor({ role: 'heading', name: 'Collected' }, 30_000);
}

/** The keyboard journeys, registered for one browser (`launch` gives its driver). */
export function keyboardJourneys(browser: string, launch: () => Promise<WalletDriver>): void {
  const withProgram = stakePoolProgramOr(`${browser} keyboard journeys`, STAKE_POOL_AVAILABLE);
  describe.skipIf(!withProgram)(`${browser}: keyboard only`, () => {
    let chain: TestChain;
    let wallet: WalletDriver;
    let server: DappServer;
    let pool: CreatedPool;
    let popup: UiPage;
    let owner: PublicKey;
    const symbol = () => `${pool.mint.toBase58().slice(0, 4)}…${pool.mint.toBase58().slice(-4)}`;

    beforeAll(async () => {
      chain = await startTestChain();
      const operator = await chain.funded(500);
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 20n * SOL,
      });
      await createValidators(chain, [
        {
          commissionBps: 500,
          creditsPerEpoch: 400_000,
          stake: String(50n * SOL),
          info: { name: 'Keyboard Stake' },
        },
      ]);
      server = await startDappServer();
      wallet = await launch();
    });
    afterAll(async () => {
      await wallet?.close();
      await server?.close();
      await chain?.close();
    });

    it('onboards, stakes, unstakes through the asset’s detail, and sends', async () => {
      popup = await keyboardOnboard(wallet);
      await useCustomRpc(popup, chain.node.rpcUrl);
      owner = new PublicKey(await popup.text({ testId: 'active-address' }));
      await chain.fund(owner, 5);
      await popup.reload();
      await until(
        'the funded balance',
        async () => (await popup.text({ testId: 'total-value' })) === '5 SOL',
      );
      expect(await keyboardStake(popup, symbol(), '1')).toContain(symbol());
      expect(await keyboardUnstake(popup, symbol(), '0.25')).toMatch(/SOL/);
      const to = Keypair.generate().publicKey;
      await keyboardSend(popup, to.toBase58(), '0.5');
      expect(await chain.connection.getBalance(to)).toBe(0.5 * Number(SOL));
    });

    it('stakes natively, deactivates and withdraws, by keys alone', async () => {
      await chain.fund(owner, 3);
      await keyboardNative(popup, 'Keyboard Stake');
      expect(
        await chain.connection.getParsedProgramAccounts(
          new PublicKey('Stake11111111111111111111111111111111111111'),
          {
            filters: [{ memcmp: { offset: 44, bytes: owner.toBase58() } }],
          },
        ),
      ).toHaveLength(0);
    });

    it('connects with Enter on Connect, and rejects a message with Enter on Reject', async () => {
      const dapp = await wallet.openPage(server.url);
      const connected = dappCall<string>(dapp, 'connect');
      await keyboardDecide(wallet, 'Connect');
      expect(await connected).toEqual({ ok: true, value: owner.toBase58() });
      const signed = dappCall(dapp, 'signMessage', 'rejected by keyboard');
      await keyboardDecide(wallet, 'Reject');
      expect(await signed).toMatchObject({ ok: false, message: expect.stringMatching(/rejected/) });
      await dapp.close();
    });
  });
}
