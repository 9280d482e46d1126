// The dApp side of the worker, built: connected sites, the dApp service with its narrow ports, the
// approval state machine over its store and window, and the content-script ports, each handed the
// others it answers to. Construction only: the browser's listeners are registered by install.ts,
// so the Node tests build the dApp side exactly as the worker does, with a FAKE window shell.
import type { StorageArea } from '../storage';
import type { ApprovalShell } from './approval-shell';
import { ApprovalStore } from './approval-store';
import { Approvals } from './approvals';
import { ConnectedSites } from './connected-sites';
import { DappPorts } from './dapp-ports';
import { DappService, type DappDeps } from './dapp-service';

/** The service's ports (the engines, the selected account, its name, the signer), and the browser's parts. */
export interface DappsDeps extends Omit<DappDeps, 'sites' | 'enqueue'> {
  local: StorageArea<'local'>;
  session: StorageArea<'session'>;
  /** The approval window and the deadline alarm (the browser's, or a test's FAKE). */
  shell: ApprovalShell;
  /** This extension's id: the content-script ports must be its own. */
  extensionId: string;
  /** The approval state machine's clock (tests move it past the arming delay). */
  now?: () => number;
}

export type Dapps = ReturnType<typeof createDapps>;

export function createDapps({ local, session, shell, extensionId, now, ...serviceDeps }: DappsDeps) {
  const sites = new ConnectedSites(local);
  const store = new ApprovalStore(session, local, shell, now);
  // `approvals` is created below; a request can only arrive once the ports are listened to, after it.
  const service: DappService = new DappService({
    ...serviceDeps,
    sites,
    enqueue: (source, request, connected) => approvals.add(source, request, connected),
  });
  const ports = new DappPorts(service, session, extensionId);

  /** Tells connected pages what they may see now: after an account, network or permission change. */
  const announce = () =>
    void (async () => {
      const address = await serviceDeps.activeAccount();
      const { chain } = (await serviceDeps.engines.current()).rpc.network;
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
  store.onDeadline = () => void approvals.expire();

  return { announce, approvals, sites, service, ports, store };
}
