// The service worker: wiring only. It is the one context that holds keys, talks to the RPC and
// signs; everything else asks it through the typed protocol.
import './node-globals';
import browser, { type Runtime } from 'webextension-polyfill';
import { RpcClient } from './chain/rpc-client';
import { accountHandlers } from './handlers/accounts';
import { networkHandlers } from './handlers/network';
import { vaultHandlers } from './handlers/vault';
import { SettingsStore } from './settings/settings';
import { localStore, restrictSessionStorage, sessionStore } from './storage';
import { createUiRouter, isOwnPage, type UiHandlers } from './ui/router';
import { stakingHandlers } from './handlers/staking';
import { TransactionSender } from './chain/tx-sender';
import { PoolDirectory } from './staking/pool-directory';
import { PortfolioService } from './staking/portfolio';
import { StakingService } from './staking/staking-service';
import { ApprovalQueue, APPROVAL_TIMEOUT_ALARM } from './dapp/approval-queue';
import { ConnectedSites } from './dapp/connected-sites';
import { DappPorts, rejected } from './dapp/dapp-ports';
import { DappService } from './dapp/dapp-service';
import { dappHandlers } from './handlers/dapp';
import { AutoLock } from './vault/auto-lock';
import { Vault } from './vault/vault';

const workerStartedAt = Date.now();
const settings = new SettingsStore(localStore);
const rpc = new RpcClient(() => settings.network());
const vault = new Vault({ local: localStore, session: sessionStore });
const autoLock = new AutoLock(vault, settings);
autoLock.install();
// The one signing entry point: the keyring, reached only while unlocked.
const sender = new TransactionSender(rpc, localStore, (address, message) => vault.keyring().sign(address, message));
const directory = new PoolDirectory(localStore, rpc);
const portfolio = new PortfolioService(rpc, localStore, directory);
const staking = new StakingService(rpc, sender, (record) => portfolio.recordDelayedUnstake(record));

// dApps: connected sites, the approval queue and window, and the content-script ports.
const sites = new ConnectedSites(localStore);
const queue = new ApprovalQueue(sessionStore, localStore);
const dapps = new DappService({ vault, rpc, sites, queue, staking });
const ports = new DappPorts(dapps, sessionStore);
ports.install();
/** Tells connected pages what they may see now: after an account, network or permission change. */
const announce = () => void (async () => {
  const active = vault.status().then((s) => (s === 'unlocked' ? vault.keyring().activeAddress : null));
  const { chain } = await settings.network();
  const address = await active;
  ports.broadcast(async (origin) => (address && (await sites.isConnected(origin, address)) ? [address] : []), chain);
})();
const expire = async () => {
  for (const entry of await queue.drain('expired')) {
    await ports.answer(entry, { ok: false, error: { code: 'timeout', message: 'Nobody answered this request in Tidepool in time.' } });
  }
};
queue.onDeadline = () => void expire();
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === APPROVAL_TIMEOUT_ALARM) void expire();
});
// Closing the approval window is a rejection of everything it was showing.
browser.windows.onRemoved.addListener((windowId) => void (async () => {
  if (!(await queue.isApprovalWindow(windowId))) return;
  await queue.forgetWindow();
  for (const entry of await queue.drain('all')) await ports.answer(entry, rejected('The user closed the Tidepool approval window.'));
})());

const handlers: UiHandlers = {
  'app:ping': () => ({ workerStartedAt, now: Date.now() }),
  ...networkHandlers(settings, rpc, announce),
  ...vaultHandlers(vault, settings),
  ...accountHandlers(vault, settings, rpc, announce),
  ...stakingHandlers({ vault, rpc, sender, directory, portfolio, staking }),
  ...dappHandlers(dapps, queue, ports, sites, announce),
};
const dispatchUi = createUiRouter(handlers);
const extensionOrigin = browser.runtime.getURL('');

browser.runtime.onMessage.addListener(async (message: unknown, sender: Runtime.MessageSender) => {
  if (!isOwnPage(sender, browser.runtime.id, extensionOrigin)) {
    return { ok: false, error: { code: 'forbidden', message: 'Only Tidepool’s own pages may call the wallet this way.' } };
  }
  await autoLock.enforce();
  const response = await dispatchUi(message);
  void autoLock.touch();
  return response;
});

void restrictSessionStorage();
void vault.restore();
// Transactions sent before the worker was stopped: confirm them (never re-sign).
void sender.resumePending().catch(() => {});
void expire();
