// The inflation rewards of the owner's stake accounts, asked of the node: one getInflationReward
// per epoch for every account that epoch concerns, with the block time of the epoch's first slot
// beside it, up to EPOCHS_PER_BATCH epochs in one batch, newest first. An epoch answered is never
// asked again (its rewards never change); a node that refuses an epoch as no longer kept serves no
// older one, so the walk stops there and the ledger says where. An epoch not paid yet (-32004) is
// asked again next time.
import type { RpcClient, Settled } from '../chain/rpc-client';
import { RpcNodeError } from '../chain/rpc-client';
import { blockTimes, timeCall, timeOf } from '../chain/block-times';
import { rpcCall } from '../chain/rpc-methods';
import type { InflationReward } from '../chain/rpc-shapes';
import type { IncomeTracks, LedgerDraft, StakeTrack } from './ledger-store';
import type { FirstSlotOf } from './lst-income';
import { rewardRow } from './stake-income';

const EPOCHS_PER_BATCH = 100;
/** "Block not available for slot": the epoch is not paid yet. */
const NOT_YET = -32004;

/** The epochs whose rewards `track` can have: from the epoch after its delegation to its last one. */
function span(track: StakeTrack, epoch: number): { first: number; last: number } | null {
  if (track.activationEpoch === null || track.activationEpoch >= epoch) return null;
  const ends = [epoch - 1, track.deactivationEpoch ?? Infinity, (track.goneAt ?? Infinity) - 1];
  return { first: track.activationEpoch + 1, last: Math.min(...ends) };
}

/** The epochs still to ask, each with the accounts it concerns (newest first). */
function rewardPlan(tracks: IncomeTracks, epoch: number): [number, string[]][] {
  const wanted = new Map<number, string[]>();
  const want = (e: number, address: string) => {
    if (tracks.rewardsStoppedAt !== null && e <= tracks.rewardsStoppedAt) return;
    wanted.set(e, [...(wanted.get(e) ?? []), address]);
  };
  for (const [address, track] of Object.entries(tracks.stakes)) {
    const range = span(track, epoch);
    if (!range) continue;
    const done = track.rewards;
    const newer = done ? done.to + 1 : range.first;
    for (let e = range.last; e >= Math.max(newer, range.first); e--) want(e, address);
    if (done && !done.complete)
      for (let e = Math.min(done.from, range.last + 1) - 1; e >= range.first; e--) want(e, address);
  }
  return [...wanted].sort(([a], [b]) => b - a);
}

/** What one batch answered for one account: the epochs answered, and whether any paid before it was first seen. */
function extend(track: StakeTrack, answered: number[], paidBeforeSeen: boolean, epoch: number): void {
  const got = new Set(answered);
  const range = span(track, epoch)!;
  let { from, to } = track.rewards ?? { from: NaN, to: NaN };
  if (track.rewards === null) {
    const newest = Math.max(...answered);
    [from, to] = [newest, newest];
  }
  while (got.has(to + 1)) to++;
  while (got.has(from - 1)) from--;
  const askedBeforeSeen = answered.some((e) => e < track.firstSeen.epoch);
  // Nothing paid in a whole batch before the account was first seen: it did not exist yet (a split keeps its source's activation epoch).
  const complete =
    from <= range.first || (askedBeforeSeen && !paidBeforeSeen && from < track.firstSeen.epoch);
  track.rewards = { from, to, complete: complete || (track.rewards?.complete ?? false) };
}

/** Asks the node for every reward still missing (a batch per EPOCHS_PER_BATCH epochs) and books them. */
export async function fetchRewards(
  rpc: RpcClient,
  draft: LedgerDraft,
  epoch: number,
  firstSlot: FirstSlotOf,
): Promise<void> {
  const { tracks } = draft;
  for (;;) {
    const plan = rewardPlan(tracks, epoch).slice(0, EPOCHS_PER_BATCH);
    if (!plan.length) return;
    const answers = await rpc.batchSettled(
      plan.flatMap(([e, addresses]) => [
        rpcCall('getInflationReward', [addresses, { epoch: e }]),
        timeCall(firstSlot(e + 1)),
      ]),
    );
    const times = new Map<number, number>();
    const paid: { address: string; epoch: number; reward: InflationReward }[] = [];
    const answered = new Map<string, number[]>();
    let stopped = false;
    plan.forEach(([e, addresses], i) => {
      const rewards = answers[2 * i] as Settled<(InflationReward | null)[]>;
      const time = timeOf(answers[2 * i + 1] as Settled<number | null>);
      if (time !== null) times.set(firstSlot(e + 1), time);
      if (!rewards.ok) {
        if (rewards.error instanceof RpcNodeError && rewards.error.rpcCode === NOT_YET) return;
        tracks.rewardsStoppedAt = Math.max(tracks.rewardsStoppedAt ?? e, e);
        stopped = true;
        return;
      }
      addresses.forEach((address, k) => {
        answered.set(address, [...(answered.get(address) ?? []), e]);
        const reward = rewards.result[k];
        if (reward && reward.amount > 0) paid.push({ address, epoch: e, reward });
      });
    });
    draft.tracksChanged = true;
    // A skipped first slot: dated by the block the reward was credited in.
    const slots = paid.map((p) =>
      times.has(firstSlot(p.epoch + 1)) ? firstSlot(p.epoch + 1) : p.reward.effectiveSlot,
    );
    const dated = await blockTimes(rpc, slots, times);
    for (const [i, p] of paid.entries()) {
      const at = dated.get(slots[i]!);
      if (at === undefined) continue; // not dated: asked again, with its epoch, next time
      await draft.add(
        rewardRow(
          p.address,
          p.epoch,
          {
            amount: BigInt(p.reward.amount),
            postBalance: BigInt(p.reward.postBalance),
            commissionBps: p.reward.commissionBps ?? null,
          },
          at,
        ),
      );
    }
    const before = JSON.stringify(tracks.stakes);
    for (const [address, epochs] of answered) {
      const track = tracks.stakes[address]!;
      const undated = paid.some((p, i) => p.address === address && !dated.has(slots[i]!));
      if (undated) continue;
      const paidBeforeSeen = paid.some((p) => p.address === address && p.epoch < track.firstSeen.epoch);
      extend(track, epochs, paidBeforeSeen, epoch);
    }
    // Nothing more this node will answer now (epochs not paid yet, or not dated): the rest next time.
    if (!stopped && JSON.stringify(tracks.stakes) === before) return;
  }
}
