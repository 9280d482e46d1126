// What the picker flags on a validator, beyond what getVoteAccounts says outright (delinquent):
// - superminority: among the largest validators that together hold more than a third of the stake,
//   enough to halt the cluster; staking elsewhere spreads that power;
// - a commission raised since an epoch Tidepool observed it (the commission each validator had is
//   kept per cluster (its genesis hash: two RPC URLs of one cluster share what was seen), one entry per validator, rewritten only when it changes), and whether the
//   raise may not have reached rewards yet: since delayed commission updates (SIMD-0249) an epoch's
//   rewards use the commission at the start of the epoch before, so a change first seen in epoch K
//   can be pending until epoch K + 1 ends; a raise the last rewards did not apply yet is pending too.
import type { StorageArea } from '../storage';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'validatorCommissions:*': CommissionBook;
  }
}

/**
 * Per vote account: [commission bps, first epoch seen at it, last epoch seen at it, the commission
 * before (or null), last epoch seen at that].
 */
type CommissionBook = Record<string, [number, number, number, number | null, number | null]>;

export interface CommissionChange {
  raised: { fromBps: number; seenEpoch: number } | null;
  pending: boolean;
}

/** The vote accounts of the largest validators that together hold more than a third of all stake. */
export function superminority(validators: readonly { vote: string; stake: bigint }[]): Set<string> {
  const total = validators.reduce((sum, v) => sum + v.stake, 0n);
  const largest = [...validators].sort((a, b) => (b.stake > a.stake ? 1 : b.stake < a.stake ? -1 : 0));
  const members = new Set<string>();
  let held = 0n;
  for (const v of largest) {
    if (held * 3n > total) break;
    members.add(v.vote);
    held += v.stake;
  }
  return members;
}

export class CommissionHistory {
  constructor(private readonly storage: StorageArea<'local'>) {}

  #key = (cluster: string) => `validatorCommissions:${cluster}` as const;

  /**
   * Records the commissions seen in `epoch` and says, per validator, whether it was raised since an
   * earlier observation and may still be pending. `applied`: the commission the last rewards used,
   * where known.
   */
  async observe(
    cluster: string,
    epoch: number,
    seen: readonly { vote: string; commissionBps: number }[],
    applied: ReadonlyMap<string, number>,
  ): Promise<Map<string, CommissionChange>> {
    const book = (await this.storage.get(this.#key(cluster))) ?? {};
    const changes = new Map<string, CommissionChange>();
    for (const { vote, commissionBps } of seen) {
      const was = book[vote];
      const entry: CommissionBook[string] = !was
        ? [commissionBps, epoch, epoch, null, null]
        : was[0] === commissionBps
          ? [was[0], was[1], epoch, was[3], was[4]]
          : [commissionBps, epoch, epoch, was[0], was[2]];
      book[vote] = entry;
      const [now, since, , before, beforeSeen] = entry;
      const raised = before !== null && now > before ? { fromBps: before, seenEpoch: beforeSeen! } : null;
      const notApplied = (applied.get(vote) ?? now) < now;
      changes.set(vote, { raised, pending: (raised !== null && epoch - since <= 1) || notApplied });
    }
    await this.storage.set(this.#key(cluster), book);
    return changes;
  }
}
