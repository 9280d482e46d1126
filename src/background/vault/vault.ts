// The vault: the encrypted keyring in local storage, its unlocked key in session storage (so an
// unlocked wallet survives the service worker being stopped), and every operation that needs the
// password. A write either replaces the whole blob in one storage call or changes nothing.
// Every password check and every vault write runs in one serial queue (`#exclusive`): two calls
// never interleave, so parallel unlocks cannot outrun the throttle and a password change cannot be
// overwritten by a write that encrypted under the old key.
import { WalletError } from '../../shared/errors';
import type { PublicAccount, WalletStatus } from '../../shared/accounts';
import { passwordProblems } from '../../shared/password-policy';
import type { StorageArea } from '../storage';
import { newPhrase, normalizePhrase } from './derivation';
import { Keyring, type VaultSecrets } from './keyring';
import { UnlockThrottle } from './unlock-throttle';
import {
  CURRENT_KDF_ITERATIONS,
  decrypt,
  deriveKey,
  encrypt,
  exportKey,
  importKey,
  newKdfParams,
  parseBlob,
  type EncryptedBlob,
} from './vault-crypto';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    /** Parsed by the vault (parseBlob) before use, whatever the type says: it carries its own version. */
    vault: EncryptedBlob;
    /** The raw AES key of the unlocked vault, base64 (session only). */
    vaultKey: string;
  }
}

interface Unlocked {
  keyring: Keyring;
  key: CryptoKey;
  blob: EncryptedBlob;
}

interface VaultOptions {
  local: StorageArea<'local'>;
  session: StorageArea<'session'>;
  iterations?: number;
  now?: () => number;
}

export class Vault {
  readonly #local: StorageArea<'local'>;
  readonly #session: StorageArea<'session'>;
  readonly #iterations: number;
  readonly #throttle: UnlockThrottle;
  /** The open vault: its keyring, the key that encrypts it and the blob it was read from or last written as. */
  #unlocked: Unlocked | null = null;
  #unconfirmedPhrase: string | null = null;
  #restoring: Promise<void> | null = null;
  /** The tail of the serial queue; every password check and vault write waits for it. */
  #queue: Promise<unknown> = Promise.resolve();
  /** Bumped by lock(): a restore that started before a lock must not reopen the keyring. */
  #generation = 0;
  readonly #lockListeners: (() => void)[] = [];
  readonly #unlockListeners: (() => void)[] = [];

  constructor(options: VaultOptions) {
    this.#local = options.local;
    this.#session = options.session;
    this.#iterations = options.iterations ?? CURRENT_KDF_ITERATIONS;
    this.#throttle = new UnlockThrottle(options.local, options.now);
  }

