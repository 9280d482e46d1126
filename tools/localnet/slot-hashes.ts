// The SlotHashes sysvar as a validator keeps it: the newest MAX_SLOT_HASHES produced slots, newest
// first, each with a hash. Here the current slot is included too, because getSlot answers the
// current slot and a dApp's createLookupTable takes its "recent slot" from there.
import type { LiteSVM } from 'litesvm';
import { address as kitAddress, lamports as kitLamports } from '@solana/kit';
import { createHash } from 'node:crypto';

export const SYSVAR_OWNER = 'Sysvar1111111111111111111111111111111111111';
const SLOT_HASHES = 'SysvarS1otHashes111111111111111111111111111';
/** How many slots the SlotHashes sysvar remembers on every cluster. */
const MAX_SLOT_HASHES = 512;

export class SlotHashes {
  /** Produced slots, newest first. */
  #slots: bigint[] = [];

  constructor(private readonly svm: LiteSVM) {}

  /** Slots `from`..`to` were produced (only the newest MAX_SLOT_HASHES are kept): rewrites the sysvar. */
  record(from: bigint, to: bigint): void {
    const first = from > to - BigInt(MAX_SLOT_HASHES) ? from : to - BigInt(MAX_SLOT_HASHES) + 1n;
    for (let slot = first < 0n ? 0n : first; slot <= to; slot++) this.#slots.unshift(slot);
    this.#slots.length = Math.min(this.#slots.length, MAX_SLOT_HASHES);
    const data = Buffer.alloc(8 + MAX_SLOT_HASHES * 40);
    data.writeBigUInt64LE(BigInt(this.#slots.length), 0);
    this.#slots.forEach((slot, i) => {
      data.writeBigUInt64LE(slot, 8 + 40 * i);
      createHash('sha256')
        .update(`tidepool-localnet slot ${slot}`)
        .digest()
        .copy(data, 16 + 40 * i);
    });
    const current = this.svm.getAccount(kitAddress(SLOT_HASHES));
    // Written straight into the SVM (not through the chain's setAccount): sysvars are never part of a snapshot.
    this.svm.setAccount({
      address: kitAddress(SLOT_HASHES),
      lamports: kitLamports(current.exists ? BigInt(current.lamports) : 1n),
      programAddress: kitAddress(SYSVAR_OWNER),
      executable: false,
      data: new Uint8Array(data),
      space: BigInt(data.length),
    });
  }
}
