// The accounts one portfolio refresh reads, asked in the same JSON-RPC batch as everything else:
// getMultipleAccounts takes at most 100 keys, so the keys are split into calls of 100 inside the
// one batch (still one HTTP round trip, however many LSTs). Each key is asked once.
import { rpcCall, type DataSlice, type ReadConfig, type RpcCall, type RpcResult } from './rpc-methods';
import { rawAccount, type RawAccount } from './raw-account';
import type { EncodedAccount } from './rpc-shapes';

/** The most keys a node takes in one getMultipleAccounts. */
export const MAX_KEYS_PER_CALL = 100;

type MultipleAccountsCall = RpcCall<'getMultipleAccounts'>;

/** What came back: every asked account (null when absent) and the slot it was read at. */
export interface AccountsRead {
  /** The context slot of the call that answered `address` (undefined if not asked for or not said). */
  slotOf(address: string): number | undefined;
  /** The account, null if it does not exist, undefined if it was not asked for (decoded on first use). */
  get(address: string): RawAccount | null | undefined;
  /** The account as the node sent it (base64), to tell an unchanged account without decoding it. */
  encoded(address: string): EncodedAccount | null | undefined;
}

export class AccountRequest {
  readonly #keys: string[] = [];
  readonly #seen = new Set<string>();

  add(...addresses: string[]): this {
    for (const address of addresses) {
      if (this.#seen.has(address)) continue;
      this.#seen.add(address);
      this.#keys.push(address);
    }
    return this;
  }

  get size(): number {
    return this.#keys.length;
  }

  /** The keys, in the order they are asked. */
  get keys(): readonly string[] {
    return this.#keys;
  }

  /** One getMultipleAccounts per 100 keys (none when there is nothing to ask), each with `config`. */
  calls(config: ReadConfig & { dataSlice?: DataSlice } = {}): MultipleAccountsCall[] {
    const calls: MultipleAccountsCall[] = [];
    for (let i = 0; i < this.#keys.length; i += MAX_KEYS_PER_CALL) {
      calls.push(
        rpcCall('getMultipleAccounts', [
          this.#keys.slice(i, i + MAX_KEYS_PER_CALL),
          { encoding: 'base64', ...config },
        ]),
      );
    }
    return calls;
  }

  /** Reads the answers of `calls()`, in order. */
  read(results: readonly RpcResult<'getMultipleAccounts'>[]): AccountsRead {
    const byKey = new Map<string, EncodedAccount | null>();
    const slots = new Map<string, number | undefined>();
    const decoded = new Map<string, RawAccount>();
    results.forEach((result, call) => {
      result.value.forEach((account, i) => {
        const key = this.#keys[call * MAX_KEYS_PER_CALL + i]!;
        byKey.set(key, account ?? null);
        slots.set(key, result.context?.slot);
      });
    });
    const get = (address: string): RawAccount | null | undefined => {
      const account = byKey.get(address);
      if (!account) return account;
      let raw = decoded.get(address);
      if (!raw) decoded.set(address, (raw = rawAccount(account)));
      return raw;
    };
    return { slotOf: (address) => slots.get(address), get, encoded: (address) => byKey.get(address) };
  }
}
