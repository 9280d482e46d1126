// The approval window's and Settings' dApp methods: each one verb of the approval state machine
// (approvals.ts) or of connected sites.
import type { Approvals } from '../dapp/approvals';
import type { ConnectedSites } from '../dapp/connected-sites';
import type { UiHandlers } from '../ui/router';

export function dappHandlers(approvals: Approvals, sites: ConnectedSites, onSitesChanged: () => void) {
  return {
    'approval:get': ({ id }) => approvals.view(id),
    'approval:decide': ({ id, approve, revision, confirmed }) =>
      approvals.decide(id, approve, revision, confirmed),
    'approval:rejectAll': () => approvals.rejectAll(),
    'sites:list': async () => ({ sites: await sites.list() }),
    'sites:revoke': async ({ origin }) => {
      await sites.revoke(origin);
      onSitesChanged();
      return { sites: await sites.list() };
    },
  } satisfies Partial<UiHandlers>;
}
