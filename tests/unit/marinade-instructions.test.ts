// Marinade's instruction and account discriminators against Anchor's rule (sha256 of "global:<name>"
// and "account:<Name>"), the Borsh arguments byte by byte, the refusals read from an error, and the
// choice of the stake the delayed route splits. Account orders are checked by the program itself
// in tests/chain/marinade-*.test.ts.
import { createHash } from 'node:crypto';
import { Keypair, PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import {
  claimIx,
  depositIx,
  liquidUnstakeIx,
  orderUnstakeIx,
  withdrawStakeAccountIx,
} from '../../src/background/staking/marinade-instructions';
import {
  chooseStakeToSplit,
  type StakeRecord,
  type ValidatorRecord,
} from '../../src/background/staking/marinade-lists';
import { marinadeRefusal } from '../../src/background/staking/marinade-refusals';
import type { MarinadeAccounts } from '../../src/background/staking/marinade-state';
import { STATE_DISCRIMINATOR, TICKET_DISCRIMINATOR } from '../../src/shared/marinade';
import { U64_MAX } from '../../src/shared/format';

const anchor = (preimage: string) => createHash('sha256').update(preimage).digest().subarray(0, 8);
const key = () => Keypair.generate().publicKey;
const accounts = Object.fromEntries(
  [
    'state',
    'msolMint',
    'msolMintAuthority',
    'reserve',
    'solLeg',
    'msolLeg',
    'msolLegAuthority',
    'treasuryMsolAccount',
    'stakeList',
    'validatorList',
    'stakeDepositAuthority',
    'stakeWithdrawAuthority',
  ].map((name) => [name, key()]),
) as unknown as MarinadeAccounts;
const owner = key();

describe('Marinade instructions', () => {
  it('start with Anchor’s discriminators and carry their arguments as Borsh writes them', () => {
    const amount = 0x0102030405060708n;
    const data = (ix: { data: Buffer }) => Buffer.from(ix.data);
    const deposit = data(depositIx(accounts, owner, key(), amount));
    expect(deposit.subarray(0, 8)).toEqual(anchor('global:deposit'));
    expect(deposit.subarray(8).toString('hex')).toBe('0807060504030201');
    const unstake = data(liquidUnstakeIx(accounts, owner, key(), U64_MAX));
    expect(unstake.subarray(0, 8)).toEqual(anchor('global:liquid_unstake'));
    expect(unstake.subarray(8).toString('hex')).toBe('ffffffffffffffff');
    const order = data(orderUnstakeIx(accounts, owner, key(), key(), 5n));
    expect(order.subarray(0, 8)).toEqual(anchor('global:order_unstake'));
    expect(data(claimIx(accounts, key(), owner))).toEqual(anchor('global:claim'));

    const stake = { stakeIndex: 258, validatorIndex: 65_539, stakeAccount: key() };
    const withdraw = data(
      withdrawStakeAccountIx(accounts, {
        owner,
        msolAccount: key(),
        stake,
        splitStakeAccount: key(),
        msolAmount: 9n,
      }),
    );
    expect(withdraw.subarray(0, 8)).toEqual(anchor('global:withdraw_stake_account'));
    // stake_index u32, validator_index u32, msol_amount u64, beneficiary Pubkey (the owner).
    expect(withdraw.subarray(8, 24).toString('hex')).toBe('02010000' + '03000100' + '0900000000000000');
    expect(new PublicKey(withdraw.subarray(24))).toEqual(owner);
    expect(withdraw.length).toBe(56);
  });

  it('refuse an amount that is not a u64', () => {
    expect(() => depositIx(accounts, owner, key(), -1n)).toThrow(RangeError);
    expect(() => liquidUnstakeIx(accounts, owner, key(), U64_MAX + 1n)).toThrow(RangeError);
  });

  it('name the split stake account and the owner as the signers of withdraw_stake_account', () => {
    const split = key();
    const ix = withdrawStakeAccountIx(accounts, {
      owner,
      msolAccount: key(),
      stake: { stakeIndex: 0, validatorIndex: 0, stakeAccount: key() },
      splitStakeAccount: split,
      msolAmount: 1n,
    });
    const signers = ix.keys.filter((k) => k.isSigner).map((k) => k.pubkey.toBase58());
    expect(new Set(signers)).toEqual(new Set([owner.toBase58(), split.toBase58()]));
  });

  it('read accounts by Anchor’s account discriminators', () => {
    expect(Buffer.from(STATE_DISCRIMINATOR)).toEqual(anchor('account:State'));
    expect(Buffer.from(TICKET_DISCRIMINATOR)).toEqual(anchor('account:TicketAccountData'));
  });
});

describe('Marinade refusals', () => {
  const custom = (code: number) => ({ InstructionError: [1, { Custom: code }] });
  it('tell a refusal from a stale choice, and say nothing of other errors', () => {
    expect(marinadeRefusal(custom(6026))).toMatchObject({ kind: 'refused', name: 'InsufficientLiquidity' });
    expect(marinadeRefusal(custom(6084))).toMatchObject({
      kind: 'refused',
      name: 'WithdrawStakeLamportsIsTooLow',
    });
    expect(marinadeRefusal(custom(6050))).toEqual({
      kind: 'stale_choice',
      code: 6050,
      name: 'WrongStakeAccountOrIndex',
    });
    expect(marinadeRefusal(custom(1))).toBeNull();
    expect(marinadeRefusal({ InstructionError: [0, 'InvalidAccountData'] })).toBeNull();
    expect(marinadeRefusal('AccountNotFound')).toBeNull();
    expect(marinadeRefusal(null)).toBeNull();
  });
});

describe('the stake the delayed route splits', () => {
  const votes = [key(), key(), key()];
  const validators: ValidatorRecord[] = votes.map((v, index) => ({
    index: index + 10,
    validatorAccount: v,
    activeBalance: 0n,
    score: 1,
  }));
  const record = (index: number, lamports: bigint, emergency = false): StakeRecord => ({
    index,
    stakeAccount: key(),
    lastUpdateDelegatedLamports: lamports,
    lastUpdateEpoch: 0n,
    isEmergencyUnstaking: emergency,
  });
  const SOL = 1_000_000_000n;

  it('is the largest the program would split that keeps the minimum, its validator found by its voter', () => {
    const stakes = [
      record(0, 50n * SOL),
      record(1, 90n * SOL, true),
      record(2, 80n * SOL),
      record(3, 70n * SOL),
    ];
    const delegation = new Map(
      stakes.map((s, i) => [
        s.stakeAccount.toBase58(),
        {
          voter: votes[i % 3]!,
          // Stake 2 earned rewards the crank has not recorded yet: the program refuses it.
          delegated: s.index === 2 ? s.lastUpdateDelegatedLamports + 1n : s.lastUpdateDelegatedLamports,
          deactivationEpoch: U64_MAX,
        },
      ]),
    );
    const of = (a: PublicKey) => delegation.get(a.toBase58()) ?? null;
    expect(chooseStakeToSplit(stakes, validators, of, 10n * SOL, SOL)).toEqual({
      stakeIndex: 3,
      stakeAccount: stakes[3]!.stakeAccount,
      validatorIndex: 10,
    });
    // 69 SOL out of 70 would leave 1 SOL: allowed; 70 would leave none.
    expect(chooseStakeToSplit(stakes, validators, of, 69n * SOL, SOL)?.stakeIndex).toBe(3);
    expect(chooseStakeToSplit(stakes, validators, of, 70n * SOL, SOL)).toBeNull();
    // A voter no longer in the list, or a deactivating stake, is never chosen.
    expect(chooseStakeToSplit(stakes, validators.slice(1), of, SOL, SOL)).toBeNull();
    const deactivating = (a: PublicKey) => ({ ...of(a)!, deactivationEpoch: 7n });
    expect(chooseStakeToSplit(stakes, validators, deactivating, SOL, SOL)).toBeNull();
  });
});
