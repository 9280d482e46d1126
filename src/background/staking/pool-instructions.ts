// Stake-pool instructions for the pool's own program id, on top of @solana/spl-stake-pool's
// builders (which target SPoo1… and take amounts as JS numbers). The account lists come from the
// SDK; the program id is the pool's, and the amount is written as an exact u64.
import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
import { StakePoolInstruction, ValidatorListLayout } from '@solana/spl-stake-pool';
import type { ValidatorStakeInfo } from '@solana/spl-stake-pool/dist/layouts';
import { createAssociatedTokenAccountIdempotentInstruction, getAssociatedTokenAddressSync } from '@solana/spl-token';
import { WalletError } from '../../shared/errors';
import type { PoolState } from './pool-account';
import { transientStakeAddress, validatorSeedOf, validatorStakeAddress, withdrawAuthorityAddress } from '../../shared/pool-addresses';

/** Instruction data is [tag u8][amount u64 LE]; the SDK wrote a placeholder amount. */
function withAmount(ix: TransactionInstruction, programId: PublicKey, amount: bigint): TransactionInstruction {
  if (ix.data.length !== 9) throw new Error('unexpected stake-pool instruction layout');
  const data = Buffer.from(ix.data);
  data.writeBigUInt64LE(amount, 1);
  ix.data = data;
  ix.programId = programId;
  return ix;
}

const forProgram = (ix: TransactionInstruction, programId: PublicKey) => {
  ix.programId = programId;
  return ix;
};

export const userPoolTokenAccount = (pool: PoolState, owner: PublicKey) =>
  getAssociatedTokenAddressSync(pool.poolMint, owner, false, pool.tokenProgramId);

export function createTokenAccountIx(pool: PoolState, owner: PublicKey): TransactionInstruction {
  return createAssociatedTokenAccountIdempotentInstruction(owner, userPoolTokenAccount(pool, owner), owner, pool.poolMint, pool.tokenProgramId);
}

/** DepositSol funded by the owner's own key; the owner's token account is also the referrer. */
export function depositSolIx(pool: PoolState, owner: PublicKey, lamports: bigint): TransactionInstruction {
  const destination = userPoolTokenAccount(pool, owner);
  return withAmount(StakePoolInstruction.depositSol({
    stakePool: pool.address, withdrawAuthority: withdrawAuthorityAddress(pool.programId, pool.address),
    reserveStake: pool.reserveStake, fundingAccount: owner, destinationPoolAccount: destination,
    managerFeeAccount: pool.managerFeeAccount, referralPoolAccount: destination, poolMint: pool.poolMint, lamports: 0,
    // A pool with a SOL deposit authority takes deposits signed by it: the owner, when it is theirs.
    ...(pool.solDepositAuthority?.equals(owner) ? { depositAuthority: owner } : {}),
  }), pool.programId, lamports);
}

export function withdrawSolIx(pool: PoolState, owner: PublicKey, poolTokens: bigint): TransactionInstruction {
  return withAmount(StakePoolInstruction.withdrawSol({
    stakePool: pool.address, withdrawAuthority: withdrawAuthorityAddress(pool.programId, pool.address),
    reserveStake: pool.reserveStake, sourcePoolAccount: userPoolTokenAccount(pool, owner), sourceTransferAuthority: owner,
    destinationSystemAccount: owner, managerFeeAccount: pool.managerFeeAccount, poolMint: pool.poolMint, poolTokens: 0,
  }), pool.programId, poolTokens);
}

export function withdrawStakeIx(pool: PoolState, owner: PublicKey, source: PublicKey, destinationStake: PublicKey, poolTokens: bigint): TransactionInstruction {
  return withAmount(StakePoolInstruction.withdrawStake({
    stakePool: pool.address, validatorList: pool.validatorList, withdrawAuthority: withdrawAuthorityAddress(pool.programId, pool.address),
    validatorStake: source, destinationStake, destinationStakeAuthority: owner, sourceTransferAuthority: owner,
    sourcePoolAccount: userPoolTokenAccount(pool, owner), managerFeeAccount: pool.managerFeeAccount, poolMint: pool.poolMint, poolTokens: 0,
  }), pool.programId, poolTokens);
}

export function decodeValidatorList(data: Uint8Array): ValidatorStakeInfo[] {
  try {
    return ValidatorListLayout.decode(Buffer.from(data)).validators;
  } catch {
    throw new WalletError('pool_unavailable', 'The pool’s validator list could not be read.');
  }
}

export const validatorStakeOf = (pool: PoolState, entry: ValidatorStakeInfo) =>
  validatorStakeAddress(pool.programId, pool.address, entry.voteAccountAddress, validatorSeedOf(entry));

/**
 * The permissionless epoch update (UpdateValidatorListBalance over every validator, then
 * UpdateStakePoolBalance and CleanupRemovedValidatorEntries), for a pool small enough that all
 * of it fits in one transaction before the user's own instruction.
 */
export function poolUpdateIxs(pool: PoolState, validators: ValidatorStakeInfo[]): TransactionInstruction[] {
  const withdrawAuthority = withdrawAuthorityAddress(pool.programId, pool.address);
  const pairs = validators.flatMap((v) => [
    validatorStakeOf(pool, v),
    transientStakeAddress(pool.programId, pool.address, v.voteAccountAddress, BigInt(v.transientSeedSuffixStart.toString())),
  ]);
  return [
    forProgram(StakePoolInstruction.updateValidatorListBalance({
      stakePool: pool.address, withdrawAuthority, validatorList: pool.validatorList, reserveStake: pool.reserveStake,
      validatorAndTransientStakePairs: pairs, startIndex: 0, noMerge: false,
    }), pool.programId),
    forProgram(StakePoolInstruction.updateStakePoolBalance({
      stakePool: pool.address, withdrawAuthority, validatorList: pool.validatorList, reserveStake: pool.reserveStake,
      managerFeeAccount: pool.managerFeeAccount, poolMint: pool.poolMint,
    }), pool.programId),
    forProgram(StakePoolInstruction.cleanupRemovedValidatorEntries({ stakePool: pool.address, validatorList: pool.validatorList }), pool.programId),
  ];
}

