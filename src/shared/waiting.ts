// "Where is my SOL": every lamport the person can collect or act on, each with the one action that
// collects it. What the stake accounts hold is computed from the portfolio the popup already
// refreshed (no round trip: Home's summary is this); the screen adds what other sources hold
// (Marinade tickets, and whatever a source registers in the background's waiting list) in one
// batch when it opens.
import type { NativeRequest } from './native-staking';
import type { NativeStakeAccount } from './staking';

type WaitingKind =
  /** A stake account whose SOL can be withdrawn now. */
  | 'withdrawable'
  /** A stake account cooling down: withdrawable from `readyEpoch`. */
  | 'deactivating'
  /** Lamports above a staked account's delegation and rent reserve (block revenue, MEV). */
  | 'excess'
  /** A Marinade delayed-unstake ticket. */
  | 'ticket';

type WaitingAction =
  | { kind: 'native'; request: NativeRequest }
  /** Carried out by the background source that listed it (waiting:act). */
  | { kind: 'source'; source: string; id: string };

export interface WaitingItem {
  /** Unique in the list, and stable across refreshes (what a notification is keyed by). */
  id: string;
  kind: WaitingKind;
  /** The account holding it. */
  address: string;
  /** What the action collects, lamports. */
  lamports: string;
  /** From a delayed unstake of an LST (else staked natively). */
  fromPool: boolean;
  /** null: ready now; else the first epoch it can be collected in. */
  readyEpoch: number | null;
  /** The estimate of when that epoch starts, ms from when it was computed (null when ready or unknown). */
  readyInMs: number | null;
  /** The one action that collects it; null until it is ready. */
  action: WaitingAction | null;
}

/** When `epoch` starts, from the current epoch's end and an epoch's length (null if either is unknown). */
export function startsInMs(
  epoch: number,
  now: { epoch: number; endsInMs: number | null; epochMs: number | null },
): number | null {
  if (epoch <= now.epoch) return 0;
  if (now.endsInMs === null) return null;
  if (epoch === now.epoch + 1) return now.endsInMs;
  return now.epochMs === null ? null : now.endsInMs + (epoch - now.epoch - 1) * now.epochMs;
}

/** What the person's stake accounts hold that can be collected now or later. */
export function stakeAccountsWaiting(
  accounts: readonly NativeStakeAccount[],
  now: { epoch: number; endsInMs: number | null; epochMs: number | null },
): WaitingItem[] {
  return accounts.flatMap((a): WaitingItem[] => {
    const base = { address: a.address, fromPool: a.fromPool };
    const withdraw = (lamports: string): WaitingAction => ({
      kind: 'native',
      request: { kind: 'withdraw', stakeAccount: a.address, lamports },
    });
    const locked = a.lockup !== null && a.lockup.epoch > now.epoch;
    // Read at an epoch that has turned since: a cooled-down account is inactive now.
    const cooled = a.state === 'deactivating' && (a.withdrawableEpoch ?? Infinity) <= now.epoch;
    const state = cooled ? 'inactive' : a.state;
    switch (state) {
      case 'inactive':
      case 'initialized':
        return [
          {
            ...base,
            id: `withdrawable:${a.address}`,
            kind: 'withdrawable',
            lamports: a.lamports,
            readyEpoch: locked ? a.lockup!.epoch : null,
            readyInMs: locked ? startsInMs(a.lockup!.epoch, now) : null,
            action: locked ? null : withdraw(a.lamports),
          },
        ];
      case 'deactivating': {
        const ready = Math.max(a.withdrawableEpoch ?? now.epoch + 1, locked ? a.lockup!.epoch : 0);
        return [
          {
            ...base,
            id: `deactivating:${a.address}:${ready}`,
            kind: 'deactivating',
            lamports: a.lamports,
            readyEpoch: ready,
            readyInMs: startsInMs(ready, now),
            action: null,
          },
        ];
      }
      case 'active':
      case 'activating':
        return BigInt(a.excessLamports) > 0n && !locked
          ? [
              {
                ...base,
                id: `excess:${a.address}`,
                kind: 'excess',
                lamports: a.excessLamports,
                readyEpoch: null,
                readyInMs: null,
                action: withdraw(a.excessLamports),
              },
            ]
          : [];
      default: {
        const never: never = state;
        return never;
      }
    }
  });
}

/** The total of what can be collected now, and of what is on its way. */
export function waitingTotals(items: readonly WaitingItem[]): { ready: bigint; later: bigint } {
  let ready = 0n;
  let later = 0n;
  for (const item of items) {
    if (item.readyEpoch === null) ready += BigInt(item.lamports);
    else later += BigInt(item.lamports);
  }
  return { ready, later };
}
