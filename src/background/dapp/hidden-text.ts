// Text a person reads in the approval window must say what it looks like it says. Characters that
// are invisible or reorder what is shown (C1 controls, bidi overrides and isolates, zero-width
// characters, the byte-order mark) and control characters other than line breaks could hide or
// disguise part of a message: a message with any of them is shown as hex, and a sign-in field with
// any of them is refused.

/** Invisible or direction-changing characters (besides C0 controls, which callers treat each their own way). */
export const HIDDEN = /[\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;
/** C0 controls and DEL, except tab and line breaks. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A message to sign as the window shows it: UTF-8 text when it reads as what it is, else hex. */
export function messageText(bytes: Uint8Array): { text: string; encoding: 'utf8' | 'hex' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    if (!CONTROL.test(text) && !HIDDEN.test(text)) return { text, encoding: 'utf8' };
  } catch {
    // not UTF-8
  }
  return { text: Buffer.from(bytes).toString('hex'), encoding: 'hex' };
}
