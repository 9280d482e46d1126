// Where the income ledger of one account on one cluster is kept: its positions as last observed
// (`income:<genesisHash>:<owner>`, small, read on every refresh) and its rows
// (`incomeRows:<genesisHash>:<owner>`, one per epoch and position or per transaction, gzipped:
// packed-rows.ts; read only when a row is added or the ledger is shown). Keyed by the cluster, so every RPC URL of one
// cluster adds to the same ledger. Every change goes through `update`, one at a time per account
// and cluster across the worker's engines (two URLs of one cluster are two engines), so a refresh,
// a staking outcome and the screen's reward fetch never write over each other.
import type { IncomeRow } from '../../shared/income';
import type { StorageArea } from '../storage';
import { packRows, unpackRows, type PackedRows } from './packed-rows';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'income:*': IncomeTracks;
    'incomeRows:*': PackedRows;
  }
}

/** A rate as the pool keeps it: tokens × lamports / supply, rounded down, is their SOL. */
export interface Rate {
  lamports: string;
  supply: string;
}

export type LstKind = 'spl' | 'infinity' | 'marinade';

/** One sighting of an LST position. `epoch`: for an SPL pool, the epoch its rate is of (the pool's last update). */
export interface LstSighting {
  at: number;
  epoch: number;
  balance: string;
  rate: Rate;
}

export interface LstTrack {
  kind: LstKind;
  symbol: string;
  decimals: number;
  firstSeen: LstSighting;
  last: LstSighting;
  /** Token changes of the wallet's own staking transactions since `last`, by the slot they landed in. */
  moves: { slot: number; tokens: string }[];
}

export interface StakeTrack {
  firstSeen: { at: number; epoch: number };
  /** The last sighting: lamports and delegated stake (their difference grows when lamports are paid in). */
  last: { at: number; epoch: number; lamports: string; delegated: string };
  /** The epoch the account was first missing from the owner's list (closed, converted or handed over). */
  goneAt: number | null;
  activationEpoch: number | null;
  deactivationEpoch: number | null;
  /** The epochs whose rewards the node answered for it (inclusive); `complete`: none are owed before `from`. */
  rewards: { from: number; to: number; complete: boolean } | null;
}

/** Where the cluster's epochs fall, as the node last said: every epoch after warm-up has the same length. */
export interface EpochClock {
  epoch: number;
  firstSlot: number;
  slotsInEpoch: number;
}

export interface IncomeTracks {
  lsts: Record<string, LstTrack>; // by mint
  stakes: Record<string, StakeTrack>; // by address
  /** The newest epoch the node refused as no longer kept (it serves no older ones), or null. */
  rewardsStoppedAt: number | null;
  clock: EpochClock | null;
}

const empty = (): IncomeTracks => ({ lsts: {}, stakes: {}, rewardsStoppedAt: null, clock: null });

/** The first slot of `epoch`. */
export const firstSlotOf =
  (clock: EpochClock) =>
  (epoch: number): number =>
    clock.firstSlot + (epoch - clock.epoch) * clock.slotsInEpoch;

/** The epoch `slot` is in. */
export const epochOfSlot = (clock: EpochClock, slot: number): number =>
  clock.epoch + Math.floor((slot - clock.firstSlot) / clock.slotsInEpoch);

/** The ledger of one account on one cluster while it is being changed: rows are read only if asked for. */
export class LedgerDraft {
  #rows: Map<string, IncomeRow> | null = null;
  rowsChanged = false;
  tracksChanged = false;

  constructor(
    readonly tracks: IncomeTracks,
    private readonly readRows: () => Promise<IncomeRow[]>,
  ) {}

  async rows(): Promise<Map<string, IncomeRow>> {
    this.#rows ??= new Map((await this.readRows()).map((row) => [row.id, row]));
    return this.#rows;
  }

  /** Adds a row unless one with its id is kept (an epoch's reward, a transaction: they never change). */
  async add(row: IncomeRow): Promise<boolean> {
    const rows = await this.rows();
    if (rows.has(row.id)) return false;
    rows.set(row.id, row);
    this.rowsChanged = true;
    return true;
  }

  /** Adds a row, or replaces the one of its id (a row of the current epoch still growing). */
  async put(row: IncomeRow): Promise<void> {
    (await this.rows()).set(row.id, row);
    this.rowsChanged = true;
  }

  get loadedRows(): IncomeRow[] | null {
    return this.#rows ? [...this.#rows.values()] : null;
  }
}

/** Changes waiting or running, per storage area and key: one at a time each. */
const queues = new WeakMap<StorageArea<'local'>, Map<string, Promise<unknown>>>();

export class LedgerStore {
  constructor(private readonly storage: StorageArea<'local'>) {}

  #keys = (cluster: string, owner: string) =>
    ({ tracks: `income:${cluster}:${owner}`, rows: `incomeRows:${cluster}:${owner}` }) as const;

  /** Runs `change` on the ledger, after any change already begun on it, and writes what it changed. */
  update<T>(cluster: string, owner: string, change: (draft: LedgerDraft) => Promise<T>): Promise<T> {
    const keys = this.#keys(cluster, owner);
    const byKey = queues.get(this.storage) ?? new Map<string, Promise<unknown>>();
    queues.set(this.storage, byKey);
    const run = (byKey.get(keys.tracks) ?? Promise.resolve()).then(async () => {
      const draft = new LedgerDraft((await this.storage.get(keys.tracks)) ?? empty(), async () => {
        const packed = await this.storage.get(keys.rows);
        return packed ? unpackRows(packed) : [];
      });
      const result = await change(draft);
      const rows = draft.rowsChanged ? draft.loadedRows : null;
      if (rows)
        await this.storage.setAll(
          { key: keys.tracks, value: draft.tracks },
          { key: keys.rows, value: await packRows(sortedRows(rows)) },
        );
      else if (draft.tracksChanged) await this.storage.set(keys.tracks, draft.tracks);
      return result;
    });
    byKey.set(
      keys.tracks,
      run.catch(() => undefined),
    );
    return run;
  }

  /** The ledger as kept, read after every change already begun on it. */
  read(cluster: string, owner: string): Promise<{ tracks: IncomeTracks; rows: IncomeRow[] }> {
    return this.update(cluster, owner, async (draft) => ({
      tracks: draft.tracks,
      rows: [...(await draft.rows()).values()],
    }));
  }
}

/** Oldest first; rows of one moment in a fixed order (by id), so the file is the same every time. */
export function sortedRows(rows: Iterable<IncomeRow>): IncomeRow[] {
  return [...rows].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
