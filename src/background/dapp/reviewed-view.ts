// What a review says about one request, before the state machine adds its place in the queue,
// its state and its revision (a hash of everything shown, which a decision must name). Each
// method's module (methods/) makes its views.
import type { ApprovalView, ApprovalViewBase } from '../../shared/approval';
import type { NetworkInfo } from '../../shared/networks';
import type { ShownMinimum } from './approval-types';

/** What this file adds to a review: the request's place in the queue, its state and its revision. */
type Added = 'revision' | 'position' | 'total' | 'inProgress';
/** Omit over each member of a union (Omit on the union itself would keep only the shared fields). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What a review says about one request; its place in the queue and its revision are added here. */
export type ReviewedView = OmitEach<ApprovalView, Added>;
export type ReviewedBase = Omit<ApprovalViewBase, Added>;
/** A review: the view, the minimum a stake is held to, and the network it read (null: it failed before knowing). */
export interface Reviewed {
  view: ReviewedView;
  minimum: ShownMinimum | null;
  network: NetworkInfo | null;
}

/** A hash of everything the view shows about the request (not its place in the queue). */
export async function revisionOf(view: ReviewedView): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(view)));
  return Buffer.from(digest).toString('hex').slice(0, 32);
}
