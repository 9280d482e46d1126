// What a person does in the popup, step by step, reused by the e2e specs of both browsers. Every
// flow takes a Playwright page (the Chromium helpers) or a UiPage (tests/support/driver.ts), so the
// Chromium and the Firefox suites run the very same steps.
import { PublicKey } from '@solana/web3.js';
import type { Page } from 'playwright-core';
import { asUiPage, until, type AnyPage, type Target } from './driver';
import type { TestChain } from './localnet';

export const PASSWORD = 'Tide-pool-e2e-7';
export const ABANDON =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

const button = (name: string): Target => ({ role: 'button', name, exact: true });
const field = (label: string): Target => ({ label, exact: true });
/** The Lock button: present exactly while the wallet is unlocked. */
export const LOCK: Target = button('Lock');
/** A button of the current screen (the tab bar has buttons of the same names). */
export const mainButton = (name: string): Target => ({
  role: 'button',
  name,
  exact: true,
  within: { role: 'main' },
});

export async function createWallet(anyPage: AnyPage, password = PASSWORD): Promise<string[]> {
  const page = asUiPage(anyPage);
  await page.click({ role: 'button', name: 'Create wallet' });
  await page.fill(field('Password'), password);
  await page.fill({ label: 'Confirm password' }, password);
  await page.click({ role: 'button', name: 'Continue' });
  const wordList: Target = { css: '.mono', within: { role: 'list', name: 'Recovery phrase words' } };
  await page.waitFor(wordList);
  const words = await page.texts(wordList);
  await page.click({ label: 'I have written down my recovery phrase' });
  await page.click({ role: 'button', name: 'Continue' });
  await page.waitFor({ label: /^Word #\d+$/ });
  for (const label of await page.texts({ css: 'label' })) {
    const asked = label.match(/^Word #(\d+)$/);
    if (asked) await page.fill(field(label), words[Number(asked[1]) - 1]!);
  }
  await page.click({ role: 'button', name: 'Create wallet' });
  await page.waitFor(LOCK);
  return words;
}

export async function importPhrase(anyPage: AnyPage, phrase = ABANDON, password = PASSWORD): Promise<void> {
  const page = asUiPage(anyPage);
  await page.click({ role: 'button', name: 'Import wallet' });
  await page.fill(field('Recovery phrase'), phrase);
  await page.fill(field('Password'), password);
  await page.fill({ label: 'Confirm password' }, password);
  await page.click({ role: 'button', name: 'Import wallet' });
}

export async function importSecretKey(
  anyPage: AnyPage,
  secretKey: string,
  password = PASSWORD,
): Promise<void> {
  const page = asUiPage(anyPage);
  await page.click({ role: 'button', name: 'Import wallet' });
  await page.click({ role: 'radio', name: 'Secret key' });
  await page.fill(field('Secret key'), secretKey);
  await page.fill(field('Password'), password);
  await page.fill({ label: 'Confirm password' }, password);
  await page.click({ role: 'button', name: 'Import wallet' });
  await page.waitFor(LOCK);
}

export async function unlock(anyPage: AnyPage, password = PASSWORD): Promise<void> {
  const page = asUiPage(anyPage);
  await page.fill(field('Password'), password);
  await page.click({ role: 'button', name: 'Unlock' });
  await page.waitFor(LOCK);
}

/** Settings → Network → Custom RPC URL, as a person does it. */
export async function useCustomRpc(anyPage: AnyPage, url: string): Promise<void> {
  const page = asUiPage(anyPage);
  await page.click({ role: 'button', name: 'Settings' });
  await page.select(field('Network'), 'custom');
  await page.fill({ label: 'RPC URL' }, url);
  await page.click({ role: 'button', name: 'Save network' });
  await page.waitFor({ testId: 'total-value' });
}

/** The wallet on `chain`'s localnet, funded with `sol` SOL: its address, once Home shows that balance. */
export async function fundedOn(anyPage: AnyPage, chain: TestChain, sol: number): Promise<PublicKey> {
  const page = asUiPage(anyPage);
  await useCustomRpc(page, chain.node.rpcUrl);
  const owner = new PublicKey(await page.text({ testId: 'active-address' }));
  await chain.fund(owner, sol);
  await page.reload();
  await until(
    'the funded balance',
    async () => (await page.text({ testId: 'total-value' })) === `${sol} SOL`,
  );
  return owner;
}

/** A button of the current screen (the tab bar has buttons of the same names). Chromium (Playwright) only; shared flows use `mainButton`. */
export const screenButton = (page: Page, name: string) =>
  page.getByRole('main').getByRole('button', { name, exact: true });

/** The text of the first element with `testId` ('' when it is empty). Chromium (Playwright) only. */
export const text = async (page: Page, testId: string) =>
  (await page.getByTestId(testId).first().textContent()) ?? '';
