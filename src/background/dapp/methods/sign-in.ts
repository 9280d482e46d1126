// solana:signIn: the Sign-In With Solana message for the active account, built and checked for the
// site that asks (sign-in-text.ts); on Approve it is checked again, signed, and the site connected.
import { WalletError } from '../../../shared/errors';
import { signInMessage } from '../sign-in-text';
import { NOT_SIGNED, base64, type DappMethodHandler } from './method';

export const signIn: DappMethodHandler<'signIn'> = {
  account: () => null,
  chain: () => undefined,
  gate: async () => null,
  unreviewed: (base) => ({ ...base, method: 'signIn', message: null }),
  async review({ entry, base, active, engine }) {
    const chain = engine.rpc.network.chain;
    const { text, warnings } = signInMessage(entry.params, entry.origin, active, chain, Date.now());
    const view = {
      ...base,
      method: 'signIn' as const,
      account: active,
      message: { text, encoding: 'utf8' as const },
      warnings: [...base.warnings, ...warnings],
    };
    return { view, minimum: null };
  },
  async execute({ entry, active, engine, sites, sign }) {
    const chain = engine.rpc.network.chain;
    const { text, warnings } = signInMessage(entry.params, entry.origin, active, chain, Date.now());
    if (warnings.length) throw new WalletError('invalid_request', `${warnings[0]!.text} ${NOT_SIGNED}`);
    const message = new TextEncoder().encode(text);
    const signature = await sign(active, message);
    await sites.connect(entry.origin, active);
    return { account: active, signedMessage: base64(message), signature: base64(signature) };
  },
};
