// The relay between the page's provider and the background: it forwards only well-formed
// requests from this very window on our channel, and only our background's answers back. It
// adds nothing the background trusts: the background reads the origin from the port. Its one
// piece of state is the requests the wallet has not yet taken, so none is lost to a worker restart.
import {
  DAPP_PORT,
  PAGE_CHANNEL,
  REQUEST_ID,
  type RelayHello,
  type WalletToRelay,
} from '../shared/dapp-protocol';

const MAX_METHOD = 32;
/** A page waiting on more than this is flooding; it gets an error instead of a growing backlog. */
const MAX_UNTAKEN = 1_000;
const targetOrigin = location.origin === 'null' ? '*' : location.origin;

interface Forwarded {
  channel: typeof PAGE_CHANNEL;
  from: 'page';
  id: string;
  method: string;
  params: unknown;
}

/** This page, as the wallet tells it apart from the next page in the same tab. */
const documentId = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
  b.toString(16).padStart(2, '0'),
).join('');
let port: chrome.runtime.Port | null = null;
/** Pages that never asked for the wallet never wake it. */
let used = false;
/** Sent but neither answered nor receipted: sent again on the next port. */
const untaken = new Map<string, Forwarded>();

function connect(): chrome.runtime.Port | null {
  try {
    const next = chrome.runtime.connect({ name: DAPP_PORT });
    next.onMessage.addListener((message: WalletToRelay) => {
      if (message?.channel !== PAGE_CHANNEL || message.from !== 'wallet') return;
      if ('received' in message) return void untaken.delete(message.received);
      if ('id' in message) untaken.delete(message.id);
      window.postMessage(message, targetOrigin);
    });
    // The worker stopped (MV3 does that) or restarted: open a new port and say hello at once, so
    // answers decided while we were away still reach this page, then send what was not taken.
    next.onDisconnect.addListener(() => {
      if (port === next) port = null;
      if (used)
        setTimeout(() => {
          port ??= connect();
        }, 100);
    });
    next.postMessage({ hello: true, document: documentId } satisfies RelayHello);
    for (const request of untaken.values()) next.postMessage(request);
    return next;
  } catch {
    return null; // the extension was reloaded or removed: this page's relay is gone for good
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window) return;
  const data = event.data as {
    channel?: unknown;
    from?: unknown;
    id?: unknown;
    method?: unknown;
    params?: unknown;
  } | null;
  if (!data || typeof data !== 'object' || data.channel !== PAGE_CHANNEL || data.from !== 'page') return;
  if (
    typeof data.id !== 'string' ||
    !REQUEST_ID.test(data.id) ||
    typeof data.method !== 'string' ||
    data.method.length > MAX_METHOD
  )
    return;
  used = true;
  // A copy of exactly the fields of a request; nothing else of the page's object.
  const request: Forwarded = {
    channel: PAGE_CHANNEL,
    from: 'page',
    id: data.id,
    method: data.method,
    params: data.params,
  };
  if (untaken.size >= MAX_UNTAKEN) {
    const error = {
      code: 'rate_limited',
      message: 'Too many requests are waiting for Tidepool; wait for their answers first.',
    };
    return window.postMessage(
      { channel: PAGE_CHANNEL, from: 'wallet', id: request.id, response: { ok: false, error } },
      targetOrigin,
    );
  }
  untaken.set(request.id, request);
  try {
    if (port) return port.postMessage(request);
  } catch {
    port = null; // disconnected, and Chrome has not said so yet
  }
  port = connect(); // sends it after the hello
});
