// Sign-In With Solana: the message Tidepool signs, and the checks that block it. A sign-in
// message is a credential for the site it names, so it must name the site that asks: the domain
// (absent means the requesting host), the uri's origin, the account, the chain, and a time window
// that is open now. No field may add lines of its own (a line break or control character in any
// field), and the times must be ISO 8601. Any mismatch blocks Approve; the message is never signed
// for another site. The same checks hold for a sign-in message sent as a plain signMessage
// (signed-message.ts reads its fields from the text).
import { createSignInMessageText } from '@solana/wallet-standard-util';
import { blocking, type Warning } from '../../shared/approval';
import type { DappParams } from '../../shared/dapp-protocol';
import type { ChainId } from '../../shared/networks';
import { HIDDEN } from './hidden-text';

/** Clocks differ a little: a message issued up to this far in the future is still fine. */
export const SIGN_IN_SKEW_MS = 5 * 60_000;

/** What a sign-in message claims, field by field (a field absent from the message is undefined). */
export interface SignInClaims {
  domain: string;
  address?: string;
  uri?: string;
  chainId?: string;
  issuedAt?: string;
  expirationTime?: string;
  notBefore?: string;
  /** Every field as text, to be checked for characters that could make it say something else. */
  fields: Record<string, unknown>;
}

/** Who asks, for which account, on which chain, and when: what the claims must match. */
export interface SignInContext {
  origin: string;
  address: string;
  chain: ChainId;
  now: number;
}

/** Line breaks and other control characters: a field with one could add lines of its own to the message. */
const CONTROL = /[\r\n\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** ISO 8601 date-time with a zone, as Sign-In With Solana requires (Date.parse takes far more). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** solana:signIn: the message built from the site's fields, and what blocks it. */
export function signInMessage(
  input: DappParams<'signIn'>,
  origin: string,
  address: string,
  chain: ChainId,
  now: number,
): { text: string; warnings: Warning[] } {
  const domain = input.domain || new URL(origin).host;
  const text = createSignInMessageText({ ...input, domain, address });
  const problems = signInProblems({ ...input, domain, fields: input }, { origin, address, chain, now });
  return { text, warnings: signInWarnings(problems) };
}

export const signInWarnings = (problems: readonly string[]): Warning[] =>
  problems.map((p) => blocking('sign_in_mismatch', `This sign-in message ${p}. Tidepool will not sign it.`));

/** Each way the claims do not bind the message to the asking site, account, chain and present, in words. */
export function signInProblems(
  claims: SignInClaims,
  { origin, address, chain, now }: SignInContext,
): string[] {
  const host = new URL(origin).host;
  const problems: string[] = [];
  for (const [field, value] of Object.entries(claims.fields)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && CONTROL.test(v)))
      problems.push(
        `has a line break or control character in its ${field}, which could make it say something else`,
      );
    else if (values.some((v) => typeof v === 'string' && HIDDEN.test(v)))
      problems.push(
        `has an invisible or direction-changing character in its ${field}, which could hide what it says`,
      );
  }
  if (claims.domain !== host)
    problems.push(
      `names the site ${claims.domain}, but the request comes from ${host}. Someone may be trying to sign you in elsewhere`,
    );
  if (claims.uri !== undefined) {
    const uriOrigin = originOf(claims.uri);
    if (uriOrigin !== origin)
      problems.push(`is for ${uriOrigin ?? `“${claims.uri}”`}, not for ${origin}, the site asking`);
    else if (hasCredentials(claims.uri)) problems.push('has a user name or password in its uri');
  }
  if (claims.address !== undefined && claims.address !== address)
    problems.push(`is for the account ${claims.address}, not the selected one`);
  if (claims.chainId !== undefined && claims.chainId !== chain && `solana:${claims.chainId}` !== chain) {
    problems.push(`is for the chain ${claims.chainId}, but Tidepool is on ${chain}`);
  }
  const time = (field: 'issuedAt' | 'expirationTime' | 'notBefore') => {
    const value = claims[field];
    if (value === undefined) return null;
    const at = ISO_8601.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(at))
      problems.push(`has a ${field} that is not an ISO 8601 date and time (“${value.slice(0, 64)}”)`);
    return Number.isNaN(at) ? null : at;
  };
  const issuedAt = time('issuedAt');
  const expires = time('expirationTime');
  const notBefore = time('notBefore');
  if (issuedAt !== null && issuedAt > now + SIGN_IN_SKEW_MS)
    problems.push(`says it was issued in the future (${claims.issuedAt})`);
  if (expires !== null && expires <= now) problems.push(`expired at ${claims.expirationTime}`);
  if (notBefore !== null && notBefore > now + SIGN_IN_SKEW_MS)
    problems.push(`is not valid before ${claims.notBefore}`);
  return problems;
}

function originOf(uri: string): string | null {
  try {
    return new URL(uri).origin;
  } catch {
    return null;
  }
}

function hasCredentials(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.username !== '' || url.password !== '';
  } catch {
    return false;
  }
}
