// Known liquid staking tokens on mainnet, from @glamsystems/sanctum-lst-list (the maintained fork
// of Sanctum's list: 255 LSTs where sanctum-lst-list 0.2.15 had 62). Every entry says how the
// token is valued: an SPL stake pool (three program ids), Sanctum Infinity, Marinade, or a kind
// Tidepool cannot value (listed, never counted). The list applies to mainnet only: the same
// addresses mean nothing on other clusters, where pools are discovered on chain instead.
import { LstList } from '@glamsystems/sanctum-lst-list';
import { SOLANA_MAINNET_CHAIN } from '../../shared/networks';
import type { StakePoolProgramKind } from '../../shared/staking';

interface RegistryBase {
  mint: string;
  symbol: string;
  name: string;
  decimals: number;
  logoUri: string;
}

/** An SPL stake-pool LST: the shape the staking engine and the pool list use. */
interface KnownLst extends RegistryBase {
  pool: string;
  programKind: StakePoolProgramKind;
}

type RegistryEntry =
  | (KnownLst & { kind: 'splStakePool' })
  | (RegistryBase & { kind: 'infinity' })
  | (RegistryBase & { kind: 'marinade' })
  | (RegistryBase & { kind: 'unsupported'; program: string });

const SPL_KIND_OF: Record<string, StakePoolProgramKind> = {
  Spl: 'spl',
  SanctumSpl: 'sanctumSingle',
  SanctumSplMulti: 'sanctumMulti',
};

function entryOf(lst: (typeof LstList)[number]): RegistryEntry {
  const base: RegistryBase = {
    mint: lst.mint,
    symbol: lst.symbol,
    name: lst.name,
    decimals: lst.decimals,
    logoUri: lst.logoUri,
  };
  const pool = lst.pool as { program: string; pool?: string };
  const programKind = SPL_KIND_OF[pool.program];
  if (programKind && pool.pool) return { ...base, kind: 'splStakePool', pool: pool.pool, programKind };
  if (pool.program === 'SPool') return { ...base, kind: 'infinity' };
  if (pool.program === 'Marinade') return { ...base, kind: 'marinade' };
  return { ...base, kind: 'unsupported', program: pool.program };
}

const MAINNET_REGISTRY: readonly RegistryEntry[] = Object.freeze(LstList.map(entryOf));

/** The SPL stake-pool LSTs of the registry (what one can stake into from Tidepool on mainnet). */
export const MAINNET_LSTS: readonly KnownLst[] = Object.freeze(
  MAINNET_REGISTRY.flatMap((e) => (e.kind === 'splStakePool' ? [e] : [])),
);

const ENTRY_BY_MINT = new Map(MAINNET_REGISTRY.map((e) => [e.mint, e]));
const BY_MINT = new Map(MAINNET_LSTS.map((l) => [l.mint, l]));
const BY_POOL = new Map(MAINNET_LSTS.map((l) => [l.pool, l]));

const onMainnet = (chain: string) => chain === SOLANA_MAINNET_CHAIN;

/** Any registry entry for `mint`, whatever its kind (mainnet only). */
export function registryEntry(mint: string, chain: string): RegistryEntry | undefined {
  return onMainnet(chain) ? ENTRY_BY_MINT.get(mint) : undefined;
}

/** The SPL stake-pool entry for `mint` (mainnet only). */
export function knownLstByMint(mint: string, chain: string): KnownLst | undefined {
  return onMainnet(chain) ? BY_MINT.get(mint) : undefined;
}

export function knownLstByPool(pool: string, chain: string): KnownLst | undefined {
  return onMainnet(chain) ? BY_POOL.get(pool) : undefined;
}
