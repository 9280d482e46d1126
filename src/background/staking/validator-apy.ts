// A validator's estimated APY from chain data only. Inflation is shared among stakes by points:
// a stake's points for an epoch are its stake times the credits its validator earned in it, and
// each stake's reward is points × (the epoch's rewards ÷ all points), less the validator's
// commission (Agave's inflation_rewards, which the localnet ports). So one lamport staked with
// validator w earns, per epoch,
//     value of a point × credits(w) × (1 − commission(w)),
// where the value of a point is what the last epoch paid per point. Tidepool measures it from what
// the last epoch paid: getInflationReward of the largest validators' vote accounts gives each one's
// commission (reward × commission ÷ 10,000, with the commission applied), so its stakers' whole
// reward before commission is that ÷ commission, and its points are its stake before that reward
// times its credits in that epoch. The rate compounds (rewards join the delegation each epoch) over
// the epochs in a year at the measured slot time. An estimate: it assumes next epoch's credits and
// inflation are last epoch's.
import type { InflationReward } from '../chain/rpc-shapes';

const BPS = 10_000n;

/** What the APY is computed from for one validator. */
export interface ValidatorCredits {
  vote: string;
  /** Active stake now, lamports. */
  stake: bigint;
  /** Inflation commission now, basis points. */
  commissionBps: number;
  /** [epoch, credits, previous credits], newest last, as getVoteAccounts lists them. */
  epochCredits: readonly (readonly [number, number, number])[];
}

/** Credits earned in `epoch` (0 when the validator has no entry for it). */
export function creditsIn(v: ValidatorCredits, epoch: number): bigint {
  const entry = v.epochCredits.find(([e]) => e === epoch);
  return entry ? BigInt(entry[1]) - BigInt(entry[2]) : 0n;
}

/** The validators whose commission tells their stakers' whole reward: between 0 and 100 %, largest first. */
export function rewardSample(validators: readonly ValidatorCredits[], size: number): ValidatorCredits[] {
  return validators
    .filter((v) => v.commissionBps > 0 && v.commissionBps < 10_000 && v.stake > 0n)
    .sort((a, b) => (b.stake > a.stake ? 1 : b.stake < a.stake ? -1 : 0))
    .slice(0, size);
}

/**
 * Lamports paid per point in `epoch`, as a ratio, from the sample's voting rewards for that epoch
 * (getInflationReward answers, in the sample's order); null when none of them was paid.
 */
export function pointValue(
  sample: readonly ValidatorCredits[],
  rewards: readonly (InflationReward | null)[],
  epoch: number,
): { lamports: bigint; points: bigint } | null {
  let lamports = 0n;
  let points = 0n;
  sample.forEach((v, i) => {
    const reward = rewards[i];
    const bps = BigInt(reward?.commissionBps ?? (reward?.commission ?? 0) * 100);
    if (!reward || reward.epoch !== epoch || bps <= 0n || bps >= BPS) return;
    const commission = BigInt(reward.amount);
    const whole = (commission * BPS) / bps;
    // The stakers' part was added to the stake at the boundary: the stake that earned it was less.
    const earnedOn = v.stake - (whole - commission);
    const credits = creditsIn(v, epoch);
    if (earnedOn <= 0n || credits <= 0n) return;
    lamports += whole;
    points += earnedOn * credits;
  });
  return points > 0n ? { lamports, points } : null;
}

/** The estimated APY in basis points of staking with `v`, compounding each epoch over `epochsPerYear`. */
export function apyBps(
  v: ValidatorCredits,
  value: { lamports: bigint; points: bigint },
  epoch: number,
  epochsPerYear: number,
): number {
  const perLamport =
    (Number(value.lamports) / Number(value.points)) *
    Number(creditsIn(v, epoch)) *
    ((10_000 - Math.min(v.commissionBps, 10_000)) / 10_000);
  return Math.round(((1 + perLamport) ** epochsPerYear - 1) * 10_000);
}
