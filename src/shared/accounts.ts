/** What any context may know about an account: never key material. */
export interface PublicAccount {
  address: string;
  name: string;
  kind: 'derived' | 'imported';
  /** Position on the recovery phrase's path m/44'/501'/index'/0'. */
  index?: number;
}

export type WalletStatus = 'none' | 'locked' | 'unlocked';

export interface WalletState {
  status: WalletStatus;
  accounts: PublicAccount[];
  activeAddress: string | null;
  hasPhrase: boolean;
  autoLockMinutes: number;
  /** The tolerance on a quote's guarantee, in basis points (Settings). */
  toleranceBps: number;
  /** Whether a browser notification tells when SOL becomes withdrawable (Settings). */
  notifyWithdrawable: boolean;
  /** Set while wrong-password attempts are being slowed down. */
  retryAfterMs?: number;
}
