// The income ledger's own rules, where no chain is needed to provoke them: a balance that changed
// by more than the wallet's own transactions is estimated on the smaller balance; a position is
// first seen with no income; one no longer held is seen holding nothing, so its return is never
// credited for the time in between; INF's sightings within an epoch add up into one row; a backup
// is checked whole before anything is kept, then merged without replacing anything; and a history
// an older Tidepool kept under an RPC URL is moved under its cluster once, even if the move was cut
// short. Over the named in-memory FAKE of chrome.storage.
import { describe, expect, it } from 'vitest';
import { RpcClient } from '../../src/background/chain/rpc-client';
import { CustomNetworks } from '../../src/background/custom-network';
import { IncomeService } from '../../src/background/income/income-service';
import { LedgerStore } from '../../src/background/income/ledger-store';
import { observeLst, type LstObservation } from '../../src/background/income/lst-income';
import { seeLsts } from '../../src/background/income/sightings';
import { StakeLedger } from '../../src/background/portfolio/stake-ledger';
import { moveUrlKeyed } from '../../src/background/storage';
import { BUILTIN_NETWORKS } from '../../src/shared/networks';
import { MemoryStorage } from '../support/memory-storage';

const MINT = 'J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn';
const OWNER = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';
const MAINNET = '5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d';
const firstSlot = (epoch: number) => epoch * 1000;

const spl = (epoch: number, balance: bigint, total: bigint, lastTotal: bigint): LstObservation => ({
  mint: MINT,
  kind: 'spl',
  symbol: 'JitoSOL',
  decimals: 9,
  sighting: {
    at: epoch,
    epoch,
    balance: balance.toString(),
    rate: { lamports: total.toString(), supply: '1000' },
  },
  lastEpochRate: { lamports: lastTotal.toString(), supply: '1000' },
  slot: firstSlot(epoch) + 5,
});
const none = async () => undefined;

describe('LST income between two sightings', () => {
  it('is first seen with no income, then books the pool’s own pair for the tokens held', async () => {
    const first = await observeLst(undefined, spl(10, 100n, 1100n, 1000n), firstSlot, none);
    expect(first.rows).toEqual([]);
    const next = await observeLst(first.track, spl(11, 100n, 1200n, 1100n), firstSlot, none);
    expect(next.rows.map((r) => [r.row.received?.amount, r.row.basis, r.row.epochs])).toEqual([
      ['10', 'measured', [10, 10]], // 100 × (1200 − 1100) / 1000
    ]);
  });

  it('counts the smaller balance, and says it is estimated, when the balance moved without a transaction of Tidepool’s', async () => {
    const { track } = await observeLst(undefined, spl(10, 100n, 1100n, 1000n), firstSlot, none);
    const gap = await observeLst(track, spl(14, 300n, 1500n, 1400n), firstSlot, none);
    expect(gap.rows.map((r) => [r.row.received?.amount, r.row.basis, r.row.epochs])).toEqual([
      ['30', 'estimated', [10, 12]], // 100 × (1400 − 1100)
      ['10', 'estimated', [13, 13]], // 100 × (1500 − 1400)
    ]);
    expect(gap.rows[0]!.row.note).toContain('the smaller balance is counted');
  });

  it('counts a recorded stake from the epoch it landed in, and stays measured', async () => {
    const { track } = await observeLst(undefined, spl(10, 100n, 1100n, 1000n), firstSlot, none);
    track.moves.push({ slot: firstSlot(12) + 1, tokens: '200' }); // staked in epoch 12
    const seen = await observeLst(track, spl(14, 300n, 1500n, 1400n), firstSlot, none);
    // Not one balance across the gap: the gap is estimated on the smaller; the boundary into 14 is exact.
    expect(seen.rows.map((r) => [r.row.received?.amount, r.row.basis])).toEqual([
      ['30', 'estimated'],
      ['30', 'measured'], // 300 × (1500 − 1400)
    ]);
  });

  it('sees a position no longer held as holding nothing: its return is not credited for the time between', async () => {
    const store = new LedgerStore(new MemoryStorage());
    await store.update(MAINNET, OWNER, (d) => seeLsts(d, [spl(10, 100n, 1100n, 1000n)], firstSlot, 1));
    await store.update(MAINNET, OWNER, (d) => seeLsts(d, [], firstSlot, 2)); // sent away
    await store.update(MAINNET, OWNER, (d) => seeLsts(d, [spl(20, 100n, 2100n, 2000n)], firstSlot, 3));
    const { rows, tracks } = await store.read(MAINNET, OWNER);
    expect(rows).toEqual([]);
    expect(tracks.lsts[MINT]!.firstSeen.epoch).toBe(10);
  });

  it('adds INF’s sightings within an epoch into one row, booked when seen, edges estimated', async () => {
    const store = new LedgerStore(new MemoryStorage());
    const inf = (epoch: number, lamports: bigint, slot: number): LstObservation => ({
      mint: MINT,
      kind: 'infinity',
      symbol: 'INF',
      decimals: 9,
      sighting: { at: slot, epoch, balance: '1000', rate: { lamports: lamports.toString(), supply: '1000' } },
      lastEpochRate: null,
      slot,
    });
    for (const [epoch, lamports, slot] of [
      [5, 1000n, 1],
      [5, 1003n, 2],
      [5, 1010n, 3],
      [6, 1030n, 4],
    ] as const)
      await store.update(MAINNET, OWNER, (d) => seeLsts(d, [inf(epoch, lamports, slot)], firstSlot, slot));
    const { rows } = await store.read(MAINNET, OWNER);
    expect(rows.map((r) => [r.id, r.received?.amount, r.epochs, r.basis, r.awaitingSlot])).toEqual([
      [`lst:${MINT}:5`, '30', [5, 5], 'estimated', 4],
    ]);
  });
});

