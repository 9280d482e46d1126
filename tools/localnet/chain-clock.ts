// The chain's time: the slot, the blocks produced, the epoch, and the Clock and SlotHashes sysvars
// the programs read, all moved together so they never disagree. A slot lasts `slotMs`: the time of
// slot s is the genesis time plus s slots, which is what block times and the Clock sysvar's
// unix_timestamp say (a validator estimates the same from its votes' timestamps).
import { Clock, type LiteSVM } from 'litesvm';
import { ProducedBlocks } from './produced-blocks.ts';
import { SlotHashes } from './slot-hashes.ts';

/** Mainnet's slot time until SIMD-0525 shortens it. */
const DEFAULT_SLOT_MS = 400;
/** When the localnet's genesis was created (what getBlockTime answers for slot 0). */
export const GENESIS_UNIX = 1_750_000_000;

export class ChainClock {
  #slot: bigint;
  #blockHeight: bigint;
  readonly #slotHashes: SlotHashes;
  readonly blocks: ProducedBlocks;
  readonly slotMs: bigint;
  readonly #listeners: (() => void)[] = [];

  constructor(
    private readonly svm: LiteSVM,
    start: { slot: bigint; blockHeight: bigint; slotMs?: number },
  ) {
    this.#slot = start.slot;
    this.#blockHeight = start.blockHeight;
    const slotMs = start.slotMs ?? DEFAULT_SLOT_MS;
    if (!Number.isInteger(slotMs) || slotMs < 1)
      throw new Error(`slot time must be a whole number of ms: ${slotMs}`);
    this.slotMs = BigInt(slotMs);
    this.blocks = new ProducedBlocks(start.slot);
    this.#sync();
    this.#slotHashes = new SlotHashes(svm);
    this.#slotHashes.record(0n, this.#slot);
  }

  get slot(): bigint {
    return this.#slot;
  }
  /**
   * Blocks produced. Advancing an epoch jumps the slot without producing blocks (as skipped
   * slots do), so blockhashes handed out just before an epoch change stay usable.
   */
  get blockHeight(): bigint {
    return this.#blockHeight;
  }
  get slotsPerEpoch(): bigint {
    return this.svm.getEpochSchedule().slotsPerEpoch;
  }
  get epoch(): bigint {
    return this.#slot / this.slotsPerEpoch;
  }
  get blockTime(): number {
    return this.timeOf(this.#slot);
  }

  /** The unix time of `slot`, in whole seconds as block times are. */
  timeOf(slot: bigint): number {
    return GENESIS_UNIX + Number((slot * this.slotMs) / 1000n);
  }

  /** Produces `count` blocks. */
  advanceSlots(count: bigint): void {
    const from = this.#slot + 1n;
    this.#slot += count;
    this.#blockHeight += count;
    this.#sync();
    this.#slotHashes.record(from, this.#slot);
    this.blocks.produced(from, this.#slot);
    for (const listener of this.#listeners) listener();
  }

  /** Calls `listener` after every move of the slot (what keeps simulated validators voting). */
  onAdvance(listener: () => void): void {
    this.#listeners.push(listener);
  }

  /** Moves to the first slot of the next epoch. */
  advanceEpoch(): bigint {
    const next = this.epoch + 1n;
    this.#slot = next * this.slotsPerEpoch;
    this.#sync();
    // The slots in between were skipped: no block, no slot hash.
    this.#slotHashes.record(this.#slot, this.#slot);
    this.blocks.produced(this.#slot, this.#slot);
    for (const listener of this.#listeners) listener();
    return next;
  }

  #sync(): void {
    const epoch = this.epoch;
    const epochStartSlot = epoch * this.slotsPerEpoch;
    this.svm.setClock(
      new Clock(this.#slot, BigInt(this.timeOf(epochStartSlot)), epoch, epoch + 1n, BigInt(this.blockTime)),
    );
  }
}
