// The parts of an SPL Token / Token-2022 mint the portfolio reads: supply and decimals (the base
// layout both programs share), refusing an account of any other program.
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import type { RawAccount } from '../../chain/raw-account';

export const MINT_BASE_SIZE = 82;
const SUPPLY_OFFSET = 36;
const DECIMALS_OFFSET = 44;

export interface MintInfo {
  supply: bigint;
  decimals: number;
  token2022: boolean;
}

export function decodeMint(account: RawAccount | null | undefined): MintInfo | null {
  if (!account || account.data.length < MINT_BASE_SIZE) return null;
  const token2022 = account.owner.equals(TOKEN_2022_PROGRAM_ID);
  if (!token2022 && !account.owner.equals(TOKEN_PROGRAM_ID)) return null;
  const view = new DataView(account.data.buffer, account.data.byteOffset, account.data.byteLength);
  return {
    supply: view.getBigUint64(SUPPLY_OFFSET, true),
    decimals: account.data[DECIMALS_OFFSET]!,
    token2022,
  };
}
