// What a Token-2022 transfer fee means for the person, where a token that charges one is shown:
// every transfer of it leaves part behind (withheld for the mint's authority), so a send arrives
// smaller; a stake pool mints and burns it, so staking and unstaking through the pool pay none.
import { formatUnits } from '../../shared/format';
import type { TransferFeeRate } from '../../shared/transfer-fee';

const percent = (rate: TransferFeeRate) =>
  `${(rate.basisPoints / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;

export function TransferFeeNote({
  rate,
  decimals,
  symbol,
}: {
  rate: TransferFeeRate;
  decimals: number;
  symbol: string;
}) {
  return (
    <p class="muted small" data-testid="transfer-fee">
      {symbol} charges a transfer fee: {percent(rate)} of every transfer, at most{' '}
      {formatUnits(BigInt(rate.maximum), decimals)} {symbol}, withheld from what arrives. Staking and
      unstaking through its pool do not pay it.
    </p>
  );
}
