// The dApp half of the one protocol:
//   page (inpage provider)  ⇄  content script : window.postMessage on PAGE_CHANNEL
//   content script          ⇄  background     : a runtime port named DAPP_PORT
// The content script relays these envelopes unchanged; the background validates every field and
// takes the requesting origin from the port's sender, never from the message. Each method is
// declared once, in dapp-methods.ts; its types here are read off that table (types only: the page
// and the relay never load the schemas).
import type { dappMethods } from './dapp-methods';
import type { Result } from './errors';
import type { FlaggedMethods, ParamsOf, ResultOf } from './method-table';
import type { ChainId } from './networks';

export const PAGE_CHANNEL = 'tidepool/page';
export const DAPP_PORT = 'tidepool/dapp';
export const WALLET_NAME = 'Tidepool';

type DappTable = typeof dappMethods;
export type DappMethod = keyof DappTable;
export type DappParams<M extends DappMethod> = ParamsOf<DappTable[M]>;
export type DappResult<M extends DappMethod> = ResultOf<DappTable[M]>;
/** Requests that sign and send a transaction: an interrupted one is answered with what was sent. */
export type DappSendingMethod = FlaggedMethods<DappTable, 'sends'>;

/** background → content → page: the answer to one request. */
export interface DappResponse {
  channel: typeof PAGE_CHANNEL;
  from: 'wallet';
  id: string;
  response: Result<unknown>;
}

/** background → content → page: the connected accounts or the chain changed. */
export interface DappEvent {
  channel: typeof PAGE_CHANNEL;
  from: 'wallet';
  event: 'change';
  accounts: string[];
  chain: ChainId;
}

export type WalletToPage = DappResponse | DappEvent;

/**
 * Sent by the content script on each (re)connection, so the background can deliver late answers;
 * `document` is the page's own random id: a new page in the tab means the old one's requests go.
 */
export interface RelayHello {
  hello: true;
  document: string;
}

/**
 * background → content: the wallet holds this request now (it is queued for a person, in session
 * storage). Until a receipt or an answer arrives, the relay sends the request again on each new
 * port: a port opened while Chrome restarts the worker can fail and take its messages with it.
 */
interface RelayReceipt {
  channel: typeof PAGE_CHANNEL;
  from: 'wallet';
  received: string;
}

export type WalletToRelay = WalletToPage | RelayReceipt;

/** The page's id for a request: what the relay forwards and the background answers to. */
export const REQUEST_ID = /^[A-Za-z0-9-]{1,64}$/;
