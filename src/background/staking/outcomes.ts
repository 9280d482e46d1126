// What the staking engine reports after it has read an outcome back from the chain, for whoever
// keeps books of it (the portfolio: earned since staked, stake accounts from delayed unstakes).
// Declared here, beside the engine that produces them, so the engine depends on nothing above it.

/** One stake or stake-account conversion, as confirmed. */
export interface StakedOutcome {
  owner: string;
  mint: string;
  /** Lamports deposited into the pool (network fee and account rent excluded). */
  lamportsIn: bigint;
  /** Pool tokens the wallet received, read from the confirmed transaction. */
  tokensReceived: bigint;
}

/** A delayed unstake's new stake account, so the portfolio can list it until it is withdrawn. */
export interface DelayedUnstakeRecord {
  stakeAccount: string;
  pool: string;
  createdAt: number;
}
