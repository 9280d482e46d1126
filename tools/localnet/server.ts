// JSON-RPC over HTTP (single and batch requests) and the WebSocket subscriptions web3.js uses
// to confirm transactions. Loopback only: this node has no authentication and a faucet.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LocalChain } from './chain.ts';
import { devMethods } from './dev-methods.ts';
import type { Json } from './encoding.ts';
import { encodeAccount, pubkeyParam } from './encoding.ts';
import { RPC, RpcError } from './rpc-errors.ts';
import type { Method } from './rpc-method.ts';
import { standardMethods } from './rpc-methods.ts';

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const MAX_BATCH = 1000;
const LOOPBACK = '127.0.0.1';

interface RpcRequest {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}
type RpcResponse = {
  jsonrpc: '2.0';
  id: Json;
  result?: Json;
  error?: { code: number; message: string; data?: unknown };
};

class RpcService {
  readonly #methods: Record<string, Method>;
  readonly #afterChange: () => void;
  requestCount = 0;

  constructor(
    readonly chain: LocalChain,
    afterChange: () => void = () => {},
  ) {
    this.#methods = { ...standardMethods(chain), ...devMethods(chain) };
    this.#afterChange = afterChange;
  }

  handle(request: RpcRequest): RpcResponse {
    const id = (
      typeof request?.id === 'string' || typeof request?.id === 'number' ? request.id : null
    ) as Json;
    this.requestCount++;
    try {
      if (
        !request ||
        typeof request !== 'object' ||
        request.jsonrpc !== '2.0' ||
        typeof request.method !== 'string'
      ) {
        throw new RpcError(RPC.invalidRequest, 'Invalid request');
      }
      const method = Object.hasOwn(this.#methods, request.method) ? this.#methods[request.method] : undefined;
      if (!method) throw new RpcError(RPC.methodNotFound, `Method not found: ${request.method}`);
      const params = request.params === undefined ? [] : request.params;
      if (!Array.isArray(params)) throw new RpcError(RPC.invalidParams, 'Invalid params: expected an array');
      const result = method(params);
      if (/^(sendTransaction|requestAirdrop|localnet_)/.test(request.method)) this.#afterChange();
      return { jsonrpc: '2.0', id, result };
    } catch (error) {
      if (error instanceof RpcError)
        return {
          jsonrpc: '2.0',
          id,
          error: {
            code: error.code,
            message: error.message,
            ...(error.data === undefined ? {} : { data: error.data }),
          },
        };
      return {
        jsonrpc: '2.0',
        id,
        error: { code: RPC.internal, message: `Internal error: ${(error as Error).message}` },
      };
    }
  }

  handleBody(body: string): Json | RpcResponse | RpcResponse[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { jsonrpc: '2.0', id: null, error: { code: RPC.parseError, message: 'Parse error' } };
    }
    if (Array.isArray(parsed)) {
      if (parsed.length === 0 || parsed.length > MAX_BATCH) {
        return {
          jsonrpc: '2.0',
          id: null,
          error: { code: RPC.invalidRequest, message: 'Invalid request: batch size' },
        };
      }
      return parsed.map((r) => this.handle(r as RpcRequest));
    }
    return this.handle(parsed as RpcRequest);
  }
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type, solana-client',
  'access-control-max-age': '86400',
};

export type HttpMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  next: () => void,
) => void;

function createHttpServer(service: RpcService, middleware?: HttpMiddleware): Server {
  return createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
      return;
    }
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { ...CORS, 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, CORS).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, CORS).end();
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      const body = Buffer.concat(chunks).toString('utf8');
      const respond = () => {
        res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
        res.end(JSON.stringify(service.handleBody(body)));
      };
      if (middleware) middleware(req, res, body, respond);
      else respond();
    });
  });
}

interface Subscription {
  kind: 'signature' | 'account' | 'slot';
  key?: string;
  socket: WebSocket;
  last?: string;
  encoding?: string;
}

/** signatureSubscribe, accountSubscribe and slotSubscribe, notified after every state change. */
class Subscriptions {
  readonly #subs = new Map<number, Subscription>();
  #nextId = 1;

  constructor(private readonly chain: LocalChain) {}

