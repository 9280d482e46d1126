// A FAKE of the approval window's browser side (windows and alarms: webextension-polyfill cannot
// load in Node): it records what the approval state machine asked of the browser.
import type { ApprovalShell } from '../../src/background/dapp/approval-shell';

export class FakeShell implements ApprovalShell {
  open: number | null = null;
  opened = 0;
  focused = 0;
  alarm: number | null = null;
  async openWindow() {
    this.opened += 1;
    this.open = 100 + this.opened;
    return this.open;
  }
  async focusWindow(id: number) {
    if (this.open === id) this.focused += 1;
    return this.open === id;
  }
  async closeWindow(id: number) {
    if (this.open === id) this.open = null;
  }
  async setAlarm(when: number | null) {
    this.alarm = when;
  }
}
