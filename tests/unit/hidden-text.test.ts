// A message is shown as text only when it reads as what it is: any invisible or
// direction-changing character, or a control character other than a line break, shows it as hex.
import { describe, expect, it } from 'vitest';
import { messageText } from '../../src/background/dapp/hidden-text';

const shown = (text: string) => messageText(new TextEncoder().encode(text));

describe('message text in the approval window', () => {
  it('shows plain text, line breaks and tabs included, as text', () => {
    expect(shown('Sign in to dapp.example\r\nNonce:\t42 — ¡olé! 日本')).toEqual({
      text: 'Sign in to dapp.example\r\nNonce:\t42 — ¡olé! 日本',
      encoding: 'utf8',
    });
  });

  it('shows as hex a message with C0/C1 controls, bidi overrides or isolates, zero-width characters or a BOM', () => {
    const hidden = [
      '\u0000',
      '\u001b',
      '\u007f',
      '\u0085',
      '\u009b',
      '\u202a',
      '\u202e',
      '\u2066',
      '\u2069',
      '\u200b',
      '\u200d',
      '\u200f',
      '\u2060',
      '\ufeff',
    ];
    for (const c of hidden) {
      const text = `Transfer 1 SOL to ${c}9xQe`;
      expect(shown(text)).toEqual({ text: Buffer.from(text).toString('hex'), encoding: 'hex' });
    }
    expect(shown('\ufeffhello').encoding).toBe('hex'); // a leading BOM is signed too, so it is not dropped from view
  });

  it('shows bytes that are not UTF-8 as hex', () => {
    expect(messageText(new Uint8Array([0xff, 0x61]))).toEqual({ text: 'ff61', encoding: 'hex' });
  });
});
