// The vault with real WebCrypto (Node's) over a fake storage area (chrome.storage cannot run in
// Node; the e2e suite covers the real one).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vault } from '../../src/background/vault/vault';
import { delayAfter } from '../../src/background/vault/unlock-throttle';
import { passwordProblems } from '../../src/shared/password-policy';
import { MemoryStorage } from '../support/memory-storage';

const ABANDON =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const PASSWORD = 'correct-Horse-9';
const FAST = 2_000; // KDF iterations for tests that are not about the KDF
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures', name), 'utf8'));

function setup(iterations = FAST, now = () => Date.now()) {
  const local = new MemoryStorage();
  const session = new MemoryStorage();
  return { local, session, vault: new Vault({ local, session, iterations, now }) };
}

describe('vault', () => {
  it('opens the golden vault written by this version (600k PBKDF2 iterations)', async () => {
    const { local, vault } = setup(600_000);
    local.data.set('vault', fixture('golden-vault-v1.json'));
    expect(await vault.status()).toBe('locked');
    await vault.unlock('golden-Fixture-2026');
    expect(vault.accounts()).toEqual([
      { address: 'HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk', name: 'Main', kind: 'derived', index: 0 },
      { address: 'Hh8QwFUA6MtVu1qAoq12ucvFHNwCcVTV7hpWjeY1Hztb', name: 'Savings', kind: 'derived', index: 1 },
    ]);
  });

  it('upgrades an old, weaker vault to current parameters on the next unlock', async () => {
    const { local, vault } = setup(600_000);
    local.data.set('vault', fixture('legacy-vault-v1-10k.json'));
    await vault.unlock('golden-Fixture-2026');
    const upgraded = local.data.get('vault') as { kdf: { iterations: number } };
    expect(upgraded.kdf.iterations).toBe(600_000);
    await vault.lock();
    await vault.unlock('golden-Fixture-2026');
    expect(vault.accounts()).toHaveLength(2);
  });

  it('keeps only the derived key in session storage and survives a restart from it', async () => {
    const { local, session, vault } = setup();
    await vault.importPhrase(ABANDON, PASSWORD);
    const stored = local.dump() + session.dump();
    expect(stored).not.toContain('abandon');
    expect(stored).not.toContain(PASSWORD);
    expect(session.data.get('vaultKey')).toMatch(/^[A-Za-z0-9+/]{43}=$/); // a raw 256-bit key, base64

    const restarted = new Vault({ local, session, iterations: FAST });
    expect(await restarted.status()).toBe('unlocked');
    expect(restarted.accounts()[0]!.address).toBe('HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk');

    await restarted.lock();
    expect(session.data.has('vaultKey')).toBe(false);
    expect(await new Vault({ local, session, iterations: FAST }).status()).toBe('locked');
  });

  it('tells listeners of an unlock by a person, never of a reopening after a worker restart', async () => {
    const { local, session, vault } = setup();
    let unlocks = 0;
    vault.onUnlock(() => unlocks++);
    await vault.importPhrase(ABANDON, PASSWORD);
    expect(unlocks).toBe(1);
    // Anything can wake a stopped worker (a web page too): reopening from session storage is not activity.
    const restarted = new Vault({ local, session, iterations: FAST });
    let reopened = 0;
    restarted.onUnlock(() => reopened++);
    expect(await restarted.status()).toBe('unlocked');
    expect(reopened).toBe(0);
    await restarted.lock();
    await restarted.unlock(PASSWORD);
    expect(reopened).toBe(1);
  });

  it('creates from a generated phrase only after the user confirms words of it', async () => {
    const { vault } = setup();
    const phrase = (await vault.generatePhrase(24)).split(' ');
    expect(phrase).toHaveLength(24);
    await expect(
      vault.create(PASSWORD, [
        { index: 1, word: phrase[0]! },
        { index: 5, word: 'wrong' },
        { index: 9, word: phrase[8]! },
      ]),
    ).rejects.toThrow(/Word 5 does not match/);
    expect(await vault.status()).toBe('none');
    await vault.create(
      PASSWORD,
      [1, 5, 9].map((i) => ({ index: i, word: phrase[i - 1]! })),
    );
    expect(await vault.status()).toBe('unlocked');
    await expect(vault.generatePhrase(12)).rejects.toThrow(/already exists/);
  });

  it('refuses weak passwords with the rule they break', async () => {
    expect(passwordProblems('short')).toContain('Use at least 8 characters.');
    expect(passwordProblems('onlyletters')).toEqual([
      'Mix letters with numbers or symbols (or upper and lower case).',
    ]);
    expect(passwordProblems('Password123')).toEqual(['This password is too common; choose another.']);
    expect(passwordProblems('Tide-pool-42')).toEqual([]);
    const { vault } = setup();
    await expect(vault.importPhrase(ABANDON, 'password')).rejects.toThrow(/at least|Mix|common/);
  });

  it('slows down repeated wrong passwords, and a wrong password changes nothing', async () => {
    let now = 1_000_000;
    const { local, vault } = setup(FAST, () => now);
    await vault.importPhrase(ABANDON, PASSWORD);
    await vault.lock();
    const before = JSON.stringify(local.data.get('vault'));
    for (let i = 1; i <= 3; i++)
      await expect(vault.unlock('nope-nope-1')).rejects.toMatchObject({ code: 'wrong_password' });
    await expect(vault.unlock(PASSWORD)).rejects.toMatchObject({ code: 'rate_limited' });
    now += delayAfter(3);
    await expect(vault.unlock('nope-nope-1')).rejects.toThrow(/Wait 2 s/);
    now += delayAfter(4);
    await vault.unlock(PASSWORD);
    expect(JSON.stringify(local.data.get('vault'))).toBe(before);
    expect(delayAfter(40)).toBe(300_000);
  });

  it('never overwrites a damaged vault and says so', async () => {
    const { local, vault } = setup();
    local.data.set('vault', { version: 1, kdf: 'garbage' });
    await expect(vault.unlock(PASSWORD)).rejects.toMatchObject({ code: 'vault_corrupt' });
    await expect(vault.importPhrase(ABANDON, PASSWORD)).rejects.toMatchObject({ code: 'wallet_exists' });
    expect(local.data.get('vault')).toEqual({ version: 1, kdf: 'garbage' });
  });

  it('a full disk during creation leaves no half-made wallet, and creation works once there is room', async () => {
    const { local, session, vault } = setup();
    local.failWrites = true;
    await expect(vault.importPhrase(ABANDON, PASSWORD)).rejects.toMatchObject({
      code: 'storage_failed',
      message: /Nothing was changed/,
    });
    expect(await vault.status()).toBe('none');
    expect(local.data.size + session.data.size).toBe(0);
    expect(() => vault.keyring()).toThrow(/locked/);
    local.failWrites = false;
    await vault.importPhrase(ABANDON, PASSWORD);
    expect(await vault.status()).toBe('unlocked');
  });

  it('changes the password in one write; a failing write leaves the old vault usable', async () => {
    const { local, session, vault } = setup();
    await vault.importPhrase(ABANDON, PASSWORD);
    local.failWrites = true;
    await expect(vault.changePassword(PASSWORD, 'New-password-2')).rejects.toMatchObject({
      code: 'storage_failed',
    });
    local.failWrites = false;
    await vault.lock();
    await vault.unlock(PASSWORD);
    await vault.changePassword(PASSWORD, 'New-password-2');
    const fresh = new Vault({ local, session: new MemoryStorage(), iterations: FAST });
    await expect(fresh.unlock(PASSWORD)).rejects.toMatchObject({ code: 'wrong_password' });
    await fresh.unlock('New-password-2');
    expect(session.data.has('vaultKey')).toBe(true);
  });

  it('adds, renames, switches accounts; rejects duplicates and malformed keys; undoes a change that cannot be saved', async () => {
    const { local, vault } = setup();
    await vault.importPhrase(ABANDON, PASSWORD);
    const second = await vault.mutate((k) => k.addDerived());
    expect(second).toMatchObject({
      address: 'Hh8QwFUA6MtVu1qAoq12ucvFHNwCcVTV7hpWjeY1Hztb',
      index: 1,
      name: 'Account 2',
    });
    await vault.mutate((k) => k.rename(second.address, 'Trading'));
    await vault.mutate((k) => k.select(second.address));
    expect(vault.keyring().activeAddress).toBe(second.address);
    await expect(vault.mutate((k) => k.addDerived(1))).rejects.toThrow(/already in this wallet/);
    await expect(vault.mutate((k) => k.importSecretKey('not-a-key'))).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/not valid base58/),
    });
    await expect(vault.mutate((k) => k.importSecretKey('3'.repeat(40)))).rejects.toThrow(/64 bytes/);
    local.failWrites = true;
    await expect(vault.mutate((k) => k.addDerived())).rejects.toMatchObject({ code: 'storage_failed' });
    expect(vault.accounts()).toHaveLength(2);
  });

  it('reveals the phrase and exports a key only with the password', async () => {
    const { vault } = setup();
    await vault.importPhrase(ABANDON, PASSWORD);
    await expect(vault.revealPhrase('wrong-pass-1')).rejects.toMatchObject({ code: 'wrong_password' });
    expect(await vault.revealPhrase(PASSWORD)).toBe(ABANDON);
    const secret = await vault.exportSecretKey(PASSWORD, 'HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk');
    const { vault: other } = setup();
    await other.importSecretKey(secret, PASSWORD);
    expect(other.accounts()[0]).toMatchObject({
      address: 'HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk',
      kind: 'imported',
    });
    await expect(other.revealPhrase(PASSWORD)).rejects.toMatchObject({
      code: 'not_found',
      context: { what: 'recovery_phrase' },
      message: expect.stringMatching(/no recovery phrase/),
    });
  });

  it('signs with ed25519 through its single entry point, only while unlocked', async () => {
    const { vault } = setup();
    await vault.importPhrase(ABANDON, PASSWORD);
    const { ed25519 } = await import('@noble/curves/ed25519');
    const bs58 = (await import('bs58')).default;
    const address = 'HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk';
    const message = new TextEncoder().encode('hello tidepool');
    const signature = vault.keyring().sign(address, message);
    expect(ed25519.verify(signature, message, bs58.decode(address))).toBe(true);
    // An address the wallet holds no key for is refused by code, not only in words.
    expect(() => vault.keyring().sign('11111111111111111111111111111111', message)).toThrow(
      expect.objectContaining({ code: 'forbidden_account', context: { role: 'key_holder' } }),
    );
    expect(() => vault.keyring().rename('11111111111111111111111111111111', 'x')).toThrow(
      expect.objectContaining({ code: 'not_found', context: { what: 'account' } }),
    );
    await vault.lock();
    expect(() => vault.keyring()).toThrow(/locked/);
  });
});
