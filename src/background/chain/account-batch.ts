// The accounts one portfolio refresh reads, asked in the same JSON-RPC batch as everything else:
// getMultipleAccounts takes at most 100 keys, so the keys are split into calls of 100 inside the
// one batch (still one HTTP round trip, however many LSTs). Each key is asked once.
import { rpcCall, type RpcCall, type RpcResult } from './rpc-methods';
import { rawAccount, type RawAccount } from './raw-account';

/** The most keys a node takes in one getMultipleAccounts. */
export const MAX_KEYS_PER_CALL = 100;

type MultipleAccountsCall = RpcCall<'getMultipleAccounts'>;

/** What came back: every asked account (null when absent) and the slot it was read at. */
export interface AccountsRead {
  slot: number;
  /** The account, null if it does not exist, undefined if it was not asked for. */
  get(address: string): RawAccount | null | undefined;
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

  /** One getMultipleAccounts per 100 keys (none when there is nothing to ask). */
  calls(): MultipleAccountsCall[] {
    const calls: MultipleAccountsCall[] = [];
    for (let i = 0; i < this.#keys.length; i += MAX_KEYS_PER_CALL) {
      calls.push(rpcCall('getMultipleAccounts', [this.#keys.slice(i, i + MAX_KEYS_PER_CALL), { encoding: 'base64' }]));
    }
    return calls;
  }

  /** Reads the answers of `calls()`, in order. */
  read(results: readonly RpcResult<'getMultipleAccounts'>[]): AccountsRead {
    const byKey = new Map<string, RawAccount | null>();
    let slot = 0;
    results.forEach((result, call) => {
      slot = Math.max(slot, result.context?.slot ?? 0);
      result.value.forEach((account, i) => {
        byKey.set(this.#keys[call * MAX_KEYS_PER_CALL + i]!, account ? rawAccount(account) : null);
      });
    });
    return { slot, get: (address) => byKey.get(address) };
  }
}
