// What a route reads and simulates, as separate calls: the naive path the bench compares Tidepool's
// one batch with (tools/bench/route-counts.ts), one JSON-RPC call per read, whole accounts where the
// wallet reads a slice (a Marinade list), as an SDK's helpers would ask them.
import type { PublicKey } from '@solana/web3.js';
import { routeFor, type RouteDeps } from '../../src/background/staking/routes/route-quotes';
import { simulationWire } from '../../src/background/chain/simulation-wire';
import type { Batch } from '../../src/background/staking/routes/route-quoter';
import type { RouteRequest } from '../../src/shared/routes';
import type { RpcClient } from '../../src/background/chain/rpc-client';

/** Names are not read by the naive path; the pool of a stake-pool calculator is not needed for mSOL or INF. */
const deps: RouteDeps = { poolOf: async () => null, nameOf: async () => ({ symbol: 'LST', decimals: 9 }) };

export async function naiveCalls(
  rpc: RpcClient,
  owner: PublicKey,
  request: RouteRequest,
): Promise<{ method: string; params: unknown[] }[]> {
  const { route } = routeFor(owner, request, deps);
  const batch: Batch = async (calls) => (await rpc.batch(calls)) as never;
  const state = await route.learn(batch, null);
  const reads = route.reads(state);
  const plan = route.plan(state);
  return [
    ...reads.accounts.map((key) => ({
      method: 'getAccountInfo',
      params: [key.toBase58(), { encoding: 'base64' }],
    })),
    ...(reads.calls ?? []).map((call) => ({
      method: call.method,
      params: call.method === 'getAccountInfo' ? [call.params[0], { encoding: 'base64' }] : [...call.params],
    })),
    { method: 'getBalance', params: [owner.toBase58()] },
    { method: 'getEpochInfo', params: [] },
    { method: 'getLatestBlockhash', params: [] },
    ...('build' in plan
      ? [
          {
            method: 'simulateTransaction',
            params: [
              simulationWire(owner, plan.build(0n)),
              { encoding: 'base64', sigVerify: false, replaceRecentBlockhash: true },
            ],
          },
        ]
      : []),
  ];
}
