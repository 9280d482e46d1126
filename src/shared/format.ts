// Money as integers: base units (lamports, token units) are bigint everywhere; user input is a
// decimal string parsed exactly; display rounds down so the wallet never shows more than there is.

export const SOL_DECIMALS = 9;
/**
 * Decimals of a stake pool's token: the stake-pool program's pools (ours on the localnet, the
 * mainnet ones) mint with SOL's, and quotes and reviews format pool tokens with them.
 */
export const POOL_TOKEN_DECIMALS = 9;
/** The largest u64: no balance, amount or epoch on chain can exceed it (and u64::MAX marks "never"). */
export const U64_MAX = 0xffff_ffff_ffff_ffffn;
/** What a person is told when an amount cannot be any balance. */
export const tooLargeForAnyBalance = (what: string) => `That ${what} is larger than any balance can be.`;

export class AmountError extends Error {}

/** "1.5" with 9 decimals → 1500000000n. Rejects anything that is not a plain positive decimal. */
export function parseDecimal(input: string, decimals: number, what = 'amount'): bigint {
  const text = input.trim().replace(/[_\s,](?=\d{3}(\D|$))/g, '');
  if (!text) throw new AmountError(`Enter an ${what}.`);
  if (text.startsWith('-')) throw new AmountError(`The ${what} cannot be negative.`);
  if (!/^\d*\.?\d*$/.test(text) || text === '.') throw new AmountError(`“${input.trim()}” is not a number.`);
  const [whole = '', fraction = ''] = text.split('.');
  if (fraction.length > decimals) {
    throw new AmountError(
      decimals === 0 ? `This token has no decimal places.` : `Use at most ${decimals} decimal places.`,
    );
  }
  const units = BigInt((whole || '0') + fraction.padEnd(decimals, '0'));
  if (units === 0n) throw new AmountError(`The ${what} must be more than zero.`);
  if (units > U64_MAX) throw new AmountError(tooLargeForAnyBalance(what));
  return units;
}

function group(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 1234567890123n, 9 → "1,234.567890123"; maxFraction rounds down and trims zeros. */
export function formatUnits(amount: bigint, decimals: number, maxFraction = decimals): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const text = abs.toString().padStart(decimals + 1, '0');
  const whole = text.slice(0, text.length - decimals);
  const fraction = text
    .slice(text.length - decimals, text.length - decimals + maxFraction)
    .replace(/0+$/, '');
  return `${negative ? '-' : ''}${group(whole)}${fraction ? `.${fraction}` : ''}`;
}

export const formatLamports = (lamports: bigint, maxFraction = 4) =>
  formatUnits(lamports, SOL_DECIMALS, maxFraction);
/** "1.5 SOL", exact unless told otherwise; the sign is the caller's to say. */
export const solText = (lamports: bigint, maxFraction = SOL_DECIMALS) =>
  `${formatLamports(lamports < 0n ? -lamports : lamports, maxFraction)} SOL`;

/** numerator/denominator as a decimal with `digits` fraction digits, rounded down. */
export function formatRatio(numerator: bigint, denominator: bigint, digits = 4): string {
  if (denominator === 0n) return '—';
  const scaled = (numerator * 10n ** BigInt(digits)) / denominator;
  return formatUnits(scaled, digits, digits);
}

export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 4)}…${address.slice(-4)}` : address;
}

/** A span of time as people say it: "45 min", "3 h 10 min", "1 d 4 h". */
export function durationText(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 24 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
