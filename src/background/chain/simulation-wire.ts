// The wire form of instructions to simulate before their blockhash is known: simulateTransaction
// runs with replaceRecentBlockhash, so any well-formed hash stands in, and nothing is signed.
import { PublicKey, Transaction, type TransactionInstruction } from '@solana/web3.js';

const PLACEHOLDER_BLOCKHASH = PublicKey.default.toBase58();

export function simulationWire(feePayer: PublicKey, instructions: TransactionInstruction[]): string {
  return new Transaction({ feePayer, blockhash: PLACEHOLDER_BLOCKHASH, lastValidBlockHeight: 0 })
    .add(...instructions)
    .serialize({ requireAllSignatures: false, verifySignatures: false })
    .toString('base64');
}
