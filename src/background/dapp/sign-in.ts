// Sign-In With Solana: the message Tidepool signs, and the checks that block it. A sign-in
// message is a credential for the site it names, so it must name the site that asks: the domain
// (absent means the requesting host), the uri's origin, the chain, and a time window that is open
// now. Any mismatch blocks Approve; the message is never signed for another site.
import { createSignInMessageText } from '@solana/wallet-standard-util';
import { blocking, type Warning } from '../../shared/approval';
import type { DappParams } from '../../shared/dapp-protocol';
import type { ChainId } from '../../shared/networks';

/** Clocks differ a little: a message issued up to this far in the future is still fine. */
export const SIGN_IN_SKEW_MS = 5 * 60_000;

export interface SignIn { text: string; warnings: Warning[] }

export function signInMessage(input: DappParams<'signIn'>, origin: string, address: string, chain: ChainId, now: number): SignIn {
  const host = new URL(origin).host;
  const domain = input.domain || host;
  const text = createSignInMessageText({ ...input, domain, address });
  const problems: string[] = [];
  if (domain !== host) problems.push(`names the site ${domain}, but the request comes from ${host}. Someone may be trying to sign you in elsewhere`);
  if (input.uri !== undefined) {
    const uriOrigin = originOf(input.uri);
    if (uriOrigin !== origin) problems.push(`is for ${uriOrigin ?? `“${input.uri}”`}, not for ${origin}, the site asking`);
  }
  if (input.address !== undefined && input.address !== address) problems.push(`is for the account ${input.address}, not the selected one`);
  if (input.chainId !== undefined && input.chainId !== chain && `solana:${input.chainId}` !== chain) {
    problems.push(`is for the chain ${input.chainId}, but Tidepool is on ${chain}`);
  }
  const time = (field: 'issuedAt' | 'expirationTime' | 'notBefore') => {
    const value = input[field];
    if (value === undefined) return null;
    const at = Date.parse(value);
    if (Number.isNaN(at)) problems.push(`has a ${field} that is not a date (“${value}”)`);
    return Number.isNaN(at) ? null : at;
  };
  const issuedAt = time('issuedAt');
  const expires = time('expirationTime');
  const notBefore = time('notBefore');
  if (issuedAt !== null && issuedAt > now + SIGN_IN_SKEW_MS) problems.push(`says it was issued in the future (${input.issuedAt})`);
  if (expires !== null && expires <= now) problems.push(`expired at ${input.expirationTime}`);
  if (notBefore !== null && notBefore > now + SIGN_IN_SKEW_MS) problems.push(`is not valid before ${input.notBefore}`);
  return { text, warnings: problems.map((p) => blocking('sign_in_mismatch', `This sign-in message ${p}. Tidepool will not sign it.`)) };
}

function originOf(uri: string): string | null {
  try {
    return new URL(uri).origin;
  } catch {
    return null;
  }
}
