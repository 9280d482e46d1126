// Locks the wallet after the idle time the user chose. Driven by chrome.alarms so it fires even
// while the service worker sleeps (Chrome wakes the worker to deliver the alarm).
import browser from 'webextension-polyfill';
import type { SettingsStore } from '../settings/settings';
import type { Vault } from './vault';

const AUTO_LOCK_ALARM = 'tidepool-autolock';

export class AutoLock {
  constructor(
    private readonly vault: Vault,
    private readonly settings: SettingsStore,
  ) {}

  /** Registered synchronously at worker start, so a wake-up by the alarm finds its listener. */
  install(): void {
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === AUTO_LOCK_ALARM) void this.vault.lock();
    });
    this.vault.onLock(() => void browser.alarms.clear(AUTO_LOCK_ALARM));
    this.vault.onUnlock(() => void this.touch());
  }

  /**
   * Before any request: if the idle deadline has passed but Chrome has not delivered the alarm
   * yet (it may deliver late, or the worker was asleep), lock now rather than let activity after
   * the deadline revive an expired session.
   */
  async enforce(): Promise<void> {
    const alarm = await browser.alarms.get(AUTO_LOCK_ALARM);
    if (alarm && alarm.scheduledTime <= Date.now() && (await this.vault.status()) === 'unlocked')
      await this.vault.lock();
  }

  /** The user did something: push the lock time out again. */
  async touch(): Promise<void> {
    if ((await this.vault.status()) !== 'unlocked') return;
    const { autoLockMinutes } = await this.settings.get();
    await browser.alarms.create(AUTO_LOCK_ALARM, { when: Date.now() + autoLockMinutes * 60_000 });
  }
}
