// Infinity's quote math as the June 2025 programs compute it, ported for tests only (at runtime a
// route's quote is its simulation): igneous-labs/S, programs/s-controller processors (AddLiquidity,
// RemoveLiquidity, SwapExactIn, the SyncSolValue each runs first) and libs/s-controller-lib calc.rs;
// the calculators in libs/sol-value-calculator-programs (wSOL, SPL, Marinade); the flat-fee pricing
// program in programs/pricing-programs/flat-fee; the ratio rounding of sanctum-token-ratio as
// igneous-labs/inf-1.5 sol-val-calc/sanctum-token-ratio-compat restates it. Every amount is a bigint.

/** floor(x × n / d); a zero ratio gives 0. */
const floorRatio = (x: bigint, n: bigint, d: bigint) => (n === 0n || d === 0n ? 0n : (x * n) / d);
const ceilDiv = (n: bigint, d: bigint) => (n + d - 1n) / d;
/** The fee a CeilDiv fee ratio charges on x. */
const ceilFee = (x: bigint, n: bigint, d: bigint) => (n === 0n || d === 0n ? 0n : ceilDiv(x * n, d));
const BPS = 10_000n;

/** The inputs of FloorDiv(n/d) that give y: [floor(d·y / n), ceil((d·y + d) / n)]. */
function floorRatioReverse(y: bigint, n: bigint, d: bigint): [bigint, bigint] {
  if (n === 0n || d === 0n) {
    if (y === 0n) return [0n, 2n ** 64n - 1n];
    throw new Error('ratio math error');
  }
  return [(d * y) / n, ceilDiv(d * y + d, n)];
}

/** The inputs of CeilDiv(n/d) that give y: [floor((d·y − d) / n), floor(d·y / n)]. */
function ceilRatioReverse(y: bigint, n: bigint, d: bigint): [bigint, bigint] {
  if (y === 0n) return [0n, 0n];
  return [(d * y - d) / n, (d * y) / n];
}

/** A SOL-value calculator: an LST amount's SOL value, and the least LST a SOL value converts back to. */
export interface Calculator {
  lstToSol(lst: bigint): bigint;
  solToLst(lamports: bigint): bigint;
}

export const wsolCalculator: Calculator = { lstToSol: (x) => x, solToLst: (x) => x };

interface SplPool {
  totalLamports: bigint;
  poolTokenSupply: bigint;
  lastUpdateEpoch: bigint;
  stakeWithdrawalFee: { numerator: bigint; denominator: bigint };
}

/** An SPL stake pool's LST as a withdrawal of stake values it: the fee on the tokens (rounded up), then the rate. */
export function splCalculator(pool: SplPool, epoch: bigint): Calculator {
  if (pool.lastUpdateEpoch !== epoch) throw new Error('PoolNotUpdated');
  const { numerator: fn, denominator: fd } = pool.stakeWithdrawalFee;
  return {
    lstToSol: (x) => floorRatio(x - ceilFee(x, fn, fd), pool.totalLamports, pool.poolTokenSupply),
    solToLst: (lamports) => {
      const [burnt] = floorRatioReverse(lamports, pool.totalLamports, pool.poolTokenSupply);
      return fn === 0n ? burnt : floorRatioReverse(burnt, fd - fn, fd)[0];
    },
  };
}

interface MarinadeState {
  totalVirtualStakedLamports: bigint;
  msolSupply: bigint;
  withdrawStakeAccountFeeCents: bigint;
  withdrawStakeAccountEnabled: boolean;
  paused: boolean;
}

/** mSOL as Marinade's withdraw_stake_account values it: the rate (floored), then its fee in bp-cents (floored). */
export function marinadeCalculator(state: MarinadeState): Calculator {
  if (state.paused || !state.withdrawStakeAccountEnabled) throw new Error('Marinade stake withdrawal off');
  const cents = state.withdrawStakeAccountFeeCents;
  const CENTS = 1_000_000n;
  return {
    lstToSol: (x) => {
      const value = floorRatio(x, state.totalVirtualStakedLamports, state.msolSupply);
      return value - floorRatio(value, cents, CENTS);
    },
    solToLst: (lamports) => {
      const [beforeFee] = cents === 0n ? [lamports] : ceilRatioReverse(lamports, CENTS - cents, CENTS);
      return floorRatioReverse(beforeFee, state.totalVirtualStakedLamports, state.msolSupply)[0];
    },
  };
}

