// Marinade's State, decoded for everything a route or a valuation reads (layout in
// src/shared/marinade.ts), and the program-derived addresses its instructions name, derived with the
// bumps the State keeps. The msol_price field is written only by the crank, for front ends: values
// come from the State's totals (marinade-value.ts) or, for a quote, from a simulation.
import { PublicKey } from '@solana/web3.js';
import {
  LIST_HEADER,
  MARINADE_PROGRAM_ID,
  STATE_DISCRIMINATOR,
  STATE_LAYOUT as AT,
  marinadeAddress,
} from '../../shared/marinade';
import type { RawAccount } from '../chain/raw-account';

/** One of the State's two lists: where it is, how wide its items are, how many are used. */
export interface MarinadeList {
  address: PublicKey;
  itemSize: number;
  count: number;
}

interface MarinadeLiquidityPool {
  lpMint: PublicKey;
  /** The pool's mSOL leg, a token account; its SOL leg is a PDA (marinadeAddresses). */
  msolLeg: PublicKey;
  /** SOL left in the pool at or above which the liquid-unstake fee is lpMinFeeBps. */
  lpLiquidityTarget: bigint;
  lpMaxFeeBps: number;
  lpMinFeeBps: number;
  /** Share of the liquid-unstake fee (basis points) paid to the treasury. */
  treasuryCutBps: number;
  lpSupply: bigint;
}

export interface MarinadeState {
  msolMint: PublicKey;
  adminAuthority: PublicKey;
  treasuryMsolAccount: PublicKey;
  /** Kept in the reserve and in the pool's SOL leg: what the program never pays out of them. */
  rentExemptForTokenAcc: bigint;
  stakeList: MarinadeList;
  validatorList: MarinadeList;
  /** Marinade's own floor for a stake account it creates or leaves (withdraw_stake_account). */
  minStake: bigint;
  /** The epoch whose stake delta has started: a ticket ordered in it is dated the next epoch. */
  lastStakeDeltaEpoch: bigint;
  totalActiveBalance: bigint;
  delayedUnstakeCoolingDown: bigint;
  emergencyCoolingDown: bigint;
  availableReserveBalance: bigint;
  circulatingTicketCount: bigint;
  circulatingTicketBalance: bigint;
  msolSupply: bigint;
  /** The crank's price for front ends (× 2^32); shown for comparison, never used to value. */
  msolPrice: bigint;
  minDeposit: bigint;
  minWithdraw: bigint;
  liquidityPool: MarinadeLiquidityPool;
  /** Millionths of the SOL value, kept back by order_unstake and withdraw_stake_account. */
  delayedUnstakeFeeBpCents: number;
  withdrawStakeAccountFeeBpCents: number;
  withdrawStakeAccountEnabled: boolean;
  paused: boolean;
  bumps: {
    reserve: number;
    msolMintAuthority: number;
    solLeg: number;
    msolLegAuthority: number;
    stakeDeposit: number;
    stakeWithdraw: number;
  };
}

type MarinadeRead = { ok: true; state: MarinadeState } | { ok: false; reason: string };

