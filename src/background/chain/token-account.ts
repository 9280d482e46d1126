// A token account as read directly from the bank (getMultipleAccounts, base64; a dataSlice of at
// least its first 166 bytes will do): an initialized SPL Token or Token-2022 account, decoded by
// @solana/spl-token's own layout (Token-2022's account-type byte checked), or nothing. Its program
// is one of our two constants (token-programs.ts), never a string the node sent.
import { PublicKey } from '@solana/web3.js';
import { ACCOUNT_SIZE, MULTISIG_SIZE, unpackAccount } from '@solana/spl-token';
import type { EncodedAccount } from './rpc-shapes';
import { knownTokenProgram } from './token-programs';

export interface TokenAccountRead {
  address: string;
  mint: string;
  /** Who owns the tokens (not the program that owns the account). */
  owner: string;
  programId: PublicKey;
  amount: bigint;
}

export function readTokenAccount(
  address: string,
  account: EncodedAccount | null | undefined,
): TokenAccountRead | null {
  const programId = account ? knownTokenProgram(account.owner) : null;
  if (!account || !programId) return null;
  const data = Buffer.from(account.data[0], 'base64');
  // A sliced read keeps the account's size in `space`: a multisig is no token account.
  const size = account.space ?? data.length;
  if (size < ACCOUNT_SIZE || size === MULTISIG_SIZE) return null;
  try {
    const token = unpackAccount(
      new PublicKey(address),
      { data, owner: programId, lamports: account.lamports, executable: false },
      programId,
    );
    if (!token.isInitialized) return null;
    return {
      address,
      mint: token.mint.toBase58(),
      owner: token.owner.toBase58(),
      programId,
      amount: token.amount,
    };
  } catch {
    return null; // a mint, or another kind of the program's accounts
  }
}
