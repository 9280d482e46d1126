// Typed access to extension storage. `local` persists (the encrypted vault, settings);
// `session` lives in memory until the browser closes and is not readable by content scripts
// (the unlocked vault key). Only keys of the storage schema (shared/storage-schema.ts) can be
// named, each with the one type stored under it; a value stored under another version than the
// current one reads as absent. The browser's areas are in browser-storage.ts; the unit tests put an
// in-memory fake under the same accessor.
import {
  currentValue,
  rawItemsOf,
  rawKeysOf,
  type KeyIn,
  type KeyOfPattern,
  type PatternIn,
  type PatternOf,
  type StorageAreaName,
  type StorageKey,
  type StoragePattern,
} from '../shared/storage-schema';

/**
 * The type stored under each entry of the schema. Each module that owns a key declares it here
 * itself (`declare module '../storage'`), beside the code that reads and writes it, so this module
 * imports none of them; the check below keeps the declarations and the schema in step.
 */
/** @public (extended by its owners' `declare module`, which knip does not follow) */
export interface StoredTypes {}
// Every schema entry has a type, and every type a schema entry: if this line fails to compile, a key
// was added to one of STORAGE_SCHEMA and StoredTypes but not the other.
type SameKeys<X, Y> = [Exclude<X, Y>, Exclude<Y, X>] extends [never, never] ? true : false;
const schemaAndTypesAgree: SameKeys<StoragePattern, keyof StoredTypes> = true;
void schemaAndTypesAgree;

export type StoredValue<K extends StorageKey> = StoredTypes[PatternOf<K>];

/** One key and its value, to write several in one call. */
export type StoredEntry<A extends StorageAreaName> = {
  [P in PatternIn<A>]: { readonly key: KeyOfPattern<P>; readonly value: StoredTypes[P] };
}[PatternIn<A>];

export interface StorageArea<A extends StorageAreaName> {
  get<K extends KeyIn<A>>(key: K): Promise<StoredValue<K> | undefined>;
  set<K extends KeyIn<A>>(key: K, value: StoredValue<K>): Promise<void>;
  /** Several keys in one write: all land or none does. */
  setAll(...entries: StoredEntry<A>[]): Promise<void>;
  remove(...keys: KeyIn<A>[]): Promise<void>;
}

/**
 * The schema's rules over a raw key-value area (chrome.storage, or the tests' in-memory fake).
 * The raw methods see the stamped items; the typed ones are the only way in for product code.
 */
export abstract class VersionedArea<A extends StorageAreaName> implements StorageArea<A> {
  protected abstract readRaw(keys: string[]): Promise<Record<string, unknown>>;
  protected abstract writeRaw(items: Record<string, unknown>): Promise<void>;
  protected abstract removeRaw(keys: string[]): Promise<void>;

  async get<K extends KeyIn<A>>(key: K): Promise<StoredValue<K> | undefined> {
    // The schema says which type lives under `key`; the version check says it is still that shape.
    return currentValue(key, await this.readRaw(rawKeysOf(key))) as StoredValue<K> | undefined;
  }

  async set<K extends KeyIn<A>>(key: K, value: StoredValue<K>): Promise<void> {
    await this.writeRaw(rawItemsOf(key, value));
  }

  async setAll(...entries: StoredEntry<A>[]): Promise<void> {
    await this.writeRaw(Object.assign({}, ...entries.map((e) => rawItemsOf(e.key, e.value))));
  }

  async remove(...keys: KeyIn<A>[]): Promise<void> {
    await this.removeRaw(keys.flatMap(rawKeysOf));
  }
}
