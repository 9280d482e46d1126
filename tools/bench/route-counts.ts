// RPC requests, HTTP round trips and bytes received for the routes into and out of INF and mSOL,
// against a localnet with Infinity and Marinade (the real programs, June 2025): Tidepool's engine
// next to the naive path, which asks each read the route needs as its own call (as an SDK would:
// one getAccountInfo per account, whole accounts, then the simulation), and sends with a blockhash
// of its own. The exit chooser for mSOL (three routes) is one batch once the routes are known.
import type { RouteRequest } from '../../src/shared/routes.ts';
import { naiveCalls } from '../../tests/support/route-reads.ts';
import { MSOL_MINT } from '../../src/shared/marinade.ts';
import { PublicKey, type Keypair } from '@solana/web3.js';
import { startTestChain, type TestChain } from '../../tests/support/localnet.ts';
import { SOL, engineFor } from '../../tests/support/staking.ts';

interface Counts {
  requests: number;
  roundTrips: number;
  bytes: number;
}
export interface RouteRow {
  work: string;
  tidepool: Counts;
  naive: Counts;
}

type Trip = { methods: string[]; bytes: number };

/** Every HTTP round trip Tidepool's engine makes during `work` (it calls the global fetch), with what came back. */
async function traced<T>(work: () => Promise<T>): Promise<{ result: T; trips: Trip[] }> {
  const trips: Trip[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const response = await original(input, init);
    const body = JSON.parse(String(init?.body ?? 'null')) as { method: string } | { method: string }[];
    trips.push({
      methods: (Array.isArray(body) ? body : [body]).map((r) => r.method),
      bytes: (await response.clone().arrayBuffer()).byteLength,
    });
    return response;
  };
  try {
    return { result: await work(), trips };
  } finally {
    globalThis.fetch = original;
  }
}

const total = (trips: Trip[]): Counts => ({
  requests: trips.reduce((n, t) => n + t.methods.length, 0),
  roundTrips: trips.length,
  bytes: trips.reduce((n, t) => n + t.bytes, 0),
});
/** Up to and including the trip that carries sendTransaction. */
const untilSent = (trips: Trip[]) =>
  total(trips.slice(0, trips.findIndex((t) => t.methods.includes('sendTransaction')) + 1));

/** One JSON-RPC call per HTTP request, as an SDK's helpers make them. */
async function one(chain: TestChain, method: string, params: unknown[]): Promise<Trip> {
  const response = await fetch(chain.node.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return { methods: [method], bytes: (await response.arrayBuffer()).byteLength };
}

/** The naive quote of a route: each of its reads, then its simulation, as a call of its own. */
async function naiveQuote(chain: TestChain, owner: Keypair, request: RouteRequest): Promise<Trip[]> {
  const trips: Trip[] = [];
  for (const call of await naiveCalls(engineFor(chain, owner).rpc, owner.publicKey, request))
    trips.push(await one(chain, call.method, call.params));
  return trips;
}

/** Quote, then click → sent, both ways, for one route. */
async function routeRows(
  chain: TestChain,
  user: Keypair,
  label: string,
  request: RouteRequest,
): Promise<RouteRow[]> {
  const engine = engineFor(chain, user);
  await engine.routes.prepare(user.publicKey, request); // the route is known from here on
  const quote = await traced(() => engine.routes.prepare(user.publicKey, request));
  const sent = await traced(() =>
    engine.routes.execute(user.publicKey, request, { quoteId: quote.result.quote.quoteId }),
  );
  const naive = await naiveQuote(chain, user, request);
  // Naive sending: a blockhash of its own, then the transaction.
  const naiveSend: Counts = { requests: 2, roundTrips: 2, bytes: 0 };
  return [
    { work: `${label}: quote shown`, tidepool: total(quote.trips), naive: total(naive) },
    { work: `${label}: click → sent`, tidepool: untilSent(sent.trips), naive: naiveSend },
  ];
}

/** Measures on a localnet of its own (Infinity and Marinade loaded). */
export async function routeCounts(): Promise<RouteRow[]> {
  const chain = await startTestChain({ infinity: true, marinade: true });
  try {
    const user = await chain.funded(1_000);
    const engine = engineFor(chain, user);
    const rows: RouteRow[] = [
      ...(await routeRows(chain, user, 'INF stake 1 SOL', {
        kind: 'infinityAdd',
        from: 'SOL',
        amount: `${SOL}`,
      })),
      ...(await routeRows(chain, user, 'INF unstake 0.5 INF', {
        kind: 'infinityRemove',
        to: 'SOL',
        amount: `${SOL / 2n}`,
      })),
      ...(await routeRows(chain, user, 'Marinade deposit 10 SOL', {
        kind: 'marinadeDeposit',
        amount: `${10n * SOL}`,
      })),
      ...(await routeRows(chain, user, 'Marinade liquid unstake 1 mSOL', {
        kind: 'marinadeLiquid',
        amount: `${SOL}`,
      })),
    ];
    // A delayed unstake seen for the first time: the State, the lists' used prefixes, the largest
    // candidates' stake accounts, then the batch; the naive path reads both lists whole.
    const first = engineFor(chain, user);
    const delayed: RouteRequest = { kind: 'marinadeDelayed', amount: `${2n * SOL}` };
    const chosen = await traced(() => first.routes.prepare(user.publicKey, delayed));
    rows.push({
      work: 'Marinade delayed unstake: first quote (stake chosen)',
      tidepool: total(chosen.trips),
      naive: total(await naiveQuote(chain, user, delayed)),
    });
    const msol = new PublicKey(MSOL_MINT);
    await engine.exits.exits(user.publicKey, msol, 2n * SOL); // the routes are known from here on
    const chooser = await traced(() => engine.exits.exits(user.publicKey, msol, 2n * SOL));
    const naive: Trip[] = [];
    for (const request of [
      { kind: 'marinadeLiquid', amount: `${2n * SOL}` },
      { kind: 'marinadeDelayed', amount: `${2n * SOL}` },
      { kind: 'infinitySwap', from: MSOL_MINT, amount: `${2n * SOL}` },
    ] satisfies RouteRequest[])
      naive.push(...(await naiveQuote(chain, user, request)));
    rows.push({
      work: 'exit chooser, mSOL (3 routes): all quoted',
      tidepool: total(chooser.trips),
      naive: total(naive),
    });
    return rows;
  } finally {
    await chain.close();
  }
}
