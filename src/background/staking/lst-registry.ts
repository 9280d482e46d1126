// Known liquid staking tokens on mainnet, from the sanctum-lst-list package, restricted to pools
// of the three stake-pool programs (the ones whose layout and instructions we understand).
// Pools on other clusters, or missing here, are discovered on chain by their mint.
import { LstList } from 'sanctum-lst-list';
import type { StakePoolProgramKind } from '../../shared/staking';

export interface KnownLst {
  mint: string;
  pool: string;
  symbol: string;
  name: string;
  decimals: number;
  programKind: StakePoolProgramKind;
  logoUri: string;
}

const KIND_OF: Record<string, StakePoolProgramKind> = { Spl: 'spl', SanctumSpl: 'sanctumSingle', SanctumSplMulti: 'sanctumMulti' };

export const MAINNET_LSTS: readonly KnownLst[] = Object.freeze(
  LstList.flatMap((lst) => {
    const pool = lst.pool as { program: string; pool?: string };
    const programKind = KIND_OF[pool.program];
    if (!programKind || !pool.pool) return [];
    return [{ mint: lst.mint, pool: pool.pool, symbol: lst.symbol, name: lst.name, decimals: lst.decimals, programKind, logoUri: lst.logoUri }];
  }),
);

const BY_MINT = new Map(MAINNET_LSTS.map((l) => [l.mint, l]));
const BY_POOL = new Map(MAINNET_LSTS.map((l) => [l.pool, l]));

/** The registry applies to mainnet only: the same addresses mean nothing elsewhere. */
export function knownLstByMint(mint: string, chain: string): KnownLst | undefined {
  return chain === 'solana:mainnet' ? BY_MINT.get(mint) : undefined;
}

export function knownLstByPool(pool: string, chain: string): KnownLst | undefined {
  return chain === 'solana:mainnet' ? BY_POOL.get(pool) : undefined;
}
