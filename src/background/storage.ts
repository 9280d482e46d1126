// Typed access to extension storage. `local` persists (the encrypted vault, settings);
// `session` lives in memory until the browser closes and is not readable by content scripts
// (the unlocked vault key). Every write goes through here so a failing write surfaces as one
// clear error.
import browser from 'webextension-polyfill';
import { WalletError } from '../shared/errors';

export interface StorageArea {
  get<T>(key: string): Promise<T | undefined>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

function area(name: 'local' | 'session'): StorageArea {
  const raw = () => browser.storage[name];
  return {
    async get<T>(key: string) {
      const items = await raw().get(key);
      return items[key] as T | undefined;
    },
    async set(items) {
      try {
        await raw().set(items);
      } catch (error) {
        throw new WalletError('storage_failed', `Could not save to browser storage (${(error as Error).message}). Nothing was changed.`);
      }
    },
    async remove(keys) {
      await raw().remove(keys);
    },
  };
}

export const localStore = area('local');
export const sessionStore = area('session');

/** Keeps session storage away from content scripts (Chrome's default already, made explicit). */
export async function restrictSessionStorage(): Promise<void> {
  await chrome.storage.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}
