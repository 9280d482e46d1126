// The boundary schemas refuse a malformed request whole: they never trim it into a valid one.
import { describe, expect, it } from 'vitest';
import { uiParams } from '../../src/shared/ui-params';
import { dappParams } from '../../src/shared/dapp-params';

describe('boundary validation', () => {
  it('refuses unexpected fields, prototype keys and non-objects instead of dropping them', () => {
    expect(() => uiParams['vault:lock'].parse({ password: 5 }, 'params')).toThrow(/expected no parameters/);
    expect(() => uiParams['accounts:add'].parse({ pool: 'x' }, 'params')).toThrow(/params\.pool: unexpected field/);
    expect(() => uiParams['accounts:add'].parse(JSON.parse('{"__proto__":{"x":1}}'), 'params')).toThrow(/__proto__: unexpected field/);
    expect(() => dappParams.connect.parse(null, 'params')).toThrow(/expected an object/);
    expect(() => dappParams.connect.parse([], 'params')).toThrow(/expected an object/);
    expect(() => dappParams.signIn.parse(new Date(), 'params')).toThrow(/expected an object/);
    expect(uiParams['vault:lock'].parse({}, 'params')).toEqual({});
    expect(dappParams.connect.parse({ silent: true }, 'params')).toEqual({ silent: true });
  });

  it('bounds strings and checks formats', () => {
    expect(() => dappParams.signMessage.parse({ account: '0OIl'.repeat(11), message: 'aGk=' }, 'params')).toThrow(/Solana address/);
    expect(() => dappParams.signMessage.parse({ account: '11111111111111111111111111111111', message: '!!' }, 'params')).toThrow(/base64/);
    expect(() => dappParams.stake.parse({ account: '11111111111111111111111111111111', chain: 'solana:localnet', action: 'stake', pool: '11111111111111111111111111111111', amount: '1.5' }, 'params')).toThrow(/base units/);
    // Base58 that does not decode to 32 bytes is no address (it would throw later, in a review).
    const stake = (pool: string) => dappParams.stake.parse({ account: '11111111111111111111111111111111', chain: 'solana:localnet', action: 'stake', pool, amount: '1' }, 'params');
    expect(() => stake('z'.repeat(44))).toThrow(/params\.pool: expected a Solana address/);
    expect(() => stake('1'.repeat(33))).toThrow(/Solana address/);
    expect(stake('So11111111111111111111111111111111111111112').pool).toBe('So11111111111111111111111111111111111111112');
    expect(() => uiParams['vault:unlock'].parse({ password: 'x'.repeat(600) }, 'params')).toThrow(/too long/);
  });
});
