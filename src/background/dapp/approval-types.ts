// A pending dApp request as one typed state machine, kept as plain data in session storage:
//
//   waiting → shown (revision, blocked?, minimum shown) → claimed → done (removed, answered)
//
// The params are typed per method, and the state says exactly how far the request got: a request
// can only be claimed from `shown`, with the revision the person saw; once claimed it is never
// offered again. A claimed request that sends a transaction has its transaction's record under
// its own id (chain/tx-record.ts), which says how far that got. From `shown` on, the state names
// the network the request was reviewed on: it is carried out there alone.
import type { DappMethod, DappParams } from '../../shared/dapp-protocol';
import type { NetworkInfo } from '../../shared/networks';

/** Every dApp method that waits for a person (disconnect is answered at once). */
export type QueuedMethod = Exclude<DappMethod, 'disconnect'>;

/** A request as the page sent it, its params typed by its method. */
export type DappRequest = { [M in DappMethod]: { method: M; params: DappParams<M> } }[DappMethod];
export type QueuedRequest = Extract<DappRequest, { method: QueuedMethod }>;

/**
 * tidepool:stake: the minimum the window showed as the quote's guarantee, which execution is held
 * to: its amount (pool tokens for a stake, lamports for an unstake, base units as a decimal string)
 * and whether the program enforces it.
 */
export interface ShownMinimum {
  amount: string;
  enforced: boolean;
}

interface Waiting {
  kind: 'waiting';
}
interface Shown {
  kind: 'shown';
  /** The hash of the view the window shows now; a decision must name it. */
  revision: string;
  /** When this revision was first shown: Approve is honoured only after a moment to read it. */
  shownAt: number;
  /** Why the view shown cannot be approved (its first blocking warning), or null. */
  blocked: string | null;
  /** The warnings the person must tick as read before an approval counts (absent: none). */
  confirm?: string[];
  /** tidepool:stake only (null otherwise, and when no quote could be made). */
  minimum: ShownMinimum | null;
  /** The account the view named: execution signs with this one or with none. */
  account: string | null;
  /** The network the view was read on; null only when the review failed (the view is blocked). */
  network: NetworkInfo | null;
}
interface Claimed {
  kind: 'claimed';
  revision: string;
  claimedAt: number;
  minimum: ShownMinimum | null;
  account: string | null;
  /** The network it was shown for: it is executed, sent and watched there, whatever the settings pick by then. */
  network: NetworkInfo;
  /** The warnings ticked as read, kept for a decision that goes back to shown (locked before signing). */
  confirm?: string[];
}
type ApprovalState = Waiting | Shown | Claimed;

export interface RequestSource {
  origin: string;
  tabId: number;
  /** The page (document) in the tab that asked; a new page in the same tab drops its requests. */
  document: string | null;
  favicon: string | null;
  /** The page's own id for the request, to answer it. */
  pageRequestId: string;
}

/** The same connect asked again by the same site from another page: answered with the first one's result. */
type Follower = Pick<RequestSource, 'tabId' | 'document' | 'pageRequestId'>;

interface Common extends RequestSource {
  id: string;
  createdAt: number;
  deadline: number;
  followers?: Follower[];
}

export type ApprovalEntry<S extends ApprovalState = ApprovalState> = Common & QueuedRequest & { state: S };
/** Not yet approved: may be rejected, expired, dismissed or dropped. */
export type Undecided = ApprovalEntry<Waiting | Shown>;
/** Approved and being carried out (or interrupted while it was). */
export type Approved = ApprovalEntry<Claimed>;

export const isUndecided = (e: ApprovalEntry): e is Undecided =>
  e.state.kind === 'waiting' || e.state.kind === 'shown';
export const isApproved = (e: ApprovalEntry): e is Approved => e.state.kind === 'claimed';
