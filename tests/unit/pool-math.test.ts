// The stake-pool arithmetic at the edges, the decimal parser, and the refusal to decode anything
// that is not a stake pool.
import { Keypair, PublicKey, SystemProgram } from '@solana/web3.js';
import { TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { StakePoolLayout } from '@solana/spl-stake-pool';
import BN from 'bn.js';
import { describe, expect, it } from 'vitest';
import { POOL_ACCOUNT_SIZE, decodePool, type PoolState } from '../../src/background/staking/pool-account';
import {
  applyFee,
  depositSol,
  estimateApyBps,
  lamportsForPoolTokens,
  poolTokensForDeposit,
  withdraw,
} from '../../src/background/staking/pool-math';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { formatRatio, formatUnits, parseDecimal } from '../../src/shared/format';

const U64_MAX = 0xffff_ffff_ffff_ffffn;
const pool = (totalLamports: bigint, poolTokenSupply: bigint, extra: Partial<PoolState> = {}) =>
  ({
    totalLamports,
    poolTokenSupply,
    solDepositFee: { numerator: 0n, denominator: 0n },
    solReferralFeePercent: 0,
    lastEpochTotalLamports: 0n,
    lastEpochPoolTokenSupply: 0n,
    ...extra,
  }) as PoolState;

describe('pool math', () => {
  it('rounds fees up and conversions down, as the program does', () => {
    expect(applyFee({ numerator: 1n, denominator: 1000n }, 1n)).toBe(1n);
    expect(applyFee({ numerator: 1n, denominator: 1000n }, 1000n)).toBe(1n);
    expect(applyFee({ numerator: 1n, denominator: 1000n }, 1001n)).toBe(2n);
    expect(applyFee({ numerator: 5n, denominator: 0n }, 10n)).toBe(0n);
    expect(poolTokensForDeposit(pool(3n, 2n), 10n)).toBe(6n); // 10 × 2 / 3 = 6.66…
    expect(lamportsForPoolTokens(pool(3n, 2n), 1n)).toBe(1n); // 1 × 3 / 2 = 1.5
    expect(lamportsForPoolTokens(pool(1n, 2n), 1n)).toBe(0n); // less than one lamport
  });

  it('stays exact at u64 extremes, where a float would not', () => {
    const big = pool(U64_MAX, U64_MAX - 1n);
    expect(lamportsForPoolTokens(big, U64_MAX - 1n)).toBe(U64_MAX);
    expect(poolTokensForDeposit(big, U64_MAX)).toBe(U64_MAX - 1n);
    expect(lamportsForPoolTokens(pool(U64_MAX, 1n), 2n)).toBe(U64_MAX); // clamped to u64 like try_into
    const amount = 9_007_199_254_740_993n; // 2^53 + 1: not representable as a JS number
    expect(poolTokensForDeposit(pool(10n ** 18n, 10n ** 18n), amount)).toBe(amount);
  });

  it('splits the deposit fee and returns the referral share to a self-referring user', () => {
    const p = pool(2_000n, 1_000n, {
      solDepositFee: { numerator: 1n, denominator: 100n },
      solReferralFeePercent: 50,
    });
    const out = depositSol(p, 1_000_000n);
    expect(out.minted).toBe(500_000n);
    expect(out.feeTokens + out.referralTokens).toBe(5_000n);
    expect(out.userTokens).toBe(500_000n - 5_000n + 2_500n);
    expect(withdraw(p, 1_000n, { numerator: 3n, denominator: 1000n })).toEqual({
      feeTokens: 3n,
      burnedTokens: 997n,
      lamports: 1_994n,
    });
  });

  it('estimates APY from the last epoch, and says nothing without a history', () => {
    expect(estimateApyBps(pool(1_000n, 1_000n), 182)).toBeNull();
    const grown = pool(1_000_400n, 1_000_000n, {
      lastEpochTotalLamports: 1_000_000n,
      lastEpochPoolTokenSupply: 1_000_000n,
    });
    expect(estimateApyBps(grown, 182.6)).toBeGreaterThan(750);
    expect(estimateApyBps(grown, 182.6)).toBeLessThan(760);
  });
});

describe('amounts typed by people', () => {
  it('parses decimal strings exactly and says what is wrong', () => {
    expect(parseDecimal('1.5', 9)).toBe(1_500_000_000n);
    expect(parseDecimal(' 0.000000001 ', 9)).toBe(1n);
    expect(parseDecimal('1,234.5', 9)).toBe(1_234_500_000_000n);
    expect(parseDecimal('18446744073.709551615', 9)).toBe(U64_MAX);
    expect(() => parseDecimal('18446744073.709551616', 9)).toThrow(/larger than any balance/);
    expect(() => parseDecimal('0.0000000001', 9)).toThrow(/at most 9 decimal places/);
    expect(() => parseDecimal('-1', 9)).toThrow(/cannot be negative/);
    expect(() => parseDecimal('0', 9)).toThrow(/more than zero/);
    expect(() => parseDecimal('1e3', 9)).toThrow(/not a number/);
    expect(() => parseDecimal('', 9)).toThrow(/Enter an amount/);
  });

  it('formats base units grouped and rounded down', () => {
    expect(formatUnits(1_234_567_890_123n, 9)).toBe('1,234.567890123');
    expect(formatUnits(1_999_999_999n, 9, 4)).toBe('1.9999');
    expect(formatRatio(1_104_400n, 1_000_000n)).toBe('1.1044');
  });
});

describe('decoding a pool account', () => {
  const address = Keypair.generate().publicKey;
  const encoded = () => {
    const data = Buffer.alloc(POOL_ACCOUNT_SIZE);
    const key = () => Keypair.generate().publicKey;
    const fee = { numerator: new BN(0), denominator: new BN(0) } as never;
    StakePoolLayout.encode(
      {
        accountType: 1,
        manager: key(),
        staker: key(),
        stakeDepositAuthority: key(),
        stakeWithdrawBumpSeed: 255,
        validatorList: key(),
        reserveStake: key(),
        poolMint: key(),
        managerFeeAccount: key(),
        tokenProgramId: TOKEN_PROGRAM_ID,
        totalLamports: new BN(2),
        poolTokenSupply: new BN(1),
        lastUpdateEpoch: new BN(7),
        lockup: { unixTimestamp: new BN(0), epoch: new BN(0), custodian: PublicKey.default } as never,
        epochFee: fee,
        stakeDepositFee: fee,
        stakeWithdrawalFee: fee,
        stakeReferralFee: 0,
        solDepositFee: fee,
        solReferralFee: 0,
        solWithdrawalFee: { numerator: new BN(1), denominator: new BN(1000) } as never,
        lastEpochPoolTokenSupply: new BN(0),
        lastEpochTotalLamports: new BN(0),
      } as never,
      data,
    );
    return new Uint8Array(data);
  };

  it('reads the layout into exact integers', () => {
    const state = decodePool(address, {
      owner: STAKE_POOL_PROGRAMS.sanctumMulti,
      data: encoded(),
      lamports: 1n,
    });
    expect(state).toMatchObject({
      programKind: 'sanctumMulti',
      totalLamports: 2n,
      poolTokenSupply: 1n,
      lastUpdateEpoch: 7n,
    });
  });

  it('refuses the wrong owner, the wrong account type, short data and no account at all', () => {
    expect(() =>
      decodePool(address, { owner: SystemProgram.programId, data: encoded(), lamports: 1n }),
    ).toThrow(/not a stake pool: it belongs to 1111/);
    const validatorList = encoded();
    validatorList[0] = 2;
    expect(() =>
      decodePool(address, { owner: STAKE_POOL_PROGRAMS.spl, data: validatorList, lamports: 1n }),
    ).toThrow(/not a stake pool/);
    expect(() =>
      decodePool(address, { owner: STAKE_POOL_PROGRAMS.spl, data: encoded().subarray(0, 300), lamports: 1n }),
    ).toThrow(/not a stake pool/);
    expect(() => decodePool(address, null)).toThrow(/no stake pool at/);
  });
});
