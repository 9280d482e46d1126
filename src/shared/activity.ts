// Recent transactions of an account, with staking actions named.
export type ActivityKind =
  'stake' | 'unstake-instant' | 'unstake-delayed' | 'withdraw-stake' | 'swap' | 'send' | 'receive' | 'other';

export interface ActivityItem {
  signature: string;
  explorerUrl: string;
  blockTime: number | null;
  kind: ActivityKind;
  /** "Staked 2 SOL → 1.8103 LST-AbCd", in the user's words. */
  summary: string;
  failed: boolean;
  /** Sent but not yet confirmed (tracked across worker restarts). */
  inFlight?: boolean;
}
