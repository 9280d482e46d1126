// The stake-pool program's *WithSlippage instructions: the plain instruction's accounts, with a
// minimum the program itself enforces (ExceededSlippage, error 39, when the pool would pay less).
// @solana/spl-stake-pool 1.1.8 builds only the plain variants, so the data is rewritten here:
// [tag u8][amount u64 LE][minimum out u64 LE] (DepositStake has no amount: [tag][minimum]).
import { TransactionInstruction } from '@solana/web3.js';

/** Instruction tags of the bounded variants (StakePoolInstruction in the program). */
export const BOUNDED_TAG = { depositStake: 23, withdrawStake: 24, depositSol: 25, withdrawSol: 26 } as const;
type BoundedKind = keyof typeof BOUNDED_TAG;

/** The same instruction as `plain`, bounded: it fails on chain unless it yields at least `minimumOut`. */
export function bounded(
  plain: TransactionInstruction,
  kind: BoundedKind,
  minimumOut: bigint,
): TransactionInstruction {
  const minimum = Buffer.alloc(8);
  minimum.writeBigUInt64LE(minimumOut);
  const amount = kind === 'depositStake' ? Buffer.alloc(0) : Buffer.from(plain.data.subarray(1, 9));
  if (kind !== 'depositStake' && plain.data.length !== 9)
    throw new Error('unexpected stake-pool instruction layout');
  return new TransactionInstruction({
    programId: plain.programId,
    keys: plain.keys.map((k) => ({ ...k })),
    data: Buffer.concat([Buffer.from([BOUNDED_TAG[kind]]), amount, minimum]),
  });
}

/** An error (transaction error JSON or a node's message) that is the program's ExceededSlippage (39 = 0x27). */
export function isExceededSlippage(error: unknown): boolean {
  if (typeof error === 'string')
    return /custom program error: 0x27\b/i.test(error) || /"Custom":39\b/.test(error);
  if (error && typeof error === 'object') return /"Custom":39\b/.test(JSON.stringify(error));
  return false;
}

/** A program that does not know an instruction tag answers InvalidInstructionData. */
export function isUnknownInstruction(error: unknown): boolean {
  return /InvalidInstructionData|invalid instruction data/i.test(
    typeof error === 'string' ? error : JSON.stringify(error ?? null),
  );
}
