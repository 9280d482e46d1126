// Which cluster an engine's network is: its genesis hash, which no other cluster can have. The
// wallet's histories (income, cost of what was staked, observed rates) are kept under it, not
// under an RPC URL, so two URLs of one cluster share them. A public cluster's chain names its
// hash; any other network's node is asked once per engine, inside a batch the caller sends anyway
// where it can (question/learn), else on its own.
import { publicGenesisHash } from '../../shared/networks';
import { addressSchema } from '../../shared/validate';
import type { RpcClient } from './rpc-client';
import { rpcCall } from './rpc-methods';

export class ClusterIdentity {
  #hash: string | null;
  #asking: Promise<string> | null = null;

  constructor(private readonly rpc: RpcClient) {
    this.#hash = publicGenesisHash(rpc.network.chain);
  }

  /** The cluster's genesis hash if already known. */
  get known(): string | null {
    return this.#hash;
  }

  /** The call to put in a batch while the hash is not known (then hand its answer to `learn`). */
  question() {
    return this.#hash === null ? rpcCall('getGenesisHash', []) : null;
  }

  /** The node's answer to `question`: a 32-byte base58 hash, or the answer is refused. */
  learn(answer: unknown): string {
    this.#hash ??= addressSchema.parse(answer, 'genesis hash');
    return this.#hash;
  }

  /** The hash, asking the node alone if no batch has learned it yet. */
  async hash(): Promise<string> {
    if (this.#hash !== null) return this.#hash;
    this.#asking ??= this.rpc.call('getGenesisHash', []).then(
      (answer) => this.learn(answer),
      (error: unknown) => {
        this.#asking = null; // asked again next time
        throw error;
      },
    );
    return this.#asking;
  }
}
