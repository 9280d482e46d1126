// Staking rewards at an epoch boundary, paid into the accounts. Two ways:
// - by validator (as Agave's runtime/src/inflation_rewards, ported by reading): the epoch's pool is
//   shared by points (each stake's effective stake times the credits its vote account earned that
//   it has not yet observed), and each stake's share is split by its vote account's inflation
//   commission in basis points: the staker's part grows the delegation, the voter's part goes to the
//   vote account's inflation-rewards collector; a split that would leave either side nothing pays none;
// - flat: a rate in basis points on every fully active delegation, whatever its validator.
import { U64_MAX } from '../../src/shared/format.ts';
import { STAKE_PROGRAM_ID, VOTE_PROGRAM_ID, systemAccount, type StoredAccount } from './accounts.ts';
import type { LocalChain } from './chain.ts';
import { decodeDelegation, effectiveStake, withStakeAndCredits, type Delegation } from './stake-state.ts';
import { decodeVoteState, totalCredits, type VoteState } from './vote-state.ts';
import type { PaidReward } from './reward-history.ts';

const MAX_BPS = 10_000n;

interface Staked {
  address: string;
  account: StoredAccount;
  delegation: Delegation;
}

function delegatedStakes(chain: LocalChain): Staked[] {
  return chain.getProgramAccounts(STAKE_PROGRAM_ID).flatMap(({ address, account }) => {
    const delegation = decodeDelegation(account.data);
    return delegation ? [{ address, account, delegation }] : [];
  });
}

function voteStates(chain: LocalChain): Map<string, VoteState> {
  const states = new Map<string, VoteState>();
  for (const { address, account } of chain.getProgramAccounts(VOTE_PROGRAM_ID)) {
    const state = decodeVoteState(address, account.data);
    if (state) states.set(address, state);
  }
  return states;
}

/** Agave's commission_split: (voter, staker, whether it was split), fractions of a lamport dropped on both sides. */
function commissionSplit(bps: bigint, reward: bigint): [bigint, bigint, boolean] {
  const split = bps > MAX_BPS ? MAX_BPS : bps;
  if (split === 0n) return [0n, reward, false];
  if (split === MAX_BPS) return [reward, 0n, false];
  return [(reward * split) / MAX_BPS, (reward * (MAX_BPS - split)) / MAX_BPS, true];
}

/**
 * Points a stake earned since it last observed its vote account's credits, what it observes now, and
 * whether that is to be written even with no reward (credits that went back: a recreated vote account).
 */
function stakePoints(
  delegation: Delegation,
  vote: VoteState,
): { points: bigint; observed: bigint; rewound: boolean } {
  const inVote = totalCredits(vote);
  const inStake = delegation.creditsObserved;
  if (inVote < inStake) return { points: 0n, observed: inVote, rewound: true };
  if (inVote === inStake) return { points: 0n, observed: inStake, rewound: false };
  let points = 0n;
  let observed = inStake;
  for (const { epoch, credits, prevCredits } of vote.epochCredits) {
    const earned =
      inStake < prevCredits ? credits - prevCredits : inStake < credits ? credits - observed : 0n;
    if (credits > observed) observed = credits;
    points += effectiveStake(delegation, epoch) * earned;
  }
  return { points, observed, rewound: false };
}

/** Shares `pool` lamports among the stakes by points and commission, for the epoch `rewarded`. */
export function payValidatorRewards(chain: LocalChain, rewarded: bigint, pool: bigint): PaidReward[] {
  const votes = voteStates(chain);
  const stakes = delegatedStakes(chain).flatMap((staked) => {
    const vote = votes.get(staked.delegation.voter);
    return vote ? [{ ...staked, vote, ...stakePoints(staked.delegation, vote) }] : [];
  });
  const totalPoints = stakes.reduce((sum, s) => sum + s.points, 0n);
  const paid: PaidReward[] = [];
  const voterRewards = new Map<string, bigint>();
  for (const s of stakes) {
    const observe = () =>
      chain.setAccount(s.address, {
        ...s.account,
        data: withStakeAndCredits(s.account.data, s.delegation.stake, s.observed),
      });
    // No pool, a delegation made in the rewarded epoch, or rewound credits: only the credits observed move on.
    if (pool === 0n || s.delegation.activationEpoch === rewarded || s.rewound) {
      observe();
      continue;
    }
    if (s.points === 0n || totalPoints === 0n) continue;
    const reward = (s.points * pool) / totalPoints;
    if (reward === 0n) continue;
    const bps = BigInt(s.vote.inflationRewardsCommissionBps);
    const [voter, staker, split] = commissionSplit(bps, reward);
    if (split && (voter === 0n || staker === 0n)) continue;
    const lamports = s.account.lamports + staker;
    chain.setAccount(s.address, {
      ...s.account,
      lamports,
      data: withStakeAndCredits(s.account.data, s.delegation.stake + staker, s.observed),
    });
    paid.push({
      address: s.address,
      kind: 'staking',
      lamports: staker,
      postBalance: lamports,
      commissionBps: Number(bps),
    });
    if (voter > 0n)
      voterRewards.set(s.delegation.voter, (voterRewards.get(s.delegation.voter) ?? 0n) + voter);
  }
  for (const [vote, lamports] of voterRewards) {
    const state = votes.get(vote)!;
    const collector = state.inflationRewardsCollector;
    const account = chain.indexed.getAccount(collector);
    const postBalance = (account?.lamports ?? 0n) + lamports;
    chain.setAccount(collector, account ? { ...account, lamports: postBalance } : systemAccount(postBalance));
    paid.push({
      address: collector,
      kind: 'voting',
      lamports,
      postBalance,
      commissionBps: state.inflationRewardsCommissionBps,
    });
  }
  return paid;
}

/**
 * Credits `bps` basis points of rewards to every stake account that was fully active during the
 * epoch `rewarded` (or only those in `only`), on both its lamports and its delegated stake.
 */
export function payFlatRewards(
  chain: LocalChain,
  rewarded: bigint,
  bps: bigint,
  only?: Set<string>,
): PaidReward[] {
  const votes = voteStates(chain);
  const paid: PaidReward[] = [];
  for (const { address, account, delegation } of delegatedStakes(chain)) {
    if (only && !only.has(address)) continue;
    if (delegation.activationEpoch >= rewarded || delegation.deactivationEpoch !== U64_MAX) continue;
    const reward = (delegation.stake * bps) / MAX_BPS;
    if (reward === 0n) continue;
    const lamports = account.lamports + reward;
    chain.setAccount(address, {
      ...account,
      lamports,
      data: withStakeAndCredits(account.data, delegation.stake + reward, delegation.creditsObserved),
    });
    const commission = votes.get(delegation.voter)?.inflationRewardsCommissionBps;
    paid.push({
      address,
      kind: 'staking',
      lamports: reward,
      postBalance: lamports,
      commissionBps: commission ?? null,
    });
  }
  return paid;
}
