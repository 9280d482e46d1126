// The staking-income ledger as the UI sees it: one row per epoch and position (or per gap the
// wallet did not see), one per staking transaction, all in base units as decimal strings. What
// each row means, and what the wallet cannot know, is README's "Staking income" section.

/** The kinds of row an accountant's generic CSV import takes. */
type IncomeRowType = 'staking-income' | 'stake' | 'unstake' | 'fee';

/**
 * measured: the amounts are the chain's own (rates at the epoch's edges, a reward the node
 * reports, a transaction's balances), for tokens known to be held. estimated: something had to be
 * assumed (the balance changed in a gap, a rate read when the wallet looked rather than at the
 * epoch's edge, lamports that could also be a transfer); the note says what.
 */
export type IncomeBasis = 'measured' | 'estimated';

export interface Money {
  /** Base units, a decimal integer string (negative only for a rate that fell). */
  amount: string;
  currency: string;
  decimals: number;
}

/** What SOL an unstake or conversion brought against what the tokens (or the stake account) cost. */
interface Realised {
  costLamports: string;
  resultLamports: string;
  /** measured: the SOL Tidepool recorded going in; estimated: part valued when the wallet first saw it. */
  costBasis: IncomeBasis;
}

export interface IncomeRow {
  /** Stable across refreshes and devices: rows are merged by it. */
  id: string;
  type: IncomeRowType;
  /**
   * When, ms since 1970 UTC: the block time of the transaction, of the reward's block or of the
   * epoch's first block; for INF, mSOL and lamports above a delegation, when the wallet saw it.
   */
  at: number;
  /** Not dated yet: the slot whose block time will date the row (asked when the ledger is opened); `at` is when the wallet saw it. */
  awaitingSlot: number | null;
  /** The LST's mint or the stake account's address. */
  position: string;
  positionLabel: string;
  received: Money | null;
  sent: Money | null;
  feeLamports: string | null;
  /** The epochs whose rewards the row holds (first, last), or the transaction's epoch. */
  epochs: [number, number] | null;
  signature: string | null;
  basis: IncomeBasis;
  note: string;
  realised: Realised | null;
}

/** Where a position's history starts, as far as this ledger goes. */
interface PositionCoverage {
  position: string;
  label: string;
  kind: 'lst' | 'stake-account';
  /** When and at which epoch Tidepool first saw it: income before is not in the ledger. */
  firstSeenAt: number;
  firstSeenEpoch: number;
}

export interface IncomeView {
  /** The cluster's genesis hash: the ledger is this cluster's, whichever RPC URL answered. */
  cluster: string;
  owner: string;
  rows: IncomeRow[];
  positions: PositionCoverage[];
  /** Native rewards: the oldest epoch answered, and the newest epoch the node refused as no longer kept. */
  rewards: { oldestEpoch: number | null; nodeStoppedAt: number | null };
  /** The epoch the node was in when the view was built. */
  epoch: number;
}
