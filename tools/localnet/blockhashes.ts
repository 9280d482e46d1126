// The blockhashes a node hands out and accepts: each one valid for BLOCKHASH_VALIDITY blocks from
// the block height it was issued at, as on a real cluster.
import type { LiteSVM } from 'litesvm';

/** How many blocks a blockhash stays usable, as on a real cluster. */
export const BLOCKHASH_VALIDITY = 150n;

export class Blockhashes {
  /** blockhash → last valid block height, in the order they were issued. */
  readonly #valid = new Map<string, bigint>();

  constructor(
    private readonly svm: LiteSVM,
    blockHeight: bigint,
  ) {
    this.#valid.set(svm.latestBlockhash(), blockHeight + BLOCKHASH_VALIDITY);
  }

  /** A fresh blockhash for every caller, valid for the next BLOCKHASH_VALIDITY blocks. */
  issue(blockHeight: bigint): { blockhash: string; lastValidBlockHeight: bigint } {
    this.svm.expireBlockhash();
    const blockhash = this.svm.latestBlockhash();
    const lastValidBlockHeight = blockHeight + BLOCKHASH_VALIDITY;
    this.#valid.set(blockhash, lastValidBlockHeight);
    return { blockhash, lastValidBlockHeight };
  }

  isValid(blockhash: string, blockHeight: bigint): boolean {
    const lastValid = this.#valid.get(blockhash);
    return lastValid !== undefined && blockHeight <= lastValid;
  }
}