  attach(wss: WebSocketServer, service: RpcService): void {
    wss.on('connection', (socket) => {
      socket.on('message', (raw) => this.#onMessage(socket, raw.toString(), service));
      socket.on('close', () => {
        for (const [id, sub] of this.#subs) if (sub.socket === socket) this.#subs.delete(id);
      });
    });
  }

  #onMessage(socket: WebSocket, raw: string, service: RpcService): void {
    let request: RpcRequest;
    try {
      request = JSON.parse(raw) as RpcRequest;
    } catch {
      socket.send(
        JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: RPC.parseError, message: 'Parse error' } }),
      );
      return;
    }
    const id = (request.id ?? null) as Json;
    const params = Array.isArray(request.params) ? request.params : [];
    const reply = (result: Json) => socket.send(JSON.stringify({ jsonrpc: '2.0', id, result }));
    try {
      switch (request.method) {
        case 'signatureSubscribe': {
          if (typeof params[0] !== 'string')
            throw new RpcError(RPC.invalidParams, 'Invalid params: signature');
          reply(this.#add({ kind: 'signature', key: params[0], socket }));
          break;
        }
        case 'accountSubscribe': {
          const key = pubkeyParam(params[0]);
          const encoding = (params[1] as { encoding?: string } | undefined)?.encoding ?? 'base64';
          const subId = this.#add({ kind: 'account', key, socket, encoding, last: this.#fingerprint(key) });
          reply(subId);
          break;
        }
        case 'slotSubscribe':
          reply(this.#add({ kind: 'slot', socket }));
          break;
        case 'signatureUnsubscribe':
        case 'accountUnsubscribe':
        case 'slotUnsubscribe':
          reply(this.#subs.delete(Number(params[0])));
          break;
        default:
          // Anything else over the socket is answered like HTTP, as real nodes do for pings.
          socket.send(JSON.stringify(service.handle(request)));
          return;
      }
      this.notify();
    } catch (error) {
      const e = error instanceof RpcError ? error : new RpcError(RPC.internal, (error as Error).message);
      socket.send(JSON.stringify({ jsonrpc: '2.0', id, error: { code: e.code, message: e.message } }));
    }
  }

  #add(sub: Subscription): number {
    const id = this.#nextId++;
    this.#subs.set(id, sub);
    return id;
  }

  #fingerprint(key: string): string {
    const a = this.chain.getAccount(key);
    return a ? `${a.lamports}:${a.owner}:${Buffer.from(a.data).toString('base64')}` : 'none';
  }

  /** Sends every notification that is due; called after each change to the chain. */
  notify(): void {
    const context = { slot: Number(this.chain.slot) };
    for (const [id, sub] of this.#subs) {
      const send = (method: string, result: Json) => {
        if (sub.socket.readyState === sub.socket.OPEN)
          sub.socket.send(JSON.stringify({ jsonrpc: '2.0', method, params: { subscription: id, result } }));
      };
      if (sub.kind === 'signature') {
        const record = this.chain.history.get(sub.key!);
        if (!record) continue;
        send('signatureNotification', { context, value: { err: record.err as Json } });
        this.#subs.delete(id);
      } else if (sub.kind === 'account') {
        const now = this.#fingerprint(sub.key!);
        if (now === sub.last) continue;
        sub.last = now;
        send('accountNotification', {
          context,
          value: encodeAccount(this.chain, this.chain.getAccount(sub.key!), { encoding: sub.encoding }),
        });
      } else {
        // Every produced block is final here (transaction-json.ts), the newest too.
        send('slotNotification', { slot: context.slot, parent: context.slot - 1, root: context.slot });
      }
    }
  }
}

export interface RunningNode {
  rpcUrl: string;
  wsUrl: string;
  service: RpcService;
  close(): Promise<void>;
}

/**
 * Starts HTTP on `port` and WebSocket on `port + 1` (web3.js derives the socket from the HTTP
 * port that way), both on loopback. Port 0 picks a free pair.
 */
export async function listen(
  chain: LocalChain,
  port: number,
  middleware?: HttpMiddleware,
): Promise<RunningNode> {
  if (port !== 0) return listenAt(chain, port, middleware);
  for (let attempt = 0; ; attempt++) {
    const candidate = 20_000 + Math.floor(Math.random() * 40_000);
    try {
      return await listenAt(chain, candidate, middleware);
    } catch (error) {
      if (attempt >= 20 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
}

async function listenAt(chain: LocalChain, port: number, middleware?: HttpMiddleware): Promise<RunningNode> {
  const subscriptions = new Subscriptions(chain);
  const service = new RpcService(chain, () => subscriptions.notify());
  const http = createHttpServer(service, middleware);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, LOOPBACK, () => resolve());
  });
  let wss: WebSocketServer;
  try {
    wss = await new Promise<WebSocketServer>((resolve, reject) => {
      const server = new WebSocketServer({ host: LOOPBACK, port: port + 1 });
      server.once('listening', () => resolve(server));
      server.once('error', reject);
    });
  } catch (error) {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    throw error;
  }
  subscriptions.attach(wss, service);
  return {
    rpcUrl: `http://${LOOPBACK}:${port}`,
    wsUrl: `ws://${LOOPBACK}:${port + 1}`,
    service,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
