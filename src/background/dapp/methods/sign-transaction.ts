// solana:signTransaction: the site's transaction signed by the active account at its place among the
// signers and handed back unsent (the site sends it; the review warns that Tidepool cannot watch it).
import { PublicKey } from '@solana/web3.js';
import { WalletError } from '../../../shared/errors';
import { checkLandable } from '../review/blockhash';
import { base64, type DappMethodHandler } from './method';
import { parseTransaction, reviewSiteTransaction } from './site-transaction';

export const signTransaction: DappMethodHandler<'signTransaction'> = {
  account: (params) => params.account,
  chain: (params) => params.chain,
  async gate({ params }) {
    parseTransaction(params.transaction);
    return null;
  },
  unreviewed: (base) => ({ ...base, method: 'signTransaction', transaction: null }),
  async review({ entry, base, account, engine }) {
    const firstLook = entry.state.kind === 'waiting';
    const reviewed = await reviewSiteTransaction(engine, entry.params.transaction, account, {
      firstLook,
      handsOver: true,
    });
    const warnings = [...base.warnings, ...reviewed.warnings];
    return { view: { ...base, method: 'signTransaction', ...reviewed, warnings }, minimum: null };
  },
  async execute({ entry, active, engine, sign }) {
    const owner = new PublicKey(active);
    const tx = parseTransaction(entry.params.transaction);
    const index = tx.message.staticAccountKeys
      .slice(0, tx.message.header.numRequiredSignatures)
      .findIndex((k) => k.equals(owner));
    if (index < 0)
      throw new WalletError('invalid_request', 'Your account is not a signer of this transaction.');
    await checkLandable(engine.rpc, tx.message);
    tx.signatures[index] = await sign(active, tx.message.serialize());
    return { signedTransaction: base64(tx.serialize()) };
  },
};
