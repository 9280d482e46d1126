// The SPL stake pool behind each held mint, as the refresh's batch read it. A pool account changes
// rarely (an update once an epoch, a deposit or withdrawal), yet decoding one (a Borsh layout of BNs
// and a dozen public keys) was most of a refresh's own work: a pool whose account came back with
// the same owner and bytes as last time is the pool decoded then. Kept only for the pools of the
// last refresh, so it is bounded by what the account holds.
import { PublicKey } from '@solana/web3.js';
import type { NetworkInfo } from '../../shared/networks';
import type { EncodedAccount } from '../chain/rpc-shapes';
import { knownLstByMint } from '../staking/lst-registry';
import type { RawAccount } from '../chain/raw-account';
import { decodePool } from '../staking/pool-account';
import type { SplPoolLookup } from './holdings';

/** What the refresh read: decoded on demand, and as the node sent it. */
export interface ReadAccounts {
  account(address: string): RawAccount | null | undefined;
  encoded(address: string): EncodedAccount | null | undefined;
}

interface Decoded {
  owner: string;
  data: string;
  result: SplPoolLookup;
}

export class SplPools {
  #last = new Map<string, Decoded>();

  /** A lookup for one refresh; the pools it decodes (or reuses) are kept for the next one. */
  lookup(
    network: NetworkInfo,
    pools: Record<string, string | null>,
    read: ReadAccounts,
  ): (mint: string) => SplPoolLookup {
    const previous = this.#last;
    const next = new Map<string, Decoded>();
    this.#last = next;
    return (mint) => {
      const address = knownLstByMint(mint, network.chain)?.pool ?? pools[mint];
      if (!address) return undefined;
      const encoded = read.encoded(address);
      const was = previous.get(`${address}:${mint}`);
      const result =
        was && encoded && was.owner === encoded.owner && was.data === encoded.data[0]
          ? was.result
          : decoded(address, mint, read.account(address) ?? null);
      if (encoded) next.set(`${address}:${mint}`, { owner: encoded.owner, data: encoded.data[0], result });
      return result;
    };
  }
}

function decoded(address: string, mint: string, account: RawAccount | null): SplPoolLookup {
  try {
    const pool = decodePool(new PublicKey(address), account);
    if (pool.poolMint.toBase58() !== mint)
      return { ok: false, reason: 'Its stake pool now mints another token. Its value is unknown.' };
    return { ok: true, pool };
  } catch (error) {
    return { ok: false, reason: `${(error as Error).message} Its value is unknown.` };
  }
}
