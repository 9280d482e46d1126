// What a review says about one request, before the state machine adds its place in the queue,
// its state and its revision: the view with nothing reviewed, the view of a review that failed,
// and the revision (a hash of everything shown) a decision must name.
import { blocking, type ApprovalView, type ApprovalViewBase } from '../../shared/approval';
import { SOLANA_MAINNET_CHAIN, type NetworkInfo } from '../../shared/networks';
import type { PendingApproval, QueuedRequest, StakeFigures } from './approval-types';

/** What this file adds to a review: the request's place in the queue, its state and its revision. */
type Added = 'revision' | 'position' | 'total' | 'inProgress';
/** Omit over each member of a union (Omit on the union itself would keep only the shared fields). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What a review says about one request; its place in the queue and its revision are added here. */
export type ReviewedView = OmitEach<ApprovalView, Added>;
type ReviewedBase = Omit<ApprovalViewBase, Added>;
/** A review: the view, the figures a stake is held to, and the network it read (null: it failed before knowing). */
export interface Reviewed {
  view: ReviewedView;
  figures: StakeFigures | null;
  network: NetworkInfo | null;
}

/** A request's view with nothing reviewed (locked, being carried out, or its review failed). */
export function unreviewed(base: ReviewedBase, method: QueuedRequest['method']): ReviewedView {
  switch (method) {
    case 'connect':
      return { ...base, method };
    case 'signTransaction':
    case 'signAndSendTransaction':
      return { ...base, method, transaction: null };
    case 'signMessage':
    case 'signIn':
      return { ...base, method, message: null };
    case 'stake':
      return { ...base, method, intent: null, transaction: null };
    default: {
      const never: never = method;
      return never;
    }
  }
}

/**
 * When a review throws (a key that does not decode, an RPC that fails): a minimal view that says
 * so and blocks Approve, so the window has something to show and reject.
 */
export function failedReview(entry: PendingApproval, error: unknown): ReviewedView {
  const reason = error instanceof Error ? error.message : String(error);
  const { params } = entry;
  const account = 'account' in params && typeof params.account === 'string' ? params.account : null;
  const chain = 'chain' in params ? params.chain : undefined;
  return unreviewed(
    {
      id: entry.id,
      origin: entry.origin,
      favicon: entry.favicon,
      account,
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
    },
    entry.method,
  );
}

/** A hash of everything the view shows about the request (not its place in the queue). */
export async function revisionOf(view: ReviewedView): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(view)));
  return Buffer.from(digest).toString('hex').slice(0, 32);
}
