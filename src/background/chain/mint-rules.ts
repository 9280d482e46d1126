// What a mint's Token-2022 extensions mean for moving its tokens, read from the mint's own bytes by
// @solana/spl-token: the size of a new associated token account for it (the account extensions the
// mint requires, plus ImmutableOwner, which the associated-token program adds for Token-2022),
// which its rent is asked for.
import { PublicKey } from '@solana/web3.js';
import {
  ACCOUNT_SIZE,
  ExtensionType,
  TOKEN_2022_PROGRAM_ID,
  getAccountLen,
  getAccountTypeOfMintType,
  getExtensionTypes,
  unpackMint,
  type Mint,
} from '@solana/spl-token';
import type { EncodedAccount } from './rpc-shapes';

export interface MintRules {
  decimals: number;
  /** Bytes of a new associated token account of this mint. */
  newAccountSize: number;
}

/** The rules of the mint at `address`, owned by `programId` (Token or Token-2022, our constants). */
export function mintRules(address: PublicKey, account: EncodedAccount, programId: PublicKey): MintRules {
  const mint = unpackMint(
    address,
    {
      data: Buffer.from(account.data[0], 'base64'),
      owner: new PublicKey(account.owner),
      lamports: account.lamports,
      executable: false,
    },
    programId,
  );
  return {
    decimals: mint.decimals,
    newAccountSize: programId.equals(TOKEN_2022_PROGRAM_ID) ? associatedAccountSize(mint) : ACCOUNT_SIZE,
  };
}

function associatedAccountSize(mint: Mint): number {
  const required = getExtensionTypes(mint.tlvData)
    .map(getAccountTypeOfMintType)
    .filter((e) => e !== ExtensionType.Uninitialized);
  return getAccountLen([...required, ExtensionType.ImmutableOwner]);
}
