// The blockhashes a node hands out and accepts: each one derived from the chain's blockhash seed
// and its issue number (so two chains with different seeds never share one, and a seed replays its
// sequence), valid for BLOCKHASH_VALIDITY blocks from the block height it was issued at.
import type { LiteSVM } from 'litesvm';
import { derivedHash } from './genesis.ts';

/** How many blocks a blockhash stays usable, as on a real cluster. */
export const BLOCKHASH_VALIDITY = 150n;

export class Blockhashes {
  /** blockhash → last valid block height, in the order they were issued (so oldest first). */
  readonly #valid = new Map<string, bigint>();
  #issued: bigint;

  constructor(
    private readonly svm: LiteSVM,
    private readonly seed: string,
    issued = 0n,
  ) {
    this.#issued = issued;
  }

  /** How many this chain has handed out: a restart continues the sequence instead of replaying it. */
  get issued(): bigint {
    return this.#issued;
  }

  /** A fresh blockhash for every caller, valid for the next BLOCKHASH_VALIDITY blocks. */
  issue(blockHeight: bigint): { blockhash: string; lastValidBlockHeight: bigint } {
    this.#forgetExpired(blockHeight);
    const number = Buffer.alloc(8);
    number.writeBigUInt64LE(this.#issued++);
    const blockhash = derivedHash('blockhash', this.seed, number);
    // The SVM's own blockhash is what a durable nonce advances to; it must move on as blockhashes do.
    this.svm.expireBlockhash();
    const lastValidBlockHeight = blockHeight + BLOCKHASH_VALIDITY;
    this.#valid.set(blockhash, lastValidBlockHeight);
    return { blockhash, lastValidBlockHeight };
  }

  /** True only for a blockhash this chain issued that has not expired. */
  isValid(blockhash: string, blockHeight: bigint): boolean {
    const lastValid = this.#valid.get(blockhash);
    return lastValid !== undefined && blockHeight <= lastValid;
  }

  #forgetExpired(blockHeight: bigint): void {
    for (const [blockhash, lastValid] of this.#valid) {
      if (lastValid >= blockHeight) return;
      this.#valid.delete(blockhash);
    }
  }
}
