// Sanctum Infinity v2 withholds yield and releases it over time: at each instruction the
// controller first releases the share of withheld_lamports due since last_release_slot, and only
// then prices INF (igneous-labs inf-1.5, controller/core/src/yields/release.rs, typedefs/uq0f63.rs
// and fee_nanos.rs). Ported here so INF is valued at a slot exactly as the program would value it:
//   rem          = (1 − rps)^slots_elapsed          in UQ0F63 (a u64 fraction over 2^63)
//   new_withheld = ceil(withheld × rem)             rounded towards withholding more
//   to_protocol  = ceil(released × fee_nanos / 1e9) of released = withheld − new_withheld
//   protocol_fee_lamports += to_protocol            total_sol_value unchanged
// The fixed-point power rounds at every multiplication, so the order of the multiplications is
// the program's own (square and multiply, lowest bit first); any other order can differ in the
// last bits and so by a lamport.
import { U64_MAX } from '../../../shared/format';

const Q = 63n;
/** 1.0 in UQ0F63. */
export const UQ0F63_ONE = 1n << Q;
/** The least release rate the program accepts (about one per 10^12 per slot). */
export const MIN_RPS = 9_223_372n;
const NANOS = 1_000_000_000n;

/** a × b in UQ0F63, rounded to the nearest bit as the program rounds. */
const mul = (a: bigint, b: bigint): bigint => (a * b + (1n << (Q - 1n))) >> Q;

/** base^exp in UQ0F63, by the program's square-and-multiply. */
export function powUQ0F63(base: bigint, exp: bigint): bigint {
  let result = UQ0F63_ONE;
  for (let square = base, rest = exp; rest > 0n; rest >>= 1n, square = mul(square, square)) {
    if (rest & 1n) result = mul(result, square);
  }
  return result;
}

/** What the controller keeps of the pool's SOL value apart from INF holders (PoolState v2). */
export interface WithheldState {
  withheldLamports: bigint;
  protocolFeeLamports: bigint;
  protocolFeeNanos: number;
  rps: bigint;
  lastReleaseSlot: bigint;
}

type Release =
  { ok: true; withheldLamports: bigint; protocolFeeLamports: bigint } | { ok: false; reason: string };

/** The pool's withheld and protocol-fee lamports once the program has released yield at `slot`. */
export function releaseAt(pool: WithheldState, slot: bigint): Release {
  if (slot < pool.lastReleaseSlot)
    return { ok: false, reason: 'The network answered with a slot before Infinity’s last yield release.' };
  if (pool.rps < MIN_RPS || pool.rps > UQ0F63_ONE)
    return { ok: false, reason: 'Infinity’s pool has a yield release rate its program refuses.' };
  if (pool.protocolFeeNanos > NANOS)
    return { ok: false, reason: 'Infinity’s pool has a protocol fee over 100 %, which its program refuses.' };
  const remaining = powUQ0F63(UQ0F63_ONE - pool.rps, slot - pool.lastReleaseSlot);
  const withheld = ceilDiv(pool.withheldLamports * remaining, UQ0F63_ONE);
  const released = pool.withheldLamports - withheld;
  const toProtocol = ceilDiv(released * BigInt(pool.protocolFeeNanos), NANOS);
  const protocolFee = pool.protocolFeeLamports + toProtocol;
  if (protocolFee > U64_MAX)
    return { ok: false, reason: 'Infinity’s protocol fees overflow at this slot; its program refuses.' };
  return { ok: true, withheldLamports: withheld, protocolFeeLamports: protocolFee };
}

const ceilDiv = (n: bigint, d: bigint): bigint => (n + d - 1n) / d;
