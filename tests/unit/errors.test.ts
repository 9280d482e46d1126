// Error codes a program can branch on: a code with a context always carries it across the wire,
// typed per code; the others carry their message only. The compile-time half is checked by tsc.
import { describe, expect, it } from 'vitest';
import { WalletError, type WireError } from '../../src/shared/errors';

describe('wallet errors', () => {
  it('carries the typed context of its code across the wire, and none for codes without one', () => {
    const gone = new WalletError('not_pending', 'That request is no longer pending.', {
      what: 'approval',
      now: 'gone',
    });
    expect(gone.toWire()).toEqual({
      code: 'not_pending',
      message: 'That request is no longer pending.',
      context: { what: 'approval', now: 'gone' },
    });
    const plain = new WalletError('invalid_input', 'The amount must be more than zero.').toWire();
    expect(plain).toEqual({ code: 'invalid_input', message: 'The amount must be more than zero.' });
    expect('context' in plain).toBe(false);
    // Structured clone (how ports and runtime messages carry it) keeps the context.
    expect(structuredClone(gone.toWire())).toEqual(gone.toWire());
  });

  it('lets a receiver narrow the context by the code', () => {
    const received: WireError = new WalletError('not_found', 'No such account in this wallet.', {
      what: 'account',
    }).toWire();
    const what = received.code === 'not_found' ? received.context.what : null;
    expect(what).toBe('account');
  });

  it('does not compile a code without its context, nor a context its code does not have', () => {
    // Checked by `tsc -p .` (each line must fail to compile); never run.
    const compileOnly = () => [
      // @ts-expect-error not_found names what was not found
      new WalletError('not_found', 'gone'),
      // @ts-expect-error invalid_input has no context
      new WalletError('invalid_input', 'bad', { what: 'account' }),
      // @ts-expect-error a context of another code
      new WalletError('stale', 'moved', { what: 'recovery_phrase' }),
    ];
    void compileOnly;
    expect(new WalletError('stale', 'moved', { what: 'approval' }).context).toEqual({ what: 'approval' });
  });
});
