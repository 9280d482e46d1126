// The popup's execute requests carry the guarantee the person was shown (its figure, and whether the
// program enforces it): without it a kept quote that went stale would silently become a fresh quote
// nobody saw. The schema refuses an execute without either, and takes the figure only as a decimal
// integer string (base units).
import { describe, expect, it } from 'vitest';
import { uiMethods } from '../../src/shared/ui-methods';

const POOL = '11111111111111111111111111111112';
const QUOTE_ID = '2b0c8a5e-5d7c-4f1e-9d2a-3c4b5a6d7e8f';

describe('stake, unstake and convert execute params', () => {
  const cases = [
    ['stake:execute', { pool: POOL, lamports: '1000', quoteId: QUOTE_ID, enforced: true }],
    ['unstake:execute', { pool: POOL, tokens: '1000', mode: 'instant', quoteId: QUOTE_ID, enforced: true }],
    ['stakeAccount:convert', { address: POOL, pool: POOL, quoteId: QUOTE_ID, enforced: false }],
  ] as const;

  it.each(cases)('%s requires the shown minimum', (method, params) => {
    expect(() => uiMethods[method].params.parse(params, 'params')).toThrow(/minimumOut/);
    expect(uiMethods[method].params.parse({ ...params, minimumOut: '987654321' }, 'params')).toEqual({
      ...params,
      minimumOut: '987654321',
    });
  });

  it.each(cases)('%s requires whether the shown minimum is enforced', (method, params) => {
    const { enforced: _, ...withoutEnforced } = params;
    expect(() => uiMethods[method].params.parse({ ...withoutEnforced, minimumOut: '1' }, 'params')).toThrow(
      /enforced/,
    );
  });

  it.each(cases)('%s takes the minimum only as base units', (method, params) => {
    for (const bad of ['1.5', '-1', '', 5, '1e9']) {
      expect(() => uiMethods[method].params.parse({ ...params, minimumOut: bad }, 'params')).toThrow(
        /minimumOut/,
      );
    }
  });
});
