// What a pool's manager may change after creation, as the stake-pool program's instructions say:
// its fees (SetFee), who manages it and which token account takes its fees (SetManager), and who
// must co-sign deposits and withdrawals (SetFundingAuthority). Tests use these to play a manager who
// changes the pool under a quote.
import { TransactionInstruction, type Connection, type Keypair, type PublicKey } from '@solana/web3.js';
import { feeBytes, send, type CreatedPool, type Fee } from './pool-admin.ts';

/** SetFee's FeeType (borsh enum): the variant's index, then its payload. */
type PoolFeeChange =
  | { kind: 'solReferral' | 'stakeReferral'; percent: number }
  | { kind: 'epoch' | 'stakeWithdrawal' | 'solDeposit' | 'stakeDeposit' | 'solWithdrawal'; fee: Fee };
const FEE_TYPE_INDEX = {
  solReferral: 0,
  stakeReferral: 1,
  epoch: 2,
  stakeWithdrawal: 3,
  solDeposit: 4,
  stakeDeposit: 5,
  solWithdrawal: 6,
} as const;

/**
 * StakePoolInstruction::SetFee (tag 12), signed by the manager. Deposit fees and referral shares
 * apply at once; epoch and withdrawal fees as the program schedules them (after an update).
 */
export async function setFee(
  connection: Connection,
  pool: CreatedPool,
  change: PoolFeeChange,
): Promise<void> {
  const payload = 'percent' in change ? Buffer.from([change.percent]) : feeBytes(change.fee);
  await send(connection, pool.manager, [
    new TransactionInstruction({
      programId: pool.programId,
      data: Buffer.concat([Buffer.from([12, FEE_TYPE_INDEX[change.kind]]), payload]),
      keys: [
        { pubkey: pool.pool, isSigner: false, isWritable: true },
        { pubkey: pool.manager.publicKey, isSigner: true, isWritable: false },
      ],
    }),
  ]);
}

/**
 * StakePoolInstruction::SetFundingAuthority (tag 15): who must co-sign stake deposits (0), SOL
 * deposits (1) or SOL withdrawals (2); `null` lets anyone again.
 */
export async function setFundingAuthority(
  connection: Connection,
  pool: CreatedPool,
  funding: 'stakeDeposit' | 'solDeposit' | 'solWithdraw',
  authority: PublicKey | null,
): Promise<void> {
  const index = { stakeDeposit: 0, solDeposit: 1, solWithdraw: 2 }[funding];
  await send(connection, pool.manager, [
    new TransactionInstruction({
      programId: pool.programId,
      data: Buffer.from([15, index]),
      keys: [
        { pubkey: pool.pool, isSigner: false, isWritable: true },
        { pubkey: pool.manager.publicKey, isSigner: true, isWritable: false },
        ...(authority ? [{ pubkey: authority, isSigner: false, isWritable: false }] : []),
      ],
    }),
  ]);
}

/**
 * StakePoolInstruction::SetManager (tag 11): a new manager (who signs too) and the token account of
 * the pool's mint that takes the pool's fees from now on. `pool.manager` is updated to match, so the
 * next change is signed by the manager the program now knows.
 */
export async function setManager(
  connection: Connection,
  pool: CreatedPool,
  change: { feeAccount: PublicKey; manager?: Keypair },
): Promise<void> {
  const next = change.manager ?? pool.manager;
  await send(
    connection,
    pool.manager,
    [
      new TransactionInstruction({
        programId: pool.programId,
        data: Buffer.from([11]),
        keys: [
          { pubkey: pool.pool, isSigner: false, isWritable: true },
          { pubkey: pool.manager.publicKey, isSigner: true, isWritable: false },
          { pubkey: next.publicKey, isSigner: true, isWritable: false },
          { pubkey: change.feeAccount, isSigner: false, isWritable: false },
        ],
      }),
    ],
    next === pool.manager ? [] : [next],
  );
  pool.manager = next;
  pool.managerFeeAccount = change.feeAccount;
}
