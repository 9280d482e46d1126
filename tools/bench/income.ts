// The income ledger's figures: what opening the Income screen costs the node (three stake accounts
// with 100 epochs of rewards behind them, on a localnet of its own that keeps 128 epochs of
// rewards, then opened again), and what saving five years of the ledger as a CSV and as JSON costs
// (time, median of 20, and size), with the size the same rows take in storage and the time to pack
// them for it. The engine and the
// row builders are the product's own, reached through the tests' helpers as rpc-counts.ts does.
import { PublicKey } from '@solana/web3.js';
import { incomeFile, packRows, yearsOfRows } from '../../tests/support/income.ts';
import { startTestChain } from '../../tests/support/localnet.ts';
import { SOL, delegatedStake, engineFor } from '../../tests/support/staking.ts';
import { formatCounts, formatSpread, spread } from './stats.ts';

export interface IncomeFigures {
  firstOpen: { requests: number; roundTrips: number };
  reopen: { requests: number; roundTrips: number };
  rewardRows: number;
  exports: { format: 'csv' | 'json'; ms: number[]; bytes: number; rows: number }[];
  storedBytes: number;
  /** Packing the rows for storage (a refresh that books an epoch, a screen that books rewards). */
  packMs: number[];
}

const EPOCHS = 100;

async function openings(): Promise<Pick<IncomeFigures, 'firstOpen' | 'reopen' | 'rewardRows'>> {
  const chain = await startTestChain({ rewardEpochs: 128 });
  try {
    const user = await chain.funded(30);
    const [validator] = await chain.rpc<{ votePubkey: string }[]>('localnet_createValidators', [
      { validators: [{ commissionBps: 500, creditsPerEpoch: 1_000 }] },
    ]);
    const vote = new PublicKey(validator!.votePubkey);
    for (const sol of [2n, 3n, 4n]) await delegatedStake(chain, user, vote, sol * SOL);
    await chain.advanceEpoch(10); // activating
    for (let i = 0; i < EPOCHS; i++) await chain.advanceEpoch(10);
    const engine = engineFor(chain, user);
    const owner = user.publicKey.toBase58();
    const counted = async () => {
      const before = { ...engine.rpc.stats };
      const view = await engine.income.view(owner);
      return {
        view,
        counts: {
          requests: engine.rpc.stats.rpcRequests - before.rpcRequests,
          roundTrips: engine.rpc.stats.httpRoundTrips - before.httpRoundTrips,
        },
      };
    };
    const first = await counted();
    const again = await counted();
    return { firstOpen: first.counts, reopen: again.counts, rewardRows: first.view.rows.length };
  } finally {
    await chain.close();
  }
}

export async function incomeFigures(): Promise<IncomeFigures> {
  const rows = await yearsOfRows(5);
  const about = { cluster: '11111111111111111111111111111111', owner: '11111111111111111111111111111111' };
  const range = { from: '2021-01-01', to: '2025-12-31' };
  const exports = (['csv', 'json'] as const).map((format) => {
    const ms: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 21; i++) {
      const t0 = performance.now();
      const { file } = incomeFile(rows, range, format, about);
      if (i > 0) ms.push(performance.now() - t0); // the first warms the code up
      bytes = Buffer.byteLength(file);
    }
    return { format, ms, bytes, rows: rows.length };
  });
  const packMs: number[] = [];
  let stored = await packRows(rows);
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    stored = await packRows(rows);
    packMs.push(performance.now() - t0);
  }
  return { ...(await openings()), exports, storedBytes: Buffer.byteLength(JSON.stringify(stored)), packMs };
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

/** The table's rows: [measure, value, note]. */
export function incomeRows(f: IncomeFigures): [string, string, string][] {
  return [
    [
      `RPC: income screen, 3 stake accounts × ${EPOCHS} epochs of rewards`,
      formatCounts(f.firstOpen),
      `stake accounts and epoch, then one batch of ${EPOCHS} getInflationReward (all three accounts each) + their block times; ${f.rewardRows} rows`,
    ],
    [
      'RPC: income screen opened again',
      formatCounts(f.reopen),
      'every answered epoch cached: the stake accounts and epoch only',
    ],
    ...f.exports.map((e): [string, string, string] => {
      const s = spread(e.ms);
      return [
        `income export, 5 years as ${e.format.toUpperCase()}, median of ${s.n}`,
        formatSpread(s),
        `${kb(e.bytes)}, ${e.rows} rows (3 stake accounts and 2 LSTs every epoch, 2 transactions a month)`,
      ];
    }),
    [
      'income ledger in storage, 5 years',
      kb(f.storedBytes),
      'the same rows as kept (incomeRows:*, gzipped JSON)',
    ],
  ];
}
