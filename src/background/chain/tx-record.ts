// One record per transaction the wallet signs, kept in local storage from the moment it is approved
// to how it ended, with the network it was made for (only there is it sent and watched):
//
//   approved → signed → submitted → confirmed | failed | expired
//
// Before approval there is no transaction yet: a dApp's request waits undecided in the approval
// queue (session storage, approval-types.ts), the popup's form is the person's own. `approved`
// means the signature is asked for; `signed` that it arrived and the signed bytes are kept (only
// they are ever sent, so a restart can never sign again); `submitted` that a node was given them.
// A settled record keeps its signature and how it ended, the last SETTLED_KEPT of them, so a dApp
// request interrupted after its transaction ended is still answered with the truth.
import type { NetworkInfo } from '../../shared/networks';
import type { StorageArea } from '../storage';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    transactions: Record<string, TxRecord>; // by record id
  }
}

interface Common {
  /** An approved dApp request's own id (it finds its transaction by it after a restart), else a new one. */
  id: string;
  network: NetworkInfo;
  /** The wallet's account that signs (null only for a dApp's transaction recorded before records named it). */
  owner: string | null;
  label: string;
  createdAt: number;
}
interface Approved extends Common {
  status: 'approved';
}
/** Signed: it may land until its blockhash expires, so it is sent (again) and watched until it ends. */
export interface InFlight extends Common {
  status: 'signed' | 'submitted';
  signature: string;
  wire: string; // base64 of the signed transaction
  lastValidBlockHeight: number;
}
interface Settled extends Common {
  settledAt: number;
}
interface Confirmed extends Settled {
  status: 'confirmed';
  signature: string;
  /** The slot it landed in: what it changed is read from there on. */
  landedSlot?: number;
}
interface Failed extends Settled {
  status: 'failed';
  /** Null: it was never signed (the signature never arrived), so nothing was sent. */
  signature: string | null;
  /** Refused by the node's preflight, failed on chain, or interrupted before it was signed. */
  error: { code: 'simulation_failed' | 'transaction_failed' | 'interrupted'; message: string };
  landedSlot?: number;
}
interface Expired extends Settled {
  status: 'expired';
  signature: string;
}
export type TxRecord = Approved | InFlight | Confirmed | Failed | Expired;
export type TxStatus = TxRecord['status'];

export const isInFlight = (r: TxRecord): r is InFlight => r.status === 'signed' || r.status === 'submitted';
export const isSettled = (r: TxRecord): r is Confirmed | Failed | Expired =>
  r.status === 'confirmed' || r.status === 'failed' || r.status === 'expired';

/** How many settled records stay, the newest: enough for any request interrupted in this browser session. */
const SETTLED_KEPT = 32;

/**
 * The record set's writes, one at a time in this worker: every network's sender reads and rewrites
 * the one stored set, and two interleaved rewrites would drop one's transaction.
 */
let writes: Promise<unknown> = Promise.resolve();
function serially<T>(write: () => Promise<T>): Promise<T> {
  const next = writes.then(write, write);
  writes = next.catch(() => undefined);
  return next;
}

export class TxRecords {
  constructor(private readonly storage: StorageArea<'local'>) {}

  async all(): Promise<TxRecord[]> {
    return Object.values((await this.storage.get('transactions')) ?? {});
  }

  async get(id: string): Promise<TxRecord | undefined> {
    return (await this.storage.get('transactions'))?.[id];
  }

  /**
   * Writes `next` only if its record is now in one of the statuses `from` names (`null`: none
   * yet): whoever moved it first wins, and the loser learns it (false) and does nothing more.
   */
  move(next: TxRecord, from: readonly (TxStatus | null)[]): Promise<boolean> {
    return serially(async () => {
      const all = (await this.storage.get('transactions')) ?? {};
      if (!from.includes(all[next.id]?.status ?? null)) return false;
      all[next.id] = next;
      if (isSettled(next)) prune(all);
      await this.storage.set('transactions', all);
      return true;
    });
  }

  /** Forgets a record still in `status`: one that never became a transaction (nothing was signed). */
  removeIf(id: string, status: TxStatus): Promise<void> {
    return serially(async () => {
      const all = (await this.storage.get('transactions')) ?? {};
      if (all[id]?.status !== status) return;
      delete all[id];
      await this.storage.set('transactions', all);
    });
  }
}

/** Keeps the newest SETTLED_KEPT settled records. */
function prune(all: Record<string, TxRecord>): void {
  const settled = Object.values(all)
    .filter(isSettled)
    .sort((a, b) => b.settledAt - a.settledAt);
  for (const old of settled.slice(SETTLED_KEPT)) delete all[old.id];
}

/** The networks some record may still land on, each once (engines.ts resumes each on its own). */
export async function networksInFlight(storage: StorageArea<'local'>): Promise<NetworkInfo[]> {
  const byUrl = new Map<string, NetworkInfo>();
  for (const r of await new TxRecords(storage).all())
    if (!isSettled(r)) byUrl.set(r.network.rpcUrl, r.network);
  return [...byUrl.values()];
}