  /** Runs `job` after every job queued before it has settled; one job at a time. */
  #exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(job, job);
    this.#queue = run.catch(() => {});
    return run;
  }

  onLock(listener: () => void): void {
    this.#lockListeners.push(listener);
  }

  /**
   * A person unlocked the wallet (password, or a wallet just created). Not called when the keyring
   * is reopened after a worker restart: anything can wake the worker, a web page included.
   */
  onUnlock(listener: () => void): void {
    this.#unlockListeners.push(listener);
  }

  async #storedBlob(): Promise<EncryptedBlob | null> {
    const raw = await this.#local.get('vault');
    if (raw === undefined) return null;
    const blob = parseBlob(raw);
    if (!blob)
      throw new WalletError(
        'vault_corrupt',
        'The stored wallet is damaged and cannot be opened. It has been left untouched; your recovery phrase can restore your accounts.',
      );
    return blob;
  }

  /** After a service-worker restart: reopen the keyring from the key parked in session storage. */
  restore(): Promise<void> {
    this.#restoring ??= (async () => {
      if (this.#unlocked) return;
      const generation = this.#generation;
      const raw = await this.#session.get('vaultKey');
      if (!raw) return;
      try {
        const blob = await this.#storedBlob();
        if (!blob) throw new Error('no vault');
        const key = await importKey(raw);
        const plaintext = await decrypt(key, blob);
        if (generation !== this.#generation) return;
        this.#open(key, blob, plaintext);
      } catch {
        // A key that no longer opens the vault (password changed mid-crash, vault replaced): lock.
        await this.#session.remove('vaultKey');
      }
    })().finally(() => {
      this.#restoring = null;
    });
    return this.#restoring;
  }

  #open(key: CryptoKey, blob: EncryptedBlob, plaintext: Uint8Array): void {
    let secrets: VaultSecrets;
    try {
      secrets = JSON.parse(new TextDecoder().decode(plaintext)) as VaultSecrets;
    } catch {
      throw new WalletError(
        'vault_corrupt',
        'The stored wallet decrypted but its contents are damaged. It has been left untouched.',
      );
    }
    if (secrets?.version !== 1 || !Array.isArray(secrets.accounts)) {
      throw new WalletError(
        'vault_corrupt',
        'The stored wallet has an unknown format. It has been left untouched.',
      );
    }
    this.#unlocked = { keyring: new Keyring(secrets), key, blob };
  }

  async status(): Promise<WalletStatus> {
    await this.restore();
    if (this.#unlocked) return 'unlocked';
    return (await this.#local.get('vault')) === undefined ? 'none' : 'locked';
  }

  retryAfterMs(): Promise<number> {
    return this.#throttle.retryAfterMs();
  }

  /** The unlocked keyring, or a `locked` error: every key-using path starts here. */
  keyring(): Keyring {
    return this.#requireUnlocked().keyring;
  }

  /** The open vault, or a `locked` error. */
  #requireUnlocked(): Unlocked {
    if (!this.#unlocked)
      throw new WalletError('locked', 'Tidepool is locked. Unlock it with your password first.');
    return this.#unlocked;
  }

  async #requireNoVault(): Promise<void> {
    if ((await this.#local.get('vault')) !== undefined) {
      throw new WalletError('wallet_exists', 'A wallet already exists in Tidepool. Unlock it instead.');
    }
  }

  /** A fresh phrase, kept in memory until `create` confirms it; shown to the user exactly once. */
  async generatePhrase(words: 12 | 24): Promise<string> {
    await this.#requireNoVault();
    this.#unconfirmedPhrase = newPhrase(words);
    return this.#unconfirmedPhrase;
  }

  create(password: string, confirmations: { index: number; word: string }[]): Promise<void> {
    return this.#exclusive(() => this.#create(password, confirmations));
  }

  async #create(password: string, confirmations: { index: number; word: string }[]): Promise<void> {
    await this.#requireNoVault();
    const phrase = this.#unconfirmedPhrase;
    if (!phrase)
      throw new WalletError(
        'not_found',
        'Start again: the new recovery phrase was not generated or has expired.',
        { what: 'recovery_phrase' },
      );
    const words = phrase.split(' ');
    if (confirmations.length < 3)
      throw new WalletError('invalid_input', 'Confirm at least three words of your recovery phrase.');
    for (const { index, word } of confirmations) {
      if (words[index - 1] !== word.trim().toLowerCase()) {
        throw new WalletError(
          'invalid_input',
          `Word ${index} does not match your recovery phrase. Check your backup.`,
        );
      }
    }
    await this.#createWith(Keyring.fromPhrase(phrase), password);
    this.#unconfirmedPhrase = null;
  }

  importPhrase(phraseInput: string, password: string): Promise<void> {
    return this.#exclusive(async () => {
      await this.#requireNoVault();
      await this.#createWith(Keyring.fromPhrase(normalizePhrase(phraseInput)), password);
    });
  }

  importSecretKey(secretKey: string, password: string): Promise<void> {
    return this.#exclusive(async () => {
      await this.#requireNoVault();
      await this.#createWith(Keyring.fromSecretKey(secretKey), password);
    });
  }

  async #createWith(keyring: Keyring, password: string): Promise<void> {
    const problems = passwordProblems(password);
    if (problems.length) throw new WalletError('invalid_input', problems.join(' '));
    const kdf = newKdfParams(this.#iterations);
    const key = await deriveKey(password, kdf);
    const blob = await encrypt(key, kdf, keyring.serialize());
    await this.#store(blob);
    await this.#session.set('vaultKey', await exportKey(key));
    this.#unlocked = { keyring, key, blob };
    for (const listener of this.#unlockListeners) listener();
  }

  /**
   * Only ever called from inside a queued job, so checks run one at a time. The attempt is counted
   * before the key is derived: a guess is paid for even if the worker stops mid-derivation.
   */
  async #checkPassword(
    password: string,
    blob: EncryptedBlob,
  ): Promise<{ key: CryptoKey; plaintext: Uint8Array }> {
    await this.#throttle.check();
    const failures = await this.#throttle.attempted();
    const key = await deriveKey(password, blob.kdf);
    let plaintext: Uint8Array;
    try {
      plaintext = await decrypt(key, blob);
    } catch {
      const wait = await this.#throttle.retryAfterMs();
      const more = wait > 0 ? ` Wait ${Math.ceil(wait / 1000)} s before trying again.` : '';
      throw new WalletError(
        'wrong_password',
        `Wrong password (${failures} failed ${failures === 1 ? 'try' : 'tries'}).${more}`,
      );
    }
    await this.#throttle.succeeded();
    return { key, plaintext };
  }

  unlock(password: string): Promise<void> {
    return this.#exclusive(() => this.#unlock(password));
  }

  async #unlock(password: string): Promise<void> {
    await this.restore();
    const blob = await this.#storedBlob();
    if (!blob) throw new WalletError('no_wallet', 'There is no wallet to unlock yet. Create or import one.');
    if (this.#unlocked) return;
    const { key, plaintext } = await this.#checkPassword(password, blob);
    this.#open(key, blob, plaintext);
    if (blob.kdf.iterations < this.#iterations) {
      // An older, weaker vault: re-encrypt at today's parameters now that we have the password.
      const kdf = newKdfParams(this.#iterations);
      this.#requireUnlocked().key = await deriveKey(password, kdf);
      await this.#persist(kdf);
    }
    await this.#session.set('vaultKey', await exportKey(this.#requireUnlocked().key));
    for (const listener of this.#unlockListeners) listener();
  }

  async lock(): Promise<void> {
    this.#generation++;
    this.#unlocked?.keyring.wipe();
    this.#unlocked = null;
    this.#unconfirmedPhrase = null;
    await this.#session.remove('vaultKey');
    for (const listener of this.#lockListeners) listener();
  }

  /** The one place the vault blob is written; reached only from queued jobs. */
  async #store(blob: EncryptedBlob): Promise<void> {
    await this.#local.set('vault', blob);
  }

  /** Re-encrypts the current keyring; one storage write, so a crash leaves the old or the new blob. */
  async #persist(kdf?: EncryptedBlob['kdf']): Promise<void> {
    const unlocked = this.#requireUnlocked();
    const blob = await encrypt(unlocked.key, kdf ?? unlocked.blob.kdf, unlocked.keyring.serialize());
    await this.#store(blob);
    unlocked.blob = blob;
  }

  /**
   * Applies a change to the keyring and saves it; if saving fails, the change is undone. Queued
   * behind any password change, so it encrypts under the key that is current when it runs.
   */
  mutate<T>(change: (keyring: Keyring) => T): Promise<T> {
    return this.#exclusive(() => this.#mutate(change));
  }

  async #mutate<T>(change: (keyring: Keyring) => T): Promise<T> {
    const unlocked = this.#requireUnlocked();
    const before = unlocked.keyring.serialize();
    const result = change(unlocked.keyring);
    try {
      await this.#persist();
    } catch (error) {
      unlocked.keyring.wipe();
      unlocked.keyring = new Keyring(JSON.parse(new TextDecoder().decode(before)) as VaultSecrets);
      throw error;
    }
    return result;
  }

  changePassword(current: string, next: string): Promise<void> {
    return this.#exclusive(() => this.#changePassword(current, next));
  }

  async #changePassword(current: string, next: string): Promise<void> {
    const problems = passwordProblems(next);
    if (problems.length) throw new WalletError('invalid_input', problems.join(' '));
    const blob = await this.#storedBlob();
    if (!blob) throw new WalletError('no_wallet', 'There is no wallet yet.');
    const unlocked = this.#requireUnlocked();
    await this.#checkPassword(current, blob);
    const kdf = newKdfParams(this.#iterations);
    const key = await deriveKey(next, kdf);
    const generation = this.#generation;
    const newBlob = await encrypt(key, kdf, unlocked.keyring.serialize());
    await this.#store(newBlob);
    // Locked while the new blob was being written: it is saved, but the wallet stays locked.
    if (generation !== this.#generation) return;
    unlocked.key = key;
    unlocked.blob = newBlob;
    await this.#session.set('vaultKey', await exportKey(key));
  }

  revealPhrase(password: string): Promise<string> {
    return this.#exclusive(async () => {
      const { keyring, blob } = this.#requireUnlocked();
      await this.#checkPassword(password, blob);
      return keyring.revealPhrase();
    });
  }

  exportSecretKey(password: string, address: string): Promise<string> {
    return this.#exclusive(async () => {
      const { keyring, blob } = this.#requireUnlocked();
      await this.#checkPassword(password, blob);
      return keyring.exportSecretKey(address);
    });
  }

  accounts(): PublicAccount[] {
    return this.#unlocked?.keyring.accounts() ?? [];
  }
}