describe('the ledger backup', () => {
  const service = (storage: MemoryStorage) => {
    const networks = new CustomNetworks(new MemoryStorage()); // mainnet's hash is known: nothing is asked
    const cluster = () => networks.genesisHash(BUILTIN_NETWORKS.mainnet);
    return new IncomeService(
      new RpcClient(BUILTIN_NETWORKS.mainnet),
      storage,
      cluster,
      new StakeLedger(storage),
    );
  };
  const stakeRow = {
    id: `tx:${'5'.repeat(88)}`,
    type: 'stake',
    at: 1,
    awaitingSlot: null,
    position: MINT,
    positionLabel: 'JitoSOL',
    received: { amount: '9', currency: 'JitoSOL', decimals: 9 },
    sent: { amount: '10', currency: 'SOL', decimals: 9 },
    feeLamports: '5000',
    epochs: [3, 3],
    signature: '5'.repeat(88),
    basis: 'measured',
    note: 'Staked.',
    realised: null,
  };
  const file = (rows: unknown[], over: Record<string, unknown> = {}) =>
    JSON.stringify({
      format: 'tidepool-income-ledger',
      version: 1,
      cluster: MAINNET,
      owner: OWNER,
      tracks: { lsts: {}, stakes: {}, rewardsStoppedAt: null, clock: null },
      rows,
      ...over,
    });

  it('round-trips: what is saved is read back, and importing it twice adds nothing the second time', async () => {
    const storage = new MemoryStorage();
    expect(await service(storage).restore(OWNER, file([stakeRow]))).toEqual({
      rowsAdded: 1,
      positionsAdded: 0,
    });
    const saved = await service(storage).backup(OWNER);
    const fresh = new MemoryStorage();
    expect(await service(fresh).restore(OWNER, saved.file)).toEqual({ rowsAdded: 1, positionsAdded: 0 });
    expect(await service(fresh).restore(OWNER, saved.file)).toEqual({ rowsAdded: 0, positionsAdded: 0 });
    expect((await new LedgerStore(fresh).read(MAINNET, OWNER)).rows).toEqual([stakeRow]);
  });

  it('keeps the row it has when a file holds another row of the same id', async () => {
    const storage = new MemoryStorage();
    await service(storage).restore(OWNER, file([stakeRow]));
    await service(storage).restore(
      OWNER,
      file([{ ...stakeRow, received: { ...stakeRow.received, amount: '999' } }]),
    );
    expect((await new LedgerStore(storage).read(MAINNET, OWNER)).rows).toEqual([stakeRow]);
  });

  it.each([
    [
      'not JSON',
      '{',
      'This file is not a Tidepool income ledger backup (it is not JSON). Nothing was imported.',
    ],
    [
      'another format',
      JSON.stringify({ format: 'x' }),
      'This file is not a Tidepool income ledger backup. Nothing was imported.',
    ],
    [
      'a newer version',
      file([], { version: 2 }),
      'This backup was written by a newer Tidepool: update Tidepool to read it. Nothing was imported.',
    ],
    [
      'a row with a bad amount',
      file([stakeRow, { ...stakeRow, id: 'tx:x', feeLamports: '1e9' }]),
      'This backup cannot be read (rows[1].feeLamports: expected an amount in base units). Nothing was imported.',
    ],
    [
      'a row with a field too many',
      file([{ ...stakeRow, extra: 1 }]),
      'This backup cannot be read (rows[0].extra: unexpected field). Nothing was imported.',
    ],
    [
      'another account',
      file([stakeRow], { owner: MINT }),
      'This backup is the ledger of account J1to…GCPn: select that account to import it.',
    ],
    [
      'another cluster',
      file([stakeRow], { cluster: 'EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG' }),
      'This backup is of another network (genesis hash EtWT…rZBG): switch to it to import it.',
    ],
  ])('refuses %s in one sentence and changes nothing', async (_, text, message) => {
    const storage = new MemoryStorage();
    await expect(service(storage).restore(OWNER, text)).rejects.toThrow(message);
    expect(storage.data.size).toBe(0);
  });
});

describe('a history kept under an RPC URL by an older Tidepool', () => {
  const merge = (a: Record<string, number>, b: Record<string, number>) => {
    const out = { ...a };
    for (const [k, n] of Object.entries(b)) out[k] = (out[k] ?? 0) + n;
    return out;
  };
  const move = (storage: MemoryStorage) =>
    moveUrlKeyed<'stakeLedger:*'>(storage, {
      clusterKey: `stakeLedger:${MAINNET}:${OWNER}`,
      urlKey: `stakeLedger:https://rpc.example/:${OWNER}`,
      empty: {},
      merge: (a, b) => merge(a as never, b as never) as never,
    });

  it('is merged under the cluster once; a move cut short after its one write is not counted again', async () => {
    const storage = new MemoryStorage();
    storage.data.set(`stakeLedger:${MAINNET}:${OWNER}`, { m: 1 });
    storage.data.set(`stakeLedger:https://rpc.example/:${OWNER}`, { m: 2 });
    expect(await move(storage)).toEqual({ m: 3 });
    expect(storage.data.has(`stakeLedger:https://rpc.example/:${OWNER}`)).toBe(false);
    expect(await move(storage)).toEqual({ m: 3 });
    // The worker stopped between the write and the removal: the URL's value is already empty.
    storage.data.set(`stakeLedger:https://rpc.example/:${OWNER}`, {});
    expect(await move(storage)).toEqual({ m: 3 });
  });
});
