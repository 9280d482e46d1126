// Sanctum Infinity's PoolState read by the wallet, and INF valued at a slot as the v2 program would:
// on upstream's own v2 account (../shared/fixtures/infinity/pool-state-v2.json), against upstream's
// unit-test vectors, and against the test's own reading of the release algorithm
// (tests/support/infinity-release-reference.ts) over rates and slot counts at their edges.
import { PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import {
  decodeInfinityPool,
  infToLamports,
  infinityRate,
} from '../../src/background/portfolio/adapters/infinity';
import {
  MIN_RPS,
  UQ0F63_ONE,
  powUQ0F63,
  releaseAt,
} from '../../src/background/portfolio/adapters/infinity-release';
import { decodeMint } from '../../src/background/portfolio/adapters/token-mint';
import {
  UPSTREAM_POOL_STATE_V2,
  infinityOr,
  infPoolState,
  infinityDump,
  withPoolStateV2,
} from '../support/infinity-fixtures';
import { referenceInfValue, referencePow, referenceRelease } from '../support/infinity-release-reference';
import type { AccountEntry } from '../support/lst-fixtures';

const raw = (e: AccountEntry) => ({
  owner: new PublicKey(e.account.owner),
  data: e.account.data,
  lamports: e.account.lamports,
});
const U64_MAX = 2n ** 64n - 1n;
const DEFAULT_RPS = UPSTREAM_POOL_STATE_V2.rps;

const v2 = (pool: ReturnType<typeof decodeInfinityPool>) => {
  if (!pool.ok || pool.pool.version !== 2) throw new Error('not a v2 pool');
  return pool.pool;
};

describe.skipIf(!infinityOr('INF on upstream’s accounts'))(
  'Infinity PoolState on upstream’s own accounts',
  () => {
    it('reads pool-state-v2.json at upstream’s offsets: withheld 999999999, protocol fee 69, rps, last release 0', () => {
      const pool = v2(decodeInfinityPool(raw(infinityDump('pool-state-v2.json'))));
      const { authorities, ...fields } = UPSTREAM_POOL_STATE_V2;
      expect(pool).toMatchObject({
        ...fields,
        pricingProgram: authorities.pricingProgram,
        lpTokenMint: '5oVNBeEEQvYi1cX3ir8Dx5n1P7pdxydbGF2X4TxVusJm',
        disabled: false,
      });
    });

    it('the test builder writes v2 byte for byte as upstream’s account holds it', () => {
      const built = infPoolState(UPSTREAM_POOL_STATE_V2);
      expect(
        Buffer.from(built.account.data).equals(Buffer.from(infinityDump('pool-state-v2.json').account.data)),
      ).toBe(true);
    });

    it('reads the June 2025 v1 account (pool-state.json) as v1', () => {
      const read = decodeInfinityPool(raw(infinityDump('pool-state.json')));
      expect(read).toMatchObject({ ok: true, pool: { version: 1, totalSolValue: 741_676_030_733_161n } });
    });

    it('10 slots after its last release, the pool holds what upstream’s SDK test says (withheld 999957360, protocol fee 4333)', () => {
      const pool = v2(decodeInfinityPool(raw(infinityDump('pool-state-v2.json'))));
      expect(releaseAt(pool, 10n)).toEqual({
        ok: true,
        withheldLamports: 999_957_360n,
        protocolFeeLamports: 4_333n,
      });
      // The same account re-stamped: what counts is the slots elapsed since last_release_slot.
      const later = v2(
        decodeInfinityPool(
          raw(withPoolStateV2(infinityDump('pool-state-v2.json'), { lastReleaseSlot: 43_200_123n })),
        ),
      );
      expect(releaseAt(later, 43_200_133n)).toEqual(releaseAt(pool, 10n));
    });

    it('values INF on the v2 account at a slot: the released yield is the holders’, the protocol’s share is not', () => {
      const pool = v2(decodeInfinityPool(raw(infinityDump('pool-state-v2.json'))));
      const mint = decodeMint(raw(infinityDump('inf-mint.json')))!;
      for (const slot of [0n, 1n, 10n, 432_000n, 43_200_000n]) {
        const valued = infinityRate(pool, mint, slot);
        if (!valued.ok) throw new Error(valued.reason);
        const input = { ...pool, protocolFeeNanos: BigInt(pool.protocolFeeNanos), slotsElapsed: slot };
        for (const inf of [1n, 1_000_000_000n, 2_250_000_007n, mint.supply])
          expect(infToLamports(valued.rate, inf)).toBe(referenceInfValue(input, mint.supply, inf));
      }
    });
  },
);

describe('UQ0F63 and the yield release, ported', () => {
  it('matches upstream’s unit-test vectors: ¼³ (rand_exp_sc), 1/32 (rand_mul_sc’s product, here as ½⁵), rand_rps_sc’s release [1, 1, 1999999998]', () => {
    const quarter = 2_305_843_009_213_693_952n;
    for (const pow of [powUQ0F63, referencePow]) {
      expect(pow(quarter, 3n)).toBe(144_115_188_075_855_872n);
      expect(pow(UQ0F63_ONE / 2n, 5n)).toBe(288_230_376_151_711_744n);
      expect(pow(quarter, 0n)).toBe(UQ0F63_ONE);
      expect(pow(UQ0F63_ONE, U64_MAX)).toBe(UQ0F63_ONE);
    }
    const state = {
      withheldLamports: 2_000_000_000n,
      protocolFeeLamports: 0n,
      protocolFeeNanos: 1_000_000,
      rps: 9_223_372_037n,
      lastReleaseSlot: 100n,
    };
    expect(releaseAt(state, 101n)).toEqual({
      ok: true,
      withheldLamports: 1_999_999_998n,
      protocolFeeLamports: 1n,
    });
    expect(referenceRelease({ ...state, protocolFeeNanos: 1_000_000n, slotsElapsed: 1n })).toEqual({
      released: 1n,
      toProtocol: 1n,
      newWithheld: 1_999_999_998n,
    });
  });

  const rates = [
    MIN_RPS,
    MIN_RPS + 1n,
    DEFAULT_RPS,
    9_223_372_037n,
    UQ0F63_ONE / 2n,
    UQ0F63_ONE - 1n,
    UQ0F63_ONE,
  ];
  const elapsed = [
    0n,
    1n,
    2n,
    3n,
    10n,
    150n,
    432_000n,
    2_160_000n,
    43_200_000n,
    2n ** 32n + 7n,
    2n ** 63n,
    U64_MAX,
  ];
  const withheld = [0n, 1n, 999_999_999n, 12_345_678_901_234n, U64_MAX];
  const fees = [0, 1, 100_000_000, 999_999_999, 1_000_000_000];

  it('equals the test’s own reading for every rate (least to 1.0) × slots elapsed (0 to u64 max) × withheld × fee', () => {
    let checked = 0;
    for (const rps of rates)
      for (const slotsElapsed of elapsed) {
        expect(powUQ0F63(UQ0F63_ONE - rps, slotsElapsed)).toBe(referencePow(UQ0F63_ONE - rps, slotsElapsed));
        for (const w of withheld)
          for (const fee of fees) {
            const got = releaseAt(
              {
                withheldLamports: w,
                protocolFeeLamports: 5n,
                protocolFeeNanos: fee,
                rps,
                lastReleaseSlot: 1n,
              },
              1n + slotsElapsed,
            );
            const want = referenceRelease({
              withheldLamports: w,
              protocolFeeNanos: BigInt(fee),
              rps,
              slotsElapsed,
            });
            // The protocol's u64 overflows only when nearly u64 max is released at a 100 % fee.
            expect(got).toEqual(
              5n + want.toProtocol > U64_MAX
                ? { ok: false, reason: expect.stringMatching(/overflow/) }
                : { ok: true, withheldLamports: want.newWithheld, protocolFeeLamports: 5n + want.toProtocol },
            );
            // Upstream's invariant: released + to_protocol + new_withheld = old withheld.
            expect(want.released + want.toProtocol + want.newWithheld).toBe(w);
            checked++;
          }
      }
    expect(checked).toBe(rates.length * elapsed.length * withheld.length * fees.length);
  });

  it('edges as upstream’s tests state them: no slot elapsed releases nothing; rate 1.0 releases all after one slot; any rate under 1.0 reaches 0 at u64 max', () => {
    for (const rps of rates) {
      expect(
        releaseAt(
          { withheldLamports: 777n, protocolFeeLamports: 0n, protocolFeeNanos: 5, rps, lastReleaseSlot: 9n },
          9n,
        ),
      ).toEqual({ ok: true, withheldLamports: 777n, protocolFeeLamports: 0n });
      if (rps !== UQ0F63_ONE) expect(powUQ0F63(UQ0F63_ONE - rps, U64_MAX)).toBe(0n);
    }
    expect(
      releaseAt(
        {
          withheldLamports: 1_000n,
          protocolFeeLamports: 0n,
          protocolFeeNanos: 0,
          rps: UQ0F63_ONE,
          lastReleaseSlot: 0n,
        },
        1n,
      ),
    ).toEqual({ ok: true, withheldLamports: 0n, protocolFeeLamports: 0n });
  });

  it('refuses what the program refuses: a rate of 0 or under its least, over 1.0, a fee over 100 %, a slot before the last release, a protocol fee past u64', () => {
    const base = {
      withheldLamports: 1_000n,
      protocolFeeLamports: 0n,
      protocolFeeNanos: 0,
      rps: DEFAULT_RPS,
      lastReleaseSlot: 50n,
    };
    for (const rps of [0n, MIN_RPS - 1n, UQ0F63_ONE + 1n])
      expect(releaseAt({ ...base, rps }, 60n)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/release rate/),
      });
    expect(releaseAt({ ...base, protocolFeeNanos: 1_000_000_001 }, 60n)).toMatchObject({ ok: false });
    expect(releaseAt(base, 49n)).toMatchObject({ ok: false, reason: expect.stringMatching(/slot before/) });
    expect(
      releaseAt(
        { ...base, protocolFeeLamports: U64_MAX, protocolFeeNanos: 1_000_000_000, rps: UQ0F63_ONE },
        51n,
      ),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/overflow/) });
  });
});

