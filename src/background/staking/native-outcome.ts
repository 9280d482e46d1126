// What a native staking quote tells the person, from its one batch: what the action does and when
// (at the measured slot time), each stake account after the simulation, and the advisory notes on
// the validator a stake goes to (it is staked anyway if the person goes ahead).
import { durationText, shortAddress, solText as sol } from '../../shared/format';
import type { NativeRequest, StakeAccountChange } from '../../shared/native-staking';
import type { EpochTiming } from '../chain/slot-time';
import type { NativePlan } from './native-plan';
import type { Read } from './native-read';
import { decodeStakeAccount, stakeState } from './stake-account';

const inAbout = (timing: EpochTiming | null) =>
  timing ? ` (in about ${durationText(timing.endsInMs)})` : '';

/** What the action does and when, for the person. */
export function effectOf(request: NativeRequest, plan: NativePlan, read: Read, epoch: bigint): string {
  const next = `epoch ${epoch + 1n}${inAbout(read.timing)}`;
  switch (request.kind) {
    case 'stake':
      return `It activates at the start of ${next} and earns from then on. ${sol(plan.reserve ?? read.rent)} stays in the account as its rent reserve and comes back when you withdraw it.`;
    case 'deactivate': {
      const stake = decodeStakeAccount(Buffer.from(read.before[1]!.data[0], 'base64'))!;
      return stake.activationEpoch === epoch
        ? 'It never took effect (it was delegated this epoch): its SOL can be withdrawn at once.'
        : `It stops earning at the end of epoch ${epoch}; its SOL can be withdrawn from ${next}.`;
    }
    case 'withdraw':
      return `${sol(plan.withdrawLamports!)} comes back to your wallet.`;
    case 'merge':
      return `${shortAddress(request.source)} closes; all its SOL joins ${shortAddress(request.destination)}.`;
    case 'moveStake':
      return `${sol(BigInt(request.lamports))} of active stake moves to ${shortAddress(request.destination)} and keeps earning: no cooldown, no warm-up.`;
    case 'moveLamports':
      return `${sol(BigInt(request.lamports))} of unstaked SOL moves to ${shortAddress(request.destination)}.`;
    default: {
      const never: never = request;
      return never;
    }
  }
}

/** Advisory notes on the validator a stake goes to: it is staked anyway if the person goes ahead. */
export function warningsOf(read: Read): string[] {
  const vote = read.vote;
  const info = vote?.current[0] ?? vote?.delinquent[0];
  if (!info) return [];
  const warnings: string[] = [];
  if (vote!.delinquent.length)
    warnings.push(
      'This validator is delinquent: it has not voted recently, and stake delegated to it earns nothing while it is down.',
    );
  const bps = info.inflationRewardsCommissionBps ?? info.commission * 100;
  if (bps >= 10_000)
    warnings.push(
      'This validator keeps 100 % of inflation rewards as commission: this stake would earn none of them.',
    );
  return warnings;
}

export function changes(plan: NativePlan, read: Read, epoch: bigint): StakeAccountChange[] {
  const after = read.simulation.accounts ?? [];
  return plan.stakeAccounts.map((address, i) => {
    const was = read.before[i + 1];
    const now = after[i + 1];
    const decoded = now && now.lamports > 0 ? decodeStakeAccount(Buffer.from(now.data[0], 'base64')) : null;
    return {
      address: address.toBase58(),
      lamportsBefore: was ? String(was.lamports) : null,
      lamportsAfter: now && now.lamports > 0 ? String(now.lamports) : null,
      stateAfter: decoded ? stakeState(decoded, epoch) : null,
      delegatedAfter: (decoded?.delegated ?? 0n).toString(),
      voterAfter: decoded?.voter?.toBase58() ?? null,
    };
  });
}
