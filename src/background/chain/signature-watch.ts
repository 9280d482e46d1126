// Confirmation pushed by the node: signatureSubscribe on the node's WebSocket (the RPC port + 1,
// as web3.js and solana-test-validator use). It only wakes the sender's status loop early; the
// loop's own polling stays the source of truth, so a node without subscriptions (or a socket that
// drops) costs speed, never correctness.
type SocketLike = {
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: (() => void) | null;
  onclose: (() => void) | null;
  send(data: string): void;
  close(): void;
};
export type WebSocketFactory = (url: string) => SocketLike;

/** The browser's (and the service worker's) WebSocket; absent in plain Node. */
export const defaultWebSocket: WebSocketFactory | null =
  typeof WebSocket === 'function' ? (url) => new WebSocket(url) as unknown as SocketLike : null;

/** http://host:8899 → ws://host:8900; https → wss, an explicit port plus one. */
export function websocketUrl(rpcUrl: string): string {
  const url = new URL(rpcUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (url.port) url.port = String(Number(url.port) + 1);
  return url.toString();
}

interface SignatureWatch {
  /** Resolves when the node reports the signature confirmed (or failed), or the socket gives up. */
  readonly notified: Promise<void>;
  /** True while a subscription is confirmed by the node. */
  readonly live: () => boolean;
  /** True once the node pushed the signature's notification (not merely a closed socket). */
  readonly reported: () => boolean;
  /** True until the socket closed, failed or reported: only then can `notified` still wake anyone. */
  readonly open: () => boolean;
  close(): void;
}

export function watchSignature(
  factory: WebSocketFactory | null,
  rpcUrl: string,
  signature: string,
): SignatureWatch | null {
  if (!factory) return null;
  let socket: SocketLike;
  try {
    socket = factory(websocketUrl(rpcUrl));
  } catch {
    return null;
  }
  let subscribed = false;
  let reported = false;
  let open = true;
  let settle!: () => void;
  const notified = new Promise<void>((resolve) => (settle = resolve));
  const finish = () => {
    subscribed = false;
    open = false;
    settle();
  };
  socket.onopen = () =>
    socket.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'signatureSubscribe',
        params: [signature, { commitment: 'confirmed' }],
      }),
    );
  socket.onmessage = (event) => {
    let message: { id?: number; result?: unknown; method?: string };
    try {
      message = JSON.parse(String(event.data)) as typeof message;
    } catch {
      return;
    }
    if (message.id === 1) subscribed = typeof message.result === 'number';
    else if (message.method === 'signatureNotification') {
      reported = true;
      finish();
    }
  };
  socket.onerror = finish;
  socket.onclose = finish;
  return {
    notified,
    live: () => subscribed,
    reported: () => reported,
    open: () => open,
    close: () => {
      socket.onclose = null;
      try {
        socket.close();
      } catch {
        // already closed
      }
      finish();
    },
  };
}
