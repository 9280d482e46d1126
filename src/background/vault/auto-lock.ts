// Locks the wallet after the idle time the user chose. Driven by chrome.alarms so it fires even
// while the service worker sleeps (Chrome wakes the worker to deliver the alarm). Only this class
// sets or clears the alarm, so after one read per worker it knows the deadline itself: the check
// before every request then costs no round trip to the browser (which, while a popup is opening,
// is busy loading it: README's bench section has the figures).
import browser from 'webextension-polyfill';
import type { Vault } from './vault';

/** Where the person's delay is read (the settings, handed in: the vault imports no settings). */
interface AutoLockSettings {
  get(): Promise<{ autoLockMinutes: number }>;
}

const AUTO_LOCK_ALARM = 'tidepool-autolock';

export class AutoLock {
  /** When the alarm is due; null: no alarm; undefined: not known yet in this worker. */
  #deadline: number | null | undefined;

  constructor(
    private readonly vault: Vault,
    private readonly settings: AutoLockSettings,
  ) {}

  /** Registered synchronously at worker start, so a wake-up by the alarm finds its listener. */
  install(): void {
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === AUTO_LOCK_ALARM) void this.vault.lock();
    });
    this.vault.onLock(() => {
      this.#deadline = null;
      void browser.alarms.clear(AUTO_LOCK_ALARM);
    });
    this.vault.onUnlock(() => void this.touch());
  }

  /**
   * Before any request: if the idle deadline has passed but Chrome has not delivered the alarm
   * yet (it may deliver late, or the worker was asleep), lock now rather than let activity after
   * the deadline revive an expired session.
   */
  async enforce(): Promise<void> {
    if (this.#deadline === undefined) {
      const read = (await browser.alarms.get(AUTO_LOCK_ALARM))?.scheduledTime ?? null;
      this.#deadline ??= read; // unless a touch or a lock set it while this read was out
    }
    if (this.#deadline !== null && this.#deadline <= Date.now() && (await this.vault.status()) === 'unlocked')
      await this.vault.lock();
  }

  /** The user did something: push the lock time out again. */
  async touch(): Promise<void> {
    if ((await this.vault.status()) !== 'unlocked') return;
    const { autoLockMinutes } = await this.settings.get();
    const when = Date.now() + autoLockMinutes * 60_000;
    await browser.alarms.create(AUTO_LOCK_ALARM, { when });
    // As Chrome scheduled it (it may round a deadline); a lock that came meanwhile cleared it.
    this.#deadline = (await browser.alarms.get(AUTO_LOCK_ALARM))?.scheduledTime ?? null;
  }
}
