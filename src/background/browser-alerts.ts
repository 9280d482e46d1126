// The browser's alarms and notifications for the withdrawal alerts (withdrawal-alerts.ts): one
// alarm for the earliest event, and a basic notification per event, its id the event's (so the
// browser itself never shows one event twice).
import browser from 'webextension-polyfill';

const ALARM = 'tidepool-withdrawable';

/** The browser's side: one notification per event, and the one alarm. */
export interface AlertPorts {
  notify(id: string, title: string, message: string): Promise<void>;
  /** Sets the alarm for `when` (ms since the epoch), or clears it (null). */
  schedule(when: number | null): Promise<void>;
  /** Registers the alarm's handler (at worker start, synchronously). */
  onAlarm(handler: () => void): void;
}

export const browserAlertPorts: AlertPorts = {
  async notify(id, title, message) {
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/icon-128.png'),
      title,
      message,
    });
  },
  async schedule(when) {
    if (when === null) await browser.alarms.clear(ALARM);
    // The browser holds an alarm to at least 30 s from now; a due one fires as soon as it may.
    else await browser.alarms.create(ALARM, { when: Math.max(when, Date.now() + 1_000) });
  },
  onAlarm(handler) {
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === ALARM) handler();
    });
  },
};
