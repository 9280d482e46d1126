// Reading the accounts a review needs, by exact program id and layout: token accounts (only the
// Token and Token-2022 programs, never an owner that merely looks like one), stake accounts and
// address lookup tables, and whether a mint charges a transfer fee. Each reader returns null (or
// false) for anything that is not exactly its kind.
import { AddressLookupTableProgram, PublicKey, StakeProgram } from '@solana/web3.js';
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID, getTransferFeeConfig, unpackMint } from '@solana/spl-token';
import type { EncodedAccount } from '../../chain/rpc-shapes';

export type Encoded = EncodedAccount | null;

const TOKEN = TOKEN_PROGRAM_ID.toBase58();
const TOKEN_2022 = TOKEN_2022_PROGRAM_ID.toBase58();
const STAKE = StakeProgram.programId.toBase58();
const LOOKUP_TABLE = AddressLookupTableProgram.programId.toBase58();
const TOKEN_ACCOUNT_SIZE = 165;
/** Token-2022 writes the account type after the base layout when extensions follow: 1 mint, 2 account. */
const ACCOUNT_TYPE_ACCOUNT = 2;

const bytesOf = (account: NonNullable<Encoded>) => Buffer.from(account.data[0], 'base64');
const key = (data: Buffer, at: number) => new PublicKey(data.subarray(at, at + 32)).toBase58();

const isTokenProgram = (owner: string) => owner === TOKEN || owner === TOKEN_2022;

interface TokenAccount {
  mint: string;
  owner: string;
  amount: bigint;
}

export function readTokenAccount(account: Encoded): TokenAccount | null {
  if (!account || !isTokenProgram(account.owner)) return null;
  const data = bytesOf(account);
  const isAccount =
    data.length === TOKEN_ACCOUNT_SIZE ||
    (account.owner === TOKEN_2022 &&
      data.length > TOKEN_ACCOUNT_SIZE &&
      data[TOKEN_ACCOUNT_SIZE] === ACCOUNT_TYPE_ACCOUNT);
  if (!isAccount) return null;
  return { mint: key(data, 0), owner: key(data, 32), amount: data.readBigUInt64LE(64) };
}

/** A mint's decimals, only from an account of the Token or Token-2022 program. */
export function readMintDecimals(account: Encoded): number | null {
  if (!account || !isTokenProgram(account.owner)) return null;
  const data = bytesOf(account);
  return data.length >= 82 ? data[44]! : null;
}

/** Whether a Token-2022 mint carries a transfer fee (its TransferFeeConfig extension), read by @solana/spl-token. */
export function mintChargesTransferFee(account: Encoded): boolean {
  if (!account || account.owner !== TOKEN_2022) return false;
  try {
    const info = {
      data: bytesOf(account),
      owner: TOKEN_2022_PROGRAM_ID,
      lamports: account.lamports,
      executable: false,
    };
    return getTransferFeeConfig(unpackMint(PublicKey.default, info, TOKEN_2022_PROGRAM_ID)) !== null;
  } catch {
    return false;
  }
}

export interface StakeAccount {
  state: 'uninitialized' | 'initialized' | 'delegated' | 'rewards pool';
  staker: string | null;
  withdrawer: string | null;
  lockup: { unixTimestamp: bigint; epoch: bigint; custodian: string } | null;
  voter: string | null;
  lamports: bigint;
}

const STAKE_STATES = ['uninitialized', 'initialized', 'delegated', 'rewards pool'] as const;

/** StakeStateV2: u32 tag; Meta { rent reserve u64, staker, withdrawer, lockup { i64, u64, custodian } }; Stake { voter, … }. */
export function readStakeAccount(account: Encoded): StakeAccount | null {
  if (!account || account.owner !== STAKE) return null;
  const data = bytesOf(account);
  if (data.length < 4) return null;
  const state = STAKE_STATES[data.readUInt32LE(0)];
  if (!state) return null;
  const hasMeta = (state === 'initialized' || state === 'delegated') && data.length >= 124;
  return {
    state,
    lamports: BigInt(account.lamports),
    staker: hasMeta ? key(data, 12) : null,
    withdrawer: hasMeta ? key(data, 44) : null,
    lockup: hasMeta
      ? { unixTimestamp: data.readBigInt64LE(76), epoch: data.readBigUInt64LE(84), custodian: key(data, 92) }
      : null,
    voter: state === 'delegated' && data.length >= 156 ? key(data, 124) : null,
  };
}

const SYSTEM = '11111111111111111111111111111111';
const NONCE_ACCOUNT_SIZE = 80;

/** A durable-nonce account's authority: System-owned, 80 bytes, version u32, state u32 = 1, authority. */
export function readNonceAuthority(account: Encoded): string | null {
  if (!account || account.owner !== SYSTEM) return null;
  const data = bytesOf(account);
  return data.length === NONCE_ACCOUNT_SIZE && data.readUInt32LE(4) === 1 ? key(data, 8) : null;
}

/**
 * The value an initialized nonce account of the current version holds, after its authority: the
 * blockhash a durable transaction must name (a legacy-version account's cannot be used).
 */
export function readNonceValue(account: Encoded): string | null {
  if (readNonceAuthority(account) === null) return null;
  const data = bytesOf(account!);
  return data.readUInt32LE(0) === 1 ? key(data, 40) : null;
}

type LookupTable = { ok: true; addresses: string[] } | { ok: false; reason: string };

const LOOKUP_TABLE_META = 56;
const NOT_DEACTIVATED = 0xffff_ffff_ffff_ffffn;

/** An address lookup table usable by a new transaction: owned by the ALT program, initialized, not deactivated. */
export function readLookupTable(account: Encoded): LookupTable {
  if (!account) return { ok: false, reason: 'does not exist' };
  if (account.owner !== LOOKUP_TABLE) return { ok: false, reason: 'is not an address lookup table' };
  const data = bytesOf(account);
  if (
    data.length < LOOKUP_TABLE_META ||
    data.readUInt32LE(0) !== 1 ||
    (data.length - LOOKUP_TABLE_META) % 32 !== 0
  ) {
    return { ok: false, reason: 'is not an initialized address lookup table' };
  }
  if (data.readBigUInt64LE(4) !== NOT_DEACTIVATED) return { ok: false, reason: 'is deactivated' };
  const addresses: string[] = [];
  for (let at = LOOKUP_TABLE_META; at < data.length; at += 32) addresses.push(key(data, at));
  return { ok: true, addresses };
}
