// Marinade (mSOL), valued by Marinade's own formula (liquid-staking-program state/mod.rs and
// calc.rs): total_virtual_staked_lamports = total_active_balance + delayed_unstake_cooling_down
// + emergency_cooling_down + available_reserve_balance − circulating_ticket_balance (saturating),
// and lamports = floor(msol × total_virtual_staked / msol_supply) with the State's own msol_supply.
// Not the msol_price field: that is written only by the crank, for front ends. The State is decoded
// by staking/marinade-state.ts, which the routes share.
import { U64_MAX } from '../../shared/format';
import type { MarinadeState } from './marinade-state';

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
