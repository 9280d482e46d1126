// Marinade's quote math, ported by reading the program's source (marinade-finance/liquid-staking-
// program, tag release-20231114 = commit 1bd5133, the build deployed at slot 229946024): calc.rs,
// state/mod.rs, state/liq_pool.rs, state/fee.rs, instructions/user/deposit.rs,
// liq_pool/liquid_unstake.rs, user/withdraw_stake_account.rs, delayed_unstake/order_unstake.rs.
// For tests only: the wallet quotes from a simulation on the chain (a newer build adds a deposit
// fee this math does not know). Integer arithmetic exactly as the program's u64/u128.
import type { MarinadeState } from '../../src/background/staking/marinade-state';

const BASIS_POINTS = 10_000n;
const BP_CENTS = 1_000_000n;

/** calc.rs proportional: amount × numerator / denominator, the amount itself when denominator is 0. */
const proportional = (amount: bigint, numerator: bigint, denominator: bigint) =>
  denominator === 0n ? amount : (amount * numerator) / denominator;

function virtualStaked(s: MarinadeState): bigint {
  const underControl =
    s.totalActiveBalance + s.delayedUnstakeCoolingDown + s.emergencyCoolingDown + s.availableReserveBalance;
  return underControl > s.circulatingTicketBalance ? underControl - s.circulatingTicketBalance : 0n;
}

/** State::calc_msol_from_lamports (shares_from_value: 1:1 before the first mint). */
const msolFromLamports = (s: MarinadeState, lamports: bigint) =>
  s.msolSupply === 0n ? lamports : proportional(lamports, s.msolSupply, virtualStaked(s));

/** State::msol_to_sol (value_from_shares). */
export const msolToSol = (s: MarinadeState, msol: bigint) =>
  proportional(msol, virtualStaked(s), s.msolSupply);

/** deposit.rs: mSOL bought from the pool's mSOL leg first (its SOL to the SOL leg), the rest minted. */
export function deposit(s: MarinadeState, msolLegBalance: bigint, lamports: bigint) {
  const order = msolFromLamports(s, lamports);
  const msolSwapped = order < msolLegBalance ? order : msolLegBalance;
  const solSwapped = msolSwapped === 0n ? 0n : order === msolSwapped ? lamports : msolToSol(s, msolSwapped);
  return {
    msolOut: order,
    msolSwapped,
    solSwapped,
    msolMinted: order - msolSwapped,
    solToReserve: lamports - solSwapped,
  };
}

/** LiqPool::linear_fee: lp_max_fee at no liquidity, falling linearly to lp_min_fee at the target. */
function linearFeeBps(s: MarinadeState, lamportsLeft: bigint): bigint {
  const pool = s.liquidityPool;
  const [max, min] = [BigInt(pool.lpMaxFeeBps), BigInt(pool.lpMinFeeBps)];
  if (lamportsLeft >= pool.lpLiquidityTarget) return min;
  const delta = max > min ? max - min : 0n;
  return max - proportional(delta, lamportsLeft, pool.lpLiquidityTarget);
}

type Refused = { refused: string };

/**
 * liquid_unstake.rs: the fee is set by the SOL the pool keeps after paying (all of it taken: lp_max_fee),
 * charged in mSOL; the treasury gets treasury_cut of that fee when its account takes mSOL.
 */
export function liquidUnstake(
  s: MarinadeState,
  solLegLamports: bigint,
  msol: bigint,
  treasuryTakesFees = true,
): { lamportsOut: bigint; feeBps: bigint; msolFee: bigint; treasuryCut: bigint } | Refused {
  const kept = s.rentExemptForTokenAcc;
  const available = solLegLamports > kept ? solLegLamports - kept : 0n;
  const removed = msolToSol(s, msol);
  const feeBps =
    removed >= available ? BigInt(s.liquidityPool.lpMaxFeeBps) : linearFeeBps(s, available - removed);
  const msolFee = (msol * feeBps) / BASIS_POINTS;
  const lamportsOut = msolToSol(s, msol - msolFee);
  if (lamportsOut + kept > solLegLamports) return { refused: 'InsufficientLiquidity' };
  if (lamportsOut < s.minWithdraw) return { refused: 'WithdrawAmountIsTooLow' };
  const treasuryCut = treasuryTakesFees
    ? (msolFee * BigInt(s.liquidityPool.treasuryCutBps)) / BASIS_POINTS
    : 0n;
  return { lamportsOut, feeBps, msolFee, treasuryCut };
}

/**
 * withdraw_stake_account.rs: the mSOL's SOL value less withdraw_stake_account_fee is split off the
 * chosen stake (whose recorded delegation is `recorded`); the mSOL worth the fee goes to the
 * treasury, the rest is burned.
 */
export function withdrawStakeAccount(
  s: MarinadeState,
  msol: bigint,
  recorded: bigint,
  treasuryTakesFees = true,
): { splitLamports: bigint; msolFees: bigint; msolBurned: bigint } | Refused {
  const value = msolToSol(s, msol);
  if (value < s.minWithdraw) return { refused: 'WithdrawAmountIsTooLow' };
  const splitLamports = value - (value * BigInt(s.withdrawStakeAccountFeeBpCents)) / BP_CENTS;
  if (splitLamports < s.minStake) return { refused: 'WithdrawStakeLamportsIsTooLow' };
  if (recorded < splitLamports) return { refused: 'SelectedStakeAccountHasNotEnoughFunds' };
  if (recorded - splitLamports < s.minStake) return { refused: 'StakeAccountRemainderTooLow' };
  const worth = msolFromLamports(s, splitLamports);
  const msolFees = treasuryTakesFees && msol > worth ? msol - worth : 0n;
  return { splitLamports, msolFees, msolBurned: msol - msolFees };
}

/** order_unstake.rs: a ticket for the mSOL's SOL value less delayed_unstake_fee; the mSOL is burned. */
export function orderUnstake(s: MarinadeState, msol: bigint): { ticketLamports: bigint } | Refused {
  const value = msolToSol(s, msol);
  const ticketLamports = value - (value * BigInt(s.delayedUnstakeFeeBpCents)) / BP_CENTS;
  return ticketLamports < s.minWithdraw ? { refused: 'WithdrawAmountIsTooLow' } : { ticketLamports };
}