describe('INF valued from a PoolState', () => {
  const mint = { supply: 1_900_123_456_789_012n, decimals: 9, token2022: false };
  const built = (fields: Partial<Parameters<typeof infPoolState>[0] & { version: 2 }>) =>
    v2(
      decodeInfinityPool(
        raw(
          infPoolState({
            version: 2,
            totalSolValue: 2_478_901_234_567_891n,
            protocolFeeNanos: 100_000_000,
            rps: DEFAULT_RPS,
            withheldLamports: 12_345_678_901n,
            protocolFeeLamports: 987_654_321n,
            lastReleaseSlot: 7n,
            ...fields,
          }),
        ),
      ),
    );

  it('values v2 at the read slot, rate 0 refused, 1.0 releases everything withheld (less the protocol’s share)', () => {
    const pool = built({});
    for (const slot of [7n, 8n, 1_007n, 432_007n]) {
      const valued = infinityRate(pool, mint, slot);
      if (!valued.ok) throw new Error(valued.reason);
      const input = { ...pool, protocolFeeNanos: 100_000_000n, slotsElapsed: slot - 7n };
      expect(infToLamports(valued.rate, 2_250_000_007n)).toBe(
        referenceInfValue(input, mint.supply, 2_250_000_007n),
      );
    }
    expect(infinityRate(built({ rps: 0n }), mint, 8n)).toMatchObject({ ok: false });
    const all = infinityRate(built({ rps: UQ0F63_ONE }), mint, 8n);
    expect(all).toMatchObject({
      ok: true,
      withheldLamports: 0n,
      protocolFeeLamports: 987_654_321n + 1_234_567_891n,
    });
  });

  it('the program’s edge cases: no supply is 1:1, nothing due and nothing withheld is 1:1, owing more than it holds cannot be valued', () => {
    const pool = built({});
    expect(infinityRate(pool, { ...mint, supply: 0n }, 7n)).toMatchObject({
      ok: true,
      rate: { lamports: 1n, supply: 1n },
    });
    const empty = built({ totalSolValue: 5n, withheldLamports: 0n, protocolFeeLamports: 5n });
    expect(infinityRate(empty, mint, 9n)).toMatchObject({ ok: true, rate: { lamports: 1n, supply: 1n } });
    const owing = built({ totalSolValue: 100n, withheldLamports: 60n, protocolFeeLamports: 50n });
    expect(infinityRate(owing, mint, 7n)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/owes more/),
    });
  });

  it('the version byte and the exact size decide the layout: v2 bytes under version 1, or a short v2, are not read', () => {
    const entry = infPoolState({
      version: 2,
      totalSolValue: 1n,
      protocolFeeNanos: 0,
      rps: DEFAULT_RPS,
      withheldLamports: 0n,
      protocolFeeLamports: 0n,
      lastReleaseSlot: 0n,
    });
    const asV1 = Buffer.from(entry.account.data);
    asV1[12] = 1;
    expect(decodeInfinityPool(raw({ ...entry, account: { ...entry.account, data: asV1 } }))).toMatchObject({
      ok: false,
    });
    const short = entry.account.data.subarray(0, 232);
    expect(decodeInfinityPool(raw({ ...entry, account: { ...entry.account, data: short } }))).toMatchObject({
      ok: false,
    });
    const v1 = infPoolState({ version: 1, totalSolValue: 9n });
    expect(decodeInfinityPool(raw(v1))).toMatchObject({ ok: true, pool: { version: 1, totalSolValue: 9n } });
  });
});
