// signMessage's blocking checks: a Sign-In With Solana message smuggled through signMessage gets
// every check solana:signIn gets (issue 19, finding 2), whether it parses strictly or only its
// first line has the sign-in form; a transaction is never signed as a message.
import { Keypair, SystemProgram, TransactionMessage } from '@solana/web3.js';
import { createSignInMessageText, parseSignInMessage } from '@solana/wallet-standard-util';
import { describe, expect, it } from 'vitest';
import { messageWarnings } from '../../src/background/dapp/signed-message';

const ME = Keypair.generate().publicKey.toBase58();
const NOW = Date.parse('2026-11-26T12:00:00Z');
const VICTIM = 'https://victim.example';
const bytes = (text: string) => new TextEncoder().encode(text);
const check = (message: string | Uint8Array, origin = VICTIM) =>
  messageWarnings(typeof message === 'string' ? bytes(message) : message, {
    origin,
    address: ME,
    chain: 'solana:mainnet',
    now: NOW,
  });
const texts = (message: string, origin?: string) => check(message, origin).map((w) => w.text);

/** victim.example's own sign-in message, as its verifySignIn expects it. */
const victimSignIn = (fields: Record<string, string> = {}) =>
  createSignInMessageText({
    domain: 'victim.example',
    address: ME,
    statement: 'Sign in to Victim',
    uri: 'https://victim.example/login',
    version: '1',
    chainId: 'mainnet',
    nonce: 'k2j3h4',
    issuedAt: new Date(NOW - 10_000).toISOString(),
    ...fields,
  });

describe('signMessage with a Sign-In With Solana message', () => {
  it('evil.example asking for victim.example’s sign-in text is blocked; victim.example itself passes', () => {
    const text = victimSignIn();
    expect(parseSignInMessage(bytes(text))).not.toBeNull(); // what verifySignIn would accept
    const warnings = check(text, 'https://evil.example');
    expect(warnings.map((w) => [w.code, w.severity])).toEqual([
      ['sign_in_mismatch', 'blocking'],
      ['sign_in_mismatch', 'blocking'],
    ]);
    expect(warnings.map((w) => w.text)).toEqual([
      expect.stringContaining('names the site victim.example, but the request comes from evil.example'),
      expect.stringContaining('is for https://victim.example, not for https://evil.example'),
    ]);
    expect(check(text)).toEqual([]);
  });

  it('checks the account, the chain and the time window as solana:signIn does', () => {
    const other = Keypair.generate().publicKey.toBase58();
    expect(texts(victimSignIn({ address: other }))).toEqual([
      expect.stringContaining(`is for the account ${other}, not the selected one`),
    ]);
    expect(texts(victimSignIn({ chainId: 'devnet' }))).toEqual([
      expect.stringContaining('is for the chain devnet, but Tidepool is on solana:mainnet'),
    ]);
    expect(texts(victimSignIn({ expirationTime: new Date(NOW - 1).toISOString() }))).toEqual([
      expect.stringContaining('expired at'),
    ]);
    expect(texts(victimSignIn({ notBefore: new Date(NOW + 3_600_000).toISOString() }))).toEqual([
      expect.stringContaining('is not valid before'),
    ]);
  });

  it('a message whose first line has the sign-in form is checked even when the rest does not parse', () => {
    const crlf = victimSignIn().replaceAll('\n', '\r\n');
    const leading = `\n\n  ${victimSignIn()}`;
    const lowercase = victimSignIn().replace('wants you to sign in', 'WANTS YOU TO SIGN IN');
    for (const text of [crlf, leading, lowercase]) {
      expect(parseSignInMessage(bytes(text))).toBeNull();
      expect(texts(text, 'https://evil.example')).toContainEqual(
        expect.stringContaining('names the site victim.example, but the request comes from evil.example'),
      );
      expect(check(text)).toEqual([]);
    }
    // One line the parser does not expect, and it reads every field after the address as the
    // statement (a statement of several lines, blocked as solana:signIn blocks one): the
    // line-by-line reading still finds the chain.
    const extra = `${victimSignIn({ chainId: 'devnet' })}\nSomething: a line no parser expects`;
    expect(parseSignInMessage(bytes(extra))).toMatchObject({ chainId: undefined });
    expect(texts(extra)).toEqual([
      expect.stringContaining('line break or control character in its statement'),
      expect.stringContaining('is for the chain devnet'),
    ]);
    // A field given twice: a lenient reader may take either one, so both must pass.
    const twice = `${victimSignIn()}\nChain ID: devnet`;
    expect(texts(twice)).toContainEqual(expect.stringContaining('is for the chain devnet'));
  });

  it('leaves other messages alone, and never signs a transaction as a message', () => {
    expect(check('Welcome to victim.example! Please sign this nonce: 8f3a')).toEqual([]);
    expect(check(`I quote:\n${victimSignIn()}`)).toEqual([]); // not its first line: no verifier reads it as one
    const message = new TransactionMessage({
      payerKey: Keypair.generate().publicKey,
      recentBlockhash: Keypair.generate().publicKey.toBase58(),
      instructions: [
        SystemProgram.transfer({
          fromPubkey: Keypair.generate().publicKey,
          toPubkey: Keypair.generate().publicKey,
          lamports: 1,
        }),
      ],
    }).compileToLegacyMessage();
    expect(check(message.serialize()).map((w) => [w.code, w.severity])).toEqual([
      ['message_is_transaction', 'blocking'],
    ]);
  });
});
