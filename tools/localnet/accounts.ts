// What every part of the localnet says about accounts: their stored shape, a way to read them, and
// the program ids that decide how they are parsed. Kept apart from the chain itself so the parsers
// and the ledger snapshot depend on this small file, not on the chain that uses them.
import type { EncodedAccount } from '@solana/kit';
import { StakeProgram, SystemProgram, VoteProgram } from '@solana/web3.js';
import { TOKEN_2022_PROGRAM_ID as SPL_TOKEN_2022, TOKEN_PROGRAM_ID as SPL_TOKEN } from '@solana/spl-token';

// From the libraries, not typed by hand: a mistyped program id fails silently.
const SYSTEM_PROGRAM_ID = SystemProgram.programId.toBase58();
export const STAKE_PROGRAM_ID = StakeProgram.programId.toBase58();
export const VOTE_PROGRAM_ID = VoteProgram.programId.toBase58();
export const TOKEN_PROGRAM_ID = SPL_TOKEN.toBase58();
export const TOKEN_2022_PROGRAM_ID = SPL_TOKEN_2022.toBase58();

export interface StoredAccount {
  lamports: bigint;
  owner: string;
  data: Uint8Array;
  executable: boolean;
}

/** Reads the current state of an account (null when it does not exist). */
export interface AccountReader {
  getAccount(address: string): StoredAccount | null;
}

/** An account as litesvm hands it out, copied into the localnet's shape. */
export function storedAccount(account: EncodedAccount): StoredAccount {
  return {
    lamports: BigInt(account.lamports),
    owner: account.programAddress,
    data: new Uint8Array(account.data),
    executable: account.executable,
  };
}

/** An account of the system program holding only lamports (an identity, a collector). */
export const systemAccount = (lamports: bigint): StoredAccount => ({
  lamports,
  owner: SYSTEM_PROGRAM_ID,
  data: new Uint8Array(),
  executable: false,
});
