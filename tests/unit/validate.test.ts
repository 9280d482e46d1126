// The boundary schemas refuse a malformed request whole: they never trim it into a valid one.
import { describe, expect, it } from 'vitest';
import { uiMethods } from '../../src/shared/ui-methods';
import { dappMethods } from '../../src/shared/dapp-methods';

describe('boundary validation', () => {
  it('refuses unexpected fields, prototype keys and non-objects instead of dropping them', () => {
    expect(() => uiMethods['vault:lock'].params.parse({ password: 5 }, 'params')).toThrow(
      /expected no parameters/,
    );
    expect(() => uiMethods['accounts:add'].params.parse({ pool: 'x' }, 'params')).toThrow(
      /params\.pool: unexpected field/,
    );
    expect(() =>
      uiMethods['accounts:add'].params.parse(JSON.parse('{"__proto__":{"x":1}}'), 'params'),
    ).toThrow(/__proto__: unexpected field/);
    expect(() => dappMethods.connect.params.parse(null, 'params')).toThrow(/expected an object/);
    expect(() => dappMethods.connect.params.parse([], 'params')).toThrow(/expected an object/);
    expect(() => dappMethods.signIn.params.parse(new Date(), 'params')).toThrow(/expected an object/);
    expect(uiMethods['vault:lock'].params.parse({}, 'params')).toEqual({});
    expect(dappMethods.connect.params.parse({ silent: true }, 'params')).toEqual({ silent: true });
  });

  it('takes a native staking request by its kind, with exactly that kind’s fields', () => {
    const parse = (request: unknown) => uiMethods['native:quote'].params.parse({ request }, 'params');
    const vote = '11111111111111111111111111111111';
    expect(parse({ kind: 'stake', voter: vote, lamports: '1000000000' })).toEqual({
      request: { kind: 'stake', voter: vote, lamports: '1000000000' },
    });
    expect(() => parse({ kind: 'split', stakeAccount: vote })).toThrow(
      /params\.request\.kind: expected one of stake, deactivate, withdraw, merge, moveStake, moveLamports/,
    );
    // A field of another kind is refused, not dropped.
    expect(() => parse({ kind: 'deactivate', stakeAccount: vote, lamports: '1' })).toThrow(
      /params\.request\.lamports: unexpected field/,
    );
    expect(() => parse({ kind: 'merge', destination: vote })).toThrow(/params\.request\.source/);
    expect(() => parse(JSON.parse('{"kind":"__proto__"}'))).toThrow(/request\.kind: expected one of/);
  });

  it('bounds strings and checks formats', () => {
    expect(() =>
      dappMethods.signMessage.params.parse({ account: '0OIl'.repeat(11), message: 'aGk=' }, 'params'),
    ).toThrow(/Solana address/);
    expect(() =>
      dappMethods.signMessage.params.parse(
        { account: '11111111111111111111111111111111', message: '!!' },
        'params',
      ),
    ).toThrow(/base64/);
    expect(() =>
      dappMethods.stake.params.parse(
        {
          account: '11111111111111111111111111111111',
          chain: 'solana:localnet',
          action: 'stake',
          pool: '11111111111111111111111111111111',
          amount: '1.5',
        },
        'params',
      ),
    ).toThrow(/base units/);
    // Base58 that does not decode to 32 bytes is no address (it would throw later, in a review).
    const stake = (pool: string) =>
      dappMethods.stake.params.parse(
        {
          account: '11111111111111111111111111111111',
          chain: 'solana:localnet',
          action: 'stake',
          pool,
          amount: '1',
        },
        'params',
      );
    expect(() => stake('z'.repeat(44))).toThrow(/params\.pool: expected a Solana address/);
    expect(() => stake('1'.repeat(33))).toThrow(/Solana address/);
    expect(stake('So11111111111111111111111111111111111111112').pool).toBe(
      'So11111111111111111111111111111111111111112',
    );
    expect(() => uiMethods['vault:unlock'].params.parse({ password: 'x'.repeat(600) }, 'params')).toThrow(
      /too long/,
    );
  });
});
