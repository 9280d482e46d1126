// The SOL a person put into each LST through Tidepool, per cluster and account: recorded when a
// stake's outcome is read back from the chain (tokens actually received, lamports deposited).
// Kept under the cluster's genesis hash, so every RPC URL of one cluster shares it (a ledger an
// older Tidepool kept under the URL is moved there on first load: moveUrlKeyed).
// "Earned" compares what those same tokens are worth now with what was put in. When fewer tokens
// are held than were staked (unstaked, sent), both sides shrink in proportion: average cost.
import type { EarnedSummary } from '../../shared/staking';
import type { StakedOutcome } from '../staking/outcomes';
import { moveUrlKeyed, type StorageArea } from '../storage';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'stakeLedger:*': StakeLedgerEntries;
  }
}

/** One stake as the staking engine read it back, with where and when. */
interface StakeRecord extends StakedOutcome {
  /** The cluster's genesis hash. */
  cluster: string;
  rpcUrl: string;
  at: number;
}

interface Entry {
  stakedLamports: string;
  tokens: string;
  since: number;
  stakes: number;
}
type StakeLedgerEntries = Record<string, Entry>; // by mint

/** Two ledgers of one cluster (kept under two RPC URLs before): their stakes added up. */
function mergeLedgers(kept: StakeLedgerEntries, old: StakeLedgerEntries): StakeLedgerEntries {
  const merged = { ...kept };
  for (const [mint, entry] of Object.entries(old)) {
    const was = merged[mint];
    merged[mint] = was
      ? {
          stakedLamports: (BigInt(was.stakedLamports) + BigInt(entry.stakedLamports)).toString(),
          tokens: (BigInt(was.tokens) + BigInt(entry.tokens)).toString(),
          since: Math.min(was.since, entry.since),
          stakes: was.stakes + entry.stakes,
        }
      : entry;
  }
  return merged;
}

export class StakeLedger {
  constructor(private readonly storage: StorageArea<'local'>) {}

  #key = (cluster: string, owner: string): `stakeLedger:${string}` => `stakeLedger:${cluster}:${owner}`;

  /** The ledger of `owner` on `cluster`, with what was kept under `rpcUrl` before moved into it. */
  async #entries(cluster: string, rpcUrl: string, owner: string): Promise<StakeLedgerEntries> {
    const moved = await moveUrlKeyed<'stakeLedger:*'>(this.storage, {
      clusterKey: this.#key(cluster, owner),
      urlKey: this.#key(rpcUrl, owner),
      empty: {},
      merge: mergeLedgers,
    });
    return moved ?? {};
  }

  async record(stake: StakeRecord): Promise<void> {
    if (stake.tokensReceived <= 0n || stake.lamportsIn <= 0n) return;
    const entries = await this.#entries(stake.cluster, stake.rpcUrl, stake.owner);
    const key = this.#key(stake.cluster, stake.owner);
    const was = entries[stake.mint];
    entries[stake.mint] = {
      stakedLamports: (BigInt(was?.stakedLamports ?? 0) + stake.lamportsIn).toString(),
      tokens: (BigInt(was?.tokens ?? 0) + stake.tokensReceived).toString(),
      since: was?.since ?? stake.at,
      stakes: (was?.stakes ?? 0) + 1,
    };
    await this.storage.set(key, entries);
  }

  /** What `tokens` of `mint` cost on average, as far as this ledger saw them staked: the tokens it covers, and their SOL. */
  async costOf(
    where: { cluster: string; rpcUrl: string; owner: string },
    mint: string,
    tokens: bigint,
  ): Promise<{ tokens: bigint; lamports: bigint }> {
    const entry = (await this.#entries(where.cluster, where.rpcUrl, where.owner))[mint];
    const held = BigInt(entry?.tokens ?? 0);
    if (!entry || held === 0n) return { tokens: 0n, lamports: 0n };
    const covered = tokens < held ? tokens : held;
    return { tokens: covered, lamports: (BigInt(entry.stakedLamports) * covered) / held };
  }

  async load(cluster: string, rpcUrl: string, owner: string): Promise<LedgerView> {
    return new LedgerView(await this.#entries(cluster, rpcUrl, owner));
  }

  async save(cluster: string, owner: string, view: LedgerView): Promise<void> {
    if (view.changed) await this.storage.set(this.#key(cluster, owner), view.entries);
  }
}

export class LedgerView {
  changed = false;
  constructor(readonly entries: StakeLedgerEntries) {}

  /**
   * What staking earned on `mint` given today's balance and rate (`valueOf` values tokens in
   * lamports); null when nothing was staked through Tidepool or the tokens cannot be valued.
   */
  earned(mint: string, balance: bigint, valueOf: (tokens: bigint) => bigint | null): EarnedSummary | null {
    const entry = this.entries[mint];
    if (!entry) return null;
    let tokens = BigInt(entry.tokens);
    let staked = BigInt(entry.stakedLamports);
    if (balance < tokens) {
      // Fewer held than staked: the rest left the wallet; keep the cost of what is still held.
      staked = tokens === 0n ? 0n : (staked * balance) / tokens;
      tokens = balance;
      if (tokens === 0n) {
        delete this.entries[mint];
        this.changed = true;
        return null;
      }
      this.entries[mint] = { ...entry, tokens: tokens.toString(), stakedLamports: staked.toString() };
      this.changed = true;
    }
    const value = valueOf(tokens);
    if (value === null) return null;
    return {
      stakedLamports: staked.toString(),
      tokens: tokens.toString(),
      valueLamports: value.toString(),
      earnedLamports: (value - staked).toString(),
      since: entry.since,
      stakes: entry.stakes,
    };
  }
}
