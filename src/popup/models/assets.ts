// Home's list: SOL and every LST held, one entry each, sorted by value in SOL (largest first);
// those Tidepool cannot value come last, by symbol. Derived, not stored.
import { computed } from '@preact/signals';
import type { HeldLst } from '../../shared/staking';
import { heldLsts, portfolio } from './portfolio';

export const VALUE_UNKNOWN = 'value unknown';

export type Asset = { kind: 'sol'; mint: 'SOL'; valueLamports: string } | HeldLst;

/** The warnings a row carries as a short badge: what changes what the figures mean. */
export function assetBadges(asset: Asset): string[] {
  switch (asset.kind) {
    case 'sol':
    case 'splStakePool':
      return nameBadge(asset);
    case 'infinity':
      return [...(asset.disabled ? ['paused'] : []), ...nameBadge(asset)];
    case 'marinade':
      return [...(asset.paused ? ['paused'] : []), ...nameBadge(asset)];
    case 'unvalued':
      return [VALUE_UNKNOWN, ...nameBadge(asset)];
    default: {
      const never: never = asset;
      return never;
    }
  }
}

const nameBadge = (asset: Asset) => [
  ...(asset.kind !== 'sol' && asset.nameSource === 'mint' ? ['unknown token'] : []),
  // A Token-2022 transfer fee: every send of it arrives smaller (the detail says how much).
  ...(asset.kind !== 'sol' && asset.transferFee ? ['transfer fee'] : []),
];

const valueOf = (asset: Asset) => (asset.kind === 'unvalued' ? -1n : BigInt(asset.valueLamports));

export const assets = computed<Asset[]>(() => {
  const p = portfolio.value;
  if (!p) return [];
  const all: Asset[] = [{ kind: 'sol', mint: 'SOL', valueLamports: p.solLamports }, ...heldLsts.value];
  return all.sort((a, b) => {
    const [va, vb] = [valueOf(a), valueOf(b)];
    if (va !== vb) return va > vb ? -1 : 1;
    return symbolOf(a).localeCompare(symbolOf(b));
  });
});

export const symbolOf = (asset: Asset) => (asset.kind === 'sol' ? 'SOL' : asset.symbol);
