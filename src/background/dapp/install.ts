// The dApp side of the worker, wired: connected sites, the approval state machine and its window,
// the content-script ports, and the browser events that end requests nobody decided (window
// closed, deadline passed, the asking page gone). Listeners are registered synchronously, so a
// worker woken by them finds them.
import browser from 'webextension-polyfill';
import type { StorageArea } from '../storage';
import type { Vault } from '../vault/vault';
import { APPROVAL_TIMEOUT_ALARM, browserShell } from './approval-shell';
import { ApprovalStore } from './approval-store';
import { Approvals } from './approvals';
import { ConnectedSites } from './connected-sites';
import { DappPorts } from './dapp-ports';
import { DappService, type DappEngines } from './dapp-service';

interface Deps {
  vault: Vault;
  engines: DappEngines;
  local: StorageArea<'local'>;
  session: StorageArea<'session'>;
}

export function installDapps({ vault, engines, local, session }: Deps) {
  const sites = new ConnectedSites(local);
  // `approvals` is created below; a request can only arrive once the ports are installed after it.
  const service: DappService = new DappService({
    vault,
    engines,
    sites,
    enqueue: (source, request, connected) => approvals.add(source, request, connected),
  });
  const ports = new DappPorts(service, session);
  const store = new ApprovalStore(session, local, browserShell);

  /** Tells connected pages what they may see now: after an account, network or permission change. */
  const announce = () =>
    void (async () => {
      const address = (await vault.status()) === 'unlocked' ? vault.keyring().activeAddress : null;
      const { chain } = (await engines.current()).rpc.network;
      ports.broadcast(
        async (origin) => (address && (await sites.isConnected(origin, address)) ? [address] : []),
        chain,
      );
    })();

  const approvals: Approvals = new Approvals(store, {
    review: (entry) => service.review(entry),
    execute: (entry) => service.execute(entry),
    finishInterrupted: (entry) => service.finishInterrupted(entry),
    async answer(entry, response) {
      await ports.answer(entry, response);
      if (response.ok && (entry.method === 'connect' || entry.method === 'signIn')) announce();
    },
  });
  ports.onPageGone = (tabId, keep) => approvals.dropTab(tabId, keep);
  ports.install();

  store.onDeadline = () => void approvals.expire();
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === APPROVAL_TIMEOUT_ALARM) void approvals.expire();
  });
  browser.windows.onRemoved.addListener((windowId) => void approvals.dismissWindow(windowId));
  void approvals.expire(); // deadlines that passed while the worker was stopped
  void approvals.resumeInterrupted();

  return { announce, approvals, sites };
}
