import type { IdentifierString } from '@wallet-standard/base';

export { SOLANA_CHAINS, isSolanaChain } from '../shared/networks';

export const TIDEPOOL_STAKE = 'tidepool:stake';
export const ACCOUNT_FEATURES = [
  'solana:signAndSendTransaction',
  'solana:signTransaction',
  'solana:signMessage',
  'solana:signIn',
  TIDEPOOL_STAKE,
] as const satisfies readonly IdentifierString[];

/** A wave in a pool, as an SVG data URI (Wallet Standard wants an inline icon). */
export const ICON = `data:image/svg+xml;base64,${btoa(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#0e7490"/>' +
    '<path d="M8 38c8-8 16-8 24 0s16 8 24 0v14H8z" fill="#67e8f9"/><circle cx="40" cy="20" r="7" fill="#fff"/></svg>',
)}` as const;
