// What a custom RPC URL is: the cluster its node names when asked getGenesisHash (what each hash
// means is shared/networks.ts's customNetwork). The one place a network's cluster is resolved: the
// wallet's histories (income, what was staked, rates seen) are kept under the genesis hash it
// gives (genesisHash), a public cluster's named by its chain, any other network's asked here.
//
// The answer is kept per URL in session storage: one question per URL per browser session, a
// worker restart reads it back. Not longer: a URL can be re-pointed at another cluster (a
// provider's endpoint, a local validator started afresh), so a browser restart asks again, and so
// does setting the network in Settings. A failed question is kept in memory only, and asked again
// on the first request after RETRY_MS: an outage costs one unanswered question per half minute,
// not one per request, and a node that comes back is named soon after.
import { WalletError } from '../shared/errors';
import { customNetwork, publicGenesisHash, type NetworkInfo } from '../shared/networks';
import { addressSchema } from '../shared/validate';
import { RpcClient } from './chain/rpc-client';
import type { StorageArea } from './storage';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module './storage' {
  interface StoredTypes {
    genesisHashes: Record<string, string>; // custom RPC URL → the genesis hash it answered
  }
}

const RETRY_MS = 30_000;

export class CustomNetworks {
  /** Questions asked in this worker, by URL: in flight, answered, or failed at a time. */
  readonly #asked = new Map<string, Promise<string | null>>();
  readonly #failedAt = new Map<string, number>();

  constructor(
    private readonly session: StorageArea<'session'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The network `rpcUrl` is; `askAgain`: forget what was answered for it (the person just set it). */
  async of(rpcUrl: string, { askAgain = false } = {}): Promise<NetworkInfo> {
    return customNetwork(rpcUrl, await this.#answer(rpcUrl, askAgain));
  }

  /**
   * The genesis hash of `network`'s cluster: a public cluster's chain names it; any other network's
   * node is asked as `of` asks (the same answer, kept per URL). No answer is an rpc_error.
   */
  async genesisHash(network: NetworkInfo): Promise<string> {
    const hash = publicGenesisHash(network.chain) ?? (await this.#answer(network.rpcUrl, false));
    if (hash === null)
      throw new WalletError(
        'rpc_error',
        `${network.label} did not say which cluster it is (getGenesisHash).`,
      );
    return hash;
  }

  /** The hash the node at `rpcUrl` answered (null: no answer), asked at most once per RETRY_MS after a failure. */
  #answer(rpcUrl: string, askAgain: boolean): Promise<string | null> {
    const failedAt = this.#failedAt.get(rpcUrl);
    if (askAgain || (failedAt !== undefined && this.now() - failedAt >= RETRY_MS)) {
      this.#asked.delete(rpcUrl);
      this.#failedAt.delete(rpcUrl);
    }
    let asked = this.#asked.get(rpcUrl);
    if (!asked) {
      asked = this.#genesisHash(rpcUrl, askAgain);
      this.#asked.set(rpcUrl, asked);
    }
    return asked;
  }

  async #genesisHash(rpcUrl: string, askAgain: boolean): Promise<string | null> {
    const known = askAgain ? undefined : (await this.session.get('genesisHashes'))?.[rpcUrl];
    if (known) return known;
    let hash: string;
    try {
      // Asked of the URL as the unidentified network it is until it answers; what is no 32-byte
      // hash is no answer (it becomes part of storage keys).
      const answer = await new RpcClient(customNetwork(rpcUrl, null)).call('getGenesisHash', []);
      hash = addressSchema.parse(answer, 'genesis hash');
    } catch {
      this.#failedAt.set(rpcUrl, this.now());
      return null;
    }
    const kept = (await this.session.get('genesisHashes')) ?? {};
    await this.session.set('genesisHashes', { ...kept, [rpcUrl]: hash }).catch(() => undefined); // asked again next session
    return hash;
  }
}
