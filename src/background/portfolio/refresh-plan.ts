// Which accounts a portfolio refresh asks for along with the balances, before it knows what the
// account holds: those the last refresh of this account on this network needed (each held token's
// pool, the adapter accounts of INF and mSOL, and the metadata of tokens whose name is due to be
// read again). Small, and kept in storage, so a refresh sends its one batch at once instead of
// first reading the last portfolio (~44 KB for 50 LSTs) to learn which tokens were held.
// A plan is only a guess: the refresh checks what the tokens it finds need and reads whatever the
// plan missed in a second round trip, so a stale or missing plan costs time, never correctness.
import type { StorageArea } from '../storage';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'portfolioPlan:*': RefreshPlan;
  }
}

export interface RefreshPlan {
  /** Accounts every refresh needs while the holdings stay the same. */
  keys: string[];
  /** Metadata accounts of tokens named from metadata: asked again from `namesDueAt` on. */
  nameKeys: string[];
  namesDueAt: number;
}

/** namesDueAt when no name is due (JSON has no Infinity). */
export const NEVER = Number.MAX_SAFE_INTEGER;
const EMPTY: RefreshPlan = { keys: [], nameKeys: [], namesDueAt: NEVER };

export class RefreshPlans {
  /** The plan last loaded or saved per key, as JSON: an unchanged plan is not written again. */
  readonly #written = new Map<string, string>();

  /** `storage`: the worker's kept copy (kept-area.ts), so loading a plan costs no storage read. */
  constructor(private readonly storage: StorageArea<'local'>) {}

  #key = (rpcUrl: string, owner: string) => `portfolioPlan:${rpcUrl}:${owner}` as const;

  /** The plan for this account on this network; an empty one (all read in a second trip) when none was kept. */
  async load(rpcUrl: string, owner: string): Promise<RefreshPlan> {
    const key = this.#key(rpcUrl, owner);
    const stored = await this.storage.get(key);
    const plan = stored && Array.isArray(stored.keys) && Array.isArray(stored.nameKeys) ? stored : EMPTY;
    this.#written.set(key, JSON.stringify(plan));
    return plan;
  }

  /** The accounts to ask for at `now`. */
  static keysAt(plan: RefreshPlan, now: number): string[] {
    return now >= plan.namesDueAt ? [...plan.keys, ...plan.nameKeys] : plan.keys;
  }

  /** Remembers the plan for the next refresh; written only when it changed. */
  async save(rpcUrl: string, owner: string, plan: RefreshPlan): Promise<void> {
    const key = this.#key(rpcUrl, owner);
    const json = JSON.stringify(plan);
    if (this.#written.get(key) === json) return;
    await this.storage.set(key, plan);
    this.#written.set(key, json);
  }
}
