// What the stake program refuses, said before anything is signed: each rule ported by reading the
// program (solana-program/stake program/src/processor.rs and helpers/merge.rs: process_withdraw,
// process_deactivate, MergeKind, metas_can_merge, process_move_stake, process_move_lamports) and
// checked against the v5 build on the localnet (tests/chain/native-staking-rules.test.ts sends what
// these refuse and sees the program refuse it too). Each refusal is one sentence for the person; the
// simulation of the exact transaction still has the last word.
import type { PublicKey } from '@solana/web3.js';
import { shortAddress, solText as sol } from '../../shared/format';
import { lockedUp, stakeState, type DecodedStake } from './stake-account';

/** A stake account as read in the quote's batch. */
export interface HeldStake {
  address: PublicKey;
  stake: DecodedStake;
  lamports: bigint;
}

/** What the rules need of the cluster, read in the same batch. */
export interface ClusterNow {
  epoch: bigint;
  unixNow: bigint;
  minimumDelegation: bigint;
}

/** The stake program's MergeKind: which accounts can merge, or move stake and lamports. */
type MergeKind = 'inactive' | 'activationEpoch' | 'fullyActive' | 'transient';

function mergeKind(stake: DecodedStake, epoch: bigint): MergeKind {
  const state = stakeState(stake, epoch);
  switch (state) {
    case 'initialized':
    case 'inactive':
      return 'inactive';
    case 'activating':
      // Delegated this epoch: no effective stake yet (a warm-up spread over epochs would be transient).
      return stake.activationEpoch === epoch ? 'activationEpoch' : 'transient';
    case 'active':
      return 'fullyActive';
    case 'deactivating':
      return 'transient';
    default: {
      const never: never = state;
      return never;
    }
  }
}

const name = (held: HeldStake) => `Stake account ${shortAddress(held.address.toBase58())}`;

function lockupText(stake: DecodedStake): string {
  const until: string[] = [];
  if (stake.lockupEpoch > 0n) until.push(`epoch ${stake.lockupEpoch}`);
  if (stake.lockupUnixTimestamp > 0n)
    until.push(new Date(Number(stake.lockupUnixTimestamp) * 1000).toISOString().slice(0, 10));
  return until.join(' and ');
}

/** The wallet must be the staker (deactivate, merge, move) or the withdrawer (withdraw). */
export function authorityRefusal(
  owner: PublicKey,
  held: HeldStake,
  role: 'staker' | 'withdrawer',
): string | null {
  const authority = role === 'staker' ? held.stake.staker : held.stake.withdrawer;
  if (authority.equals(owner)) return null;
  return `${name(held)} is controlled by ${shortAddress(authority.toBase58())}, not by this wallet: only its ${role === 'staker' ? 'stake' : 'withdraw'} authority can do that.`;
}

export function stakeRefusal(lamports: bigint, cluster: ClusterNow): string | null {
  if (lamports < cluster.minimumDelegation)
    return `The network’s minimum delegation is ${sol(cluster.minimumDelegation)}: stake at least that much, or stake any amount through a liquid staking pool.`;
  return null;
}

export function deactivateRefusal(held: HeldStake, cluster: ClusterNow): string | null {
  const state = stakeState(held.stake, cluster.epoch);
  if (state === 'deactivating')
    return `${name(held)} is already unstaking: its SOL can be withdrawn from epoch ${held.stake.deactivationEpoch + 1n}.`;
  if (state === 'inactive' || state === 'initialized')
    return `${name(held)} is not staked: there is nothing to deactivate; withdraw its SOL instead.`;
  return null;
}

/** What a withdrawal can take now (all of an inactive account, else what is above stake and rent), or why nothing. */
export function withdrawable(
  held: HeldStake,
  cluster: ClusterNow,
): { lamports: bigint } | { refusal: string } {
  const { stake } = held;
  if (lockedUp(stake, cluster.epoch, cluster.unixNow))
    return {
      refusal: `${name(held)} is locked up until ${lockupText(stake)}: the stake program lets no one but its custodian withdraw before then.`,
    };
  const state = stakeState(stake, cluster.epoch);
  if (state === 'inactive' || state === 'initialized') return { lamports: held.lamports };
  const free = held.lamports - stake.delegated - stake.rentExemptReserve;
  if (free > 0n) return { lamports: free };
  switch (state) {
    case 'activating':
      return {
        refusal: `${name(held)} is still activating (delegated in epoch ${stake.activationEpoch}): its SOL is staked. Deactivate it first; deactivated in the epoch it was delegated, it can be withdrawn at once.`,
      };
    case 'active':
      return {
        refusal: `${name(held)} is staked: deactivate it first, and withdraw its SOL from the next epoch.`,
      };
    case 'deactivating':
      return {
        refusal: `${name(held)} is unstaking: its SOL can be withdrawn from epoch ${stake.deactivationEpoch + 1n}.`,
      };
    default: {
      const never: never = state;
      return never;
    }
  }
}

