// The unlocked keys. Secrets live in private fields and never leave except through the two
// password-gated exits (revealPhrase, exportSecretKey) that the vault guards; everything else
// sees public accounts. `sign` is the one signing entry point of the whole extension.
import { ed25519 } from '@noble/curves/ed25519';
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { WalletError } from '../../shared/errors';
import type { PublicAccount } from '../../shared/accounts';
import { deriveKeypair, seedFromPhrase } from './derivation';

type AccountSource = { type: 'derived'; index: number } | { type: 'imported'; secretKey: string };

interface StoredAccount {
  address: string;
  name: string;
  source: AccountSource;
}

/** What the vault blob encrypts. */
export interface VaultSecrets {
  version: 1;
  phrase: string | null;
  accounts: StoredAccount[];
  activeAddress: string | null;
}

function parseSecretKey(input: string): Keypair {
  const text = input.trim();
  let bytes: Uint8Array;
  try {
    bytes = text.startsWith('[') ? Uint8Array.from(JSON.parse(text) as number[]) : bs58.decode(text);
  } catch {
    throw new WalletError(
      'invalid_input',
      'That secret key is not valid base58 (or a JSON byte array from a keypair file).',
    );
  }
  if (bytes.length !== 64)
    throw new WalletError('invalid_input', `A Solana secret key is 64 bytes; this one is ${bytes.length}.`);
  try {
    return Keypair.fromSecretKey(bytes);
  } catch {
    throw new WalletError(
      'invalid_input',
      'That secret key does not match its public key half; it is damaged.',
    );
  }
}

export class Keyring {
  #phrase: string | null;
  #seed: Uint8Array | null;
  #accounts: StoredAccount[];
  #keypairs = new Map<string, Keypair>();
  #active: string | null;

  constructor(secrets: VaultSecrets) {
    this.#phrase = secrets.phrase;
    this.#seed = secrets.phrase ? seedFromPhrase(secrets.phrase) : null;
    this.#accounts = secrets.accounts.map((a) => ({ ...a }));
    for (const account of this.#accounts)
      this.#keypairs.set(account.address, this.#keypairFor(account.source));
    this.#active = secrets.activeAddress ?? this.#accounts[0]?.address ?? null;
  }

  static fromPhrase(phrase: string): Keyring {
    const keyring = new Keyring({ version: 1, phrase, accounts: [], activeAddress: null });
    keyring.addDerived(0);
    return keyring;
  }

  static fromSecretKey(secretKey: string): Keyring {
    const keyring = new Keyring({ version: 1, phrase: null, accounts: [], activeAddress: null });
    keyring.importSecretKey(secretKey);
    return keyring;
  }

  #keypairFor(source: AccountSource): Keypair {
    if (source.type === 'imported') return parseSecretKey(source.secretKey);
    if (!this.#seed)
      throw new WalletError(
        'vault_corrupt',
        'The vault lists a derived account but holds no recovery phrase.',
      );
    return deriveKeypair(this.#seed, source.index);
  }

  get hasPhrase(): boolean {
    return this.#phrase !== null;
  }

  accounts(): PublicAccount[] {
    return this.#accounts.map((a) => ({
      address: a.address,
      name: a.name,
      kind: a.source.type,
      ...(a.source.type === 'derived' ? { index: a.source.index } : {}),
    }));
  }

  get activeAddress(): string | null {
    return this.#active;
  }

  #add(address: string, source: AccountSource, keypair: Keypair, name?: string): PublicAccount {
    if (this.#keypairs.has(address))
      throw new WalletError('invalid_input', `Account ${address} is already in this wallet.`);
    const account: StoredAccount = {
      address,
      name: name?.trim() || `Account ${this.#accounts.length + 1}`,
      source,
    };
    this.#accounts.push(account);
    this.#keypairs.set(address, keypair);
    this.#active ??= address;
    return this.accounts().find((a) => a.address === address)!;
  }

  /** Derives the account at `index` of the phrase (the next unused one if omitted). */
  addDerived(index?: number, name?: string): PublicAccount {
    if (!this.#seed)
      throw new WalletError(
        'not_found',
        'This wallet has no recovery phrase; import one to derive accounts.',
        { what: 'recovery_phrase' },
      );
    const used = new Set(
      this.#accounts.flatMap((a) => (a.source.type === 'derived' ? [a.source.index] : [])),
    );
    let next = index ?? 0;
    if (index === undefined) while (used.has(next)) next++;
    const keypair = deriveKeypair(this.#seed, next);
    return this.#add(keypair.publicKey.toBase58(), { type: 'derived', index: next }, keypair, name);
  }

  /** The address at `index` of the phrase, without adding it. */
  /** The first `count` addresses along the phrase's path that this wallet does not list yet (to scan for use). */
  unlistedDerived(count: number): { index: number; address: string }[] {
    const listed = new Set(this.#accounts.map((a) => a.address));
    return Array.from({ length: count }, (_, index) => ({ index, address: this.#peekDerived(index) })).filter(
      (c) => !listed.has(c.address),
    );
  }

  #peekDerived(index: number): string {
    if (!this.#seed)
      throw new WalletError('not_found', 'This wallet has no recovery phrase.', { what: 'recovery_phrase' });
    return deriveKeypair(this.#seed, index).publicKey.toBase58();
  }

  importSecretKey(secretKey: string, name?: string): PublicAccount {
    const keypair = parseSecretKey(secretKey);
    return this.#add(
      keypair.publicKey.toBase58(),
      { type: 'imported', secretKey: bs58.encode(keypair.secretKey) },
      keypair,
      name,
    );
  }

  rename(address: string, name: string): void {
    const account = this.#accounts.find((a) => a.address === address);
    if (!account) throw new WalletError('not_found', 'No such account in this wallet.', { what: 'account' });
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 32)
      throw new WalletError('invalid_input', 'An account name has 1 to 32 characters.');
    account.name = trimmed;
  }

  select(address: string): void {
    if (!this.#keypairs.has(address))
      throw new WalletError('not_found', 'No such account in this wallet.', { what: 'account' });
    this.#active = address;
  }

  /** The one place a signature is made. */
  sign(address: string, message: Uint8Array): Uint8Array {
    const keypair = this.#keypairs.get(address);
    if (!keypair)
      throw new WalletError('forbidden_account', `This wallet holds no key for ${address}.`, {
        role: 'key_holder',
      });
    return signDetached(message, keypair);
  }

  revealPhrase(): string {
    if (!this.#phrase)
      throw new WalletError(
        'not_found',
        'This wallet was imported from a secret key and has no recovery phrase.',
        { what: 'recovery_phrase' },
      );
    return this.#phrase;
  }

  exportSecretKey(address: string): string {
    const keypair = this.#keypairs.get(address);
    if (!keypair) throw new WalletError('not_found', 'No such account in this wallet.', { what: 'account' });
    return bs58.encode(keypair.secretKey);
  }

  serialize(): Uint8Array<ArrayBuffer> {
    const secrets: VaultSecrets = {
      version: 1,
      phrase: this.#phrase,
      accounts: this.#accounts,
      activeAddress: this.#active,
    };
    return new TextEncoder().encode(JSON.stringify(secrets));
  }

  /** Drops every reference to key material (JS cannot zero strings; it can stop holding them). */
  wipe(): void {
    this.#seed?.fill(0);
    this.#seed = null;
    this.#phrase = null;
    this.#keypairs.clear();
    this.#accounts = [];
  }
}

function signDetached(message: Uint8Array, keypair: Keypair): Uint8Array {
  return ed25519.sign(message, keypair.secretKey.subarray(0, 32));
}
