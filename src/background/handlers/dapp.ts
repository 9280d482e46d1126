import { WalletError, type Result } from '../../shared/errors';
import { alreadyApproved, type ApprovalQueue } from '../dapp/approval-queue';
import type { ConnectedSites } from '../dapp/connected-sites';
import { rejected, type DappPorts } from '../dapp/dapp-ports';
import type { DappService } from '../dapp/dapp-service';
import { toWireError, type UiHandlers } from '../ui/router';

export function dappHandlers(service: DappService, queue: ApprovalQueue, ports: DappPorts, sites: ConnectedSites, onSitesChanged: () => void) {
  return {
    'approval:get': async ({ id }) => service.view(id),
    'approval:decide': async ({ id, approve }) => {
      const gone = () => new WalletError('invalid_input', 'That request is no longer pending (it was answered, expired or closed).');
      const entry = await queue.get(id);
      if (!entry) throw gone();
      if (entry.approvedAt) throw alreadyApproved();
      let response: Result<unknown>;
      let outcome: 'approved' | 'rejected' | 'failed' = 'rejected';
      if (!approve) {
        response = rejected('The user rejected the request in Tidepool.');
      } else {
        // Claimed first, in session storage: a worker restarted mid-way finishes it, never re-offers it.
        if (!(await queue.startExecution(id))) throw gone();
        try {
          response = { ok: true, result: await service.execute(entry) };
          outcome = 'approved';
        } catch (error) {
          // Locked: nothing happened; the request stays for after the unlock.
          if (error instanceof WalletError && error.code === 'locked') {
            await queue.cancelExecution(id);
            throw error;
          }
          response = { ok: false, error: toWireError(error) };
          outcome = 'failed';
        }
      }
      // A failure stays on screen until the person closes the window; success closes it.
      await queue.remove(id, { keepWindow: outcome === 'failed' });
      await ports.answer(entry, response);
      if (entry.method === 'connect' || entry.method === 'signIn') onSitesChanged();
      return { remaining: (await queue.entries()).length, outcome, ...(response.ok ? {} : { error: response.error.message }) };
    },
    'sites:list': async () => ({ sites: await sites.list() }),
    'sites:revoke': async ({ origin }) => {
      await sites.revoke(origin);
      onSitesChanged();
      return { sites: await sites.list() };
    },
  } satisfies Partial<UiHandlers>;
}
