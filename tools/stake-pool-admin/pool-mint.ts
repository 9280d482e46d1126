// A pool's mint, as an operator makes it before Initialize: an SPL Token mint, or a Token-2022 mint
// with the extensions the stake-pool program accepts on one (a transfer fee here: TransferFeeConfig,
// whose config and withheld-withdraw authority is the manager). Either way its mint authority is
// the pool's withdraw authority and it has no freeze authority, as Initialize requires.
import { SystemProgram, type Connection, type PublicKey, type TransactionInstruction } from '@solana/web3.js';
import {
  ExtensionType,
  MINT_SIZE,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  createInitializeMint2Instruction,
  createInitializeTransferFeeConfigInstruction,
  getMintLen,
} from '@solana/spl-token';

/** What a Token-2022 pool mint withholds from every transfer: basis points, at most `maximum` base units. */
interface MintTransferFee {
  basisPoints: number;
  maximum: bigint;
}

export type PoolMintKind = { program: 'token' } | { program: 'token-2022'; transferFee?: MintTransferFee };

export const tokenProgramOf = (kind: PoolMintKind): PublicKey =>
  kind.program === 'token' ? TOKEN_PROGRAM_ID : TOKEN_2022_PROGRAM_ID;

/** The instructions that create and initialize the mint at `mint`, paid by `payer`. */
export async function createPoolMintIxs(
  connection: Connection,
  p: {
    kind: PoolMintKind;
    payer: PublicKey;
    mint: PublicKey;
    decimals: number;
    withdrawAuthority: PublicKey;
    manager: PublicKey;
  },
): Promise<TransactionInstruction[]> {
  const programId = tokenProgramOf(p.kind);
  const fee = p.kind.program === 'token-2022' ? p.kind.transferFee : undefined;
  const space = fee ? getMintLen([ExtensionType.TransferFeeConfig]) : MINT_SIZE;
  return [
    SystemProgram.createAccount({
      fromPubkey: p.payer,
      newAccountPubkey: p.mint,
      lamports: await connection.getMinimumBalanceForRentExemption(space),
      space,
      programId,
    }),
    // Extensions are initialized before the mint itself.
    ...(fee
      ? [
          createInitializeTransferFeeConfigInstruction(
            p.mint,
            p.manager,
            p.manager,
            fee.basisPoints,
            fee.maximum,
            programId,
          ),
        ]
      : []),
    createInitializeMint2Instruction(p.mint, p.decimals, p.withdrawAuthority, null, programId),
  ];
}