export function decodeMarinadeState(account: RawAccount | null | undefined): MarinadeRead {
  if (!account) return { ok: false, reason: 'Marinade’s state account is not on this network.' };
  if (!account.owner.equals(MARINADE_PROGRAM_ID))
    return {
      ok: false,
      reason: 'The account at Marinade’s state address does not belong to the Marinade program.',
    };
  const data = account.data;
  if (data.length < AT.end || STATE_DISCRIMINATOR.some((b, i) => data[i] !== b)) {
    return { ok: false, reason: 'Marinade’s state account has a layout Tidepool does not know.' };
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u64 = (offset: number) => view.getBigUint64(offset, true);
  const u32 = (offset: number) => view.getUint32(offset, true);
  const key = (offset: number) => new PublicKey(data.subarray(offset, offset + 32));
  const list = (at: number): MarinadeList => ({
    address: key(at + LIST_HEADER.account),
    itemSize: u32(at + LIST_HEADER.itemSize),
    count: u32(at + LIST_HEADER.count),
  });
  return {
    ok: true,
    state: {
      msolMint: key(AT.msolMint),
      adminAuthority: key(AT.adminAuthority),
      treasuryMsolAccount: key(AT.treasuryMsolAccount),
      rentExemptForTokenAcc: u64(AT.rentExemptForTokenAcc),
      stakeList: list(AT.stakeList),
      validatorList: list(AT.validatorList),
      minStake: u64(AT.minStake),
      lastStakeDeltaEpoch: u64(AT.lastStakeDeltaEpoch),
      totalActiveBalance: u64(AT.totalActiveBalance),
      delayedUnstakeCoolingDown: u64(AT.delayedUnstakeCoolingDown),
      emergencyCoolingDown: u64(AT.emergencyCoolingDown),
      availableReserveBalance: u64(AT.availableReserveBalance),
      circulatingTicketCount: u64(AT.circulatingTicketCount),
      circulatingTicketBalance: u64(AT.circulatingTicketBalance),
      msolSupply: u64(AT.msolSupply),
      msolPrice: u64(AT.msolPrice),
      minDeposit: u64(AT.minDeposit),
      minWithdraw: u64(AT.minWithdraw),
      liquidityPool: {
        lpMint: key(AT.lpMint),
        msolLeg: key(AT.msolLeg),
        lpLiquidityTarget: u64(AT.lpLiquidityTarget),
        lpMaxFeeBps: u32(AT.lpMaxFee),
        lpMinFeeBps: u32(AT.lpMinFee),
        treasuryCutBps: u32(AT.treasuryCut),
        lpSupply: u64(AT.lpSupply),
      },
      delayedUnstakeFeeBpCents: u32(AT.delayedUnstakeFee),
      withdrawStakeAccountFeeBpCents: u32(AT.withdrawStakeAccountFee),
      withdrawStakeAccountEnabled: data[AT.withdrawStakeAccountEnabled] !== 0,
      paused: data[AT.paused] !== 0,
      bumps: {
        reserve: data[AT.reserveBump]!,
        msolMintAuthority: data[AT.msolMintAuthorityBump]!,
        solLeg: data[AT.solLegBump]!,
        msolLegAuthority: data[AT.msolLegAuthorityBump]!,
        stakeDeposit: data[AT.stakeDepositBump]!,
        stakeWithdraw: data[AT.stakeWithdrawBump]!,
      },
    },
  };
}

/** Every account a Marinade instruction names, from the State at `address`. */
export interface MarinadeAccounts {
  state: PublicKey;
  msolMint: PublicKey;
  msolMintAuthority: PublicKey;
  reserve: PublicKey;
  solLeg: PublicKey;
  msolLeg: PublicKey;
  msolLegAuthority: PublicKey;
  treasuryMsolAccount: PublicKey;
  stakeList: PublicKey;
  validatorList: PublicKey;
  stakeDepositAuthority: PublicKey;
  stakeWithdrawAuthority: PublicKey;
}

export function marinadeAccounts(address: PublicKey, s: MarinadeState): MarinadeAccounts {
  return {
    state: address,
    msolMint: s.msolMint,
    msolMintAuthority: marinadeAddress(address, 'st_mint', s.bumps.msolMintAuthority),
    reserve: marinadeAddress(address, 'reserve', s.bumps.reserve),
    solLeg: marinadeAddress(address, 'liq_sol', s.bumps.solLeg),
    msolLeg: s.liquidityPool.msolLeg,
    msolLegAuthority: marinadeAddress(address, 'liq_st_sol_authority', s.bumps.msolLegAuthority),
    treasuryMsolAccount: s.treasuryMsolAccount,
    stakeList: s.stakeList.address,
    validatorList: s.validatorList.address,
    stakeDepositAuthority: marinadeAddress(address, 'deposit', s.bumps.stakeDeposit),
    stakeWithdrawAuthority: marinadeAddress(address, 'withdraw', s.bumps.stakeWithdraw),
  };
}
