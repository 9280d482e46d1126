// The stake-pool program's own arithmetic, in bigint: u128 intermediates, floors where the program
// floors and ceilings where it ceils, so a quote is what the chain will do to the unit.
import { U64_MAX } from '../../shared/format';
import type { SlotTime } from '../chain/slot-time';
import type { Fee, PoolState } from './pool-account';

/** Fee::apply: the fee on `amount`, rounded up. */
export function applyFee(fee: Fee, amount: bigint): bigint {
  if (fee.denominator === 0n) return 0n;
  return (amount * fee.numerator + fee.denominator - 1n) / fee.denominator;
}

/** Pool tokens minted for a deposit of `lamports` (calc_pool_tokens_for_deposit). */
export function poolTokensForDeposit(
  pool: Pick<PoolState, 'totalLamports' | 'poolTokenSupply'>,
  lamports: bigint,
): bigint {
  if (pool.totalLamports === 0n || pool.poolTokenSupply === 0n) return lamports;
  return (lamports * pool.poolTokenSupply) / pool.totalLamports;
}

/** Lamports that `poolTokens` redeem for (calc_lamports_withdraw_amount). */
export function lamportsForPoolTokens(
  pool: Pick<PoolState, 'totalLamports' | 'poolTokenSupply'>,
  poolTokens: bigint,
): bigint {
  const numerator = poolTokens * pool.totalLamports;
  if (pool.poolTokenSupply === 0n || numerator < pool.poolTokenSupply) return 0n;
  const out = numerator / pool.poolTokenSupply;
  return out > U64_MAX ? U64_MAX : out;
}

export interface DepositSolOutcome {
  minted: bigint;
  feeTokens: bigint;
  referralTokens: bigint;
  userTokens: bigint;
}

/**
 * DepositSol: the pool mints tokens for the lamports, keeps the SOL deposit fee, and pays the
 * referral share of that fee to the referral account. With the user's own account as referrer
 * the referral share comes back to the user.
 */
export function depositSol(
  pool: PoolState,
  lamports: bigint,
  referrerIsUser = true,
  feeRoundsDown = false,
): DepositSolOutcome {
  const minted = poolTokensForDeposit(pool, lamports);
  // Some deployed builds floor the fee instead (see ROUNDS_FEES_DOWN in the chain tests).
  const feeTokens =
    feeRoundsDown && pool.solDepositFee.denominator !== 0n
      ? (minted * pool.solDepositFee.numerator) / pool.solDepositFee.denominator
      : applyFee(pool.solDepositFee, minted);
  const referralTokens = (feeTokens * BigInt(pool.solReferralFeePercent)) / 100n;
  const userTokens = minted - feeTokens + (referrerIsUser ? referralTokens : 0n);
  return {
    minted,
    feeTokens: feeTokens - (referrerIsUser ? referralTokens : 0n),
    referralTokens,
    userTokens,
  };
}

interface WithdrawOutcome {
  feeTokens: bigint;
  burnedTokens: bigint;
  lamports: bigint;
}

/** WithdrawSol / WithdrawStake: the withdrawal fee is taken in pool tokens, the rest is burned for SOL. */
export function withdraw(pool: PoolState, poolTokens: bigint, fee: Fee): WithdrawOutcome {
  const feeTokens = applyFee(fee, poolTokens);
  const burnedTokens = poolTokens - feeTokens;
  return { feeTokens, burnedTokens, lamports: lamportsForPoolTokens(pool, burnedTokens) };
}

/**
 * The yearly growth the pool's rate showed over its last epoch, compounded over a year of
 * epochs: an estimate for display, computed in floating point because it is never money.
 */
export function estimateApyBps(pool: PoolState, epochsPerYear: number): number | null {
  const {
    lastEpochTotalLamports: t0,
    lastEpochPoolTokenSupply: s0,
    totalLamports: t1,
    poolTokenSupply: s1,
  } = pool;
  if (t0 === 0n || s0 === 0n || t1 === 0n || s1 === 0n) return null;
  // Ratio of rates as a 1e12-scaled integer first, so the division happens in bigint.
  const scaled = (t1 * s0 * 1_000_000_000_000n) / (s1 * t0);
  const growth = Number(scaled) / 1e12;
  if (!Number.isFinite(growth) || growth <= 0) return null;
  const apy = growth ** epochsPerYear - 1;
  return Number.isFinite(apy) ? Math.round(apy * 10_000) : null;
}

/** A year of this network's epochs: its slots per epoch at the slot time measured on it (chain/slot-time.ts). */
export interface EpochYear {
  epochs: number;
  slotMs: number;
  /** Seconds of the node's clock the slot time was measured over. */
  measuredOverSecs: number;
}

export function epochYear(slotsPerEpoch: number, slotTime: SlotTime | null): EpochYear | null {
  if (!slotTime || slotsPerEpoch <= 0) return null;
  return {
    epochs: (365.25 * 24 * 3600 * 1000) / (slotsPerEpoch * slotTime.ms),
    slotMs: slotTime.ms,
    measuredOverSecs: slotTime.periodSecs,
  };
}
