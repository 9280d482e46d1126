// The RPC client against a real HTTP server on 127.0.0.1 that records every request body: a batch
// is one round trip whose answers come back in the calls' order whatever order the node answers
// in; the commitment is 'confirmed' unless the call names one, put where each method takes its
// config; methods that take no commitment go out exactly as called; the caller's params are
// never changed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RpcClient, RpcNodeError } from '../../src/background/chain/rpc-client';
import { rpcCall } from '../../src/background/chain/rpc-methods';

interface Request {
  jsonrpc: string;
  id: number;
  method: string;
  params: unknown[];
}

describe('RpcClient', () => {
  let server: Server;
  let url = '';
  /** Every HTTP body the node received, parsed. */
  let bodies: (Request | Request[])[] = [];
  /** What the node answers to one request (its `result`), or a JSON-RPC error. */
  let answer: (request: Request) => { result: unknown } | { error: { code: number; message: string } } = (
    r,
  ) => ({ result: r.method });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        const body = JSON.parse(text) as Request | Request[];
        bodies.push(body);
        const reply = (r: Request) => ({ jsonrpc: '2.0', id: r.id, ...answer(r) });
        // A batch is answered in reverse order: the JSON-RPC spec lets a node answer in any order.
        const out = Array.isArray(body) ? body.map(reply).reverse() : reply(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    bodies = [];
    answer = (r) => ({ result: r.method });
  });

  const client = () =>
    new RpcClient({ id: 'custom', label: 'test node', rpcUrl: url, chain: 'solana:localnet' });

  it("sends a batch in one round trip and returns the answers in the calls' order", async () => {
    const rpc = client();
    answer = (r) => ({
      result:
        r.method === 'getMinimumBalanceForRentExemption'
          ? 890_880
          : { context: { slot: 7 }, value: r.id * 10 },
    });
    const [first, second, rent] = await rpc.batch([
      rpcCall('getBalance', ['A']),
      rpcCall('getBalance', ['B']),
      rpcCall('getMinimumBalanceForRentExemption', [0]),
    ]);
    expect([first.value, second.value, rent]).toEqual([0, 10, 890_880]);
    expect(rpc.stats).toEqual({ httpRoundTrips: 1, rpcRequests: 3 });
    expect(bodies).toHaveLength(1);
    expect((bodies[0] as Request[]).map((r) => [r.id, r.method, r.params[0]])).toEqual([
      [0, 'getBalance', 'A'],
      [1, 'getBalance', 'B'],
      [2, 'getMinimumBalanceForRentExemption', 0],
    ]);
  });

  it('sends a lone call unbatched', async () => {
    const rpc = client();
    expect(await rpc.call('getHealth', [])).toBe('getHealth');
    expect(bodies).toEqual([{ jsonrpc: '2.0', id: 0, method: 'getHealth', params: [] }]);
  });

  it('puts commitment "confirmed" where each method takes its config, unless the call names one', async () => {
    const rpc = client();
    const accountConfig = { encoding: 'base64' } as const;
    await rpc.batch([
      rpcCall('getBalance', ['A']),
      rpcCall('getEpochInfo', []),
      rpcCall('getAccountInfo', ['A', accountConfig]),
      rpcCall('getTokenAccountsByOwner', ['A', { mint: 'M' }, { encoding: 'base64' }]),
      rpcCall('getProgramAccounts', [
        'P',
        { encoding: 'base64', commitment: 'finalized', filters: [{ dataSize: 200 }] },
      ]),
      rpcCall('getTransaction', [
        'S',
        { encoding: 'json', maxSupportedTransactionVersion: 0, minContextSlot: 5 },
      ]),
      rpcCall('simulateTransaction', ['AAA', { encoding: 'base64', sigVerify: false }]),
      rpcCall('getBlockHeight', [{ commitment: 'processed' }]),
    ]);
    expect((bodies[0] as Request[]).map((r) => r.params)).toEqual([
      ['A', { commitment: 'confirmed' }],
      [{ commitment: 'confirmed' }],
      ['A', { encoding: 'base64', commitment: 'confirmed' }],
      ['A', { mint: 'M' }, { encoding: 'base64', commitment: 'confirmed' }],
      ['P', { encoding: 'base64', commitment: 'finalized', filters: [{ dataSize: 200 }] }],
      [
        'S',
        { encoding: 'json', maxSupportedTransactionVersion: 0, minContextSlot: 5, commitment: 'confirmed' },
      ],
      ['AAA', { encoding: 'base64', sigVerify: false, commitment: 'confirmed' }],
      [{ commitment: 'processed' }],
    ]);
    expect(accountConfig).toEqual({ encoding: 'base64' }); // the caller's own object is left as it was
  });

  it('sends the methods that take no commitment exactly as called', async () => {
    const rpc = client();
    await rpc.batch([
      rpcCall('getMinimumBalanceForRentExemption', [165]),
      rpcCall('getSignatureStatuses', [['S'], { searchTransactionHistory: true }]),
      rpcCall('sendTransaction', ['AAA', { encoding: 'base64', skipPreflight: true, maxRetries: 0 }]),
      rpcCall('getHealth', []),
    ]);
    expect((bodies[0] as Request[]).map((r) => r.params)).toEqual([
      [165],
      [['S'], { searchTransactionHistory: true }],
      ['AAA', { encoding: 'base64', skipPreflight: true, maxRetries: 0 }],
      [],
    ]);
  });

  it("names the method a node refused, with the node's words and data", async () => {
    const rpc = client();
    answer = (r) =>
      r.method === 'sendTransaction'
        ? { error: { code: -32002, message: 'Transaction simulation failed' } }
        : { result: 1 };
    const sent = rpc.batch([
      rpcCall('getBlockHeight', []),
      rpcCall('sendTransaction', ['AAA', { encoding: 'base64' }]),
    ]);
    await expect(sent).rejects.toBeInstanceOf(RpcNodeError);
    await expect(sent).rejects.toThrow('sendTransaction failed: Transaction simulation failed');
  });

  it("settles a batch call by call: a refused call is its own error, with the node's code, beside the others' answers", async () => {
    const rpc = client();
    answer = (r) =>
      r.params[0] === 7
        ? { error: { code: -32001, message: 'Block 7 cleaned up' } }
        : { result: (r.params[0] as number) * 1_000 };
    const [first, cleaned, last] = await rpc.batchSettled([
      rpcCall('getBlockTime', [5]),
      rpcCall('getBlockTime', [7]),
      rpcCall('getBlockTime', [9]),
    ]);
    expect(first).toEqual({ ok: true, result: 5_000 });
    expect(last).toEqual({ ok: true, result: 9_000 });
    expect(cleaned!.ok).toBe(false);
    const { error } = cleaned as { ok: false; error: RpcNodeError };
    expect(error).toBeInstanceOf(RpcNodeError);
    expect(error.rpcCode).toBe(-32001);
    expect(error.message).toBe('getBlockTime failed: Block 7 cleaned up');
    expect(bodies).toHaveLength(1);
  });
});
