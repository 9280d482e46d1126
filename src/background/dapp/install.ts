// The browser's events for the dApp side (dapps.ts builds it): content-script ports opening, tabs
// closing, the approval window closed, the deadline alarm. Registered synchronously, so a worker
// woken by one of them finds its listener; then the requests that ended while the worker was
// stopped are answered.
import browser from 'webextension-polyfill';
import { APPROVAL_TIMEOUT_ALARM } from './approval-shell';
import type { Dapps } from './dapps';

export function listenForDapps({ approvals, ports }: Dapps): void {
  browser.runtime.onConnect.addListener((port) => ports.accept(port));
  // Fires even for a stopped worker (it wakes for it); needs no permission.
  browser.tabs.onRemoved.addListener((tabId) => void ports.tabClosed(tabId));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === APPROVAL_TIMEOUT_ALARM) void approvals.expire();
  });
  browser.windows.onRemoved.addListener((windowId) => void approvals.dismissWindow(windowId));
  void approvals.expire(); // deadlines that passed while the worker was stopped
  void approvals.resumeInterrupted();
}
