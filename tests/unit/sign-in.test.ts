// Sign-In With Solana checks: every field that binds the message to a site, a chain or a time
// must match the request, or the message is blocked (never merely flagged).
import { describe, expect, it } from 'vitest';
import { SIGN_IN_SKEW_MS, signInMessage } from '../../src/background/dapp/sign-in';

const ORIGIN = 'https://dapp.example';
const ME = '11111111111111111111111111111111';
const NOW = Date.parse('2026-11-26T12:00:00Z');
const check = (input: Parameters<typeof signInMessage>[0]) => signInMessage(input, ORIGIN, ME, 'solana:mainnet', NOW);
const codes = (input: Parameters<typeof signInMessage>[0]) => check(input).warnings.map((w) => [w.code, w.severity]);

describe('Sign-In With Solana checks', () => {
  it('an absent or empty domain means the requesting host, and a matching message passes', () => {
    for (const domain of [undefined, '']) {
      const { text, warnings } = check({ domain, statement: 'hi' });
      expect(text.startsWith('dapp.example wants you to sign in with your Solana account:')).toBe(true);
      expect(warnings).toEqual([]);
    }
    expect(check({
      domain: 'dapp.example', uri: 'https://dapp.example/login', chainId: 'solana:mainnet', address: ME,
      issuedAt: new Date(NOW - 1_000).toISOString(), expirationTime: new Date(NOW + 60_000).toISOString(), notBefore: new Date(NOW - 1).toISOString(),
    }).warnings).toEqual([]);
    expect(check({ chainId: 'mainnet' }).warnings).toEqual([]); // the bare CAIP reference
  });

  it('blocks every mismatch, each in words', () => {
    const blocked = [['sign_in_mismatch', 'blocking']];
    expect(codes({ domain: 'wallet-drainer.example' })).toEqual(blocked);
    expect(check({ domain: 'wallet-drainer.example' }).warnings[0]!.text).toContain('names the site wallet-drainer.example, but the request comes from dapp.example');
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
});
