// Sign-In With Solana: the message Tidepool signs, and the checks that block it. A sign-in
// message is a credential for the site it names, so it must name the site that asks: the domain
// (absent means the requesting host), the uri's origin, the chain, and a time window that is open
// now. No field may add lines of its own (a line break or control character in any field), and
// the times must be ISO 8601. Any mismatch blocks Approve; the message is never signed for another site.
import { createSignInMessageText } from '@solana/wallet-standard-util';
import { blocking, type Warning } from '../../shared/approval';
import type { DappParams } from '../../shared/dapp-protocol';
import type { ChainId } from '../../shared/networks';
import { HIDDEN } from './hidden-text';

/** Clocks differ a little: a message issued up to this far in the future is still fine. */
export const SIGN_IN_SKEW_MS = 5 * 60_000;

interface SignIn {
  text: string;
  warnings: Warning[];
}

/** Line breaks and other control characters: a field with one could add lines of its own to the message. */
const CONTROL = /[\r\n\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** ISO 8601 date-time with a zone, as Sign-In With Solana requires (Date.parse takes far more). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export function signInMessage(
  input: DappParams<'signIn'>,
  origin: string,
  address: string,
  chain: ChainId,
  now: number,
): SignIn {
  const host = new URL(origin).host;
  const domain = input.domain || host;
  const text = createSignInMessageText({ ...input, domain, address });
  const problems: string[] = [];
  for (const [field, value] of Object.entries(input)) {
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
  if (domain !== host)
    problems.push(
      `names the site ${domain}, but the request comes from ${host}. Someone may be trying to sign you in elsewhere`,
    );
  if (input.uri !== undefined) {
    const uriOrigin = originOf(input.uri);
    if (uriOrigin !== origin)
      problems.push(`is for ${uriOrigin ?? `“${input.uri}”`}, not for ${origin}, the site asking`);
    else if (hasCredentials(input.uri)) problems.push('has a user name or password in its uri');
  }
  if (input.address !== undefined && input.address !== address)
    problems.push(`is for the account ${input.address}, not the selected one`);
  if (input.chainId !== undefined && input.chainId !== chain && `solana:${input.chainId}` !== chain) {
    problems.push(`is for the chain ${input.chainId}, but Tidepool is on ${chain}`);
  }
  const time = (field: 'issuedAt' | 'expirationTime' | 'notBefore') => {
    const value = input[field];
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
    problems.push(`says it was issued in the future (${input.issuedAt})`);
  if (expires !== null && expires <= now) problems.push(`expired at ${input.expirationTime}`);
  if (notBefore !== null && notBefore > now + SIGN_IN_SKEW_MS)
    problems.push(`is not valid before ${input.notBefore}`);
  return {
    text,
    warnings: problems.map((p) =>
      blocking('sign_in_mismatch', `This sign-in message ${p}. Tidepool will not sign it.`),
    ),
  };
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
