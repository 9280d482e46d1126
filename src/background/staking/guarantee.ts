// The one place a quote's guarantee is decided (the type and its words: shared/guarantee.ts). A
// guarantee is the minimum the program compares with what it pays the person itself (for a deposit,
// the depositor's tokens before any referral share; for an unstake, the SOL withdrawn), less the
// person's tolerance, and that same figure is the one the transaction carries in its *WithSlippage
// instruction. What else the simulation shows arriving is named as not guaranteed; a transaction no
// program holds to a minimum says so, and why.
import { WalletError } from '../../shared/errors';
import { formatUnits } from '../../shared/format';
import {
  MAX_TOLERANCE_BPS,
  type Guarantee,
  type NotGuaranteed,
  type UnenforcedReason,
} from '../../shared/guarantee';

/**
 * A pool Tidepool does not know is refused when the program holds less than this share (basis
 * points) of what the simulation shows arriving: the rest is the pool manager's to take back
 * between signing and landing. README, "What is guaranteed, and by whom", says why 99 %.
 */
export const MIN_ENFORCED_SHARE_BPS = 9_900n;

/** What the simulation shows arriving, split by who stands behind it. */
export interface Receipt {
  /** What the program compares its minimum with: what it pays the person itself. */
  enforced: bigint;
  /** What else arrives in the same place, which the program does not hold the transaction to. */
  extras: NotGuaranteed<bigint>[];
}

/** The guarantee's figure a person was shown and approved, and whether the program enforced it. */
export interface ApprovedMinimum {
  minimum: bigint;
  enforced: boolean;
}

/**
 * What the person accepts. A quote for the screen takes their tolerance off the enforced part; a
 * quote made to carry out an approval is held to exactly the minimum they approved, and to a
 * program-enforced one if that is what they were shown.
 */
export interface Accepted {
  toleranceBps: number;
  approved?: ApprovedMinimum;
}

/** The tolerance on `enforced`, rounded up so that any setting above 0 takes at least one unit. */
export function toleranceOf(enforced: bigint, bps: number): bigint {
  if (!Number.isInteger(bps) || bps < 0 || bps > MAX_TOLERANCE_BPS)
    throw new WalletError(
      'invalid_input',
      `The tolerance must be between 0% and ${MAX_TOLERANCE_BPS / 100}%.`,
    );
  if (enforced <= 0n) return 0n;
  return (enforced * BigInt(bps) + 9_999n) / 10_000n;
}

/** How the figures are named when a fresh quote is worse than the one approved. */
export interface OutputUnit {
  decimals: number;
  symbol: string;
}

/** Why no program will hold a transaction to a minimum, and the least it can give when a route knows that. */
type Unenforced = UnenforcedReason | { why: UnenforcedReason; worstCase: bigint };

/**
 * The guarantee for `receipt`. `unenforced`: why no program will hold this transaction to a
 * minimum, or null when its minimum-out instruction will. Throws, before anything is signed, when a
 * quote made for an approval gives less than was approved, or no longer an enforced minimum.
 */
export function guaranteeOf(
  receipt: Receipt,
  accepted: Accepted,
  unenforced: Unenforced | null,
  unit: OutputUnit,
): Guarantee<bigint> {
  const { approved } = accepted;
  if (approved && receipt.enforced < approved.minimum)
    throw priceMoved(approved.minimum, receipt.enforced, unit);
  const own = receipt.enforced - toleranceOf(receipt.enforced, accepted.toleranceBps);
  const minimum = approved ? approved.minimum : own;
  const tolerance = { bps: accepted.toleranceBps, amount: receipt.enforced - minimum };
  const given = typeof unenforced === 'string' ? { why: unenforced, worstCase: null } : unenforced;
  const why = given?.why ?? (minimum <= 0n ? 'bound_rounds_to_nothing' : null);
  if (why && approved?.enforced) {
    throw new WalletError(
      'pool_unavailable',
      'The pool program would no longer hold this transaction to the minimum you were shown (it would not enforce one now). Nothing was signed; ask again to see the new quote.',
    );
  }
  if (why) {
    const worstCase = given?.worstCase ?? (why === 'bound_rounds_to_nothing' ? 0n : null);
    return { kind: 'unenforced', why, checked: minimum > 0n ? minimum : 0n, tolerance, worstCase };
  }
  return { kind: 'enforced', minimum, tolerance, notGuaranteed: receipt.extras.filter((x) => x.amount > 0n) };
}

/** The pool's price moved against the person since the quote they accepted: nothing is signed. */
function priceMoved(approved: bigint, now: bigint, { decimals, symbol }: OutputUnit): WalletError {
  const text = (n: bigint) => `${formatUnits(n, decimals)} ${symbol}`;
  return new WalletError(
    'pool_unavailable',
    `The pool’s price moved since you saw the quote: you would now get ${text(now)}, less than the ${text(approved)} you approved. Nothing was signed; ask again to see the new quote.`,
  );
}

/** The wire form (decimal strings), for the UI protocol. */
export function wireGuarantee(g: Guarantee<bigint>): Guarantee {
  const tolerance = { bps: g.tolerance.bps, amount: g.tolerance.amount.toString() };
  if (g.kind === 'unenforced')
    return { ...g, checked: g.checked.toString(), tolerance, worstCase: g.worstCase?.toString() ?? null };
  return {
    ...g,
    minimum: g.minimum.toString(),
    tolerance,
    notGuaranteed: g.notGuaranteed.map((x) => ({ what: x.what, amount: x.amount.toString() })),
  };
}

/**
 * Why a guarantee is too weak for a pool Tidepool does not know (blocking there, a warning for a
 * known one), or null: none is enforced, or the enforced part is under MIN_ENFORCED_SHARE_BPS of
 * `received`, what the simulation shows arriving.
 */
export function weakness(g: Guarantee, received: string): 'unbounded' | 'partly_bounded' | null {
  if (g.kind === 'unenforced') return 'unbounded';
  return enforcedPart(g) * 10_000n < BigInt(received) * MIN_ENFORCED_SHARE_BPS ? 'partly_bounded' : null;
}

/** What the program holds the transaction to before the person's tolerance (0 when nothing). */
export const enforcedPart = (g: Guarantee): bigint =>
  g.kind === 'enforced' ? BigInt(g.minimum) + BigInt(g.tolerance.amount) : 0n;
