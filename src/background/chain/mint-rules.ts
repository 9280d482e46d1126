// What a mint's Token-2022 extensions mean for moving its tokens, read from the mint's own bytes by
// @solana/spl-token: the transfer fee it withholds in an epoch (TransferFeeConfig: the older fee
// until the newer one's epoch), and the size of a new associated token account for it (the account
// extensions the mint requires, plus ImmutableOwner, which the associated-token program adds for
// Token-2022), which its rent is asked for (a Token-program mint has neither); and its decimals,
// which a TransferChecked must name.
import type { PublicKey } from '@solana/web3.js';
import {
  ACCOUNT_SIZE,
  ExtensionType,
  TOKEN_2022_PROGRAM_ID,
  getAccountLen,
  getAccountTypeOfMintType,
  getEpochFee,
  getExtensionTypes,
  getTransferFeeConfig,
  unpackMint,
  type Mint,
} from '@solana/spl-token';
import type { TransferFeeRate } from '../../shared/transfer-fee';
import type { RawAccount } from './raw-account';

export interface MintRules {
  /** The mint's decimals (fixed when it was created). */
  decimals: number;
  /** The transfer fee in `epoch` (possibly 0), or null when the mint has no transfer-fee extension. */
  transferFee(epoch: bigint): TransferFeeRate | null;
  /** Bytes of a new associated token account of this mint. */
  newAccountSize: number;
}

/**
 * The rules of the mint at `address`, owned by `programId` (Token or Token-2022, our constants: a
 * mint of another owner is refused by the decoder).
 */
export function mintRules(address: PublicKey, account: RawAccount, programId: PublicKey): MintRules {
  const mint = unpackMint(
    address,
    {
      data: Buffer.from(account.data),
      owner: account.owner,
      lamports: Number(account.lamports),
      executable: false,
    },
    programId,
  );
  const config = getTransferFeeConfig(mint);
  return {
    decimals: mint.decimals,
    transferFee(epoch) {
      if (!config) return null;
      const fee = getEpochFee(config, epoch);
      return { basisPoints: fee.transferFeeBasisPoints, maximum: fee.maximumFee.toString() };
    },
    newAccountSize: programId.equals(TOKEN_2022_PROGRAM_ID) ? associatedAccountSize(mint) : ACCOUNT_SIZE,
  };
}

function associatedAccountSize(mint: Mint): number {
  const required = getExtensionTypes(mint.tlvData)
    .map(getAccountTypeOfMintType)
    .filter((e) => e !== ExtensionType.Uninitialized);
  return getAccountLen([...required, ExtensionType.ImmutableOwner]);
}
