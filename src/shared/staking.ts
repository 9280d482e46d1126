// What the background tells the UI about staking: public data only, every amount a decimal
// string of base units (lamports or pool-token units), since JSON has no u64.

// Type-only: the ids themselves (and web3.js) stay out of the popup.
import type { Guarantee } from './guarantee';
import type { StakePoolProgramKind } from './stake-pool-programs';
import type { TransferFeeRate } from './transfer-fee';

export type { StakePoolProgramKind };

/** A stake pool as the UI names it. */
export interface PoolSummary {
  pool: string;
  mint: string;
  programKind: StakePoolProgramKind;
  symbol: string;
  name: string;
  decimals: number;
  /** From the LST registry, or discovered on chain with no registry entry. */
  known: boolean;
  /** The live rate: total_lamports / pool_token_supply of the pool account. */
  totalLamports: string;
  poolTokenSupply: string;
  /** Estimated yearly growth of the rate in basis points (null until the pool has a history and the slot time is measured). */
  apyBps: number | null;
  /** What the APY was measured over (null with no APY). */
  apyBasis: ApyBasis | null;
  lastUpdateEpoch: number;
  /** The pool has not been updated this epoch: its rate misses this epoch's rewards. */
  stale: boolean;
  /** Why the pool will not take a SOL deposit from this wallet now, or null. */
  depositBlocked: string | null;
  /** Fees as numerator/denominator, for the UI to show. */
  solDepositFee: Fee;
  solWithdrawalFee: Fee;
  stakeWithdrawalFee: Fee;
}

interface Fee {
  numerator: string;
  denominator: string;
}

/**
 * An APY's measurement: the growth of the rate the pool counted at its update in `epoch` (the
 * rewards of the epoch before), compounded over a year of epochs at the slot time the node measured.
 */
export interface ApyBasis {
  epoch: number;
  slotMs: number;
  /** Seconds of the node's clock the slot time was measured over. */
  slotTimeMeasuredOverSecs: number;
}

/** How long a slot lasts on the network, as its node measured it, and over how long. */
interface SlotTimeView {
  ms: number;
  periodSecs: number;
}

/** Where an LST's symbol and name come from: the registry (mainnet), the token's own metadata, or its mint. */
export type LstNameSource = 'registry' | 'metadata' | 'mint';

/** One rate Tidepool observed: lamports one whole token (10^decimals base units) was worth. */
export interface RatePoint {
  at: number;
  epoch: number;
  lamportsPerToken: string;
}

/**
 * What staking earned on the tokens this person staked through Tidepool: the SOL put in against
 * what those same tokens are worth now. Tokens sent or unstaked since reduce both sides in
 * proportion (average cost).
 */
export interface EarnedSummary {
  /** SOL put in for `tokens` (what left the wallet into the pool, fees of the network excluded). */
  stakedLamports: string;
  /** The tokens received for it (still held). */
  tokens: string;
  /** Those tokens at today's rate. */
  valueLamports: string;
  /** valueLamports − stakedLamports (negative while a deposit fee is not yet earned back). */
  earnedLamports: string;
  /** When the first of these stakes was made, and how many there were. */
  since: number;
  stakes: number;
}

/** What every LST row has, whatever values it: name, balance, observed rates, what staking earned. */
export interface LstHolding {
  mint: string;
  symbol: string;
  name: string;
  nameSource: LstNameSource;
  decimals: number;
  tokenAccount: string;
  /** The token program of the account (SPL Token or Token-2022). */
  tokenProgram: string;
  balance: string;
  /** A Token-2022 mint's transfer fee this epoch, withheld from every transfer (null: none). */
  transferFee: TransferFeeRate | null;
  /** Rates seen on earlier refreshes (oldest first, bounded), ending with today's. */
  history: RatePoint[];
  earned: EarnedSummary | null;
}

export interface LstPosition extends PoolSummary, LstHolding {
  kind: 'splStakePool';
  tokenAccount: string;
  balance: string;
  /** balance × rate, floored as the program floors. */
  valueLamports: string;
  /** What an instant unstake of the whole balance would pay now, after the SOL withdrawal fee. */
  instantUnstakeLamports: string;
  /** The pool's own rate at the start of its last epoch (last_epoch_total_lamports / supply), per whole token. */
  lastEpochLamportsPerToken: string | null;
  /** The totals that rate is made of: the pool's before its last update, i.e. through the epoch before lastUpdateEpoch. */
  lastEpochTotalLamports: string;
  lastEpochPoolTokenSupply: string;
}

