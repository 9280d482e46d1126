// What each epoch boundary paid (localnet_advanceEpoch), kept as a node keeps the epoch's first
// block with its rewards: for a bounded number of epochs, so getInflationReward can answer for the
// epochs it still holds and refuse older ones as a node that cleaned up its ledger does.
/** One reward as a node records it in the epoch's first block (what getInflationReward answers). */
export interface PaidReward {
  address: string;
  kind: 'staking' | 'voting';
  lamports: bigint;
  postBalance: bigint;
  /** The vote account's inflation commission when it was paid (null: no vote account to read). */
  commissionBps: number | null;
}

/** How many epochs of rewards a localnet keeps unless told otherwise. */
const DEFAULT_REWARD_EPOCHS = 16;

export interface EpochRewards {
  /** The first block of the next epoch, where the rewards were credited. */
  effectiveSlot: bigint;
  byAddress: ReadonlyMap<string, PaidReward>;
}

export class RewardHistory {
  /** Oldest first. */
  readonly #epochs = new Map<bigint, EpochRewards>();

  constructor(readonly keep: number = DEFAULT_REWARD_EPOCHS) {
    if (!Number.isInteger(keep) || keep < 1)
      throw new Error(`reward history must keep at least one epoch: ${keep}`);
  }

  /** The rewards paid for `epoch` (none is a record too: the epoch ended, nobody earned). */
  record(epoch: bigint, effectiveSlot: bigint, paid: PaidReward[]): void {
    this.#epochs.set(epoch, { effectiveSlot, byAddress: new Map(paid.map((r) => [r.address, r])) });
    for (const old of this.#epochs.keys()) {
      if (this.#epochs.size <= this.keep) break;
      this.#epochs.delete(old);
    }
  }

  get(epoch: bigint): EpochRewards | undefined {
    return this.#epochs.get(epoch);
  }

  /** The effective slot of the oldest epoch still kept, if any. */
  get oldestEffectiveSlot(): bigint | undefined {
    return this.#epochs.values().next().value?.effectiveSlot;
  }
}
