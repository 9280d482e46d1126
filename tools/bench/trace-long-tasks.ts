// `npx tsx tools/bench/trace-long-tasks.ts`: the popup's longest main-thread task per open on a
// long portfolio (LSTS, default 150; OPENS counted, default 20), alone, to compare builds of the
// list (laid out lazily, rendered in slices) without the whole bench: DISTS=a,b,c measures each of
// those copies of dist/chrome on the same chain, one after the other. A diagnosis tool.
import { resolve } from 'node:path';
import { startTestChain } from '../../tests/support/localnet.ts';
import type { CreatedPool } from '../stake-pool-admin/pool-admin.ts';
import { longestTasks } from './long-tasks.ts';
import { holdLsts } from './rpc-counts.ts';
import { formatSpread, spread } from './stats.ts';

const LST_COUNT = Number(process.env.LSTS ?? 150);
const OPENS = Number(process.env.OPENS ?? 20);

const chain = await startTestChain();
try {
  if (!chain.node.stakePoolAvailable) throw new Error('the stake-pool program is not installed (see README)');
  const operator = await chain.funded(10_000);
  const user = await chain.funded(1_000);
  const pools: CreatedPool[] = [];
  await holdLsts(chain, operator, user, pools, LST_COUNT);
  const dists = process.env.DISTS?.split(',') ?? [resolve(import.meta.dirname, '../../dist/chrome')];
  for (const dist of dists) {
    const longest = await longestTasks(chain.node.rpcUrl, user, LST_COUNT, dist, OPENS + 1);
    console.log(`${dist}: longest task per open (ms): ${longest.map((t) => t.toFixed(1)).join(' ')}`);
    console.log(`${dist}: median of ${longest.length}: ${formatSpread(spread(longest))}`);
  }
} finally {
  await chain.close();
}
