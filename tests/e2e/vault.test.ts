// Keys, as a person meets them in real Chromium: create, lock, unlock, auto-lock, import a phrase
// and see the published addresses; the wallet stays unlocked across a service-worker restart;
// and no secret ever lands in storage or in a message the popup receives, outside the one
// moment a phrase is shown and the password-gated reveal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_BEARING_METHODS } from '../../src/shared/ui-methods';
import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import { deriveKeypair, seedFromPhrase } from '../../src/background/vault/derivation';
import { launchWallet, type Wallet } from '../support/browser';
import { startTestChain, type TestChain } from '../support/localnet';
import { ABANDON, PASSWORD, createWallet, importPhrase, unlock } from '../support/flows';

describe('vault in the browser', () => {
  let wallet: Wallet;
  let words: string[] = [];
  beforeAll(async () => {
    wallet = await launchWallet();
  });
  afterAll(() => wallet?.close());

  it('creates a wallet from a new phrase, confirmed word by word', async () => {
    const popup = await wallet.openPopup();
    await expect.poll(() => popup.getByRole('button', { name: 'Import wallet' }).isVisible()).toBe(true);
    await wallet.screenshots(popup, 'vault-welcome');
    words = await createWallet(popup);
    expect(words).toHaveLength(12);
    await expect
      .poll(() => popup.getByTestId('active-address').textContent())
      .toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    await popup.close();
  });

  it('locks, refuses a wrong password with a clear error, and unlocks', async () => {
    const popup = await wallet.openPopup();
    await popup.getByRole('button', { name: 'Lock', exact: true }).click();
    await popup.getByLabel('Password', { exact: true }).fill('not-my-password-1');
    await popup.getByRole('button', { name: 'Unlock' }).click();
    await expect
      .poll(() => popup.getByRole('alert').textContent())
      .toMatch(/Wrong password \(1 failed try\)/);
    await wallet.screenshots(popup, 'vault-unlock-error');
    await unlock(popup);
    await popup.close();
  });

  it('stays unlocked after the service worker is stopped, and locks for good after Lock', async () => {
    await wallet.stopServiceWorker();
    const popup = await wallet.openPopup();
    await popup.getByRole('button', { name: 'Lock', exact: true }).waitFor();
    await popup.getByRole('button', { name: 'Lock', exact: true }).click();
    await popup.getByRole('button', { name: 'Unlock' }).waitFor();
    await wallet.stopServiceWorker();
    await popup.reload();
    await popup.getByRole('button', { name: 'Unlock' }).waitFor();
    expect((await wallet.storage('session')).vaultKey).toBeUndefined();
    await unlock(popup);
    await popup.close();
  });

  it('auto-locks when the idle alarm fires, even from a stopped worker', async () => {
    const popup = await wallet.openPopup();
    await popup.getByRole('button', { name: 'Lock', exact: true }).waitFor();
    // The alarm is the real one the wallet set; only its time is brought forward.
    const worker = await wallet.worker();
    const alarm = await worker.evaluate(
      async () => (await chrome.alarms.get('tidepool-autolock'))?.scheduledTime,
    );
    expect(alarm).toBeGreaterThan(Date.now() + 14 * 60_000);
    await popup.close();
    await worker.evaluate(() => chrome.alarms.create('tidepool-autolock', { when: Date.now() + 1500 }));
    await wallet.stopServiceWorker();
    // Past the deadline, the wallet is locked whether the alarm or the popup wakes the worker first.
    await new Promise((r) => setTimeout(r, 2500));
    const after = await wallet.openPopup();
    await after.getByRole('button', { name: 'Unlock' }).waitFor({ timeout: 20_000 });
    await unlock(after);
    await after.close();
  });

  it('keeps secrets out of storage and out of every message the popup received', async () => {
    const local = JSON.stringify(await wallet.storage('local'));
    const session = JSON.stringify(await wallet.storage('session'));
    for (const text of [local, session]) {
      expect(text).not.toContain(PASSWORD);
      for (const secret of secretForms(words)) expect(text).not.toContain(secret);
      // The phrase split into words: any two neighbours side by side, whatever joins them.
      // (A single word proves nothing: "version" is a BIP39 word and a key in the vault blob.)
      for (let i = 0; i + 1 < words.length; i++) {
        expect(text).not.toMatch(new RegExp(`\\b${words[i]}\\W{1,3}${words[i + 1]}\\b`));
      }
    }
    const ordinary = wallet.received.filter((m) => !SECRET_BEARING_METHODS.includes(m.method as never));
    expect(ordinary.length).toBeGreaterThan(5);
    const all = JSON.stringify(ordinary);
    expect(all).not.toContain(words.slice(0, 3).join(' '));
    expect(all).not.toContain(PASSWORD);
    for (const secret of secretForms(words)) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/secretKey|mnemonic|"phrase"/);
  });
});

/** The phrase and what it yields (seed, first account's secret key) in the encodings a leak would use. */
function secretForms(words: string[]): string[] {
  const seed = seedFromPhrase(words.join(' '));
  const secretKey = deriveKeypair(seed, 0).secretKey;
  return [
    words.join(' '),
    Buffer.from(seed).toString('hex'),
    Buffer.from(seed).toString('base64'),
    bs58.encode(secretKey),
    Buffer.from(secretKey).toString('base64'),
    JSON.stringify(Array.from(secretKey.slice(0, 32))).slice(1, -1),
  ];
}

describe('importing a phrase', () => {
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

  it('shows the addresses other Solana wallets show, and finds the phrase’s used accounts', async () => {
    // Accounts #1 and #2 of the phrase were used elsewhere: they hold SOL on this chain.
    await chain.fund(new PublicKey('Hh8QwFUA6MtVu1qAoq12ucvFHNwCcVTV7hpWjeY1Hztb'), 2);
    await chain.fund(new PublicKey('7WktogJEd2wQ9eH2oWusmcoFTgeYi6rS632UviTBJ2jm'), 3);
    const popup = await wallet.openPopup();
    expect(
      (await wallet.call(popup, 'network:set', { network: 'custom', customRpcUrl: chain.node.rpcUrl })).ok,
    ).toBe(true);
    await importPhrase(popup, `  ${ABANDON.toUpperCase()} `);
    await popup.getByRole('heading', { name: 'Accounts found' }).waitFor();
    await wallet.screenshots(popup, 'vault-accounts-found');
    await popup.getByRole('button', { name: 'Add 2 accounts' }).click();
    await expect
      .poll(() => popup.getByTestId('active-address').textContent())
      .toBe('HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk');
    await popup.getByRole('button', { name: /Switch account/ }).click();
    await expect
      .poll(() => popup.getByRole('button', { name: /^Use Account 2/ }).textContent())
      .toContain('Hh8Q');
    await expect
      .poll(() => popup.getByRole('button', { name: /^Use Account 3/ }).textContent())
      .toContain('7Wkt');
    await popup.getByRole('button', { name: 'Add account' }).click();
    await expect
      .poll(() => popup.getByTestId('active-address').textContent())
      .not.toBe('HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk');
    await popup.close();
  });

  it('says exactly what is wrong with a mistyped phrase and creates nothing', async () => {
    const other = await launchWallet();
    const popup = await other.openPopup();
    await importPhrase(popup, ABANDON.replace('about', 'aboot'));
    await expect
      .poll(() => popup.getByRole('alert').textContent())
      .toContain('Word 12 (“aboot”) is not a recovery-phrase word');
    await other.screenshots(popup, 'onboarding-import-error');
    expect((await other.storage('local')).vault).toBeUndefined();
    await other.close();
  });
});
