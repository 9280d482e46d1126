// Native staking as the background tells the UI about it: the actions on stake accounts a person
// can ask for, and the quote each is shown as (the simulation of its exact transaction). Amounts are
// decimal strings of lamports, since JSON has no u64.
import type { StakeAccountState } from './staking';

/** One action on native stake, as asked for. */
export type NativeRequest =
  /** A new stake account (createAccountWithSeed) delegating `lamports` to `voter`. */
  | { kind: 'stake'; voter: string; lamports: string }
  | { kind: 'deactivate'; stakeAccount: string }
  /** Everything withdrawable now: the whole of an inactive account, else what is above its stake and rent. */
  | { kind: 'withdraw'; stakeAccount: string; lamports: string }
  /** `source` joins `destination` and closes. */
  | { kind: 'merge'; destination: string; source: string }
  | { kind: 'moveStake'; source: string; destination: string; lamports: string }
  | { kind: 'moveLamports'; source: string; destination: string; lamports: string };

/** A stake account before and after the simulated transaction. */
export interface StakeAccountChange {
  address: string;
  /** null: created by this transaction. */
  lamportsBefore: string | null;
  /** null: closed by it (a merged source). */
  lamportsAfter: string | null;
  stateAfter: StakeAccountState | null;
  delegatedAfter: string;
  voterAfter: string | null;
}

export interface NativeQuote {
  request: NativeRequest;
  /** A stake's new account: createWithSeed(your address, seed, stake program). */
  created: { address: string; seed: string } | null;
  quoteId: string;
  preparedAt: number;
  epoch: number;
  /** The fee the simulation charged (what left the accounts it touched, in all). */
  networkFeeLamports: string;
  /** Your SOL after − before, fee included. */
  solChange: string;
  accounts: StakeAccountChange[];
  /** The cluster's minimum delegation, as read with the quote. */
  minimumDelegation: string;
  /** What happens and when, in words (activation, cooldown, …). */
  effect: string;
  /** Advisory: what the person should know (a delinquent validator, a 100 % commission); never blocking. */
  warnings: string[];
}

/** What the stake screen tells before anyone types: the cluster's rules for a new stake account. */
export interface NativeStakeTerms {
  minimumDelegation: string;
  /** Kept in a new stake account for rent; returned when it is withdrawn. */
  rentReserve: string;
  /** Left in the wallet for this and later fees: at most SOL − rentReserve − this can be staked. */
  keepForFees: string;
}
