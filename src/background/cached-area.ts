// The worker's cache of the keys only it writes. A portfolio refresh reads its books (pools,
// names, rates, ledger, plan) on every open of the popup; each read from extension storage costs
// the worker a few milliseconds of its own time (and an answer that can come after the node's),
// on a machine whose cores are busy painting the popup. Cached keys are read from storage once per
// worker and then from memory.
//
// Storage stays the record: a write lands in storage first and only then in the copy, and a write
// that fails forgets the copy, so the next read asks storage again. A read that was overtaken by a
// write does not replace the newer copy. Reads and writes hand out clones, so a caller that changes
// what it read changes nothing cached. Only keys this worker alone writes may be cached: another
// context's write would not be seen.
import type { KeyIn, PatternIn } from '../shared/storage-schema';
import type { StorageArea, StoredEntry, StoredValue } from './storage';

type LocalKey = KeyIn<'local'>;

export class CachedArea implements StorageArea<'local'> {
  readonly #copies = new Map<string, unknown>();
  /** Writes begun per key: a read keeps what it found only if no write began while it read. */
  readonly #writes = new Map<string, number>();

  /** `cached`: the schema's keys and families (`lstRates:*`) this worker alone writes; others pass through. */
  constructor(
    private readonly storage: StorageArea<'local'>,
    private readonly cached: readonly PatternIn<'local'>[],
  ) {}

  #isCached = (key: string) =>
    this.cached.some((p) => (p.endsWith('*') ? key.startsWith(p.slice(0, -1)) : key === p));

  async get<K extends LocalKey>(key: K): Promise<StoredValue<K> | undefined> {
    if (!this.#isCached(key)) return this.storage.get(key);
    if (this.#copies.has(key)) return structuredClone(this.#copies.get(key)) as StoredValue<K> | undefined;
    const writes = this.#writes.get(key) ?? 0;
    const value = await this.storage.get(key);
    if ((this.#writes.get(key) ?? 0) === writes) this.#copies.set(key, structuredClone(value));
    return value;
  }

  set<K extends LocalKey>(key: K, value: StoredValue<K>): Promise<void> {
    return this.#write([key], () => this.storage.set(key, value), [value]);
  }

  setAll(...entries: StoredEntry<'local'>[]): Promise<void> {
    return this.#write(
      entries.map((e) => e.key),
      () => this.storage.setAll(...entries),
      entries.map((e) => e.value),
    );
  }

  remove(...keys: LocalKey[]): Promise<void> {
    return this.#write(
      keys,
      () => this.storage.remove(...keys),
      keys.map(() => undefined),
    );
  }

  async #write(
    keys: readonly string[],
    write: () => Promise<void>,
    values: readonly unknown[],
  ): Promise<void> {
    const copies = keys.flatMap((key, i) => {
      if (!this.#isCached(key)) return [];
      const begun = (this.#writes.get(key) ?? 0) + 1;
      this.#writes.set(key, begun);
      this.#copies.delete(key); // until the write lands, storage answers
      return [{ key, begun, copy: structuredClone(values[i]) }];
    });
    try {
      await write();
    } catch (error) {
      for (const { key } of copies) this.#copies.delete(key);
      throw error;
    }
    // Only the latest write begun on a key leaves its copy (storage applies writes in order).
    for (const { key, begun, copy } of copies)
      if (this.#writes.get(key) === begun) this.#copies.set(key, copy);
  }
}