/** The flat-fee pricing program's figures: an LST's input and output fees, INF's withdrawal fee (bps). */
const flatFee = {
  exactIn(solValue: bigint, inputFeeBps: bigint, outputFeeBps: bigint): bigint {
    const kept = BPS - (inputFeeBps + outputFeeBps);
    if (kept < 0n) throw new Error('fee over 100 %');
    return floorRatio(solValue, kept, BPS);
  },
  lpTokensToMint: (solValue: bigint) => solValue,
  lpTokensToRedeem: (solValue: bigint, lpWithdrawalFeeBps: bigint) =>
    solValue - ceilFee(solValue, lpWithdrawalFeeBps, BPS),
};

/** One LST of the pool as the controller sees it when an instruction starts. */
export interface PoolLst {
  calculator: Calculator;
  /** Its reserve's token balance, and the SOL value the list stored for it at the last sync. */
  reserves: bigint;
  storedSolValue: bigint;
}

/** SyncSolValue: the pool's total with this LST's reserve valued anew (what every instruction does first). */
const synced = (poolTotal: bigint, lst: PoolLst) =>
  poolTotal - lst.storedSolValue + lst.calculator.lstToSol(lst.reserves);

interface PoolFigures {
  totalSolValue: bigint;
  infSupply: bigint;
  lpProtocolFeeBps: bigint;
  tradingProtocolFeeBps: bigint;
}

/** AddLiquidity: INF minted for `amount` of the LST, and what of it goes to reserves and protocol fees. */
export function quoteAddLiquidity(pool: PoolFigures, lst: PoolLst, amount: bigint) {
  const total = synced(pool.totalSolValue, lst);
  const solValue = lst.calculator.lstToSol(amount);
  const afterFees = flatFee.lpTokensToMint(solValue);
  const protocolFeeSol = ceilFee(solValue - afterFees, pool.lpProtocolFeeBps, BPS);
  const toProtocol = floorRatio(protocolFeeSol, amount, solValue);
  const infOut =
    pool.infSupply === 0n
      ? total + afterFees
      : total === 0n
        ? afterFees
        : floorRatio(afterFees, pool.infSupply, total);
  return { infOut, toReserves: amount - toProtocol, toProtocol };
}

/** RemoveLiquidity: the LST paid out for `inf` burnt, and what goes to protocol fees. */
export function quoteRemoveLiquidity(
  pool: PoolFigures,
  lst: PoolLst,
  inf: bigint,
  lpWithdrawalFeeBps: bigint,
) {
  const total = synced(pool.totalSolValue, lst);
  const solValue = total === 0n || pool.infSupply === 0n ? 0n : floorRatio(inf, total, pool.infSupply);
  const afterFees = flatFee.lpTokensToRedeem(solValue, lpWithdrawalFeeBps);
  const lstOut = lst.calculator.solToLst(afterFees);
  const protocolFeeSol = ceilFee(solValue - afterFees, pool.lpProtocolFeeBps, BPS);
  return { lstOut, toProtocol: floorRatio(protocolFeeSol, lstOut, afterFees) };
}

/** SwapExactIn: the output LST paid out for `amount` in, and the output LST taken as protocol fee. */
export function quoteSwapExactIn(
  pool: PoolFigures,
  input: PoolLst & { inputFeeBps: bigint },
  output: PoolLst & { outputFeeBps: bigint },
  amount: bigint,
) {
  const inSol = input.calculator.lstToSol(amount);
  const outSol = flatFee.exactIn(inSol, input.inputFeeBps, output.outputFeeBps);
  const out = output.calculator.solToLst(outSol);
  const protocolFeeSol = ceilFee(inSol - outSol, pool.tradingProtocolFeeBps, BPS);
  const toProtocol = floorRatio(protocolFeeSol, out, outSol);
  return { out, toProtocol, enoughReserves: out + toProtocol <= output.reserves };
}
