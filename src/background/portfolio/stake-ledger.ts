// The SOL a person put into each LST through Tidepool, per network and account: recorded when a
// stake's outcome is read back from the chain (tokens actually received, lamports deposited).
// "Earned" compares what those same tokens are worth now with what was put in. When fewer tokens
// are held than were staked (unstaked, sent), both sides shrink in proportion: average cost.
import type { EarnedSummary } from '../../shared/staking';
import type { StakedOutcome } from '../staking/outcomes';
import type { StorageArea } from '../storage';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'stakeLedger:*': StakeLedgerEntries;
  }
}

/** One stake as the staking engine read it back, with where and when. */
interface StakeRecord extends StakedOutcome {
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

export class StakeLedger {
  constructor(private readonly storage: StorageArea<'local'>) {}

  #key = (rpcUrl: string, owner: string): `stakeLedger:${string}` => `stakeLedger:${rpcUrl}:${owner}`;

  async record(stake: StakeRecord): Promise<void> {
    if (stake.tokensReceived <= 0n || stake.lamportsIn <= 0n) return;
    const key = this.#key(stake.rpcUrl, stake.owner);
    const entries = (await this.storage.get(key)) ?? {};
    const was = entries[stake.mint];
    entries[stake.mint] = {
      stakedLamports: (BigInt(was?.stakedLamports ?? 0) + stake.lamportsIn).toString(),
      tokens: (BigInt(was?.tokens ?? 0) + stake.tokensReceived).toString(),
      since: was?.since ?? stake.at,
      stakes: (was?.stakes ?? 0) + 1,
    };
    await this.storage.set(key, entries);
  }

  async load(rpcUrl: string, owner: string): Promise<LedgerView> {
    return new LedgerView((await this.storage.get(this.#key(rpcUrl, owner))) ?? {});
  }

  async save(rpcUrl: string, owner: string, view: LedgerView): Promise<void> {
    if (view.changed) await this.storage.set(this.#key(rpcUrl, owner), view.entries);
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
