// The slots that hold a block, as a node's blockstore knows them: every slot the chain produced
// from its first available block on, without the slots an epoch jump skipped. Kept as ranges, so
// an epoch of skipped slots costs nothing.
export class ProducedBlocks {
  /** Inclusive [first, last] ranges, ascending and never touching. */
  readonly #ranges: [bigint, bigint][];

  constructor(first: bigint) {
    this.#ranges = [[first, first]];
  }

  get first(): bigint {
    return this.#ranges[0]![0];
  }

  /** Slots `from`..`to` now hold blocks (`from` above every slot recorded so far). */
  produced(from: bigint, to: bigint): void {
    const last = this.#ranges.at(-1)!;
    if (from === last[1] + 1n) last[1] = to;
    else this.#ranges.push([from, to]);
  }

  has(slot: bigint): boolean {
    return this.#ranges.some(([first, last]) => slot >= first && slot <= last);
  }

  /** Blocks from `start` up to `end` (both inclusive), at most `limit` of them, ascending. */
  between(start: bigint, end: bigint, limit = Infinity): bigint[] {
    const out: bigint[] = [];
    for (const [first, last] of this.#ranges) {
      for (let slot = first > start ? first : start; slot <= last && slot <= end; slot++) {
        if (out.length >= limit) return out;
        out.push(slot);
      }
    }
    return out;
  }
}
