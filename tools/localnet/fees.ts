// What a transaction costs on this chain, as a validator charges it: 5,000 lamports per signature
// (this chain's genesis fee rate, as a test validator's) plus the priority fee its compute-budget
// instructions set.
import { PublicKey, type VersionedTransaction } from '@solana/web3.js';

const LAMPORTS_PER_SIGNATURE = 5_000n;

const COMPUTE_BUDGET = new PublicKey('ComputeBudget111111111111111111111111111111');
const MAX_COMPUTE_UNITS = 1_400_000;

export function transactionFee(tx: VersionedTransaction): bigint {
  return LAMPORTS_PER_SIGNATURE * BigInt(tx.message.header.numRequiredSignatures) + priorityFee(tx);
}
function priorityFee(tx: VersionedTransaction): bigint {
  const keys = tx.message.staticAccountKeys;
  let price = 0n;
  // The runtime's default limit when none is set: 200,000 units per instruction other than the
  // compute-budget ones, never more than a transaction may use (as the wallet's review computes it).
  const others = tx.message.compiledInstructions.filter(
    (ix) => !keys[ix.programIdIndex]?.equals(COMPUTE_BUDGET),
  ).length;
  let limit = BigInt(Math.min(200_000 * others, MAX_COMPUTE_UNITS));
  for (const ix of tx.message.compiledInstructions) {
    if (!keys[ix.programIdIndex]?.equals(COMPUTE_BUDGET)) continue;
    const data = Buffer.from(ix.data);
    if (data[0] === 2 && data.length >= 5) limit = BigInt(data.readUInt32LE(1));
    if (data[0] === 3 && data.length >= 9) price = data.readBigUInt64LE(1);
  }
  return (price * limit + 999_999n) / 1_000_000n;
}
