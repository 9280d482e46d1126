// The service worker: wiring only. It is the one context that holds keys, talks to the RPC and
// signs; everything else asks it through the typed protocol.
import './node-globals';
import browser from 'webextension-polyfill';
import { browserShell } from './dapp/approval-shell';
import { createDapps } from './dapp/dapps';
import { listenForDapps } from './dapp/install';
import type { Signer } from './chain/tx-sender';
import { Engines } from './engines';
import { accountHandlers } from './handlers/accounts';
import { alertHandlers } from './handlers/alerts';
import { dappHandlers } from './handlers/dapp';
import { incomeHandlers } from './handlers/income';
import { networkHandlers } from './handlers/network';
import { stakingHandlers } from './handlers/staking';
import { vaultHandlers } from './handlers/vault';
import { SettingsStore } from './settings/settings';
import { browserAlertPorts } from './browser-alerts';
import { WithdrawalAlerts } from './withdrawal-alerts';
import { localStore, restrictSessionStorage, sessionStore } from './browser-storage';
import { createUiRouter, type UiHandlers } from './ui/router';
import { createUiListener } from './ui/ui-listener';
import { AutoLock } from './vault/auto-lock';
import { Vault } from './vault/vault';

const workerStartedAt = Date.now();
const settings = new SettingsStore(localStore);
const vault = new Vault({ local: localStore, session: sessionStore });
const autoLock = new AutoLock(vault, settings);
autoLock.install();
// The one signing entry point: the keyring, reached only while unlocked.
const sign: Signer = async (address, message) => vault.keyring().sign(address, message);
const engines = new Engines({ settings, local: localStore, session: sessionStore, sign });

const dapps = createDapps({
  engines,
  async activeAccount() {
    await vault.restore(); // a woken worker reopens the keyring first
    return (await vault.status()) === 'unlocked' ? vault.keyring().activeAddress : null;
  },
  accountName: (address) => vault.accounts().find((a) => a.address === address)?.name ?? null,
  sign,
  local: localStore,
  session: sessionStore,
  shell: browserShell,
  extensionId: browser.runtime.id,
});

// Registered at start, so an alarm that wakes the worker finds its handler.
const alerts = new WithdrawalAlerts(
  localStore,
  browserAlertPorts,
  (network) => engines.for(network).rpc,
  async () => (await settings.get()).notifyWithdrawable,
);
alerts.install();

listenForDapps(dapps);

const handlers: UiHandlers = {
  'app:ping': () => ({ workerStartedAt, now: Date.now() }),
  ...networkHandlers(settings, engines, dapps.announce),
  ...vaultHandlers(vault, settings),
  ...accountHandlers(vault, settings, engines, dapps.announce),
  ...stakingHandlers(vault, engines, alerts),
  ...incomeHandlers(vault, engines),
  ...alertHandlers(vault, settings, alerts),
  ...dappHandlers(dapps.approvals, dapps.sites, dapps.announce),
};

browser.runtime.onMessage.addListener(
  createUiListener({
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL(''),
    dispatch: createUiRouter(handlers),
    async beforeDispatch() {
      await restored; // a message that woke this worker must not find the wallet locked while its key is being reopened
      await autoLock.enforce();
    },
    onUserActivity: () => void autoLock.touch(),
  }),
);

void restrictSessionStorage();
const restored = vault.restore().catch(() => {});
// Transactions sent before the worker was stopped: confirm each on its own network (never re-sign).
void engines.resumeAll().catch(() => {});
