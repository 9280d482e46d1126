// A malicious RPC node, put in front of the localnet as its HTTP middleware: it forwards every
// request to the real chain and rewrites the answers the way a dishonest custom RPC could (the
// chain itself stays honest). It also keeps every signed transaction sent through it, as an
// attacker's node would. Dev methods (localnet_*) pass untouched.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpMiddleware } from '../../tools/localnet/server.ts';
import { parse } from './faults';

/** Rewrites one answer: given the method and its params, returns the result to send instead. */
export type Lie = (method: string, result: unknown, params: unknown[]) => unknown;

interface RpcAnswer {
  id?: number | string;
  result?: unknown;
}

export class LyingRpc {
  lie: Lie | null = null;
  /** Every signed transaction (base64 wire) that reached this node. */
  readonly captured: string[] = [];

  readonly middleware: HttpMiddleware = (
    _req: IncomingMessage,
    res: ServerResponse,
    body: string,
    next: () => void,
  ) => {
    const calls = parse(body);
    for (const call of calls)
      if (call.method === 'sendTransaction') this.captured.push(String(call.params?.[0]));
    const lie = this.lie;
    if (!lie || calls.some((c) => c.method?.startsWith('localnet_'))) return next();
    const byId = new Map(calls.map((c) => [c.id, c]));
    const end = res.end.bind(res) as (chunk: string) => ServerResponse;
    const rewrite = (answer: RpcAnswer): RpcAnswer => {
      const call = byId.get(answer.id);
      if (!call?.method || !('result' in answer)) return answer;
      return { ...answer, result: lie(call.method, answer.result, call.params ?? []) };
    };
    (res as { end: (chunk: string) => ServerResponse }).end = (chunk: string) => {
      const answers = JSON.parse(chunk) as RpcAnswer | RpcAnswer[];
      return end(JSON.stringify(Array.isArray(answers) ? answers.map(rewrite) : rewrite(answers)));
    };
    next();
  };
}
