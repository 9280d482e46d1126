// An instruction built by a library, as the approval window's decoders take it: every account by address.
import type { TransactionInstruction } from '@solana/web3.js';
import type { RawInstruction } from '../../src/background/dapp/tx-decoder';

export const raw = (ix: TransactionInstruction): RawInstruction => ({
  programId: ix.programId.toBase58(),
  accounts: ix.keys.map((k) => k.pubkey.toBase58()),
  data: ix.data,
});
