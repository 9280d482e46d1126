// Native staking as the background tells the UI about it: the actions on stake accounts a person
// can ask for, and the quote each is shown as (the simulation of its exact transaction). Amounts are
// decimal strings of lamports, since JSON has no u64.
import type { ApyBasis, PoolSummary, StakeAccountState } from './staking';

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
  /** Names the prepared transaction in the background; a click sends exactly that one (until expiresAt). */
  quoteId: string;
  preparedAt: number;
  /** Until when the worker signs the quote's transaction as it is (ms since epoch); after, a click quotes again. */
  expiresAt: number;
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

/** A validator as the picker lists it: everything from the chain, its name as it publishes it. */
export interface ValidatorView {
  vote: string;
  identity: string;
  /** Self-published (validator-info), unverified; null when it published none. */
  name: string | null;
  website: string | null;
  details: string | null;
  /** Active stake, lamports. */
  activatedStake: string;
  /** Inflation commission, basis points. */
  commissionBps: number;
  /** Estimated APY (basis points) of staking with it; null when it could not be measured. */
  apyBps: number | null;
  /** Credits it earned in the epoch the APY was measured on. */
  credits: number;
  lastVote: number;
  delinquent: boolean;
  /** Among the largest validators that together hold more than a third of the stake. */
  superminority: boolean;
  /** Raised since an epoch Tidepool saw a lower commission. */
  commissionRaised: { fromBps: number; seenEpoch: number } | null;
  /** A commission change that may not have reached rewards yet (delayed commission updates). */
  commissionPending: boolean;
  /** Stake pools (LSTs one can hold) that stake with it. */
  pools: { pool: string; symbol: string }[];
}

export interface ValidatorList {
  epoch: number;
  validators: ValidatorView[];
  /** How the APYs were measured, or why they could not be. */
  apy: { measured: true; basis: ApyBasis } | { measured: false; reason: string };
  terms: NativeStakeTerms;
  /** The stake pools read with it (their own APYs at the same slot time), for native vs liquid. */
  pools: PoolSummary[];
  fetchedAt: number;
  /** When the epoch is expected to end (the list is kept until then). */
  epochEndsAt: number;
}
