// `npx tsx tools/bench/profile-refresh.ts`: where a portfolio refresh of 50 LSTs spends its time,
// in Node against the in-process localnet: the whole refresh, the JSON-RPC batch inside it (the
// node's answer), and the worker's own part (the rest: decoding, valuing, storage). Same code as
// the service worker runs; a diagnosis tool, not part of the table.
import { performance } from 'node:perf_hooks';
import { startTestChain } from '../../tests/support/localnet.ts';
import { engineFor } from '../../tests/support/staking.ts';
import type { CreatedPool } from '../stake-pool-admin/pool-admin.ts';
import { holdLsts } from './rpc-counts.ts';

const LST_COUNT = Number(process.env.LSTS ?? 50);
const RUNS = Number(process.env.RUNS ?? 11);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const chain = await startTestChain();
try {
  const operator = await chain.funded(10_000);
  const user = await chain.funded(1_000);
  const pools: CreatedPool[] = [];
  await holdLsts(chain, operator, user, pools, LST_COUNT);
  const engine = engineFor(chain, user);
  const owner = user.publicKey.toBase58();
  let batchMs = 0;
  const batch = engine.rpc.batch.bind(engine.rpc);
  engine.rpc.batch = async (calls) => {
    const start = performance.now();
    try {
      return await batch(calls);
    } finally {
      batchMs += performance.now() - start;
    }
  };
  await engine.portfolio.refresh(owner); // first sight: discovery
  const total: number[] = [];
  const node: number[] = [];
  const health: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    batchMs = 0;
    const start = performance.now();
    await engine.portfolio.refresh(owner);
    total.push(performance.now() - start);
    node.push(batchMs);
    const h = performance.now();
    await engine.rpc.call('getHealth', []);
    health.push(performance.now() - h);
  }
  // The node's answer, method by method (the batch the refresh sends, one call at a time).
  let sent: Parameters<typeof batch>[0] = [];
  engine.rpc.batch = async (calls) => {
    sent = calls;
    return batch(calls);
  };
  await engine.portfolio.refresh(owner);
  for (const c of sent) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await batch([c]);
      times.push(performance.now() - start);
    }
    const keys = c.method === 'getMultipleAccounts' ? ` (${c.params[0].length} keys)` : '';
    console.log(`  node ${c.method}${keys}: ${median(times).toFixed(1)} ms`);
  }
  const work = total.map((t, i) => t - node[i]!);
  console.log(
    `${LST_COUNT} LSTs, median of ${RUNS}: refresh ${median(total).toFixed(1)} ms = node batch ${median(node).toFixed(1)} ms + worker ${median(work).toFixed(1)} ms; getHealth ${median(health).toFixed(1)} ms`,
  );
} finally {
  await chain.close();
}
