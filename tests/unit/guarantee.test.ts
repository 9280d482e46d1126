// The guarantee module: the tolerance taken off only what the program enforces (rounded up, within
// 0..1 %), an approval held to exactly its figure (refused before signing when a fresh quote gives
// less or no longer an enforced minimum), a bound of nothing named as such, and the words every
// screen shows, which never put a figure above the enforced one.
import { describe, expect, it } from 'vitest';
import {
  guaranteeOf,
  toleranceOf,
  weakness,
  wireGuarantee,
  type Receipt,
} from '../../src/background/staking/guarantee';
import { guaranteeText, heldTo, toleranceText, type Guarantee } from '../../src/shared/guarantee';

const UNIT = { decimals: 9, symbol: 'LST' };
const text = (g: Guarantee) => guaranteeText(g, (u) => `${u} u`);
/** 10 enforced, 999_990 more as a referral share: what a 99.99% fee fully referred looks like. */
const REFERRED: Receipt = { enforced: 10n, extras: [{ what: 'referral_share', amount: 999_990n }] };

describe('the guarantee', () => {
  it('takes the tolerance off the enforced part only, rounded up, and refuses one above 1%', () => {
    expect(toleranceOf(1_000_000_000n, 1)).toBe(100_000n);
    expect(toleranceOf(10n, 1)).toBe(1n); // any setting takes at least a unit
    expect(toleranceOf(10n, 0)).toBe(0n);
    expect(toleranceOf(0n, 100)).toBe(0n);
    expect(() => toleranceOf(10n, 101)).toThrow(/between 0% and 1%/);
    const g = guaranteeOf(REFERRED, { toleranceBps: 1 }, null, UNIT);
    expect(g).toEqual({
      kind: 'enforced',
      minimum: 9n,
      tolerance: { bps: 1, amount: 1n },
      notGuaranteed: [{ what: 'referral_share', amount: 999_990n }],
    });
    expect(heldTo(g)).toBe(9n);
  });

  it('holds an approval to exactly its figure, and refuses a fresh quote below it or no longer enforced', () => {
    const approved = { minimum: 8n, enforced: true };
    expect(guaranteeOf(REFERRED, { toleranceBps: 50, approved }, null, UNIT)).toMatchObject({
      kind: 'enforced',
      minimum: 8n,
      tolerance: { bps: 50, amount: 2n },
    });
    expect(() =>
      guaranteeOf(REFERRED, { toleranceBps: 1, approved: { minimum: 11n, enforced: true } }, null, UNIT),
    ).toThrow(
      /price moved since you saw the quote: you would now get 0.00000001 LST, less than the 0.000000011 LST you approved\. Nothing was signed/,
    );
    expect(() => guaranteeOf(REFERRED, { toleranceBps: 1, approved }, 'validator_removal', UNIT)).toThrow(
      /would no longer hold this transaction to the minimum you were shown.*Nothing was signed/,
    );
    // Shown unenforced, still unenforced: Tidepool's own check, at the approved figure.
    expect(
      guaranteeOf(
        REFERRED,
        { toleranceBps: 1, approved: { minimum: 8n, enforced: false } },
        'validator_removal',
        UNIT,
      ),
    ).toMatchObject({ kind: 'unenforced', why: 'validator_removal', checked: 8n, worstCase: null });
  });

  it('a minimum that rounds to nothing is no minimum, with a worst case of nothing', () => {
    const g = guaranteeOf({ enforced: 1n, extras: [] }, { toleranceBps: 1 }, null, UNIT);
    expect(g).toEqual({
      kind: 'unenforced',
      why: 'bound_rounds_to_nothing',
      checked: 0n,
      tolerance: { bps: 1, amount: 1n },
      worstCase: 0n,
    });
    expect(text(wireGuarantee(g)).notes).toContain('Worst case: 0 u.');
  });

  it('a route whose program takes no minimum says so, with its worst case as a number', () => {
    const g = guaranteeOf(
      { enforced: 1_000n, extras: [] },
      { toleranceBps: 10 },
      { why: 'route_takes_no_minimum', worstCase: 990n },
      UNIT,
    );
    expect(g).toEqual({
      kind: 'unenforced',
      why: 'route_takes_no_minimum',
      checked: 999n,
      tolerance: { bps: 10, amount: 1n },
      worstCase: 990n,
    });
    expect(text(wireGuarantee(g))).toEqual({
      headline: 'no minimum is enforced (the program’s instruction for this route takes no minimum)',
      notes: [
        'Tidepool signs only if a fresh quote just before signing gives at least 999 u (the quote less your 0.1% tolerance (1 u)).',
        'Worst case: 990 u.',
      ],
    });
  });

  it('its words never show a figure above the enforced one, and name the rest as not guaranteed', () => {
    const g = wireGuarantee(guaranteeOf(REFERRED, { toleranceBps: 1 }, null, UNIT));
    expect(text(g)).toEqual({
      headline: 'at least 9 u, or the pool program refuses it',
      notes: [
        'That is the quote less your 0.01% tolerance (1 u).',
        'Plus ≈ 999990 u referral share, not guaranteed: the pool’s manager can change it before your transaction lands.',
      ],
    });
    expect(weakness(g, '1000000')).toBe('partly_bounded');
    const none = wireGuarantee(guaranteeOf(REFERRED, { toleranceBps: 1 }, 'build_has_no_bound', UNIT));
    expect(text(none).headline).toBe(
      'no minimum is enforced (this pool’s program build has no minimum-out instruction)',
    );
    expect(weakness(none, '1000000')).toBe('unbounded');
    expect([1, 5, 10, 50, 100].map(toleranceText)).toEqual(['0.01%', '0.05%', '0.1%', '0.5%', '1%']);
  });
});
