// Marinade's user instructions, encoded here rather than through its TS SDK (which brings a second
// web3.js and Anchor). Anchor layout: sha256("global:<name>")[0..8], then the Borsh arguments;
// account orders as the program's #[derive(Accounts)] structs list them (release-20231114, the build
// deployed at slot 229946024). Pure functions: every account comes from the caller.
import {
  PublicKey,
  SYSVAR_CLOCK_PUBKEY,
  SYSVAR_RENT_PUBKEY,
  StakeProgram,
  SystemProgram,
  TransactionInstruction,
  type AccountMeta,
} from '@solana/web3.js';
import { TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { Buffer } from 'buffer';
import { MARINADE_PROGRAM_ID, TICKET_LAYOUT } from '../../shared/marinade';
import type { MarinadeAccounts } from './marinade-state';
import { u32, u64 } from './instruction-data';

/** Anchor instruction discriminators: sha256("global:<name>")[0..8]. */
export const DISCRIMINATOR = {
  deposit: [0xf2, 0x23, 0xc6, 0x89, 0x52, 0xe1, 0xf2, 0xb6],
  liquidUnstake: [0x1e, 0x1e, 0x77, 0xf0, 0xbf, 0xe3, 0x0c, 0x10],
  withdrawStakeAccount: [0xd3, 0x55, 0xb8, 0x41, 0xb7, 0xb1, 0xe9, 0xd9],
  orderUnstake: [0x61, 0xa7, 0x90, 0x6b, 0x75, 0xbe, 0x80, 0x24],
  claim: [0x3e, 0xc6, 0xd6, 0xc1, 0xd5, 0x9f, 0x6c, 0xd2],
} as const;

const w = (pubkey: PublicKey, isSigner = false): AccountMeta => ({ pubkey, isSigner, isWritable: true });
const r = (pubkey: PublicKey, isSigner = false): AccountMeta => ({ pubkey, isSigner, isWritable: false });

const instruction = (keys: AccountMeta[], name: keyof typeof DISCRIMINATOR, ...args: Uint8Array[]) =>
  new TransactionInstruction({
    programId: MARINADE_PROGRAM_ID,
    keys,
    data: Buffer.concat([Buffer.from(DISCRIMINATOR[name]), ...args]),
  });

/**
 * deposit(lamports): SOL from `owner` into mSOL in `msolAccount` (which must exist). The program
 * first sells the mSOL its liquidity pool holds, then mints the rest. No minimum out is taken.
 */
export function depositIx(
  a: MarinadeAccounts,
  owner: PublicKey,
  msolAccount: PublicKey,
  lamports: bigint,
): TransactionInstruction {
  return instruction(
    [
      w(a.state),
      w(a.msolMint),
      w(a.solLeg),
      w(a.msolLeg),
      r(a.msolLegAuthority),
      w(a.reserve),
      w(owner, true),
      w(msolAccount),
      r(a.msolMintAuthority),
      r(SystemProgram.programId),
      r(TOKEN_PROGRAM_ID),
    ],
    'deposit',
    u64(lamports),
  );
}

/** liquid_unstake(msol_amount): mSOL from `msolAccount` (owned by `owner`) to SOL through the liquidity pool. */
export function liquidUnstakeIx(
  a: MarinadeAccounts,
  owner: PublicKey,
  msolAccount: PublicKey,
  msolAmount: bigint,
): TransactionInstruction {
  return instruction(
    [
      w(a.state),
      w(a.msolMint),
      w(a.solLeg),
      w(a.msolLeg),
      w(a.treasuryMsolAccount),
      w(msolAccount),
      r(owner, true),
      w(owner),
      r(SystemProgram.programId),
      r(TOKEN_PROGRAM_ID),
    ],
    'liquidUnstake',
    u64(msolAmount),
  );
}

/** Which stake of Marinade's to split, by its indexes in the State's two lists (see marinade-lists.ts). */
export interface StakeToSplit {
  stakeIndex: number;
  stakeAccount: PublicKey;
  validatorIndex: number;
}

/**
 * withdraw_stake_account(stake_index, validator_index, msol_amount, beneficiary): burns mSOL and
 * splits its SOL value, less the State's fee, off one of Marinade's active stake accounts into
 * `splitStakeAccount`, a new account the program creates (so it signs, as does `owner`, who pays its
 * rent) and hands to `owner` as staker and withdrawer.
 */
export function withdrawStakeAccountIx(
  a: MarinadeAccounts,
  p: {
    owner: PublicKey;
    msolAccount: PublicKey;
    stake: StakeToSplit;
    splitStakeAccount: PublicKey;
    msolAmount: bigint;
  },
): TransactionInstruction {
  return instruction(
    [
      w(a.state),
      w(a.msolMint),
      w(p.msolAccount),
      w(p.owner, true),
      w(a.treasuryMsolAccount),
      w(a.validatorList),
      w(a.stakeList),
      r(a.stakeWithdrawAuthority),
      r(a.stakeDepositAuthority),
      w(p.stake.stakeAccount),
      w(p.splitStakeAccount, true),
      w(p.owner, true),
      r(SYSVAR_CLOCK_PUBKEY),
      r(SystemProgram.programId),
      r(TOKEN_PROGRAM_ID),
      r(StakeProgram.programId),
    ],
    'withdrawStakeAccount',
    u32(p.stake.stakeIndex),
    u32(p.stake.validatorIndex),
    u64(p.msolAmount),
    p.owner.toBuffer(),
  );
}

/** The bytes of a delayed-unstake ticket, which order_unstake needs created (empty) in the same transaction. */
export const TICKET_ACCOUNT_SIZE = TICKET_LAYOUT.size;

/** The empty ticket account order_unstake fills: `rentLamports` from getMinimumBalanceForRentExemption. */
export function createTicketAccountIx(
  owner: PublicKey,
  ticket: PublicKey,
  rentLamports: bigint,
): TransactionInstruction {
  return SystemProgram.createAccount({
    fromPubkey: owner,
    newAccountPubkey: ticket,
    lamports: Number(rentLamports),
    space: TICKET_ACCOUNT_SIZE,
    programId: MARINADE_PROGRAM_ID,
  });
}

/** order_unstake(msol_amount): burns mSOL for a ticket, claimable by the mSOL account's owner after the epoch. */
export function orderUnstakeIx(
  a: MarinadeAccounts,
  owner: PublicKey,
  msolAccount: PublicKey,
  ticket: PublicKey,
  msolAmount: bigint,
): TransactionInstruction {
  return instruction(
    [
      w(a.state),
      w(a.msolMint),
      w(msolAccount),
      r(owner, true),
      w(ticket),
      r(SYSVAR_CLOCK_PUBKEY),
      r(SYSVAR_RENT_PUBKEY),
      r(TOKEN_PROGRAM_ID),
    ],
    'orderUnstake',
    u64(msolAmount),
  );
}

/** claim: pays a due ticket's lamports (and its rent, closing it) from the reserve to its beneficiary. */
export function claimIx(
  a: Pick<MarinadeAccounts, 'state' | 'reserve'>,
  ticket: PublicKey,
  beneficiary: PublicKey,
): TransactionInstruction {
  return instruction(
    [w(a.state), w(a.reserve), w(ticket), w(beneficiary), r(SYSVAR_CLOCK_PUBKEY), r(SystemProgram.programId)],
    'claim',
  );
}
