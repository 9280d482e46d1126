// The network fee as the runtime charges it, from the exact message: the network's fee per
// signature (signature-fee.ts: learned from the node, never assumed) for each required signature
// and each signature a precompile instruction verifies (Ed25519, secp256k1, secp256r1: the count is
// the first byte of its data), plus ceil(price in micro-lamports × compute-unit limit / 1,000,000). Without a
// SetComputeUnitLimit the limit is the runtime default: 200,000 per instruction that is not a
// compute-budget instruction, capped at 1,400,000.
import { ComputeBudgetProgram } from '@solana/web3.js';
import type { FeeBreakdown } from '../../../shared/approval';
import type { RawInstruction } from '../decode/context';

const COMPUTE_BUDGET = ComputeBudgetProgram.programId.toBase58();
const DEFAULT_UNITS_PER_INSTRUCTION = 200_000n;
const MAX_COMPUTE_UNITS = 1_400_000n;
const MICRO = 1_000_000n;
/** Signature-verify precompiles: the runtime charges each signature they check like a transaction signature. */
const PRECOMPILES = new Set([
  'Ed25519SigVerify111111111111111111111111111',
  'KeccakSecp256k11111111111111111111111111111',
  'Secp256r1SigVerify1111111111111111111111111',
]);

export interface Fee {
  total: bigint;
  breakdown: FeeBreakdown;
}

export function networkFee(
  instructions: readonly RawInstruction[],
  signatures: number,
  lamportsPerSignature: bigint,
): Fee {
  let price = 0n;
  let limit: bigint | null = null;
  let others = 0n;
  let verified = 0n;
  for (const ix of instructions) {
    if (PRECOMPILES.has(ix.programId)) verified += BigInt(ix.data[0] ?? 0);
    if (ix.programId !== COMPUTE_BUDGET) {
      others += 1n;
      continue;
    }
    const data = Buffer.from(ix.data);
    if (data[0] === 2 && data.length >= 5) limit = BigInt(data.readUInt32LE(1));
    if (data[0] === 3 && data.length >= 9) price = data.readBigUInt64LE(1);
  }
  const units = min(limit ?? others * DEFAULT_UNITS_PER_INSTRUCTION, MAX_COMPUTE_UNITS);
  const base = lamportsPerSignature * (BigInt(signatures) + verified);
  const priority = (price * units + MICRO - 1n) / MICRO;
  return {
    total: base + priority,
    breakdown: {
      baseLamports: base.toString(),
      priorityLamports: priority.toString(),
      computeUnitLimit: Number(units),
      microLamportsPerUnit: price.toString(),
    },
  };
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
