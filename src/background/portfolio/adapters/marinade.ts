// Marinade (mSOL), valued by Marinade's own formula (liquid-staking-program state/mod.rs and
// calc.rs): total_virtual_staked_lamports = total_active_balance + delayed_unstake_cooling_down
// + emergency_cooling_down + available_reserve_balance − circulating_ticket_balance (saturating),
// and lamports = floor(msol × total_virtual_staked / msol_supply) with the State's own msol_supply.
// Not the msol_price field: that is written only by the crank, for front ends.
import { PublicKey } from '@solana/web3.js';
import { U64_MAX } from '../../../shared/format';
import type { RawAccount } from '../../chain/raw-account';

export const MARINADE_STATE = '8szGkuLTAux9XMgZ2vtY39jVSowEcpBfFfD8hXSEqdGC';
/** mSOL's mint: which holdings need the State read. The State's own msol_mint decides the match. */
export const MSOL_MINT = 'mSoLzYCxHdYgdzU16g5QSh3i5K3z3KZK7ytfqcJm7So';
const MARINADE_PROGRAM = new PublicKey('MarBmsSgKXdrN1egZf5sqe1TMai9K1rChYNDJgjq7aD');

/** Anchor's account discriminator of `State`: sha256("account:State")[0..8]. */
const STATE_DISCRIMINATOR = [0xd8, 0x92, 0x6b, 0x5e, 0x68, 0x4b, 0xb6, 0xb1];
// Borsh offsets (8-byte discriminator first), field by field from the State struct.
const OFFSET = {
  msolMint: 8,
  delayedUnstakeCoolingDown: 226,
  totalActiveBalance: 376,
  availableReserveBalance: 496,
  msolSupply: 504,
  msolPrice: 512,
  circulatingTicketBalance: 528,
  emergencyCoolingDown: 568,
  paused: 608,
} as const;
const MARINADE_STATE_MIN_SIZE = OFFSET.paused + 1;

export interface MarinadeState {
  msolMint: string;
  totalActiveBalance: bigint;
  delayedUnstakeCoolingDown: bigint;
  emergencyCoolingDown: bigint;
  availableReserveBalance: bigint;
  circulatingTicketBalance: bigint;
  msolSupply: bigint;
  /** The crank's price for front ends (× 2^32); shown for comparison, never used to value. */
  msolPrice: bigint;
  paused: boolean;
}

type MarinadeRead = { ok: true; state: MarinadeState } | { ok: false; reason: string };

export function decodeMarinadeState(account: RawAccount | null | undefined): MarinadeRead {
  if (!account) return { ok: false, reason: 'Marinade’s state account is not on this network.' };
  if (!account.owner.equals(MARINADE_PROGRAM))
    return {
      ok: false,
      reason: 'The account at Marinade’s state address does not belong to the Marinade program.',
    };
  const data = account.data;
  if (data.length < MARINADE_STATE_MIN_SIZE || STATE_DISCRIMINATOR.some((b, i) => data[i] !== b)) {
    return { ok: false, reason: 'Marinade’s state account has a layout Tidepool does not know.' };
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u64 = (offset: number) => view.getBigUint64(offset, true);
  return {
    ok: true,
    state: {
      msolMint: new PublicKey(data.subarray(OFFSET.msolMint, OFFSET.msolMint + 32)).toBase58(),
      totalActiveBalance: u64(OFFSET.totalActiveBalance),
      delayedUnstakeCoolingDown: u64(OFFSET.delayedUnstakeCoolingDown),
      emergencyCoolingDown: u64(OFFSET.emergencyCoolingDown),
      availableReserveBalance: u64(OFFSET.availableReserveBalance),
      circulatingTicketBalance: u64(OFFSET.circulatingTicketBalance),
      msolSupply: u64(OFFSET.msolSupply),
      msolPrice: u64(OFFSET.msolPrice),
      paused: data[OFFSET.paused] !== 0,
    },
  };
}

/** total_lamports_under_control − circulating_ticket_balance, never below zero. */
export function totalVirtualStakedLamports(s: MarinadeState): bigint {
  const underControl =
    s.totalActiveBalance + s.delayedUnstakeCoolingDown + s.emergencyCoolingDown + s.availableReserveBalance;
  return underControl > s.circulatingTicketBalance ? underControl - s.circulatingTicketBalance : 0n;
}

/** calc_lamports_from_msol_amount: proportional(msol, virtual staked, msol_supply); 1:1 with no supply. */
export function msolToLamports(s: MarinadeState, msol: bigint): bigint | null {
  if (s.msolSupply === 0n) return msol;
  const out = (msol * totalVirtualStakedLamports(s)) / s.msolSupply;
  return out > U64_MAX ? null : out;
}
