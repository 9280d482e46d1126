// tidepool:stake for the LSTs that are not SPL stake pools: a dApp names Infinity's PoolState or
// Marinade's State (or their mints) as `pool`; SOL in to stake, the pool's own token to unstake.
// 'instant' is RemoveLiquidity to SOL (INF) or liquid_unstake (mSOL); 'delayed' is
// withdraw_stake_account for mSOL and refused for INF (Infinity has no delayed route). Marinade
// takes no minimum, and is allowed for a dApp all the same because its State is at a known address:
// the window says no minimum is enforced and shows the worst case (the guarantee type's words).
import { MARINADE_STATE, MSOL_MINT } from '../../../shared/marinade';
import { SOL_ASSET, type RouteRequest } from '../../../shared/routes';
import type { UnstakeMode } from '../../../shared/staking';
import { WalletError } from '../../../shared/errors';
import { INFINITY_POOL_STATE, INF_LP_MINT } from '../infinity-instructions';

interface StakeIntent {
  action: 'stake' | 'unstake';
  pool: string;
  amount: string;
  mode?: UnstakeMode;
}

/** The route a dApp's stake intent names, or null when `pool` is neither Infinity's nor Marinade's (an SPL pool). */
export function dappRoute(p: StakeIntent): { request: RouteRequest; address: string } | null {
  const { action, pool, amount } = p;
  const mode = p.mode ?? 'instant';
  if (pool === INFINITY_POOL_STATE.toBase58() || pool === INF_LP_MINT.toBase58()) {
    if (action === 'stake')
      return {
        request: { kind: 'infinityAdd', from: SOL_ASSET, amount },
        address: INFINITY_POOL_STATE.toBase58(),
      };
    if (mode === 'delayed')
      throw new WalletError(
        'invalid_request',
        'Infinity has no delayed unstake: ask for an instant unstake (RemoveLiquidity to SOL).',
      );
    return {
      request: { kind: 'infinityRemove', to: SOL_ASSET, amount },
      address: INFINITY_POOL_STATE.toBase58(),
    };
  }
  if (pool === MARINADE_STATE || pool === MSOL_MINT) {
    const request: RouteRequest =
      action === 'stake'
        ? { kind: 'marinadeDeposit', amount }
        : mode === 'instant'
          ? { kind: 'marinadeLiquid', amount }
          : { kind: 'marinadeDelayed', amount };
    return { request, address: MARINADE_STATE };
  }
  return null;
}
