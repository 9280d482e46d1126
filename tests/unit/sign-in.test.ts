// Sign-In With Solana checks: every field that binds the message to a site, a chain or a time
// must match the request, or the message is blocked (never merely flagged).
import { describe, expect, it } from 'vitest';
import { SIGN_IN_SKEW_MS, signInMessage } from '../../src/background/dapp/sign-in-text';

const ORIGIN = 'https://dapp.example';
const ME = '11111111111111111111111111111111';
const NOW = Date.parse('2026-11-26T12:00:00Z');
const check = (input: Parameters<typeof signInMessage>[0]) =>
  signInMessage(input, ORIGIN, ME, 'solana:mainnet', NOW);
const codes = (input: Parameters<typeof signInMessage>[0]) =>
  check(input).warnings.map((w) => [w.code, w.severity]);

describe('Sign-In With Solana checks', () => {
  it('an absent or empty domain means the requesting host, and a matching message passes', () => {
    for (const domain of [undefined, '']) {
      const { text, warnings } = check({ domain, statement: 'hi' });
      expect(text.startsWith('dapp.example wants you to sign in with your Solana account:')).toBe(true);
      expect(warnings).toEqual([]);
    }
    expect(
      check({
        domain: 'dapp.example',
        uri: 'https://dapp.example/login',
        chainId: 'solana:mainnet',
        address: ME,
        issuedAt: new Date(NOW - 1_000).toISOString(),
        expirationTime: new Date(NOW + 60_000).toISOString(),
        notBefore: new Date(NOW - 1).toISOString(),
      }).warnings,
    ).toEqual([]);
    expect(check({ chainId: 'mainnet' }).warnings).toEqual([]); // the bare CAIP reference
  });

  it('blocks every mismatch, each in words', () => {
    const blocked = [['sign_in_mismatch', 'blocking']];
    expect(codes({ domain: 'wallet-drainer.example' })).toEqual(blocked);
    expect(check({ domain: 'wallet-drainer.example' }).warnings[0]!.text).toContain(
      'names the site wallet-drainer.example, but the request comes from dapp.example',
    );
    expect(codes({ uri: 'https://wallet-drainer.example/login' })).toEqual(blocked);
    expect(codes({ uri: 'http://dapp.example/login' })).toEqual(blocked); // another scheme is another origin
    expect(codes({ uri: 'not a uri' })).toEqual(blocked);
    expect(codes({ chainId: 'solana:devnet' })).toEqual(blocked);
    expect(codes({ address: '22222222222222222222222222222222' })).toEqual(blocked);
    expect(codes({ expirationTime: new Date(NOW - 1).toISOString() })).toEqual(blocked);
    expect(codes({ issuedAt: new Date(NOW + SIGN_IN_SKEW_MS + 1_000).toISOString() })).toEqual(blocked);
    expect(codes({ notBefore: new Date(NOW + SIGN_IN_SKEW_MS + 1_000).toISOString() })).toEqual(blocked);
    expect(codes({ issuedAt: 'yesterday-ish' })).toEqual(blocked);
    expect(codes({ domain: 'evil.example', chainId: 'solana:devnet' })).toHaveLength(2);
  });

  it('allows a little clock skew on issuedAt', () => {
    expect(check({ issuedAt: new Date(NOW + 30_000).toISOString() }).warnings).toEqual([]);
  });

  it('blocks a line break or control character in any field, which could forge lines of the message', () => {
    const blocked = [['sign_in_mismatch', 'blocking']];
    expect(codes({ statement: 'Sign in\nURI: https://wallet-drainer.example' })).toEqual(blocked);
    expect(check({ statement: 'a\rb' }).warnings[0]!.text).toContain('control character in its statement');
    for (const bad of ['\u0000', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029'])
      expect(codes({ statement: `x${bad}y` })).toEqual(blocked);
    expect(codes({ nonce: 'abc\nExpiration Time: 2099-01-01T00:00:00Z' })).toEqual(blocked);
    expect(codes({ requestId: 'r\n1' })).toEqual(blocked);
    expect(
      codes({ resources: ['https://dapp.example/a', 'https://dapp.example/b\n- https://evil.example'] }),
    ).toEqual(blocked);
    expect(codes({ domain: 'dapp.example\n' })).toHaveLength(2); // also names another site
    expect(check({ statement: 'Welcome — sign in to dapp.example. ¡Hola!' }).warnings).toEqual([]);
  });

  it('blocks a uri with a user name or password, and times that are not ISO 8601', () => {
    const blocked = [['sign_in_mismatch', 'blocking']];
    expect(codes({ uri: 'https://user:secret@dapp.example/login' })).toEqual(blocked);
    expect(codes({ uri: 'https://user@dapp.example/login' })).toEqual(blocked);
    expect(check({ uri: 'https://user@dapp.example/' }).warnings[0]!.text).toContain('user name or password');
    for (const loose of [
      'Thu, 26 Nov 2026 12:00:00 GMT',
      '2026-11-26',
      '11/26/2026',
      '2026-11-26T12:00:00',
    ]) {
      expect(codes({ issuedAt: loose })).toEqual(blocked);
    }
    expect(
      check({ issuedAt: '2026-11-26T11:59:00.123+00:00', expirationTime: '2026-11-26T13:00:00Z' }).warnings,
    ).toEqual([]);
  });

  it('blocks invisible and direction-changing characters in any field', () => {
    for (const c of ['\u202e', '\u2067', '\u200b', '\u2060', '\ufeff', '\u200f']) {
      expect(check({ statement: `Sign in${c} to dapp.example` }).warnings.map((w) => w.text)).toEqual([
        expect.stringContaining('invisible or direction-changing character in its statement'),
      ]);
    }
    expect(codes({ nonce: 'abc\u202e123' })).toEqual([['sign_in_mismatch', 'blocking']]);
  });
});
