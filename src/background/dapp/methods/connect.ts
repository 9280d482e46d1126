// solana:connect: answered at once for a site connected to the active account; otherwise the
// person is asked, and on Approve the site is connected to the active account.
import { WalletError } from '../../../shared/errors';
import type { DappMethodHandler } from './method';

export const connect: DappMethodHandler<'connect'> = {
  account: () => null,
  chain: () => undefined,
  async gate({ origin, params, active, sites, current }) {
    if (active && (await sites.isConnected(origin, active)))
      return { accounts: [active], chain: (await current()).rpc.network.chain };
    if (params.silent) throw new WalletError('unauthorized', 'This site is not connected to Tidepool.');
    return null;
  },
  unreviewed: (base) => ({ ...base, method: 'connect' }),
  review: async ({ base }) => ({ view: { ...base, method: 'connect' }, minimum: null }),
  async execute({ entry, active, engine, sites }) {
    await sites.connect(entry.origin, active);
    return { accounts: [active], chain: engine.rpc.network.chain };
  },
};
