// Every queued dApp method's module, in one table that names each method exactly once (the type
// fails to compile when a method of the protocol has no module), and the view of a request whose
// review failed, built from its method's module rather than guessed from its params.
import { blocking } from '../../../shared/approval';
import { SOLANA_MAINNET_CHAIN } from '../../../shared/networks';
import type { ApprovalEntry, QueuedMethod } from '../approval-types';
import type { ReviewedView } from '../reviewed-view';
import { connect } from './connect';
import type { DappMethodHandler, DappMethodTable } from './method';
import { signAndSendTransaction } from './sign-and-send-transaction';
import { signIn } from './sign-in';
import { signMessage } from './sign-message';
import { signTransaction } from './sign-transaction';
import { stake } from './stake';

const METHODS = {
  connect,
  signTransaction,
  signAndSendTransaction,
  signMessage,
  signIn,
  stake,
} satisfies DappMethodTable;

/** The module of `method`, typed by it. */
export const handlerOf = <M extends QueuedMethod>(method: M): DappMethodHandler<M> =>
  (METHODS as DappMethodTable)[method];

/**
 * When a review throws (a key that does not decode, an RPC that fails): a minimal view that says
 * so and blocks Approve, so the window has something to show and reject.
 */
export function failedReview(entry: ApprovalEntry, error: unknown): ReviewedView {
  const reason = error instanceof Error ? error.message : String(error);
  const handler = handlerOf(entry.method);
  const chain = handler.chain(entry.params);
  return handler.unreviewed({
    id: entry.id,
    origin: entry.origin,
    favicon: entry.favicon,
    account: handler.account(entry.params),
    accountName: null,
    // Not shown by the window; only what the request itself named is known here.
    chain: chain ?? SOLANA_MAINNET_CHAIN,
    networkLabel: chain ?? 'unknown network',
    locked: false,
    warnings: [
      blocking(
        'review_failed',
        `Tidepool could not review this request (${reason.slice(0, 200)}), so it cannot be approved. Reject it.`,
      ),
    ],
  });
}
