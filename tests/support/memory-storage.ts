// A FAKE of chrome.storage for unit tests in Node, where the real one cannot run. The real
// storage is exercised by the e2e suite. `failNextWrite` simulates a full or failing disk.
import { WalletError } from '../../src/shared/errors';
import type { StorageArea } from '../../src/background/storage';

export class MemoryStorage implements StorageArea {
  readonly data = new Map<string, unknown>();
  failWrites = false;

  async get<T>(key: string): Promise<T | undefined> {
    return structuredClone(this.data.get(key)) as T | undefined;
  }

  async set(items: Record<string, unknown>): Promise<void> {
    if (this.failWrites) throw new WalletError('storage_failed', 'Could not save to browser storage (QUOTA_BYTES quota exceeded). Nothing was changed.');
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v));
  }

  async remove(keys: string | string[]): Promise<void> {
    for (const k of Array.isArray(keys) ? keys : [keys]) this.data.delete(k);
  }

  dump(): string {
    return JSON.stringify([...this.data.entries()]);
  }
}
