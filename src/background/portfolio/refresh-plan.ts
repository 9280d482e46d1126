// What a portfolio refresh asks for along with the balances, before it knows what the account
// holds: the account's own token and stake accounts as the last refresh read them (read directly,
// never from an index: see owned-accounts.ts), what valued them (each held token's pool, the
// adapter accounts of INF and mSOL, the metadata of tokens whose name is due to be read again), and
// each held mint's decimals. Small, and kept in storage, so a refresh sends its one batch at once
// instead of first reading the last portfolio (~44 KB for 50 LSTs) to learn which tokens were held.
// A plan is only a guess: the refresh checks what it finds and reads whatever the plan missed in
// another round trip, so a stale or missing plan costs time, never correctness.
//
// The plan also carries the account's transactions that landed since the last refresh (`note`,
// told by the sender): the next refresh reads what each wrote directly, from the slot it landed in
// on, so an account the index has not caught up with is read all the same and nothing older than
// the transaction is shown. The refresh that did so clears them (`save`).
import type { StorageArea } from '../storage';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'portfolioPlan:*': RefreshPlan;
  }
}

/** A transaction of the account that landed: the slot it landed in and the accounts it wrote (the account itself aside). */
export interface LandedNote {
  signature: string;
  slot: number;
  accounts: string[];
  /** When it was noted (ms): a note no refresh could honour is dropped after NOTE_TTL_MS. */
  at: number;
}

export interface RefreshPlan {
  /** Accounts every refresh needs while the holdings stay the same. */
  keys: string[];
  /** Metadata accounts of tokens named from metadata: asked again from `namesDueAt` on. */
  nameKeys: string[];
  namesDueAt: number;
  /** Read directly in every batch: the owner's token and stake accounts, and those an index lists that a direct read refuted. */
  watch: string[];
  /** Decimals of each mint held: fixed when a mint is created, so a balance needs no read of its mint. */
  decimals: Record<string, number>;
  /** Transactions landed since the last refresh, oldest first (written by `note` only). */
  landed: LandedNote[];
}

/** namesDueAt when no name is due (JSON has no Infinity). */
export const NEVER = Number.MAX_SAFE_INTEGER;
const EMPTY: RefreshPlan = { keys: [], nameKeys: [], namesDueAt: NEVER, watch: [], decimals: {}, landed: [] };
/**
 * A landed transaction is read from its slot on for this long at most: a node that has not
 * reached the slot by then is not catching up (a local chain started afresh at the same URL),
 * and failing every refresh for it would show nothing at all.
 */
const NOTE_TTL_MS = 120_000;
const MAX_NOTES = 16;

const current = (notes: LandedNote[], now: number) => notes.filter((n) => now - n.at < NOTE_TTL_MS);

export class RefreshPlans {
  /** The plan last loaded or saved per key, as JSON: an unchanged plan is not written again. */
  readonly #written = new Map<string, string>();
  /** Loads, saves and notes, one at a time: a note landing during a refresh is kept by its save. */
  #queue: Promise<unknown> = Promise.resolve();

  /** `storage`: the worker's cache (cached-area.ts), so loading a plan costs no storage read. */
  constructor(private readonly storage: StorageArea<'local'>) {}

  #key = (rpcUrl: string, owner: string) => `portfolioPlan:${rpcUrl}:${owner}` as const;

  #serially<T>(step: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(step, step);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #stored(key: `portfolioPlan:${string}`): Promise<RefreshPlan | null> {
    const stored = await this.storage.get(key);
    return stored && Array.isArray(stored.keys) && Array.isArray(stored.watch) && Array.isArray(stored.landed)
      ? stored
      : null;
  }

  async #write(key: `portfolioPlan:${string}`, plan: RefreshPlan): Promise<void> {
    const json = JSON.stringify(plan);
    if (this.#written.get(key) === json) return;
    await this.storage.set(key, plan);
    this.#written.set(key, json);
  }

  /** The plan for this account on this network; an empty one (all read in further trips) when none was kept. */
  load(rpcUrl: string, owner: string, now = Date.now()): Promise<RefreshPlan> {
    return this.#serially(async () => {
      const key = this.#key(rpcUrl, owner);
      const stored = await this.#stored(key);
      // Nothing kept: the first plan is written even if empty (a note needs a plan to land in).
      if (stored) this.#written.set(key, JSON.stringify(stored));
      else this.#written.delete(key);
      const plan = stored ?? EMPTY;
      return { ...plan, landed: current(plan.landed, now) };
    });
  }

  /** The accounts to ask for at `now`. */
  static keysAt(plan: RefreshPlan, now: number): string[] {
    return now >= plan.namesDueAt ? [...plan.keys, ...plan.nameKeys] : plan.keys;
  }

  /**
   * Remembers the plan for the next refresh (written only when it changed). Its `landed` is what
   * is stored now, less the transactions `honoured` (read by the refresh that made the plan).
   */
  save(rpcUrl: string, owner: string, plan: RefreshPlan, honoured: ReadonlySet<string>): Promise<void> {
    return this.#serially(async () => {
      const key = this.#key(rpcUrl, owner);
      const landed = current((await this.#stored(key))?.landed ?? [], Date.now());
      await this.#write(key, { ...plan, landed: landed.filter((n) => !honoured.has(n.signature)) });
    });
  }

  /** A transaction of `owner` landed: noted only for an account this wallet has refreshed here. */
  note(rpcUrl: string, owner: string, note: LandedNote): Promise<void> {
    return this.#serially(async () => {
      const key = this.#key(rpcUrl, owner);
      const plan = await this.#stored(key);
      if (!plan) return;
      await this.#write(key, { ...plan, landed: [...current(plan.landed, note.at), note].slice(-MAX_NOTES) });
    });
  }
}
