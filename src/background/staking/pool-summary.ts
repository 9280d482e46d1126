// A pool as the UI shows it: its name (registry, or its mint for a pool found on chain), the
// live rate, the estimated APY, whether its rate is current, and whether it takes our deposit.
import type { PublicKey } from '@solana/web3.js';
import { POOL_TOKEN_DECIMALS, shortAddress } from '../../shared/format';
import type { ChainId } from '../../shared/networks';
import type { PoolSummary } from '../../shared/staking';
import { knownLstByPool, registryEntry } from './lst-registry';
import type { Fee, PoolState } from './pool-account';
import { estimateApyBps, type EpochYear } from './pool-math';

const wireFee = (f: Fee) => ({ numerator: f.numerator.toString(), denominator: f.denominator.toString() });

export function depositBlockedReason(pool: PoolState, owner: PublicKey | null): string | null {
  if (pool.solDepositAuthority && !(owner && pool.solDepositAuthority.equals(owner))) {
    return 'This pool takes SOL deposits only from its own deposit authority.';
  }
  if (pool.poolTokenSupply === 0n && pool.totalLamports > 0n)
    return 'This pool has no tokens in circulation; it is being wound down.';
  return null;
}

/**
 * The name the UI gives a token: the registry's symbol, or else its own mint, shortened: never an
 * invented symbol that could pass for an official one. (The portfolio also reads the token's own
 * metadata; see ../portfolio/token-names.ts.)
 */
export const lstSymbol = (mint: string, chain: ChainId) =>
  registryEntry(mint, chain)?.symbol ?? shortAddress(mint);

export function summarizePool(
  pool: PoolState,
  ctx: {
    chain: ChainId;
    epoch: bigint;
    /** The network's year of epochs (null: its slot time is not measured, so no APY). */
    year: EpochYear | null;
    owner: PublicKey | null;
    decimals?: number;
  },
): PoolSummary {
  const address = pool.address.toBase58();
  const mint = pool.poolMint.toBase58();
  const known = knownLstByPool(address, ctx.chain);
  const apyBps = ctx.year ? estimateApyBps(pool, ctx.year.epochs) : null;
  return {
    pool: address,
    mint,
    programKind: pool.programKind,
    symbol: known?.symbol ?? lstSymbol(mint, ctx.chain),
    name: known?.name ?? `Stake pool ${address.slice(0, 4)}…${address.slice(-4)}`,
    decimals: known?.decimals ?? ctx.decimals ?? POOL_TOKEN_DECIMALS,
    known: !!known,
    totalLamports: pool.totalLamports.toString(),
    poolTokenSupply: pool.poolTokenSupply.toString(),
    apyBps,
    apyBasis:
      apyBps === null || !ctx.year
        ? null
        : {
            epoch: Number(pool.lastUpdateEpoch),
            slotMs: ctx.year.slotMs,
            slotTimeMeasuredOverSecs: ctx.year.measuredOverSecs,
          },
    lastUpdateEpoch: Number(pool.lastUpdateEpoch),
    stale: pool.lastUpdateEpoch < ctx.epoch,
    depositBlocked: depositBlockedReason(pool, ctx.owner),
    solDepositFee: wireFee(pool.solDepositFee),
    solWithdrawalFee: wireFee(pool.solWithdrawalFee),
    stakeWithdrawalFee: wireFee(pool.stakeWithdrawalFee),
  };
}
