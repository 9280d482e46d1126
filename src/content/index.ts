// The relay between the page's provider and the background: stateless, it forwards only
// well-formed requests from this very window on our channel, and only our background's answers
// back. It adds nothing the background trusts: the background reads the origin from the port.
import { DAPP_PORT, PAGE_CHANNEL, type RelayHello, type WalletToPage } from '../shared/dapp-protocol';

const MAX_ID = 64;
const MAX_METHOD = 32;
const targetOrigin = location.origin === 'null' ? '*' : location.origin;

let port: chrome.runtime.Port | null = null;
/** Pages that never asked for the wallet never wake it. */
let used = false;

function connect(): chrome.runtime.Port | null {
  try {
    const next = chrome.runtime.connect({ name: DAPP_PORT });
    next.onMessage.addListener((message: WalletToPage) => {
      if (message?.channel === PAGE_CHANNEL && message.from === 'wallet') window.postMessage(message, targetOrigin);
    });
    // The worker stopped (MV3 does that) or restarted: open a new port on the next request, and
    // say hello at once so answers decided while we were away still reach this page.
    next.onDisconnect.addListener(() => {
      if (port === next) port = null;
      if (used) setTimeout(() => {
        port ??= connect();
      }, 100);
    });
    next.postMessage({ hello: true } satisfies RelayHello);
    return next;
  } catch {
    return null; // the extension was reloaded or removed: this page's relay is gone for good
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window) return;
  const data = event.data as { channel?: unknown; from?: unknown; id?: unknown; method?: unknown; params?: unknown } | null;
  if (!data || typeof data !== 'object' || data.channel !== PAGE_CHANNEL || data.from !== 'page') return;
  if (typeof data.id !== 'string' || data.id.length > MAX_ID || typeof data.method !== 'string' || data.method.length > MAX_METHOD) return;
  used = true;
  port ??= connect();
  // Forward a copy of exactly the fields of a request; nothing else of the page's object.
  port?.postMessage({ channel: PAGE_CHANNEL, from: 'page', id: data.id, method: data.method, params: data.params });
});

