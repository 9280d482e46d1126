// solana:signMessage: the message shown as text (hidden characters made visible), warned about
// when it is really a transaction or a sign-in message for another site (signed-message.ts); on
// Approve, checked again and signed, or refused.
import { WalletError } from '../../../shared/errors';
import { messageText } from '../hidden-text';
import { messageWarnings } from '../signed-message';
import { NOT_SIGNED, base64, type DappMethodHandler } from './method';

export const signMessage: DappMethodHandler<'signMessage'> = {
  account: (params) => params.account,
  chain: () => undefined, // a message names no chain
  gate: async () => null,
  unreviewed: (base) => ({ ...base, method: 'signMessage', message: null }),
  async review({ entry, base, account, engine }) {
    const bytes = Buffer.from(entry.params.message, 'base64');
    const warnings = messageWarnings(bytes, {
      origin: entry.origin,
      address: account,
      chain: engine.rpc.network.chain,
      now: Date.now(),
    });
    const view = {
      ...base,
      method: 'signMessage' as const,
      message: messageText(bytes),
      warnings: [...base.warnings, ...warnings],
    };
    return { view, minimum: null };
  },
  async execute({ entry, active, engine, sign }) {
    const bytes = Buffer.from(entry.params.message, 'base64');
    const [refused] = messageWarnings(bytes, {
      origin: entry.origin,
      address: active,
      chain: engine.rpc.network.chain,
      now: Date.now(),
    });
    if (refused) throw new WalletError('invalid_request', `${refused.text} ${NOT_SIGNED}`);
    return { signedMessage: base64(bytes), signature: base64(await sign(active, bytes)) };
  },
};
