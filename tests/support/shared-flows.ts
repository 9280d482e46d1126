// Whole flows a person goes through, written once against the WalletDriver so the Chromium
// (Playwright) and the Firefox (Puppeteer over BiDi) suites run the same steps. Each flow leaves
// the checking of outcomes to the test, and returns what the test needs to check.
import { LOCK, PASSWORD, createWallet, importSecretKey, mainButton, unlock, useCustomRpc } from './flows';
import { until, type Target, type UiPage, type WalletDriver } from './driver';
import { isSettled, type TxRecord } from '../../src/background/chain/tx-record';

export type DappAnswer<T = unknown> = { ok: boolean; value?: T; name?: string; message?: string };
type DappApi = Record<string, (...args: unknown[]) => Promise<unknown>>;

const UNLOCK: Target = { role: 'button', name: 'Unlock' };

/** A new wallet from the welcome screen: create, confirm the phrase, arrive unlocked. */
export async function onboard(wallet: WalletDriver): Promise<{ popup: UiPage; words: string[] }> {
  const popup = await wallet.openPopup();
  await popup.waitFor({ role: 'button', name: 'Import wallet' });
  await popup.audit('welcome');
  const words = await createWallet(popup);
  return { popup, words };
}

/** Lock, try a wrong password (returns the error shown), then unlock with the right one. */
export async function lockThenUnlock(popup: UiPage, wrongPassword = 'not-my-password-1'): Promise<string> {
  await popup.click(LOCK);
  await popup.fill({ label: 'Password', exact: true }, wrongPassword);
  await popup.click(UNLOCK);
  await popup.waitFor({ role: 'alert' });
  await popup.audit('unlock-wrong-password');
  const error = await popup.text({ role: 'alert' });
  await unlock(popup, PASSWORD);
  return error;
}

/** Which screen a freshly opened popup shows: the wallet, or the unlock form. */
export async function popupState(
  wallet: WalletDriver,
): Promise<{ popup: UiPage; state: 'unlocked' | 'locked' }> {
  const popup = await wallet.openPopup();
  let state: 'unlocked' | 'locked' | null = null;
  await until('the popup to show the wallet or the unlock form', async () => {
    state = (await popup.count(LOCK)) ? 'unlocked' : (await popup.count(UNLOCK)) ? 'locked' : null;
    return state !== null;
  });
  return { popup, state: state! };
}

/** Stake from the popup's Stake screen; returns the result line once the stake landed. */
export async function stakeFromPopup(popup: UiPage, symbol: string, amount: string): Promise<string> {
  await popup.click(mainButton('Stake'));
  await popup.click({ role: 'radio', name: new RegExp(symbol) });
  await popup.fill({ label: 'Amount' }, amount);
  await popup.waitFor({ testId: 'stake-quote' });
  await popup.click(mainButton('Stake'));
  await until(
    `the stake of ${amount} SOL to land`,
    async () => (await popup.text({ testId: 'received' })).includes(symbol),
    30_000,
  );
  return popup.text({ testId: 'received' });
}

/**
 * Stake natively from the Stake screen: the validator found by `search` in the chain's own list,
 * `amount` SOL; returns the result line once the stake account is created and delegated.
 */
export async function stakeNativelyFromPopup(popup: UiPage, search: string, amount: string): Promise<string> {
  await popup.click(mainButton('Stake'));
  await popup.click({ role: 'button', name: 'stake natively with a validator' });
  await popup.fill({ label: 'Search validators' }, search);
  await popup.click({
    role: 'radio',
    name: new RegExp(search),
    within: { role: 'radiogroup', name: 'Validators' },
  });
  await popup.fill({ label: 'Amount' }, amount);
  await popup.waitFor({ testId: 'native-quote' });
  await popup.click(mainButton('Stake'));
  await until(
    `the native stake of ${amount} SOL to land`,
    async () => (await popup.text({ testId: 'native-staked' })).includes('activates'),
    30_000,
  );
  return popup.text({ testId: 'native-staked' });
}

/** Deactivates the first stake account on Home that is active, from its own screen; returns what the quote said. */
export async function deactivateFromPopup(popup: UiPage): Promise<string> {
  await popup.click({ role: 'button', name: 'Home' });
  await popup.click({ role: 'button', name: 'Manage', within: { testId: 'stake-account-row' } });
  await popup.click(mainButton('Deactivate'));
  await popup.waitFor({ testId: 'native-quote' });
  const effect = await popup.text({ testId: 'native-effect' });
  await popup.click(mainButton('Deactivate this account'));
  await until(
    'the deactivation to land',
    async () => (await popup.count({ testId: 'native-done' })) > 0,
    30_000,
  );
  return effect;
}

/** Unstake instantly from the LST's detail, opened from its row on Home; returns the result line. */
export async function instantUnstakeFromPopup(
  popup: UiPage,
  symbol: string,
  amount: string,
): Promise<string> {
  await popup.click({ role: 'button', name: 'Home' });
  await popup.click({ role: 'button', name: symbol, within: { role: 'list', name: 'Assets' } });
  await popup.click({ role: 'button', name: `Unstake ${symbol}` });
  await popup.fill({ label: 'Amount' }, amount);
  await popup.waitFor({ testId: 'unstake-quote' });
  await popup.click(mainButton('Unstake'));
  await until(
    `the unstake of ${amount} ${symbol} to land`,
    async () => /SOL/.test(await popup.text({ testId: 'received' })),
    30_000,
  );
  return popup.text({ testId: 'received' });
}

/** Calls the test dApp (tests/e2e/dapp/app.ts) as its own code would; resolves with its answer. */
export function dappCall<T = unknown>(
  dapp: UiPage,
  method: string,
  ...args: unknown[]
): Promise<DappAnswer<T>> {
  return dapp.evaluate(
    ([m, a]) => ((window as never as { dapp: DappApi }).dapp[m] as DappApi[string])(...a),
    [method, args] as const,
  ) as Promise<DappAnswer<T>>;
}

/** Clicks a decision in the approval window once it is enabled; the last answered request closes the window. */
export async function decide(wallet: WalletDriver, button: string): Promise<void> {
  const approval = await wallet.approvalWindow();
  const control: Target = { role: 'button', name: button, exact: true };
  await until(`${button} to be enabled in the approval window`, () => approval.isEnabled(control), 15_000);
  await approval.click(control);
  await wallet.approvalWindowClosed();
}

/** The wallet holding `user`'s key on `rpcUrl` (imported in the popup, as a person does), and a tab on the dApp. */
export async function importAndOpenDapp(
  wallet: WalletDriver,
  secretKey: string,
  rpcUrl: string,
  dappUrl: string,
): Promise<UiPage> {
  const popup = await wallet.openPopup();
  await importSecretKey(popup, secretKey);
  await useCustomRpc(popup, rpcUrl);
  await popup.close();
  return wallet.openPage(dappUrl);
}

/** The transaction records in the wallet's local storage that have not ended yet, by id ([] once all settled). */
export function unsettledTransactions(local: Record<string, unknown>): string[] {
  const records = Object.values((local.transactions ?? {}) as Record<string, TxRecord>);
  return records.filter((r) => !isSettled(r)).map((r) => r.id);
}