/** Sanctum Infinity: valued from its PoolState; staked and unstaked elsewhere (Sanctum). */
interface InfinityPosition extends LstHolding {
  kind: 'infinity';
  /** SOL value due to INF holders and INF's supply: the rate. */
  totalLamports: string;
  poolTokenSupply: string;
  valueLamports: string;
  version: 1 | 2;
  /**
   * v2: lamports withheld (released to holders over time) and protocol fees, not holders' yet, as
   * the program would hold them at readAtSlot (the yield due since lastReleaseSlot released).
   */
  withheldLamports: string | null;
  protocolFeeLamports: string | null;
  /** v2: the slot the pool last released yield at, as stored; and the slot Tidepool read the pool at. */
  lastReleaseSlot: number | null;
  readAtSlot: number;
  disabled: boolean;
}

/** Marinade: valued by Marinade's formula from its State; staked and unstaked elsewhere (Marinade). */
interface MarinadePosition extends LstHolding {
  kind: 'marinade';
  /** total_virtual_staked_lamports and the State's msol_supply: the rate. */
  totalLamports: string;
  poolTokenSupply: string;
  valueLamports: string;
  paused: boolean;
}

/** An LST the registry lists (or a pool Tidepool found) that Tidepool cannot value: listed, never counted. */
interface UnvaluedLst extends LstHolding {
  kind: 'unvalued';
  /** Why, in the user's words. */
  reason: string;
}

export type OtherLst = InfinityPosition | MarinadePosition | UnvaluedLst;
export type HeldLst = LstPosition | OtherLst;

export type StakeAccountState = 'activating' | 'active' | 'deactivating' | 'inactive' | 'initialized';

export interface NativeStakeAccount {
  address: string;
  lamports: string;
  /** Delegated stake (0 when not delegated). */
  delegatedLamports: string;
  /** What the stake program keeps in the account for rent (Meta.rent_exempt_reserve). */
  rentReserveLamports: string;
  /**
   * Lamports of a staked account beyond its delegation and rent reserve (block revenue and MEV
   * paid into it): withdrawable now without unstaking. 0 for an account that is not staked.
   */
  excessLamports: string;
  voter: string | null;
  /** The stake authority (deactivate, merge, move); the withdraw authority is the owner it was found by. */
  staker: string;
  state: StakeAccountState;
  /** Epoch from which the SOL can be withdrawn (deactivating accounts), else null. */
  withdrawableEpoch: number | null;
  /** A lockup as set on the account (null: none): no withdrawal before that epoch or time. */
  lockup: { epoch: number; unixTimestamp: number } | null;
  /** Made by an unstake from a pool (Tidepool's delayed unstake), as opposed to staked natively. */
  fromPool: boolean;
  /** The epochs its delegation began and was ended in (null: not delegated, or never deactivated). */
  activationEpoch: number | null;
  deactivationEpoch: number | null;
}

export interface Portfolio {
  owner: string;
  rpcUrl: string;
  epoch: number;
  /** Slots in this epoch, as the network says. */
  slotsInEpoch: number;
  /** The slot time measured on the network (null: its node has no samples yet). */
  slotTime: SlotTimeView | null;
  /** The slots left in the epoch at that slot time (null without one). */
  epochEndsInMs: number | null;
  /** What one signature costs on this network, as its node last said (null: never said). */
  lamportsPerSignature: string | null;
  solLamports: string;
  /** SPL stake-pool LSTs: valued, and staked or unstaked through Tidepool. */
  lsts: LstPosition[];
  /** INF and mSOL (valued, staked elsewhere), and LSTs Tidepool cannot value (not in the total). */
  otherLsts: OtherLst[];
  stakeAccounts: NativeStakeAccount[];
  /** Other tokens held, for sending. */
  tokens: {
    mint: string;
    tokenAccount: string;
    balance: string;
    decimals: number;
    programId: string;
    transferFee: TransferFeeRate | null;
  }[];
  /** SOL + every valued LST (SPL pools, INF, mSOL) + every stake account, in lamports. */
  totalLamports: string;
  fetchedAt: number;
}

export interface PortfolioView {
  portfolio: Portfolio | null;
  /** True when `portfolio` is the cached copy and not (yet) fresh. */
  cached: boolean;
  /** Why the last refresh failed, if it did. */
  error: string | null;
  /** Transactions signed and sent on this network that the chain has not confirmed yet. */
  inFlight: InFlightView[];
}

