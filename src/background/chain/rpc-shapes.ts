// The shapes a conforming Solana JSON-RPC node answers with, declared once for every caller (the
// method table in rpc-methods.ts names which method returns which). They describe what the node
// *should* send, not what it did: a node is untrusted, so a caller that builds something to sign
// from an answer still checks the fields it relies on (see transfers.ts, staking-service.ts).

/** Methods that read state at a commitment level (the client defaults it, see rpc-methods.ts). */
export type Commitment = 'processed' | 'confirmed' | 'finalized';

/** A read answered at a slot: `{ context: { slot }, value }`. */
export interface WithContext<T> {
  context: { slot: number };
  value: T;
}

/** An account as JSON-RPC returns it with `encoding: 'base64'`. */
export interface EncodedAccount {
  data: [string, string];
  owner: string;
  lamports: number;
  executable?: boolean;
  /** The account's data length: what `data` holds unless a dataSlice cut it. */
  space?: number;
}

/** An item of getProgramAccounts and getTokenAccountsByOwner (base64). */
export interface ProgramAccount {
  pubkey: string;
  account: EncodedAccount;
}

export interface EpochInfo {
  epoch: number;
  slotIndex: number;
  slotsInEpoch: number;
  absoluteSlot: number;
  blockHeight: number;
}

/** One minute of a node's record of the slots it saw pass (getRecentPerformanceSamples). */
export interface PerformanceSample {
  /** The newest slot of the sample. */
  slot: number;
  numSlots: number;
  numTransactions: number;
  samplePeriodSecs: number;
}

/** One address's reward for an epoch, as getInflationReward answers it (Agave 4.x: commission in basis points). */
export interface InflationReward {
  epoch: number;
  /** The slot the reward was credited in: a block at the start of the next epoch. */
  effectiveSlot: number;
  amount: number;
  postBalance: number;
  commission?: number | null;
  commissionBps?: number;
}

/** A transaction error as the node reports it: `"AccountNotFound"` or `{ "InstructionError": [0, …] }`. */
export type TransactionError = string | { [kind: string]: unknown };

export interface LatestBlockhash {
  blockhash: string;
  lastValidBlockHeight: number;
}

export interface SimulationResult {
  err: TransactionError | null;
  logs: string[] | null;
  /** The accounts asked for in `accounts.addresses`, after the simulation (null when none were asked). */
  accounts?: (EncodedAccount | null)[] | null;
  unitsConsumed?: number;
}

export interface SignatureStatus {
  slot: number;
  confirmations: number | null;
  err: TransactionError | null;
  confirmationStatus?: Commitment | null;
}

/** An item of getSignaturesForAddress, newest first. */
export interface SignatureInfo {
  signature: string;
  slot: number;
  err: TransactionError | null;
  blockTime: number | null;
  memo?: string | null;
  confirmationStatus?: Commitment | null;
}

/** A token balance of a transaction's meta (pre or post). */
export interface TokenBalance {
  accountIndex: number;
  mint: string;
  owner?: string;
  uiTokenAmount: { amount: string; decimals: number };
}

/** An instruction as the json encoding lists it: indexes into the account keys, base58 data. */
export interface CompiledInstructionJson {
  programIdIndex: number;
  accounts: number[];
  data: string;
}

/** A transaction as getTransaction returns it with `encoding: 'json'` (legacy or v0). */
export interface ConfirmedTransaction {
  slot: number;
  blockTime: number | null;
  transaction: {
    /** The static keys; a v0 message's lookup-table entries follow them in `meta.loadedAddresses`. */
    message: { accountKeys: string[]; instructions?: CompiledInstructionJson[] };
    signatures: string[];
  };
  meta: {
    err: TransactionError | null;
    fee: number;
    preBalances: number[];
    postBalances: number[];
    preTokenBalances?: TokenBalance[];
    postTokenBalances?: TokenBalance[];
    loadedAddresses?: { writable: string[]; readonly: string[] };
  } | null;
}

/** A validator as getVoteAccounts lists it (Agave 4.x: the inflation commission in basis points beside the percent). */
interface VoteAccountInfo {
  votePubkey: string;
  nodePubkey: string;
  activatedStake: number;
  commission: number;
  /** Agave 4.x and later; older nodes give only the whole percent. */
  inflationRewardsCommissionBps?: number;
  lastVote: number;
  /** The newest epochs: [epoch, credits, previous credits]. */
  epochCredits: [number, number, number][];
}

export interface VoteAccounts {
  current: VoteAccountInfo[];
  delinquent: VoteAccountInfo[];
}