/** Authorities equal, and lockups equal or both expired (metas_can_merge). */
function metasRefusal(a: HeldStake, b: HeldStake, cluster: ClusterNow): string | null {
  if (!a.stake.staker.equals(b.stake.staker) || !a.stake.withdrawer.equals(b.stake.withdrawer))
    return `${name(a)} and ${name(b)} have different authorities; only accounts with the same stake and withdraw authorities can be combined.`;
  const sameLockup =
    a.stake.lockupEpoch === b.stake.lockupEpoch &&
    a.stake.lockupUnixTimestamp === b.stake.lockupUnixTimestamp &&
    a.stake.custodian.equals(b.stake.custodian);
  const inForce = (h: HeldStake) => lockedUp(h.stake, cluster.epoch, cluster.unixNow);
  if (!sameLockup && (inForce(a) || inForce(b)))
    return `${name(inForce(a) ? a : b)} is under a lockup the other account does not share; they can be combined only once it ends (${lockupText((inForce(a) ? a : b).stake)}).`;
  return null;
}

const transient = (held: HeldStake) =>
  `${name(held)} is unstaking (its stake is cooling down until epoch ${held.stake.deactivationEpoch + 1n}); it cannot be combined with another account until then.`;

export function mergeRefusal(destination: HeldStake, source: HeldStake, cluster: ClusterNow): string | null {
  if (destination.address.equals(source.address)) return 'Choose two different stake accounts to merge.';
  const metas = metasRefusal(destination, source, cluster);
  if (metas) return metas;
  const [d, s] = [mergeKind(destination.stake, cluster.epoch), mergeKind(source.stake, cluster.epoch)];
  if (d === 'transient') return transient(destination);
  if (s === 'transient') return transient(source);
  const staked = (k: MergeKind) => k === 'activationEpoch' || k === 'fullyActive';
  if (staked(d) && staked(s) && !destination.stake.voter!.equals(source.stake.voter!))
    return `${name(destination)} and ${name(source)} are delegated to different validators; only stake with the same validator can be merged.`;
  const allowed =
    (d === 'inactive' && (s === 'inactive' || s === 'activationEpoch')) ||
    (d === 'activationEpoch' && (s === 'inactive' || s === 'activationEpoch')) ||
    (d === 'fullyActive' && s === 'fullyActive');
  if (allowed) return null;
  if (d === 'fullyActive' || s === 'fullyActive')
    return `${name(d === 'fullyActive' ? destination : source)} is active and the other is not: an active account merges only with another active one delegated to the same validator (move its stake instead, or wait until both are active).`;
  return `${name(destination)} cannot take ${name(source)}: merge into the account that was delegated this epoch instead.`;
}

/** What MoveStake and MoveLamports both check first: two accounts, that can be combined; their kinds. */
function moveChecks(
  source: HeldStake,
  destination: HeldStake,
  cluster: ClusterNow,
): { refusal: string } | { s: MergeKind; d: MergeKind } {
  if (source.address.equals(destination.address)) return { refusal: 'Choose two different stake accounts.' };
  const metas = metasRefusal(source, destination, cluster);
  if (metas) return { refusal: metas };
  return { s: mergeKind(source.stake, cluster.epoch), d: mergeKind(destination.stake, cluster.epoch) };
}

export function moveStakeRefusal(
  source: HeldStake,
  destination: HeldStake,
  lamports: bigint,
  cluster: ClusterNow,
): string | null {
  const checked = moveChecks(source, destination, cluster);
  if ('refusal' in checked) return checked.refusal;
  const { s, d } = checked;
  if (s !== 'fullyActive')
    return `${name(source)} is not fully active: only active stake can be moved (wait until it is active, or merge instead).`;
  if (lamports > source.stake.delegated)
    return `${name(source)} has ${sol(source.stake.delegated)} of stake; you cannot move more than that.`;
  const left = source.stake.delegated - lamports;
  const min = cluster.minimumDelegation;
  if (left !== 0n && left < min)
    return `That would leave ${sol(left)} staked in ${name(source)}, under the network’s minimum delegation of ${sol(min)}: move all of it, or at most ${sol(source.stake.delegated - min)}.`;
  if (d === 'fullyActive') {
    if (!destination.stake.voter!.equals(source.stake.voter!))
      return `${name(destination)} is delegated to another validator; stake can be moved only to an account staked with the same validator, or to an inactive one.`;
    return null;
  }
  if (d === 'inactive')
    return lamports < min
      ? `${name(destination)} is not staked, so it must receive at least the network’s minimum delegation of ${sol(min)}.`
      : null;
  return d === 'transient'
    ? transient(destination)
    : `${name(destination)} is activating; stake can be moved only to an active account or an inactive one.`;
}

export function moveLamportsRefusal(
  source: HeldStake,
  destination: HeldStake,
  lamports: bigint,
  cluster: ClusterNow,
): string | null {
  const checked = moveChecks(source, destination, cluster);
  if ('refusal' in checked) return checked.refusal;
  const { s, d } = checked;
  if (s !== 'fullyActive' && s !== 'inactive')
    return s === 'transient'
      ? transient(source)
      : `${name(source)} is activating: its free SOL can be moved once it is active.`;
  if (d === 'transient') return transient(destination);
  const staked = s === 'fullyActive' ? source.stake.delegated : 0n;
  const free = source.lamports - staked - source.stake.rentExemptReserve;
  if (lamports > free)
    return free > 0n
      ? `${name(source)} has ${sol(free)} that is neither staked nor its rent reserve; you can move at most that.`
      : `${name(source)} has no SOL beyond its stake and rent reserve to move.`;
  return null;
}
