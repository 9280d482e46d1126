// A Token-2022 transfer fee, as the token program withholds it from a transfer: the amount's basis
// points, rounded up, never more than the mint's maximum (spl-token-2022's TransferFee::calculate_fee).
// The background decodes the rate from the mint; the popup shows what a send leaves the recipient.

/** The fee a mint charges in one epoch (its older or newer TransferFee). */
export interface TransferFeeRate {
  basisPoints: number;
  /** Base units: no transfer pays more. */
  maximum: string;
}

const ONE_IN_BASIS_POINTS = 10_000n;

/** What a transfer of `amount` base units leaves behind as the fee (the recipient gets the rest). */
export function transferFeeOf(rate: TransferFeeRate | null, amount: bigint): bigint {
  if (!rate || rate.basisPoints === 0 || amount === 0n) return 0n;
  const raw = (amount * BigInt(rate.basisPoints) + ONE_IN_BASIS_POINTS - 1n) / ONE_IN_BASIS_POINTS;
  const maximum = BigInt(rate.maximum);
  return raw > maximum ? maximum : raw;
}
