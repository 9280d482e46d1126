// A secondary index that lags the bank, as RPC providers' indexes do (issue: balances and stake
// accounts from getProgramAccounts flip back right after a transaction). With a lag of N, the
// index answers as it was N writes ago: it keeps, for each of the last N writes, the accounts as
// they were just before it, and an address written in that window is answered with its state from
// before the window's first write to it (absent if it did not exist then). A write is one
// transaction, one airdrop or one localnet_setAccount. Direct reads of accounts never lag.
import type { AccountReader, StoredAccount } from './accounts.ts';

export class IndexLag {
  /** Oldest first: for each write in the window, each address it wrote and its state before. */
  readonly #window: Map<string, StoredAccount | null>[] = [];

  constructor(
    private readonly reader: AccountReader,
    readonly writes: number,
  ) {
    if (!Number.isInteger(writes) || writes < 0)
      throw new Error(`index lag must be a number of writes: ${writes}`);
  }

  /** `addresses` are about to be written: remember them as they are now. */
  beforeWrite(addresses: Iterable<string>): void {
    if (this.writes === 0) return;
    const before = new Map<string, StoredAccount | null>();
    for (const address of addresses)
      if (!before.has(address)) before.set(address, this.reader.getAccount(address));
    this.#window.push(before);
    if (this.#window.length > this.writes) this.#window.shift();
  }

  /** Every address written in the window, with its state from before the window. */
  #stale(): Map<string, StoredAccount | null> {
    const stale = new Map<string, StoredAccount | null>();
    for (const write of this.#window)
      for (const [address, account] of write) if (!stale.has(address)) stale.set(address, account);
    return stale;
  }

  /**
   * What the lagging index answers for a query whose live answer is `live` and which would match
   * an account `matches`: the live answer without the addresses written in the window, plus those
   * whose state from before the window matches.
   */
  answer(
    live: { address: string; account: StoredAccount }[],
    matches: (account: StoredAccount) => boolean,
  ): { address: string; account: StoredAccount }[] {
    if (this.#window.length === 0) return live;
    const stale = this.#stale();
    const out = live.filter(({ address }) => !stale.has(address));
    for (const [address, account] of stale) if (account && matches(account)) out.push({ address, account });
    return out;
  }
}
