// The tolerance a person sets on staking quotes: kept by the settings store in the `settings` key of
// the storage schema (a value stored before the field existed reads the default, nothing else lost),
// and bounded at the protocol's door to 0..1 %. In Node, over the named in-memory FAKE of
// chrome.storage.
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../src/background/settings/settings';
import { DEFAULT_TOLERANCE_BPS, MAX_TOLERANCE_BPS } from '../../src/shared/guarantee';
import { STORAGE_SCHEMA, versionStampKey } from '../../src/shared/storage-schema';
import { uiMethods } from '../../src/shared/ui-methods';
import { MemoryStorage } from '../support/memory-storage';

describe('the tolerance setting', () => {
  it('reads the default from settings stored before it existed, and keeps what the person sets', async () => {
    const local = new MemoryStorage();
    // A version 1 value as an earlier Tidepool wrote it: no tolerance field.
    local.data.set('settings', { network: 'devnet', autoLockMinutes: 30 });
    local.data.set(versionStampKey('settings'), STORAGE_SCHEMA.settings.version);
    expect(await new SettingsStore(local).get()).toEqual({
      network: 'devnet',
      autoLockMinutes: 30,
      toleranceBps: DEFAULT_TOLERANCE_BPS,
      notifyWithdrawable: true,
    });
    await new SettingsStore(local).update({ toleranceBps: 50 });
    expect(local.data.get('settings')).toEqual({
      network: 'devnet',
      autoLockMinutes: 30,
      toleranceBps: 50,
      notifyWithdrawable: true,
    });
    expect((await new SettingsStore(local).get()).toleranceBps).toBe(50);
  });

  it('the withdrawal notifications: on for settings stored before the field existed, off when the person says', async () => {
    const local = new MemoryStorage();
    local.data.set('settings', { network: 'devnet', autoLockMinutes: 30 });
    expect((await new SettingsStore(local).get()).notifyWithdrawable).toBe(true);
    await new SettingsStore(local).update({ notifyWithdrawable: false });
    expect((await new SettingsStore(local).get()).notifyWithdrawable).toBe(false);
    expect(() => uiMethods['settings:setNotifications'].params.parse({ enabled: 'no' }, 'params')).toThrow(
      /params\.enabled/,
    );
  });

  it('takes 0 to 1 % at the protocol’s door, whole basis points only', () => {
    const params = uiMethods['settings:setTolerance'].params;
    expect(params.parse({ bps: MAX_TOLERANCE_BPS }, 'params')).toEqual({ bps: 100 });
    expect(params.parse({ bps: 0 }, 'params')).toEqual({ bps: 0 });
    for (const bps of [101, -1, 0.5, '5'])
      expect(() => params.parse({ bps }, 'params')).toThrow(/params\.bps/);
  });
});
