// The dApp side of the worker, wired: connected sites, the approval queue and its window, the
// content-script ports, and the events that answer requests nobody decided (window closed,
// deadline passed). Listeners are registered synchronously, so a worker woken by them finds them.
import browser from 'webextension-polyfill';
import type { RpcClient } from '../chain/rpc-client';
import type { TransactionSender } from '../chain/tx-sender';
import { dappHandlers } from '../handlers/dapp';
import type { SettingsStore } from '../settings/settings';
import type { StakingService } from '../staking/staking-service';
import type { StorageArea } from '../storage';
import type { Vault } from '../vault/vault';
import { ApprovalQueue, APPROVAL_TIMEOUT_ALARM } from './approval-queue';
import { ConnectedSites } from './connected-sites';
import { DappPorts, rejected } from './dapp-ports';
import { DappService } from './dapp-service';

interface Deps { vault: Vault; rpc: RpcClient; sender: TransactionSender; settings: SettingsStore; staking: StakingService; local: StorageArea; session: StorageArea }

export function installDapps({ vault, rpc, sender, settings, staking, local, session }: Deps) {
  const sites = new ConnectedSites(local);
  const queue = new ApprovalQueue(session, local);
  const service = new DappService({ vault, rpc, sender, sites, queue, staking });
  const ports = new DappPorts(service, session);
  ports.install();

  /** Tells connected pages what they may see now: after an account, network or permission change. */
  const announce = () => void (async () => {
    const address = (await vault.status()) === 'unlocked' ? vault.keyring().activeAddress : null;
    const { chain } = await settings.network();
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
  // Closing the approval window rejects the requests of the sites it showed; a request from another
  // site that arrived as it closed was never seen, so it gets a window of its own.
  browser.windows.onRemoved.addListener((windowId) => void (async () => {
    if (!(await queue.isApprovalWindow(windowId))) return;
    await queue.forgetWindow();
    for (const entry of await queue.drain('shown')) await ports.answer(entry, rejected('The user closed the Tidepool approval window.'));
    if ((await queue.entries()).some((e) => !e.approvedAt)) await queue.showWindow();
  })());
  // Requests approved while the previous worker ran, which it did not finish: answer how they ended.
  const finishInterrupted = async () => {
    for (const entry of await queue.interrupted()) {
      const response = await service.finishInterrupted(entry);
      await queue.remove(entry.id);
      await ports.answer(entry, response);
    }
  };
  void expire(); // deadlines that passed while the worker was stopped
  void finishInterrupted();

  return { announce, handlers: dappHandlers(service, queue, ports, sites, announce) };
}
