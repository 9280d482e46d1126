// The transactions that landed on the local chain, as a node keeps them: by signature (getTransaction,
// signature statuses) and, per address, in the order they landed (getSignaturesForAddress).
import type { RpcTransactionError } from './tx-errors.ts';
import type { TokenBalance } from './parsed-accounts.ts';

export interface TransactionRecord {
  signature: string;
  slot: bigint;
  blockTime: number;
  err: RpcTransactionError | null;
  logs: string[];
  fee: bigint;
  wire: Uint8Array;
  version: 'legacy' | 0;
  accountKeys: string[];
  preBalances: bigint[];
  postBalances: bigint[];
  preTokenBalances: TokenBalance[];
  postTokenBalances: TokenBalance[];
  computeUnits: bigint;
}

export class TransactionHistory {
  readonly #bySignature = new Map<string, TransactionRecord>();
  /** Signatures per address, oldest first. */
  readonly #byAddress = new Map<string, string[]>();
  /** The slot of every transaction, in the order they landed (so ascending). */
  readonly #slots: bigint[] = [];

  add(record: TransactionRecord): void {
    this.#bySignature.set(record.signature, record);
    this.#slots.push(record.slot);
    for (const key of new Set(record.accountKeys)) {
      const list = this.#byAddress.get(key) ?? [];
      list.push(record.signature);
      this.#byAddress.set(key, list);
    }
  }

  get count(): number {
    return this.#bySignature.size;
  }

  /** How many transactions landed in slots after `after`, up to and including `upTo`. */
  countInSlots(after: bigint, upTo: bigint): number {
    return this.#landedBy(upTo) - this.#landedBy(after);
  }

  /** How many landed in slots up to and including `slot` (a binary search over the ascending slots). */
  #landedBy(slot: bigint): number {
    let low = 0;
    let high = this.#slots.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.#slots[mid]! <= slot) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  get(signature: string): TransactionRecord | undefined {
    return this.#bySignature.get(signature);
  }

  /** Newest first, as getSignaturesForAddress returns them. */
  forAddress(address: string, limit: number, before?: string): TransactionRecord[] {
    const list = this.#byAddress.get(address) ?? [];
    let end = list.length;
    if (before) {
      const at = list.lastIndexOf(before);
      if (at >= 0) end = at;
    }
    const out: TransactionRecord[] = [];
    for (let i = end - 1; i >= 0 && out.length < limit; i--) out.push(this.#bySignature.get(list[i]!)!);
    return out;
  }
}
