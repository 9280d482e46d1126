// The service worker: wiring only. It is the one context that holds keys, talks to the RPC and
// signs; everything else asks it through the typed protocol.
import './node-globals';
import browser, { type Runtime } from 'webextension-polyfill';
import { RpcClient } from './chain/rpc-client';
import { networkHandlers } from './handlers/network';
import { SettingsStore } from './settings/settings';
import { localStore, restrictSessionStorage } from './storage';
import { createUiRouter, isOwnPage, type UiHandlers } from './ui/router';

const workerStartedAt = Date.now();
const settings = new SettingsStore(localStore);
const rpc = new RpcClient(() => settings.network());

const handlers: UiHandlers = {
  'app:ping': () => ({ workerStartedAt, now: Date.now() }),
  ...networkHandlers(settings, rpc, () => {}),
};
const dispatchUi = createUiRouter(handlers);
const extensionOrigin = browser.runtime.getURL('');

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (!isOwnPage(sender, browser.runtime.id, extensionOrigin)) {
    return Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'Only Tidepool’s own pages may call the wallet this way.' } });
  }
  return dispatchUi(message);
});

void restrictSessionStorage();
