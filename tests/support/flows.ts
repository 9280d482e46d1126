// What a person does in the popup, step by step, reused by the e2e specs.
import type { Page } from 'playwright-core';

export const PASSWORD = 'Tide-pool-e2e-7';
export const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

export async function createWallet(page: Page, password = PASSWORD): Promise<string[]> {
  await page.getByRole('button', { name: 'Create wallet' }).click();
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  const words = await page.getByRole('list', { name: 'Recovery phrase words' }).locator('.mono').allTextContents();
  await page.getByLabel('I have written down my recovery phrase').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  for (const input of await page.getByLabel(/^Word #\d+$/).all()) {
    const label = await input.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? '');
    await input.fill(words[Number(label.replace('Word #', '')) - 1]!);
  }
  await page.getByRole('button', { name: 'Create wallet' }).click();
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();
  return words;
}

export async function importPhrase(page: Page, phrase = ABANDON, password = PASSWORD): Promise<void> {
  await page.getByRole('button', { name: 'Import wallet' }).click();
  await page.getByLabel('Recovery phrase', { exact: true }).fill(phrase);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(password);
  await page.getByRole('button', { name: 'Import wallet' }).click();
}

export async function importSecretKey(page: Page, secretKey: string, password = PASSWORD): Promise<void> {
  await page.getByRole('button', { name: 'Import wallet' }).click();
  await page.getByRole('radio', { name: 'Secret key' }).click();
  await page.getByLabel('Secret key', { exact: true }).fill(secretKey);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(password);
  await page.getByRole('button', { name: 'Import wallet' }).click();
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();
}

export async function unlock(page: Page, password = PASSWORD): Promise<void> {
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();
}

/** Settings → Network → Custom RPC URL, as a person does it. */
export async function useCustomRpc(page: Page, url: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Network', { exact: true }).selectOption('custom');
  await page.getByLabel('RPC URL').fill(url);
  await page.getByRole('button', { name: 'Save network' }).click();
  await page.getByTestId('total-value').waitFor();
}

/** A button of the current screen (the tab bar has buttons of the same names). */
export const screenButton = (page: Page, name: string) => page.getByRole('main').getByRole('button', { name, exact: true });
