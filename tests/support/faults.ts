// A fault mode for the localnet's HTTP front: what a bad RPC node does to a wallet. Dev methods
// (localnet_*) always pass, so a test can still move the chain while its node misbehaves.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';

export type Fault =
  | { kind: 'none' }
  | { kind: 'status'; status: number; times: number; retryAfterSeconds?: number }
  | { kind: 'malformed' }
  | { kind: 'wrong-id' }
  | { kind: 'hang' }
  | { kind: 'slow'; ms: number }
  /** Answers sendTransaction as if accepted, and drops it: a node that loses transactions. */
  | { kind: 'drop-sends' }
  /** Holds requests that include `method`: neither forwarded nor answered until dropHeld(). */
  | { kind: 'hold'; method: string };

const CORS = { 'access-control-allow-origin': '*', 'content-type': 'application/json' };

export class FaultInjector {
  fault: Fault = { kind: 'none' };
  /** Every signed transaction that reached the node: signature → the distinct wire bytes seen. */
  readonly sends = new Map<string, Set<string>>();
  requests = 0;
  readonly #held: ServerResponse[] = [];
  #onHeld: (() => void) | null = null;

  /** Resolves once a request is being held (the wallet is stuck at that step). */
  held(): Promise<void> {
    if (this.#held.length) return Promise.resolve();
    return new Promise((resolve) => (this.#onHeld = resolve));
  }

  /** Cuts the held connections: those requests never reached the node. */
  dropHeld(): void {
    for (const res of this.#held.splice(0)) res.destroy();
  }

  readonly middleware = (
    _req: IncomingMessage,
    res: ServerResponse,
    body: string,
    next: () => void,
  ): void => {
    this.requests++;
    const calls = parse(body);
    if (calls.some((c) => c.method?.startsWith('localnet_'))) return next();
    this.#recordSends(calls);
    const fault = this.fault;
    switch (fault.kind) {
      case 'none':
        return next();
      case 'status':
        if (fault.times <= 0) return next();
        fault.times--;
        res
          .writeHead(fault.status, {
            ...CORS,
            ...(fault.retryAfterSeconds ? { 'retry-after': String(fault.retryAfterSeconds) } : {}),
          })
          .end('{}');
        return;
      case 'malformed':
        res.writeHead(200, CORS).end('{"jsonrpc":"2.0","id":0,"result":');
        return;
      case 'wrong-id':
        res.writeHead(200, CORS).end(JSON.stringify({ jsonrpc: '2.0', id: 987654, result: 1 }));
        return;
      case 'hang':
        return; // never answers; the client's timeout must fire
      case 'slow':
        setTimeout(next, fault.ms);
        return;
      case 'hold':
        if (!calls.some((c) => c.method === fault.method)) return next();
        this.#held.push(res);
        this.#onHeld?.();
        this.#onHeld = null;
        return;
      case 'drop-sends': {
        const send = calls.find((c) => c.method === 'sendTransaction');
        if (!send) return next();
        res
          .writeHead(200, CORS)
          .end(JSON.stringify({ jsonrpc: '2.0', id: send.id, result: signatureOf(send.params?.[0]) }));
        return;
      }
    }
  };

  #recordSends(calls: RpcCall[]): void {
    for (const call of calls.filter((c) => c.method === 'sendTransaction')) {
      const wire = String(call.params?.[0] ?? '');
      const signature = signatureOf(wire);
      const seen = this.sends.get(signature) ?? new Set<string>();
      seen.add(wire);
      this.sends.set(signature, seen);
    }
  }
}

export interface RpcCall {
  id?: number | string;
  method?: string;
  params?: unknown[];
}

/** The calls of a JSON-RPC body, single or batched; nothing for a body that is not JSON. */
export function parse(body: string): RpcCall[] {
  try {
    const parsed = JSON.parse(body) as RpcCall | RpcCall[];
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return [];
  }
}

function signatureOf(wire: unknown): string {
  try {
    return bs58.encode(VersionedTransaction.deserialize(Buffer.from(String(wire), 'base64')).signatures[0]!);
  } catch {
    return 'undecodable';
  }
}
