// One dApp method, whole, in one module: what is checked before it is queued (gate), the window's
// view of it (review, or the unreviewed view when there is nothing to review), and how an approved
// one is carried out (execute). The table (table.ts) holds one per queued method and is checked for
// completeness; dapp-service.ts runs the phases, with what every method shares: the site's
// connection and the chain checked before queueing and again before executing, the account the view
// names, the network the request was shown on.
import type { DappParams, DappResult } from '../../../shared/dapp-protocol';
import type { ChainId } from '../../../shared/networks';
import type { RpcClient } from '../../chain/rpc-client';
import type { SignatureFee } from '../../chain/signature-fee';
import type { Signer, TransactionSender } from '../../chain/tx-sender';
import type { RouteService } from '../../staking/routes/route-service';
import type { StakingService } from '../../staking/staking-service';
import type { Approved, ApprovalEntry, QueuedMethod, ShownMinimum } from '../approval-types';
import type { ConnectedSites } from '../connected-sites';
import type { ReviewedBase, ReviewedView } from '../reviewed-view';

/** What one network's engine lends the dApp side (engine.ts builds all of it, bound to that network). */
export interface DappEngine {
  rpc: RpcClient;
  fees: SignatureFee;
  sender: TransactionSender;
  staking: StakingService;
  routes: RouteService;
}

type EntryOf<M extends QueuedMethod> = Extract<ApprovalEntry, { method: M }>;
/** The members of `V` whose method may be M, each with its method narrowed to M. */
type Narrowed<V, M> = V extends { method: infer N } ? (M extends N ? V & { method: M } : never) : never;
/** The view of a request of method M (two methods may share one shape of view). */
type ViewOf<M extends QueuedMethod> = Narrowed<ReviewedView, M>;

/** A request of method M as it arrives, before it is queued. */
interface Gate<M extends QueuedMethod> {
  origin: string;
  params: DappParams<M>;
  /** The selected account, or null when locked. */
  active: string | null;
  sites: ConnectedSites;
  /** The engine of the network the settings pick now. */
  current(): Promise<DappEngine>;
}

/** A queued request of method M, to be shown: reviewed for `account`, the active one, on `engine`'s network. */
interface Review<M extends QueuedMethod> {
  entry: EntryOf<M>;
  base: ReviewedBase;
  /** The account reviewed for (the one the request names, or the active one). */
  account: string;
  active: string;
  engine: DappEngine;
}

/** An approved request of method M, carried out for the active account on the network it was shown on. */
interface Execution<M extends QueuedMethod> {
  entry: Extract<Approved, { method: M }>;
  active: string;
  engine: DappEngine;
  sites: ConnectedSites;
  sign: Signer;
}

export interface DappMethodHandler<M extends QueuedMethod> {
  /** The account the request is for; null when it asks which (the active one is shown and used). */
  account(params: DappParams<M>): string | null;
  /** The chain the request names, if it names one: it is carried out on that chain only. */
  chain(params: DappParams<M>): ChainId | undefined;
  /** Checks of its own before it is queued (throws to refuse); an answer given at once, or null to queue. */
  gate(request: Gate<M>): Promise<DappResult<M> | null>;
  /** Its view with nothing reviewed: locked, being carried out, or its review failed. */
  unreviewed(base: ReviewedBase): ViewOf<M>;
  /** Its view, and (tidepool:stake) the minimum execution is held to. */
  review(request: Review<M>): Promise<{ view: ViewOf<M>; minimum: ShownMinimum | null }>;
  execute(request: Execution<M>): Promise<DappResult<M>>;
}

export type DappMethodTable = { [M in QueuedMethod]: DappMethodHandler<M> };

export const NOT_SIGNED = 'Nothing was signed.';
export const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
