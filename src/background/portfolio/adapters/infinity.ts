// Sanctum Infinity (INF): an LP token over a pool of LSTs. Its SOL value per INF is the SOL value
// due to INF holders over INF's supply, read from the controller's PoolState (igneous-labs inf-1.5,
// controller/core/src/accounts/pool_state/v1.rs and v2.rs; INF's own rate in svc.rs). The version
// byte decides the layout, and the program takes an account of exactly its version's size:
//   v1 (176 bytes): total_sol_value / supply
//   v2 (240 bytes): (total_sol_value − withheld_lamports − protocol_fee_lamports) / supply, once
//                   the yield due at the slot read has been released (infinity-release.ts)
// total_sol_value only moves when someone runs SyncSolValue (or trades), so INF's rate is as fresh
// as the pool's last sync: the LSTs inside may have earned since.
import { PublicKey } from '@solana/web3.js';
import { U64_MAX } from '../../../shared/format';
import type { RawAccount } from '../../chain/raw-account';
import { releaseAt, type WithheldState } from './infinity-release';
import type { MintInfo } from './token-mint';
import { INF_LP_MINT } from '../../staking/infinity-instructions';

export const INF_MINT = INF_LP_MINT.toBase58();
export const INF_POOL_STATE = 'AYhux5gJzCoeoc1PoJ1VxwPDe22RwcvpHviLDD1oCGvW';
const INF_PROGRAM = new PublicKey('5ocnV1qiCgaQR8Jb8xWnVbApfaygJ8tNoZfgPwsgx9kx');

const SIZE = { 1: 176, 2: 240 } as const;
/** repr(C), little endian; v2 keeps v1's fields where they were and appends its own. */
const OFFSET = {
  totalSolValue: 0,
  protocolFeeNanos: 8,
  version: 12,
  isDisabled: 13,
  isRebalancing: 14,
  pricingProgram: 112,
  lpTokenMint: 144,
  rpsAuthority: 176,
  rps: 208,
  withheld: 216,
  protocolFee: 224,
  lastReleaseSlot: 232,
} as const;

interface PoolCommon {
  totalSolValue: bigint;
  disabled: boolean;
  rebalancing: boolean;
  /** The pricing program the controller prices through (a route's accounts depend on it). */
  pricingProgram: string;
  lpTokenMint: string;
}
type InfinityPool = (PoolCommon & { version: 1 }) | (PoolCommon & WithheldState & { version: 2 });

type InfinityRead = { ok: true; pool: InfinityPool } | { ok: false; reason: string };

export function decodeInfinityPool(account: RawAccount | null | undefined): InfinityRead {
  if (!account) return { ok: false, reason: 'Sanctum Infinity’s pool account is not on this network.' };
  if (!account.owner.equals(INF_PROGRAM))
    return {
      ok: false,
      reason: 'The account at Infinity’s pool address does not belong to the Infinity program.',
    };
  const data = account.data;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const version = data[OFFSET.version];
  if ((version !== 1 && version !== 2) || data.length !== SIZE[version])
    return {
      ok: false,
      reason: `Infinity’s pool account has a layout Tidepool does not know (version ${version ?? '?'}, ${data.length} bytes).`,
    };
  const u64 = (offset: number) => view.getBigUint64(offset, true);
  const key = (offset: number) => new PublicKey(data.subarray(offset, offset + 32)).toBase58();
  const common: PoolCommon = {
    totalSolValue: u64(OFFSET.totalSolValue),
    disabled: data[OFFSET.isDisabled] !== 0,
    rebalancing: data[OFFSET.isRebalancing] !== 0,
    pricingProgram: key(OFFSET.pricingProgram),
    lpTokenMint: key(OFFSET.lpTokenMint),
  };
  if (version === 1) return { ok: true, pool: { version, ...common } };
  return {
    ok: true,
    pool: {
      version,
      ...common,
      protocolFeeNanos: view.getUint32(OFFSET.protocolFeeNanos, true),
      rps: u64(OFFSET.rps),
      withheldLamports: u64(OFFSET.withheld),
      protocolFeeLamports: u64(OFFSET.protocolFee),
      lastReleaseSlot: u64(OFFSET.lastReleaseSlot),
    },
  };
}

/** The rate INF is valued at: `lamports` of SOL value for `supply` INF (floored when applied). */
interface InfinityRate {
  lamports: bigint;
  supply: bigint;
  unitRate: boolean;
}

/** INF's rate at a slot, with what v2 keeps apart from holders at that slot; or why it cannot be valued. */
type InfinityValuation =
  | { ok: true; rate: InfinityRate; withheldLamports: bigint | null; protocolFeeLamports: bigint | null }
  | { ok: false; reason: string };

/**
 * The SOL value due to INF holders over INF's supply at `slot` (v2 releases the yield due first),
 * with the program's own edge cases: no supply (v1: worth nothing; v2: 1:1), v2 nothing due and
 * nothing withheld (1:1), and a v2 pool owing more than it holds (cannot be valued).
 */
export function infinityRate(pool: InfinityPool, mint: MintInfo, slot: bigint): InfinityValuation {
  if (pool.version === 1) {
    const worthless = pool.totalSolValue === 0n || mint.supply === 0n;
    const rate = worthless
      ? { lamports: 0n, supply: 1n, unitRate: false }
      : { lamports: pool.totalSolValue, supply: mint.supply, unitRate: false };
    return { ok: true, rate, withheldLamports: null, protocolFeeLamports: null };
  }
  const released = releaseAt(pool, slot);
  if (!released.ok) return released;
  const { withheldLamports, protocolFeeLamports } = released;
  const owed = withheldLamports + protocolFeeLamports;
  if (owed > pool.totalSolValue)
    return { ok: false, reason: 'Infinity’s pool owes more SOL than it holds right now.' };
  const due = pool.totalSolValue - owed;
  const rate =
    mint.supply === 0n || (due === 0n && withheldLamports === 0n)
      ? { lamports: 1n, supply: 1n, unitRate: true }
      : { lamports: due, supply: mint.supply, unitRate: false };
  return { ok: true, rate, withheldLamports, protocolFeeLamports };
}

/** floor(inf × lamports / supply), as the program floors; null past u64. */
export function infToLamports(rate: InfinityRate, inf: bigint): bigint | null {
  const out = (inf * rate.lamports) / rate.supply;
  return out > U64_MAX ? null : out;
}
