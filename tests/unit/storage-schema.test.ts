// The storage schema (shared/storage-schema.ts) and its typed accessor (background/storage.ts), over
// the named in-memory FAKE of chrome.storage: a value stored under another version than the current
// one is not returned, stamps travel with the value, and only listed keys (with their types) compile.
import { describe, expect, it } from 'vitest';
import {
  currentValue,
  rawKeysOf,
  specOf,
  STORAGE_SCHEMA,
  versionStampKey,
} from '../../src/shared/storage-schema';
import { MemoryStorage } from '../support/memory-storage';
import type { StorageArea } from '../../src/background/storage';

describe('storage schema', () => {
  it('writes each value with its version stamp, in the same write, and reads it back', async () => {
    const local = new MemoryStorage();
    await local.set('settings', { network: 'devnet' });
    expect(local.data.get('settings')).toEqual({ network: 'devnet' }); // the stored shape is unwrapped
    expect(local.data.get(versionStampKey('settings'))).toBe(STORAGE_SCHEMA.settings.version);
    expect(await local.get('settings')).toEqual({ network: 'devnet' });
  });

  it('does not return a value stored under another version', async () => {
    const local = new MemoryStorage();
    local.data.set('settings', { network: 'devnet', autoLockMinutes: 'never' });
    local.data.set(versionStampKey('settings'), 2); // a newer Tidepool's shape, after a downgrade
    expect(await local.get('settings')).toBeUndefined();
    local.data.set(versionStampKey('settings'), 0);
    expect(await local.get('settings')).toBeUndefined();
    local.data.set(versionStampKey('settings'), 'garbage');
    expect(await local.get('settings')).toBeUndefined();
    // The next write replaces it, stamp and all.
    await local.set('settings', { network: 'mainnet' });
    expect(await local.get('settings')).toEqual({ network: 'mainnet' });
  });

  it('reads a value stored before stamps existed as version 1', async () => {
    const session = new MemoryStorage();
    session.data.set('approvalWindowId', 42);
    expect(specOf('approvalWindowId').version).toBe(1);
    expect(await session.get('approvalWindowId')).toBe(42);
  });

  it('applies the same rule to a family key, as the popup reads it', async () => {
    const key = 'portfolio:http://127.0.0.1:8899:Owner1111111111111111111111111111111111111' as const;
    expect(rawKeysOf(key)).toEqual([key, `version:${key}`]);
    expect(currentValue(key, { [key]: { owner: 'x' }, [`version:${key}`]: 2 })).toEqual({ owner: 'x' });
    expect(currentValue(key, { [key]: { owner: 'x' }, [`version:${key}`]: 7 })).toBeUndefined();
    // A copy from before the fee per signature was in it: not painted (no migration: a cache).
    expect(currentValue(key, { [key]: { owner: 'x' }, [`version:${key}`]: 1 })).toBeUndefined();
  });

  it('removes the stamp with the value', async () => {
    const local = new MemoryStorage();
    await local.set('unlockFailures', { count: 1, lastAt: 5 });
    await local.remove('unlockFailures');
    expect(local.data.size).toBe(0);
  });

  it('passes the vault through unstamped: its blob carries its own version, and is never dropped', async () => {
    const local = new MemoryStorage();
    local.data.set('vault', { version: 99 });
    local.data.set(versionStampKey('vault'), 5); // no stamp is read for it
    expect(await local.get('vault')).toEqual({ version: 99 });
    await local.remove('vault');
    expect(local.data.has('vault')).toBe(false);
  });

  it('knows every key the extension stores, and no other', () => {
    expect(() => specOf('nope' as never)).toThrow(/not in the storage schema/);
    expect(specOf('stakeLedger:http://127.0.0.1:8899:Owner').area).toBe('local');
    expect(specOf('undeliveredAnswers').area).toBe('session');
  });

  it('rejects, at compile time, an unknown key, a key of the other area, and a wrong value type', async () => {
    // Checked by `tsc -p .` (each line must fail to compile); never run.
    const compileOnly = async (local: StorageArea<'local'>, session: StorageArea<'session'>) => {
      // @ts-expect-error not a key of the schema
      await local.get('approvalTimeout');
      // @ts-expect-error the vault key lives in session storage, not local
      await local.get('vaultKey');
      // @ts-expect-error approvalWindowId holds a number
      await session.set('approvalWindowId', 'one');
      // @ts-expect-error a family key needs its prefix
      await local.set('ledger:x', {});
      // @ts-expect-error every entry of one write must match its key's type
      await session.setAll({ key: 'approvalQueue', value: [] }, { key: 'approvalSeen', value: [1] });
    };
    void compileOnly;
    const session: StorageArea<'session'> = new MemoryStorage();
    await session.setAll({ key: 'approvalQueue', value: [] }, { key: 'approvalSeen', value: ['1:2'] });
    expect(await session.get('approvalSeen')).toEqual(['1:2']);
    expect(await session.get('approvalQueue')).toEqual([]);
  });
});
