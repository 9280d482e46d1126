// Amounts as people read them: grouped, SOL to 4 decimals in lists, the exact figure on hover.
import { durationText, formatRatio, formatUnits, SOL_DECIMALS } from '../../shared/format';
import type { ApyBasis } from '../../shared/staking';

export function Sol({ lamports, digits = 4 }: { lamports: string | bigint; digits?: number }) {
  const value = BigInt(lamports);
  return (
    <span title={`${formatUnits(value, SOL_DECIMALS)} SOL`}>
      {formatUnits(value, SOL_DECIMALS, digits)} SOL
    </span>
  );
}

export function Tokens({
  amount,
  decimals,
  symbol,
  digits = 4,
}: {
  amount: string | bigint;
  decimals: number;
  symbol: string;
  digits?: number;
}) {
  const value = BigInt(amount);
  return (
    <span title={`${formatUnits(value, decimals)} ${symbol}`}>
      {formatUnits(value, decimals, digits)} {symbol}
    </span>
  );
}

/** SOL per pool token: total_lamports / pool_token_supply, scaled by both decimals. */
export function rateText(
  p: { totalLamports: string; poolTokenSupply: string; decimals: number },
  digits = 4,
): string {
  return formatRatio(
    BigInt(p.totalLamports) * 10n ** BigInt(p.decimals),
    BigInt(p.poolTokenSupply) * 10n ** BigInt(SOL_DECIMALS),
    digits,
  );
}

export function apyText({ apyBps, apyBasis }: { apyBps: number | null; apyBasis: ApyBasis | null }): string {
  return apyBps === null || !apyBasis
    ? 'APY not known yet'
    : `≈ ${(apyBps / 100).toFixed(2)}% APY (est.: the rewards counted in epoch ${apyBasis.epoch}, ${slotText(apyBasis.slotMs)} slots)`;
}

/** What an APY was measured over, in a sentence. */
export function apyBasisText(b: ApyBasis): string {
  return `Measured over one epoch (the rewards the pool counted at its epoch ${b.epoch} update), compounded over a year of ${slotText(b.slotMs)} slots — the network’s slot time over the last ${durationText(b.slotTimeMeasuredOverSecs * 1000)}.`;
}

/** A slot time as measured, to a tenth of a millisecond. */
export const slotText = (ms: number) => `${ms.toLocaleString('en-US', { maximumFractionDigits: 1 })} ms`;
