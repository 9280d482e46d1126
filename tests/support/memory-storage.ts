// A FAKE of chrome.storage for unit tests in Node, where the real one cannot run: a raw key-value
// map under the same typed, versioned accessor the extension uses (VersionedArea). The real
// storage is exercised by the e2e suite. `failWrites` simulates a full or failing disk.
import { WalletError } from '../../src/shared/errors';
import { VersionedArea } from '../../src/background/storage';
import type { StorageAreaName } from '../../src/shared/storage-schema';

export class MemoryStorage extends VersionedArea<StorageAreaName> {
  /** The raw items, version stamps included, as chrome.storage would hold them. */
  readonly data = new Map<string, unknown>();
  failWrites = false;

  protected async readRaw(keys: string[]): Promise<Record<string, unknown>> {
    return Object.fromEntries(
      keys.filter((k) => this.data.has(k)).map((k) => [k, structuredClone(this.data.get(k))]),
    );
  }

  protected async writeRaw(items: Record<string, unknown>): Promise<void> {
    if (this.failWrites)
      throw new WalletError(
        'storage_failed',
        'Could not save to browser storage (QUOTA_BYTES quota exceeded). Nothing was changed.',
      );
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v));
  }

  protected async removeRaw(keys: string[]): Promise<void> {
    for (const k of keys) this.data.delete(k);
  }

  dump(): string {
    return JSON.stringify([...this.data.entries()]);
  }
}
