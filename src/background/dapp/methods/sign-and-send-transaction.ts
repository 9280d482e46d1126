// solana:signAndSendTransaction: the site's transaction signed by the active account and sent
// through the engine's one door (chain/tx-sender.ts), recorded under the request's id so a
// restarted worker answers with how it ended; answered once the node has it, watched to its end.
import { PublicKey } from '@solana/web3.js';
import { checkLandable } from '../review/blockhash';
import type { DappMethodHandler } from './method';
import { parseTransaction, reviewSiteTransaction } from './site-transaction';

export const signAndSendTransaction: DappMethodHandler<'signAndSendTransaction'> = {
  account: (params) => params.account,
  chain: (params) => params.chain,
  async gate({ params }) {
    parseTransaction(params.transaction);
    return null;
  },
  unreviewed: (base) => ({ ...base, method: 'signAndSendTransaction', transaction: null }),
  async review({ entry, base, account, engine }) {
    const firstLook = entry.state.kind === 'waiting';
    const reviewed = await reviewSiteTransaction(engine, entry.params.transaction, account, {
      firstLook,
      handsOver: false,
    });
    const warnings = [...base.warnings, ...reviewed.warnings];
    return { view: { ...base, method: 'signAndSendTransaction', ...reviewed, warnings }, minimum: null };
  },
  async execute({ entry, active, engine }) {
    const tx = parseTransaction(entry.params.transaction);
    await checkLandable(engine.rpc, tx.message); // the network it was shown on must take the blockhash
    const intent = {
      owner: new PublicKey(active),
      label: `Transaction from ${new URL(entry.origin).host}`,
      id: entry.id,
    };
    return { signature: await engine.sender.sendSite(intent, tx, entry.params.skipPreflight ?? false) };
  },
};
