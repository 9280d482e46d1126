// Base58 as Solana writes addresses and signatures: the alphabet once, for every check that looks
// at text before decoding it (the schemas, the popup's address field, the localnet's program cache).
// Text passing these is only shaped like a key: decoding to 32 bytes is the real check (validate.ts).

/** The base58 alphabet as a character class: digits without 0, letters without O, I and l. */
const ALPHABET = '1-9A-HJ-NP-Za-km-z';

/** Only base58 characters, at least one. */
export const BASE58 = new RegExp(`^[${ALPHABET}]+$`);

/** A public key's length in base58: 32 bytes are 32 to 44 characters. */
export const ADDRESS_MIN_CHARS = 32;
export const ADDRESS_MAX_CHARS = 44;

/** Text shaped like a Solana address (or program id). */
export const ADDRESS_TEXT = new RegExp(`^[${ALPHABET}]{${ADDRESS_MIN_CHARS},${ADDRESS_MAX_CHARS}}$`);
