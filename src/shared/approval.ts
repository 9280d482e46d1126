// What the approval window shows for one pending dApp request: public data only, already
// decoded into words by the background.
import type { ChainId } from './networks';

/**
 * A person needs this long with a view before its Approve counts: the window arms its button after
 * it, and the background refuses a decision on a view shown for less.
 */
export const ARM_MS = 700;

export interface DecodedInstruction {
  program: string;
  /** Plain words: "Send 1 SOL to 9xQe…" */
  summary: string;
  known: boolean;
}

export interface BalanceChange {
  asset: string;
  /** Signed, formatted with the asset's decimals: "-1.000005". */
  change: string;
}

/**
 * Why a request deserves a second look. `blocking` warnings disable Approve: the wallet will not
 * sign it as shown. `confirm` ones disable it until the person ticks that they read them (the
 * background refuses an approval that does not name them). `advisory` ones are shown above the
 * details, most important first. The window branches on `code` and `severity`, never on the wording.
 */
type WarningSeverity = 'blocking' | 'confirm' | 'advisory';
export type WarningCode =
  | 'other_account' // the request names an account other than the selected one
  | 'fee_payer_other' // someone else pays the fee
  | 'sol_beyond_instructions' // the simulation spends more SOL than the instructions show
  | 'authority_change' // an authority (stake, token, account owner) handed away
  | 'lockup_change' // a stake lockup or custodian set
  | 'account_closed' // an account of the user's (token, nonce, …) ceases to exist
  | 'account_reassigned' // Assign/Allocate of the user's own account
  | 'token_delegate' // a third party may spend the user's tokens
  | 'confidential_transfer' // tokens move in or out of a confidential (encrypted) balance Tidepool cannot read
  | 'protection_removed' // a protection of the user's token account is turned off (CPI guard, required memos)
  | 'durable_nonce' // never expires
  | 'third_party_recipient' // tokens/SOL/stake from the user's action go to someone else
  | 'unknown_pool' // a stake pool Tidepool does not know
  | 'undecoded_instruction' // a known program's instruction Tidepool cannot read
  | 'unknown_program' // a program Tidepool cannot describe
  | 'lookup_table_unresolved' // a v0 address lookup table could not be read
  | 'simulation_failed'
  | 'simulation_contradicts' // the instructions visibly move funds out, the simulation shows no loss: a lying node?
  | 'blockhash_unknown' // the network reviewed does not take the transaction's blockhash: built elsewhere, or expired
  | 'unbounded' // no program holds the transaction to a minimum (shared/guarantee.ts says why)
  | 'partly_bounded' // the program holds less than 99 % of what the simulation shows arriving
  | 'message_is_transaction' // a "message" that is really a transaction
  | 'sign_in_mismatch' // Sign-In With Solana fields do not match the requesting site
  | 'stake_blocked' // tidepool:stake cannot go ahead as asked
  | 'review_failed' // Tidepool could not work out what the request does
  | 'high_priority_fee'; // the priority fee is a large share of what the transaction moves

/** A stake account of the user's (staker or withdrawer is the user) before and after the transaction. */
export interface StakeAccountChange {
  address: string;
  /** "2.5 SOL, delegated to 9xQe…; staker you, withdrawer you", or "does not exist". */
  before: string;
  after: string;
  /** Signed SOL change, "-1.5", or null when the balance does not move. */
  change: string | null;
}

/** The network fee as the runtime charges it: base per signature, plus the compute-budget priority fee. */
export interface FeeBreakdown {
  baseLamports: string;
  priorityLamports: string;
  /** Compute units the priority price applies to (set by the transaction, or the runtime's default). */
  computeUnitLimit: number;
  microLamportsPerUnit: string;
}

export interface Warning {
  code: WarningCode;
  severity: WarningSeverity;
  text: string;
}

export const blocking = (code: WarningCode, text: string): Warning => ({ code, severity: 'blocking', text });
export const advisory = (code: WarningCode, text: string): Warning => ({ code, severity: 'advisory', text });
export const confirmFirst = (code: WarningCode, text: string): Warning => ({
  code,
  severity: 'confirm',
  text,
});
/** The codes of the warnings Approve waits on until the person ticks them. */
export const toConfirm = (warnings: readonly Warning[]): WarningCode[] =>
  warnings.filter((w) => w.severity === 'confirm').map((w) => w.code);
/** The first blocking warning's text, or null when Approve may be pressed. */
export const blockedBy = (warnings: readonly Warning[]): string | null =>
  warnings.find((w) => w.severity === 'blocking')?.text ?? null;

/** A transaction as Tidepool read it from the bytes to be signed, and simulated it. */
export interface TransactionReview {
  instructions: DecodedInstruction[];
  balanceChanges: BalanceChange[];
  /** Base + priority fee, in lamports. */
  networkFeeLamports: string;
  networkFee: FeeBreakdown;
  stakeAccountChanges: StakeAccountChange[];
  /** The custom RPC node's host when the simulation is its answer (a node the person chose, unchecked). */
  simulatedBy: string | null;
  /** Changes of the user's balances no simulation shows (an encrypted confidential balance leaving), in words. */
  unreadableChanges: string[];
  simulationError: string | null;
}

interface MessageText {
  text: string;
  encoding: 'utf8' | 'hex';
}

/** tidepool:stake: the quote the wallet will execute; pool and bound once a quote could be made. */
export interface StakeIntentView {
  summary: string;
  blocked: string | null;
  pool?: StakePoolFacts;
  bound?: string;
}

/** What the window shows of any request, whatever it asks. */
export interface ApprovalViewBase {
  id: string;
  origin: string;
  favicon: string | null;
  account: string | null;
  accountName: string | null;
  chain: ChainId;
  networkLabel: string;
  locked: boolean;
  /** Approved and being carried out (the window shows progress, not buttons). */
  inProgress?: boolean;
  position: number;
  total: number;
  /** Things that should stop a careless click, blocking ones first. */
  warnings: Warning[];
  /**
   * What exactly was shown (a hash of everything but the queue position): a decision names it,
   * and the wallet refuses one made on a view that is no longer the latest shown.
   */
  revision: string;
}

// Each method's view carries only what that request has to show. A null detail was not reviewed:
// the wallet is locked, the request is being carried out, or its review failed (a blocking
// warning says why). disconnect is never queued, so it has no view.
interface ConnectView extends ApprovalViewBase {
  method: 'connect';
}
interface TransactionView extends ApprovalViewBase {
  method: 'signTransaction' | 'signAndSendTransaction';
  transaction: TransactionReview | null;
}
interface MessageView extends ApprovalViewBase {
  method: 'signMessage' | 'signIn';
  message: MessageText | null;
}
interface StakeView extends ApprovalViewBase {
  method: 'stake';
  intent: StakeIntentView | null;
  transaction: TransactionReview | null;
}

export type ApprovalView = ConnectView | TransactionView | MessageView | StakeView;

/** tidepool:stake: the pool behind the quote, as the window names it. */
export interface StakePoolFacts {
  address: string;
  /** In the maintained LST registry (mainnet only). */
  known: boolean;
  manager: string;
  /** Percentages, as the pool charges them now: "0.1%". */
  fees: { solDeposit: string; solWithdrawal: string; stakeWithdrawal: string };
}

export interface ConnectedSite {
  origin: string;
  accounts: string[];
  connectedAt: number;
}
