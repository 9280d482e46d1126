// The extension's two storage areas behind the typed, versioned accessor (storage.ts). `local`
// persists (the encrypted vault, settings); `session` lives in memory until the browser closes and
// is not readable by content scripts (the unlocked vault key). Every write goes through here so a
// failing write surfaces as one clear error.
import browser from 'webextension-polyfill';
import { WalletError } from '../shared/errors';
import type { StorageAreaName } from '../shared/storage-schema';
import { VersionedArea, type StorageArea } from './storage';

class BrowserArea<A extends StorageAreaName> extends VersionedArea<A> {
  constructor(private readonly name: A) {
    super();
  }

  protected readRaw(keys: string[]) {
    return browser.storage[this.name].get(keys);
  }

  protected async writeRaw(items: Record<string, unknown>) {
    try {
      await browser.storage[this.name].set(items);
    } catch (error) {
      throw new WalletError(
        'storage_failed',
        `Could not save to browser storage (${(error as Error).message}). Nothing was changed.`,
      );
    }
  }

  protected removeRaw(keys: string[]) {
    return browser.storage[this.name].remove(keys);
  }
}

export const localStore: StorageArea<'local'> = new BrowserArea('local');
export const sessionStore: StorageArea<'session'> = new BrowserArea('session');

/** Keeps session storage away from content scripts (Chrome's default already, made explicit). */
export async function restrictSessionStorage(): Promise<void> {
  await chrome.storage.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}
