// Native vs liquid for an amount, and the LST a stake account can become: the pools that stake with
// the validator first (best APY first), else the best pools; each pool's yearly figure after its
// deposit fee, and its instant-exit cost; a stake account's best pool among those listing its
// validator and updated this epoch, or the sentence saying why none.
import { describe, expect, it } from 'vitest';
import type { ValidatorList, ValidatorView } from '../../src/shared/native-staking';
import { compare, convertTarget } from '../../src/shared/native-vs-liquid';
import type { NativeStakeAccount, PoolSummary } from '../../src/shared/staking';

const SOL = 1_000_000_000n;
const fee = (numerator: number, denominator: number) => ({
  numerator: String(numerator),
  denominator: String(denominator),
});

function pool(name: string, apyBps: number | null, extra: Partial<PoolSummary> = {}): PoolSummary {
  return {
    pool: `${name}-pool`,
    mint: `${name}-mint`,
    programKind: 'spl',
    symbol: name,
    name,
    decimals: 9,
    known: false,
    totalLamports: '1',
    poolTokenSupply: '1',
    apyBps,
    apyBasis: apyBps === null ? null : { epoch: 9, slotMs: 400, slotTimeMeasuredOverSecs: 3600 },
    lastUpdateEpoch: 10,
    stale: false,
    depositBlocked: null,
    solDepositFee: fee(0, 1),
    solWithdrawalFee: fee(0, 1),
    stakeWithdrawalFee: fee(0, 1),
    ...extra,
  };
}

function validator(vote: string, apyBps: number | null, pools: string[]): ValidatorView {
  return {
    vote,
    identity: `${vote}-id`,
    name: vote,
    website: null,
    details: null,
    activatedStake: String(100n * SOL),
    commissionBps: 500,
    apyBps,
    credits: 400_000,
    lastVote: 1,
    delinquent: false,
    superminority: false,
    commissionRaised: null,
    commissionPending: false,
    pools: pools.map((p) => ({ pool: `${p}-pool`, symbol: p })),
  };
}

const pools = [
  pool('aSOL', 700, { solDepositFee: fee(1, 100), solWithdrawalFee: fee(3, 1000) }),
  pool('bSOL', 750),
  pool('cSOL', 800),
  pool('dSOL', 900, { depositBlocked: 'restricted' }),
  pool('eSOL', 650),
  pool('fSOL', 600, { stale: true }),
];
const list: ValidatorList = {
  epoch: 10,
  validators: [
    validator('with-a', 720, ['aSOL', 'fSOL']),
    validator('lonely', 710, []),
    validator('stale', 700, ['fSOL']),
  ],
  apy: { measured: true, basis: { epoch: 9, slotMs: 400, slotTimeMeasuredOverSecs: 3600 } },
  terms: { minimumDelegation: String(SOL), rentReserve: '2282880', keepForFees: '3000000' },
  pools,
  fetchedAt: 0,
  epochEndsAt: 0,
};

const account = (voter: string | null, state: NativeStakeAccount['state']): NativeStakeAccount => ({
  address: 'stake',
  lamports: String(3n * SOL),
  delegatedLamports: String(3n * SOL),
  rentReserveLamports: '2282880',
  excessLamports: '0',
  voter,
  staker: 'me',
  state,
  withdrawableEpoch: null,
  activationEpoch: 9,
  deactivationEpoch: null,
  lockup: null,
  fromPool: false,
});

describe('native vs liquid', () => {
  it('sets the pools staking with the validator beside it, with their fees taken off', () => {
    const { native, liquid } = compare(list, list.validators[0]!, 10n * SOL);
    expect(native).toMatchObject({ yearlyLamports: 720_000_000n, activatesEpoch: 11 });
    // aSOL stakes with it (fSOL too: stale pools still take SOL deposits).
    expect(liquid.map((o) => [o.pool.symbol, o.withValidator])).toEqual([
      ['aSOL', true],
      ['fSOL', true],
    ]);
    expect(liquid[0]).toMatchObject({
      depositFeeLamports: 100_000_000n, // 1 %
      yearlyLamports: 693_000_000n, // 7 % of the 9.9 SOL staked
      instantExitFeeLamports: 29_700_000n, // 0.3 % of 9.9 SOL
    });
  });

  it('sets the three best pools that take deposits beside a validator no pool stakes with', () => {
    const { liquid } = compare(list, list.validators[1]!, 2n * SOL);
    expect(liquid.map((o) => [o.pool.symbol, o.withValidator])).toEqual([
      ['cSOL', false],
      ['bSOL', false],
      ['aSOL', false],
    ]);
  });

  it('converts an active account into the best current pool that lists its validator, or says why not', () => {
    expect(convertTarget(list, account('with-a', 'active'), 10)).toEqual({ pool: pools[0] });
    expect(convertTarget(list, account('lonely', 'active'), 10)).toEqual({
      reason: expect.stringMatching(/No stake pool on this network stakes with lonely/),
    });
    expect(convertTarget(list, account('stale', 'active'), 10)).toEqual({
      reason: expect.stringMatching(/\(fSOL\) have not been updated for epoch 10 yet/),
    });
    expect(convertTarget(list, account('with-a', 'activating'), 10)).toEqual({
      reason: 'Pools take only fully active stake: this account can be converted from epoch 10.',
    });
    expect(convertTarget(list, account(null, 'inactive'), 10)).toEqual({
      reason: expect.stringMatching(/Only an active, delegated stake account/),
    });
  });
});