interface InFlightView {
  signature: string;
  label: string;
  explorerUrl: string;
}

export interface StakeQuote {
  pool: string;
  symbol: string;
  lamportsIn: string;
  /** Pool tokens the simulation shows arriving (any referral share paid back to the person included). */
  tokensOut: string;
  depositFeeTokens: string;
  networkFeeLamports: string;
  /** Lamports that must stay in the account for fees and rent (token account creation included). */
  reserveLamports: string;
  /** The largest deposit the balance allows after the reserve. */
  maxLamports: string;
  totalLamports: string;
  poolTokenSupply: string;
  /** The pool must be updated first; the transaction includes the update. */
  includesPoolUpdate: boolean;
  /** Names the prepared transaction in the background; Stake sends exactly that one (until expiresAt). */
  quoteId: string;
  /** When the quote was simulated and its transaction got its blockhash (ms since epoch). */
  preparedAt: number;
  /** Until when the worker signs the quote's transaction as it is (ms since epoch); after, a click quotes again. */
  expiresAt: number;
  /** What the program holds the transaction to (DepositSolWithSlippage), and what it does not. */
  guarantee: Guarantee;
  /** The independent pool-math estimate; tokensOut (the simulation) wins when they differ. */
  poolMathTokensOut: string;
}

/** Converting a native stake account into a pool's LST (DepositStake), quoted by simulation. */
export interface ConvertQuote {
  pool: string;
  symbol: string;
  stakeAccount: string;
  /** All lamports of the stake account, which the pool takes. */
  lamportsIn: string;
  tokensOut: string;
  /** Pool tokens the manager receives (stake and SOL deposit fees, after the referral share). */
  depositFeeTokens: string;
  networkFeeLamports: string;
  quoteId: string;
  preparedAt: number;
  expiresAt: number;
  /** What the program holds the transaction to (DepositStakeWithSlippage), and what it does not. */
  guarantee: Guarantee;
}

export type UnstakeMode = 'instant' | 'delayed';

interface UnstakeQuoteBase {
  pool: string;
  symbol: string;
  tokensIn: string;
  feeTokens: string;
  /** Of the fee, what the mint's transfer fee withholds as it reaches the manager (0 for most tokens). */
  feeWithheldTokens: string;
  /** SOL paid now (instant) or held in the new stake account (delayed). */
  lamportsOut: string;
  networkFeeLamports: string;
  includesPoolUpdate: boolean;
  /** Why this unstake cannot go ahead, in the user's words, or null. */
  blocked: string | null;
  quoteId: string;
  preparedAt: number;
  expiresAt: number;
  /** What the program holds the transaction to (*WithSlippage), and what it does not; null when blocked. */
  guarantee: Guarantee | null;
  /** The independent pool-math estimate; lamportsOut (the simulation) wins when they differ. */
  poolMathLamportsOut: string;
}

/** SOL from the pool's reserve, paid now. */
interface InstantUnstakeQuote extends UnstakeQuoteBase {
  mode: 'instant';
  /** What the reserve can pay now. */
  reserveAvailableLamports: string;
}

/** A stake account split off the pool, its SOL withdrawable once deactivated. */
interface DelayedUnstakeQuote extends UnstakeQuoteBase {
  mode: 'delayed';
  /** The epoch from which the stake account's SOL can be withdrawn. */
  withdrawableEpoch: number;
}

/** Each mode carries only its own figures: narrow on `mode` to read them. */
export type UnstakeQuote = InstantUnstakeQuote | DelayedUnstakeQuote;

export interface TxOutcome {
  signature: string;
  explorerUrl: string;
  /** Change of the wallet's SOL, lamports (negative when spent). */
  solChange: string;
  /** Pool tokens received (stake) or spent (unstake). */
  tokenChange: string;
  /** Delayed unstake: the stake account that holds the SOL until it is withdrawable. */
  stakeAccount?: string;
  /** The fee the transaction paid, from the chain's record of it. */
  networkFeeLamports?: string;
  /** Delayed unstake: that stake account's lamports as read from the chain after confirmation. */
  stakeAccountLamports?: string;
  /** Confirmed, but the node did not return the transaction yet: the changes above are not known (not 0). */
  amountsUnread?: true;
  /** The slot it landed in and its block's time (unix seconds), as the node reports them. */
  slot?: number;
  blockTime?: number | null;
}
