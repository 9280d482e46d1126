// Names of tokens the registry does not know, from the token's own metadata: the Metaplex token
// metadata account (a PDA of the mint) or Token-2022's metadata extension inside the mint. Read in
// the portfolio's one batch and remembered per network (re-read after a day). A name from
// metadata is whatever the token's creator wrote, so the UI says where it came from and shows the
// mint beside it; a token with no metadata is shown by its mint, never by an invented symbol.
import { PublicKey } from '@solana/web3.js';
import { ExtensionType, TOKEN_2022_PROGRAM_ID } from '@solana/spl-token';
import type { RawAccount } from '../chain/raw-account';
import type { StorageArea } from '../storage';
import { MINT_BASE_SIZE } from './adapters/token-mint';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'tokenNames:*': Record<string, RememberedName>; // by mint
  }
}

const METAPLEX_METADATA_PROGRAM = new PublicKey('metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s');
const METAPLEX_KEY_METADATA_V1 = 4;
const TOKEN_2022_ACCOUNT_TYPE_OFFSET = 165;
const TOKEN_2022_ACCOUNT_TYPE_MINT = 1;
const NAME_TTL_MS = 24 * 3600 * 1000;
const MAX_NAMES = 1_000;

interface TokenName {
  symbol: string;
  name: string;
}
export interface RememberedName {
  at: number;
  found: TokenName | null;
}

const pdaCache = new Map<string, string>();
function metadataAddress(mint: string): string {
  let address = pdaCache.get(mint);
  if (!address) {
    address = PublicKey.findProgramAddressSync(
      [Buffer.from('metadata'), METAPLEX_METADATA_PROGRAM.toBuffer(), new PublicKey(mint).toBuffer()],
      METAPLEX_METADATA_PROGRAM,
    )[0].toBase58();
    pdaCache.set(mint, address);
  }
  return address;
}

/** Printable, trimmed, bounded: metadata strings are padded with NULs and written by anyone. */
function clean(text: string, max: number): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    .slice(0, max);
}

/** A Borsh string (u32 length, UTF-8 bytes) at `offset`; null if it runs past the data. */
function borshString(data: Uint8Array, offset: number): { text: string; next: number } | null {
  if (offset + 4 > data.length) return null;
  const length = new DataView(data.buffer, data.byteOffset + offset, 4).getUint32(0, true);
  const end = offset + 4 + length;
  if (end > data.length) return null;
  return { text: new TextDecoder().decode(data.subarray(offset + 4, end)), next: end };
}

function named(name: string, symbol: string): TokenName | null {
  const n = clean(name, 40);
  const s = clean(symbol, 16);
  return s || n ? { symbol: s || n.slice(0, 16), name: n || s } : null;
}

/** Metaplex Metadata: key, update authority, mint, then name, symbol (Borsh strings). */
export function decodeMetaplexName(account: RawAccount | null | undefined, mint: string): TokenName | null {
  if (!account || !account.owner.equals(METAPLEX_METADATA_PROGRAM)) return null;
  const data = account.data;
  if (data.length < 65 || data[0] !== METAPLEX_KEY_METADATA_V1) return null;
  if (new PublicKey(data.subarray(33, 65)).toBase58() !== mint) return null;
  const name = borshString(data, 65);
  const symbol = name && borshString(data, name.next);
  return name && symbol ? named(name.text, symbol.text) : null;
}

/** Token-2022 mint with the TokenMetadata extension: update authority, mint, name, symbol. */
export function decodeToken2022Name(account: RawAccount | null | undefined, mint: string): TokenName | null {
  if (!account || !account.owner.equals(TOKEN_2022_PROGRAM_ID)) return null;
  const data = account.data;
  if (
    data.length <= TOKEN_2022_ACCOUNT_TYPE_OFFSET ||
    data[TOKEN_2022_ACCOUNT_TYPE_OFFSET] !== TOKEN_2022_ACCOUNT_TYPE_MINT
  )
    return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let at = TOKEN_2022_ACCOUNT_TYPE_OFFSET + 1; at + 4 <= data.length;) {
    const type = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    const start = at + 4;
    if (type === ExtensionType.TokenMetadata && start + 64 <= data.length) {
      const value = data.subarray(start, Math.min(start + length, data.length));
      if (new PublicKey(value.subarray(32, 64)).toBase58() !== mint) return null;
      const name = borshString(value, 64);
      const symbol = name && borshString(value, name.next);
      return name && symbol ? named(name.text, symbol.text) : null;
    }
    if (type === 0 && length === 0) return null;
    at = start + length;
  }
  return null;
}

/** Which accounts to read for `mint`'s name: its metadata PDA, and the mint itself under Token-2022. */
export function nameKeys(mint: string, token2022: boolean): string[] {
  return token2022 ? [metadataAddress(mint), mint] : [metadataAddress(mint)];
}

export function readName(
  mint: string,
  get: (address: string) => RawAccount | null | undefined,
): TokenName | null {
  const mintAccount = get(mint);
  return (
    decodeToken2022Name(mintAccount && mintAccount.data.length > MINT_BASE_SIZE ? mintAccount : null, mint) ??
    decodeMetaplexName(get(metadataAddress(mint)), mint)
  );
}

/** Names read before, per network. */
export class TokenNames {
  constructor(private readonly storage: StorageArea<'local'>) {}

  #key = (rpcUrl: string): `tokenNames:${string}` => `tokenNames:${rpcUrl}`;

  async load(rpcUrl: string): Promise<NameBook> {
    return new NameBook((await this.storage.get(this.#key(rpcUrl))) ?? {});
  }

  async save(rpcUrl: string, book: NameBook): Promise<void> {
    if (book.changed) await this.storage.set(this.#key(rpcUrl), book.entries());
  }
}

export class NameBook {
  changed = false;
  constructor(private readonly remembered: Record<string, RememberedName>) {}

  /** The remembered name (null: looked, none), or undefined when it must be read (again). */
  get(mint: string, now = Date.now()): TokenName | null | undefined {
    const r = this.remembered[mint];
    return r && now - r.at < NAME_TTL_MS ? r.found : undefined;
  }

  /** When `mint`'s name must be read again (now, if it never was). */
  dueAt(mint: string, now = Date.now()): number {
    const r = this.remembered[mint];
    return r ? r.at + NAME_TTL_MS : now;
  }

  /** The last name read, however old: shown while a fresh read is on its way. */
  last(mint: string): TokenName | null {
    return this.remembered[mint]?.found ?? null;
  }

  set(mint: string, found: TokenName | null, now = Date.now()): void {
    this.remembered[mint] = { at: now, found };
    this.changed = true;
  }

  entries(): Record<string, RememberedName> {
    const all = Object.entries(this.remembered)
      .sort(([, a], [, b]) => b.at - a.at)
      .slice(0, MAX_NAMES);
    return Object.fromEntries(all);
  }
}
