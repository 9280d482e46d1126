// The browser around the approval state machine: the one approval window and the alarm that
// wakes a stopped worker at the next deadline. Behind an interface so the state machine runs in
// Node tests (webextension-polyfill cannot load there).
import browser from 'webextension-polyfill';

export interface ApprovalShell {
  /** Opens the approval window; its id. */
  openWindow(): Promise<number | undefined>;
  /** Focuses a window; false when it no longer exists. */
  focusWindow(id: number): Promise<boolean>;
  closeWindow(id: number): Promise<void>;
  /** The alarm at `when` (ms since the epoch), or none. */
  setAlarm(when: number | null): Promise<void>;
}

export const APPROVAL_TIMEOUT_ALARM = 'tidepool-approval-timeout';
const WINDOW_SIZE = { width: 380, height: 640 };

export const browserShell: ApprovalShell = {
  async openWindow() {
    const created = await browser.windows.create({
      url: browser.runtime.getURL('src/approval/index.html'),
      type: 'popup',
      ...WINDOW_SIZE,
      focused: true,
    });
    return created.id;
  },
  focusWindow: (id) =>
    browser.windows.update(id, { focused: true }).then(
      () => true,
      () => false,
    ),
  async closeWindow(id) {
    await browser.windows.remove(id).catch(() => {});
  },
  async setAlarm(when) {
    if (when === null) await browser.alarms.clear(APPROVAL_TIMEOUT_ALARM);
    else await browser.alarms.create(APPROVAL_TIMEOUT_ALARM, { when });
  },
};
