// Typed access to extension storage. `local` persists (the encrypted vault, settings);
// `session` lives in memory until the browser closes and is not readable by content scripts
// (the unlocked vault key). Only keys of the storage schema (shared/storage-schema.ts) can be
// named, each with the one type stored under it; a value stored under an older version is upgraded
// by its migrations and written back, and one no migration reaches reads as absent. The browser's areas are in browser-storage.ts; the unit tests put an
// in-memory fake under the same accessor.
import {
  currentValue,
  formerKeysIn,
  isUpgraded,
  specOf,
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

  /** Writes issued per key, counted as they are issued (the browser applies them in that order). */
  readonly #issued = new Map<string, number>();
  #issue(keys: readonly string[]): void {
    for (const key of keys) this.#issued.set(key, (this.#issued.get(key) ?? 0) + 1);
  }

  async get<K extends KeyIn<A>>(key: K): Promise<StoredValue<K> | undefined> {
    const issued = this.#issued.get(key) ?? 0;
    const items = await this.readRaw(rawKeysOf(key));
    // The schema says which type lives under `key`; the version says it is that shape, or how to upgrade it.
    const value = currentValue(key, items) as StoredValue<K> | undefined;
    // An upgraded value is written back, issued at once: unless a write of this key was issued while
    // it was read, which lands after the read and holds the newer value (then the upgrade is not written).
    if (value !== undefined && isUpgraded(key, items) && (this.#issued.get(key) ?? 0) === issued) {
      this.#issue([key]);
      try {
        await this.writeRaw(rawItemsOf(key, value));
        const former = formerKeysIn(key, items); // a renamed key's old name: its value now lives under the new one
        if (former.length) await this.removeRaw(former);
      } catch {
        // read again and upgraded next time
      }
    }
    return value;
  }

  async set<K extends KeyIn<A>>(key: K, value: StoredValue<K>): Promise<void> {
    this.#issue([key]);
    await this.writeRaw(rawItemsOf(key, value));
  }

  async setAll(...entries: StoredEntry<A>[]): Promise<void> {
    this.#issue(entries.map((e) => e.key));
    await this.writeRaw(Object.assign({}, ...entries.map((e) => rawItemsOf(e.key, e.value))));
  }

  async remove(...keys: KeyIn<A>[]): Promise<void> {
    this.#issue(keys);
    await this.removeRaw(keys.flatMap(rawKeysOf));
  }
}

/**
 * The value under `clusterKey`, once what an older Tidepool kept under `urlKey` (the same history,
 * filed under the RPC URL: families marked urlKeyedBefore) is merged into it. The move is one write
 * of the merged value and an emptied URL value, so a move cut short is never counted twice; the
 * emptied URL key is then removed.
 */
export async function moveUrlKeyed<P extends PatternIn<'local'>>(
  area: StorageArea<'local'>,
  { clusterKey, urlKey, empty, merge }: UrlKeyedMove<P>,
): Promise<StoredTypes[P] | undefined> {
  if (!specOf(clusterKey).urlKeyedBefore) throw new Error(`${clusterKey} was never kept by RPC URL`);
  // Both keys are of pattern P, so both hold StoredTypes[P] (which TypeScript cannot follow through KeyOfPattern).
  const read = (key: KeyOfPattern<P>) => area.get(key) as Promise<StoredTypes[P] | undefined>;
  const [kept, old] = await Promise.all([read(clusterKey), read(urlKey)]);
  if (old === undefined) return kept;
  const merged = kept === undefined ? old : merge(kept, old);
  const entries = [
    { key: clusterKey, value: merged },
    { key: urlKey, value: empty },
  ] as unknown as StoredEntry<'local'>[];
  await area.setAll(...entries);
  await area.remove(urlKey).catch(() => undefined); // emptied already: removing is only tidying
  return merged;
}

interface UrlKeyedMove<P extends PatternIn<'local'>> {
  clusterKey: KeyOfPattern<P>;
  urlKey: KeyOfPattern<P>;
  /** What the URL key holds once moved (a merge of it changes nothing). */
  empty: StoredTypes[P];
  merge(kept: StoredTypes[P], old: StoredTypes[P]): StoredTypes[P];
}
