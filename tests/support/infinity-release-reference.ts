// The test's own reading of Infinity v2's yield release (igneous-labs inf-1.5,
// controller/core/src/yields/release.rs, typedefs/uq0f63.rs, svc.rs), written apart from the
// wallet's port so that a shared mistake is unlikely: the successive squarings are listed first
// and the exponent's set bits folded over them (the program's multiplication order, which decides
// the rounding), round-to-nearest and ceilings by quotient and remainder.
const TWO_63 = 2n ** 63n;

/** UQ0F63 product: the exact product over 2^63, the half bit rounding up. */
function timesQ63(a: bigint, b: bigint): bigint {
  const product = a * b;
  const quotient = product / TWO_63;
  return product % TWO_63 >= TWO_63 / 2n ? quotient + 1n : quotient;
}

/** base^exp in UQ0F63: the squarings base^(2^k) for every bit of exp, then the set bits in order. */
export function referencePow(base: bigint, exp: bigint): bigint {
  const bits = exp.toString(2).split('').reverse();
  const squarings: bigint[] = [];
  for (const _ of bits)
    squarings.push(squarings.length ? timesQ63(squarings.at(-1)!, squarings.at(-1)!) : base);
  return bits.reduce((acc, bit, k) => (bit === '1' ? timesQ63(acc, squarings[k]!) : acc), TWO_63);
}

function ceilOf(n: bigint, d: bigint): bigint {
  return n / d + (n % d === 0n ? 0n : 1n);
}

export interface ReleaseInput {
  withheldLamports: bigint;
  protocolFeeNanos: bigint | number;
  rps: bigint;
  slotsElapsed: bigint;
}

/** YRel as the program names it: released to holders, to the protocol, and withheld still. */
export function referenceRelease({ withheldLamports, protocolFeeNanos, rps, slotsElapsed }: ReleaseInput) {
  const remaining = referencePow(TWO_63 - rps, slotsElapsed);
  const newWithheld = ceilOf(withheldLamports * remaining, TWO_63);
  const releasedBeforeFee = withheldLamports - newWithheld;
  const toProtocol = ceilOf(releasedBeforeFee * BigInt(protocolFeeNanos), 1_000_000_000n);
  return { released: releasedBeforeFee - toProtocol, toProtocol, newWithheld };
}

/** What one INF is worth in lamports at the release above: floor(inf × lp_due / supply), 1:1 edge cases. */
export function referenceInfValue(
  pool: { totalSolValue: bigint; protocolFeeLamports: bigint } & ReleaseInput,
  supply: bigint,
  inf: bigint,
): bigint {
  const { toProtocol, newWithheld } = referenceRelease(pool);
  const lpDue = pool.totalSolValue - newWithheld - (pool.protocolFeeLamports + toProtocol);
  if (supply === 0n || (lpDue === 0n && newWithheld === 0n)) return inf;
  return (inf * lpDue) / supply;
}
