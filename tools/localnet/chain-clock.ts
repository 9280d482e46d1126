// The chain's time: the slot, the blocks produced, the epoch, and the Clock and SlotHashes sysvars
// the programs read, all moved together so they never disagree.
import { Clock, type LiteSVM } from 'litesvm';
import { SlotHashes } from './slot-hashes.ts';

const SLOT_MS = 400n;
const GENESIS_UNIX = 1_750_000_000n;

export class ChainClock {
  #slot: bigint;
  #blockHeight: bigint;
  readonly #slotHashes: SlotHashes;

  constructor(
    private readonly svm: LiteSVM,
    start: { slot: bigint; blockHeight: bigint },
  ) {
    this.#slot = start.slot;
    this.#blockHeight = start.blockHeight;
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
    return Number(GENESIS_UNIX + (this.#slot * SLOT_MS) / 1000n);
  }

  /** Produces `count` blocks. */
  advanceSlots(count: bigint): void {
    const from = this.#slot + 1n;
    this.#slot += count;
    this.#blockHeight += count;
    this.#sync();
    this.#slotHashes.record(from, this.#slot);
  }

  /** Moves to the first slot of the next epoch. */
  advanceEpoch(): bigint {
    const next = this.epoch + 1n;
    this.#slot = next * this.slotsPerEpoch;
    this.#sync();
    // The slots in between were skipped: no block, no slot hash.
    this.#slotHashes.record(this.#slot, this.#slot);
    return next;
  }

  #sync(): void {
    const epoch = this.epoch;
    const epochStartSlot = epoch * this.slotsPerEpoch;
    this.svm.setClock(
      new Clock(
        this.#slot,
        GENESIS_UNIX + (epochStartSlot * SLOT_MS) / 1000n,
        epoch,
        epoch + 1n,
        BigInt(this.blockTime),
      ),
    );
  }
}
