// Sanctum Infinity (INF): an LP token over a pool of LSTs. Its SOL value per INF is the pool's
// SOL value over INF's supply, read from the controller's PoolState (layouts: igneous-labs
// inf-1.5 controller core pool_state v1/v2). The version byte decides the layout:
//   v1: total_sol_value / supply
//   v2: (total_sol_value − withheld_lamports − protocol_fee_lamports) / supply
// total_sol_value only moves when someone runs SyncSolValue (or trades), so INF's rate is as fresh
// as the pool's last sync: the LSTs inside may have earned since.
import { PublicKey } from '@solana/web3.js';
import { U64_MAX } from '../../../shared/format';
import type { RawAccount } from '../../chain/raw-account';
import type { MintInfo } from './token-mint';

export const INF_MINT = '5oVNBeEEQvYi1cX3ir8Dx5n1P7pdxydbGF2X4TxVusJm';
export const INF_POOL_STATE = 'AYhux5gJzCoeoc1PoJ1VxwPDe22RwcvpHviLDD1oCGvW';
const INF_PROGRAM = new PublicKey('5ocnV1qiCgaQR8Jb8xWnVbApfaygJ8tNoZfgPwsgx9kx');

const INF_V1_SIZE = 176;
const INF_V2_SIZE = 240;
const OFFSET = {
  totalSolValue: 0,
  version: 12,
  isDisabled: 13,
  isRebalancing: 14,
  lpTokenMint: 144,
  withheld: 176,
  protocolFee: 184,
  lastReleaseSlot: 192,
} as const;

type InfinityPool =
  | { version: 1; totalSolValue: bigint; disabled: boolean; rebalancing: boolean; lpTokenMint: string }
  | {
      version: 2;
      totalSolValue: bigint;
      disabled: boolean;
      rebalancing: boolean;
      lpTokenMint: string;
      withheldLamports: bigint;
      protocolFeeLamports: bigint;
      lastReleaseSlot: bigint;
    };

/** Why an INF PoolState cannot be valued, in the user's words; null when it can. */
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
  const common = () => ({
    totalSolValue: view.getBigUint64(OFFSET.totalSolValue, true),
    disabled: data[OFFSET.isDisabled] !== 0,
    rebalancing: data[OFFSET.isRebalancing] !== 0,
    lpTokenMint: new PublicKey(data.subarray(OFFSET.lpTokenMint, OFFSET.lpTokenMint + 32)).toBase58(),
  });
  if (version === 1 && data.length >= INF_V1_SIZE) return { ok: true, pool: { version: 1, ...common() } };
  if (version === 2 && data.length >= INF_V2_SIZE) {
    return {
      ok: true,
      pool: {
        version: 2,
        ...common(),
        withheldLamports: view.getBigUint64(OFFSET.withheld, true),
        protocolFeeLamports: view.getBigUint64(OFFSET.protocolFee, true),
        lastReleaseSlot: view.getBigUint64(OFFSET.lastReleaseSlot, true),
      },
    };
  }
  return {
    ok: false,
    reason: `Infinity’s pool account has a layout Tidepool does not know (version ${version ?? '?'}, ${data.length} bytes).`,
  };
}

/** The rate INF is valued at: `lamports` of SOL value for `supply` INF (floored when applied). */
interface InfinityRate {
  lamports: bigint;
  supply: bigint;
  unitRate: boolean;
}

/**
 * The SOL value due to INF holders over INF's supply, with the program's own edge cases: no
 * supply (v1: worth nothing; v2: 1:1), v2 nothing due and nothing withheld (1:1), and a v2 pool
 * owing more than it holds (cannot be valued: null).
 */
export function infinityRate(pool: InfinityPool, mint: MintInfo): InfinityRate | null {
  if (pool.version === 1) {
    if (pool.totalSolValue === 0n || mint.supply === 0n) return { lamports: 0n, supply: 1n, unitRate: false };
    return { lamports: pool.totalSolValue, supply: mint.supply, unitRate: false };
  }
  const owed = pool.withheldLamports + pool.protocolFeeLamports;
  if (owed > pool.totalSolValue) return null;
  const due = pool.totalSolValue - owed;
  if (mint.supply === 0n || (due === 0n && pool.withheldLamports === 0n))
    return { lamports: 1n, supply: 1n, unitRate: true };
  return { lamports: due, supply: mint.supply, unitRate: false };
}

/** floor(inf × lamports / supply), as the program floors; null past u64. */
export function infToLamports(rate: InfinityRate, inf: bigint): bigint | null {
  const out = (inf * rate.lamports) / rate.supply;
  return out > U64_MAX ? null : out;
}
