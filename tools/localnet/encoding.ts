// Request parameter parsing and account encoding shared by the RPC methods.
import bs58 from 'bs58';
import type { AccountReader, StoredAccount } from './accounts.ts';
import { parseAccountData } from './parsed-accounts.ts';
import { invalidParams } from './rpc-errors.ts';

// Results are plain JSON values; their shapes are those of the Solana RPC documentation.
export type Json = unknown;
type Config = Record<string, unknown>;

function base58Param32(value: unknown, name: string, what: string): string {
  if (typeof value !== 'string') throw invalidParams(`${name} must be a base58 string`);
  let bytes: Uint8Array;
  try {
    bytes = bs58.decode(value);
  } catch {
    throw invalidParams(`${name} is not valid base58: ${value}`);
  }
  if (bytes.length !== 32) throw invalidParams(`${name} is not a 32-byte ${what}: ${value}`);
  return value;
}

export const pubkeyParam = (value: unknown, name = 'pubkey') => base58Param32(value, name, 'public key');
export const hashParam = (value: unknown, name: string) => base58Param32(value, name, 'hash');

export function configParam(value: unknown): Config {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParams('config must be an object');
  return value as Config;
}

export function decodeWire(value: unknown, encoding: unknown): Uint8Array {
  if (typeof value !== 'string') throw invalidParams('transaction must be an encoded string');
  if (encoding === 'base64') return Uint8Array.from(Buffer.from(value, 'base64'));
  if (encoding === undefined || encoding === 'base58') {
    try {
      return bs58.decode(value);
    } catch {
      throw invalidParams('transaction is not valid base58');
    }
  }
  throw invalidParams(`unsupported encoding: ${String(encoding)}`);
}

interface DataSlice {
  offset: number;
  length: number;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** The `dataSlice` bytes of `data` (length 0: none, so an index answers addresses without data). */
function slice(data: Uint8Array, dataSlice: unknown): Uint8Array {
  if (dataSlice === undefined || dataSlice === null) return data;
  const { offset, length } = (typeof dataSlice === 'object' ? dataSlice : {}) as Partial<DataSlice>;
  if (!isCount(offset) || !isCount(length))
    throw invalidParams('dataSlice needs an offset and a length, each a non-negative integer');
  return data.subarray(offset, offset + length);
}

export function encodeAccount(chain: AccountReader, account: StoredAccount | null, config: Config): Json {
  if (!account) return null;
  const encoding = config.encoding ?? 'base58';
  let data: Json;
  const bytes = slice(account.data, config.dataSlice);
  if (encoding === 'jsonParsed') {
    data = (parseAccountData(chain, account) as Json) ?? [Buffer.from(bytes).toString('base64'), 'base64'];
  } else if (encoding === 'base64') {
    data = [Buffer.from(bytes).toString('base64'), 'base64'];
  } else if (encoding === 'base58') {
    data = [bs58.encode(bytes), 'base58'];
  } else {
    throw invalidParams(`unsupported encoding: ${String(encoding)}`);
  }
  return {
    data,
    executable: account.executable,
    lamports: Number(account.lamports),
    owner: account.owner,
    rentEpoch: 18446744073709551615,
    space: account.data.length,
  };
}

interface Filter {
  memcmp?: { offset: number; bytes: string; encoding?: string };
  dataSize?: number;
}

/** `filters` checked once and turned into a test of an account's data (their bytes decoded once, not per account). */
export function compileFilters(filters: unknown): (data: Uint8Array) => boolean {
  if (filters === undefined) return () => true;
  if (!Array.isArray(filters)) throw invalidParams('filters must be an array');
  const tests = (filters as Filter[]).map((filter): ((data: Uint8Array) => boolean) => {
    if (filter.dataSize !== undefined) return (data) => data.length === filter.dataSize;
    if (filter.memcmp) {
      const { offset, bytes, encoding } = filter.memcmp;
      const want = encoding === 'base64' ? Buffer.from(bytes, 'base64') : Buffer.from(bs58.decode(bytes));
      return (data) =>
        offset + want.length <= data.length && want.equals(data.subarray(offset, offset + want.length));
    }
    throw invalidParams('unknown filter');
  });
  return (data) => tests.every((test) => test(data));
}
