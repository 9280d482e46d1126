// The service worker: wiring only. It is the one context that holds keys, talks to the RPC and
// signs; everything else asks it through the typed protocol.
import './node-globals';
import browser, { type Runtime } from 'webextension-polyfill';
import { RpcClient } from './chain/rpc-client';
import { TransactionSender } from './chain/tx-sender';
import { installDapps } from './dapp/install';
import { accountHandlers } from './handlers/accounts';
import { dappHandlers } from './handlers/dapp';
import { networkHandlers } from './handlers/network';
import { stakingHandlers } from './handlers/staking';
import { vaultHandlers } from './handlers/vault';
import { SettingsStore } from './settings/settings';
import { PoolDirectory } from './staking/pool-directory';
import { PortfolioService } from './portfolio/portfolio-service';
import { StakingService } from './staking/staking-service';
import { localStore, restrictSessionStorage, sessionStore } from './browser-storage';
import { createUiRouter, isOwnPage, isUserActivity, type UiHandlers } from './ui/router';
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
const staking = new StakingService(rpc, sender, (record) => portfolio.recordDelayedUnstake(record), (stake) => portfolio.recordStake(stake));

const dapps = installDapps({ vault, rpc, sender, settings, staking, local: localStore, session: sessionStore });

const handlers: UiHandlers = {
  'app:ping': () => ({ workerStartedAt, now: Date.now() }),
  ...networkHandlers(settings, dapps.announce),
  ...vaultHandlers(vault, settings),
  ...accountHandlers(vault, settings, rpc, dapps.announce),
  ...stakingHandlers({ vault, rpc, sender, directory, portfolio, staking }),
  ...dappHandlers(dapps.approvals, dapps.sites, dapps.announce),
};
const dispatchUi = createUiRouter(handlers);
const extensionOrigin = browser.runtime.getURL('');

browser.runtime.onMessage.addListener(async (message: unknown, from: Runtime.MessageSender) => {
  if (!isOwnPage(from, browser.runtime.id, extensionOrigin)) {
    return { ok: false, error: { code: 'forbidden', message: 'Only Tidepool’s own pages may call the wallet this way.' } };
  }
  await restored; // a message that woke this worker must not find the wallet locked while its key is being reopened
  await autoLock.enforce();
  const response = await dispatchUi(message);
  // Only a person's input postpones the auto-lock: not polls, not anything a dApp sets off.
  if (isUserActivity(message)) void autoLock.touch();
  return response;
});

void restrictSessionStorage();
const restored = vault.restore().catch(() => {});
// Transactions sent before the worker was stopped: confirm them (never re-sign).
void sender.resumePending().catch(() => {});
