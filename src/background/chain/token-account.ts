// A token account of one holder, as read directly from the bank (getMultipleAccounts, base64; a
// dataSlice of its first 166 bytes will do): an initialized SPL Token or Token-2022 account whose
// owner field is the holder, or nothing. The fields are where @solana/spl-token's own AccountLayout
// puts them (Token-2022 keeps the base layout and adds its account-type byte after it); another
// holder's account is passed over on 32 bytes compared, before anything is decoded, as a refresh
// reads every account of the owner on every open. Its program is one of our two constants
// (token-programs.ts), never a string the node sent.
import type { PublicKey } from '@solana/web3.js';
import { ACCOUNT_SIZE, AccountLayout, AccountState, AccountType, MULTISIG_SIZE } from '@solana/spl-token';
import bs58 from 'bs58';
import { rawAccount, type RawAccount } from './raw-account';
import type { EncodedAccount } from './rpc-shapes';
import { knownTokenProgram } from './token-programs';

const at = (field: string): number => {
  const offset = AccountLayout.offsetOf(field);
  if (offset === undefined) throw new Error(`AccountLayout has no ${field}`);
  return offset;
};
const MINT = at('mint');
const OWNER = at('owner');
const AMOUNT = at('amount');
const STATE = at('state');

export interface TokenAccountRead {
  mint: string;
  programId: PublicKey;
  amount: bigint;
}

/** `account` as a token account of `holder` (its 32 bytes), or null. */
export function holdersTokenAccount(
  account: EncodedAccount | null | undefined,
  holder: Uint8Array,
): TokenAccountRead | null {
  const programId = account ? knownTokenProgram(account.owner) : null;
  if (!account || !programId) return null;
  const data = Buffer.from(account.data[0], 'base64');
  // A sliced read keeps the account's size in `space`: a multisig is no token account.
  const size = account.space ?? data.length;
  if (size < ACCOUNT_SIZE || size === MULTISIG_SIZE || data.length < ACCOUNT_SIZE) return null;
  if (size > ACCOUNT_SIZE && data[ACCOUNT_SIZE] !== AccountType.Account) return null;
  if (!holder.every((byte, i) => data[OWNER + i] === byte)) return null;
  const state = data[STATE];
  if (state !== AccountState.Initialized && state !== AccountState.Frozen) return null;
  return {
    mint: bs58.encode(data.subarray(MINT, MINT + 32)),
    programId,
    amount: data.readBigUInt64LE(AMOUNT),
  };
}

/** A token account's amount (0 when it does not exist), at the same offset for Token and Token-2022. */
export function tokenAmount(account: RawAccount | null | undefined): bigint {
  if (!account || account.data.length < AMOUNT + 8) return 0n;
  return new DataView(account.data.buffer, account.data.byteOffset).getBigUint64(AMOUNT, true);
}

/** The same, of an account as the node encoded it (a simulation's before and after). */
export const encodedTokenAmount = (account: EncodedAccount | null | undefined): bigint =>
  tokenAmount(account ? rawAccount(account) : null);
