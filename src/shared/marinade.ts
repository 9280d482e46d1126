// Marinade's liquid-staking program (mSOL): its ids, the byte layout of the accounts Tidepool reads
// (and the localnet builds), and its program-derived addresses. Pure knowledge, shared by the
// background and the localnet (tools/ imports only src/shared). Read from the program's source as
// deployed at slot 229946024 (marinade-finance/liquid-staking-program, tag release-20231114, commit
// 1bd5133): Borsh, little endian, every Anchor account after its 8-byte discriminator. Checked
// against the mainnet State dumps and against the program itself on the localnet.
import { PublicKey } from '@solana/web3.js';
import { Buffer } from 'buffer';

export const MARINADE_PROGRAM_ID = new PublicKey('MarBmsSgKXdrN1egZf5sqe1TMai9K1rChYNDJgjq7aD');
/** Marinade's one State on mainnet: the mSOL the wallet values. */
export const MARINADE_STATE = '8szGkuLTAux9XMgZ2vtY39jVSowEcpBfFfD8hXSEqdGC';
/** mSOL's mint: which holdings need the State read. The State's own msol_mint decides the match. */
export const MSOL_MINT = 'mSoLzYCxHdYgdzU16g5QSh3i5K3z3KZK7ytfqcJm7So';

/** Offsets in the State account (state/mod.rs, with StakeSystem, ValidatorSystem and LiqPool inline). */
export const STATE_LAYOUT = {
  msolMint: 8,
  adminAuthority: 40,
  treasuryMsolAccount: 104,
  reserveBump: 136,
  msolMintAuthorityBump: 137,
  rentExemptForTokenAcc: 138,
  /** stake_system.stake_list: a List (see LIST_HEADER). */
  stakeList: 150,
  delayedUnstakeCoolingDown: 226,
  stakeDepositBump: 234,
  stakeWithdrawBump: 235,
  lastStakeDeltaEpoch: 244,
  minStake: 252,
  /** validator_system.validator_list: a List. */
  validatorList: 264,
  totalValidatorScore: 372,
  totalActiveBalance: 376,
  lpMint: 385,
  lpMintAuthorityBump: 417,
  solLegBump: 418,
  msolLegAuthorityBump: 419,
  msolLeg: 420,
  lpLiquidityTarget: 452,
  /** Fee { basis_points: u32 } */
  lpMaxFee: 460,
  lpMinFee: 464,
  treasuryCut: 468,
  lpSupply: 472,
  availableReserveBalance: 496,
  msolSupply: 504,
  msolPrice: 512,
  circulatingTicketCount: 520,
  circulatingTicketBalance: 528,
  minDeposit: 544,
  minWithdraw: 552,
  emergencyCoolingDown: 568,
  paused: 608,
  /** FeeCents { bp_cents: u32 }: millionths. */
  delayedUnstakeFee: 609,
  withdrawStakeAccountFee: 613,
  withdrawStakeAccountEnabled: 617,
  /** The first byte after the last field this build has. */
  end: 638,
} as const;

/** A List inside the State (state/list.rs): the list account, its item size and how many items are used. */
export const LIST_HEADER = { account: 0, itemSize: 32, count: 36 } as const;
/** Items start after the list account's 8-byte discriminator; the account is sized for its capacity. */
export const LIST_ITEMS_OFFSET = 8;
export const STAKE_LIST_DISCRIMINATOR = Buffer.from('staker__');
export const VALIDATOR_LIST_DISCRIMINATOR = Buffer.from('validatr');

/** StakeRecord (state/stake_system.rs); the item size in the State is larger (reserved space). */
export const STAKE_RECORD = {
  stakeAccount: 0,
  lastUpdateDelegatedLamports: 32,
  lastUpdateEpoch: 40,
  isEmergencyUnstaking: 48,
  size: 49,
} as const;
/** ValidatorRecord (state/validator_system.rs). */
export const VALIDATOR_RECORD = {
  validatorAccount: 0,
  activeBalance: 32,
  score: 40,
  lastStakeDeltaEpoch: 44,
  duplicationFlagBump: 52,
  size: 53,
} as const;

/** TicketAccountData (state/delayed_unstake_ticket.rs), Anchor account "TicketAccountData". */
export const TICKET_LAYOUT = {
  stateAddress: 8,
  beneficiary: 40,
  lamportsAmount: 72,
  createdEpoch: 80,
  size: 88,
} as const;

/** Anchor account discriminators: sha256("account:<Name>")[0..8]. */
export const STATE_DISCRIMINATOR = Uint8Array.from([0xd8, 0x92, 0x6b, 0x5e, 0x68, 0x4b, 0xb6, 0xb1]);
export const TICKET_DISCRIMINATOR = Uint8Array.from([0x85, 0x4d, 0x12, 0x62, 0xd3, 0x01, 0xe7, 0x03]);

/** The seeds of the State's program-derived addresses, each [state, seed] with the bump the State keeps. */
export const MARINADE_SEEDS = {
  reserve: 'reserve',
  msolMintAuthority: 'st_mint',
  solLeg: 'liq_sol',
  msolLegAuthority: 'liq_st_sol_authority',
  lpMintAuthority: 'liq_mint',
  stakeDeposit: 'deposit',
  stakeWithdraw: 'withdraw',
} as const;

/** The address [state, seed] with the bump the State recorded: one hash, no search. */
export function marinadeAddress(
  state: PublicKey,
  seed: (typeof MARINADE_SEEDS)[keyof typeof MARINADE_SEEDS],
  bump: number,
): PublicKey {
  return PublicKey.createProgramAddressSync(
    [state.toBuffer(), Buffer.from(seed), Uint8Array.of(bump)],
    MARINADE_PROGRAM_ID,
  );
}
