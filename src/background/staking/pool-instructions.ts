// Stake-pool instructions for the pool's own program id, on top of @solana/spl-stake-pool's
// builders (which target SPoo1… and take amounts as JS numbers). The account lists come from the
// SDK; the program id is the pool's, the token program the pool's (the SDK writes SPL Token's,
// which a Token-2022 pool refuses), and the amount is written as an exact u64.
import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
import { StakePoolInstruction, ValidatorListLayout } from '@solana/spl-stake-pool';
import type { ValidatorStakeInfo } from '@solana/spl-stake-pool/dist/layouts';
import {
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { WalletError } from '../../shared/errors';
import type { PoolState } from './pool-account';
import {
  transientStakeAddress,
  validatorSeedOf,
  validatorStakeAddress,
  withdrawAuthorityAddress,
} from '../../shared/pool-addresses';

/** The SDK's instruction for `pool`: its program id, and its token program where the SDK put SPL Token's. */
export function forPool(
  ix: TransactionInstruction,
  pool: Pick<PoolState, 'programId' | 'tokenProgramId'>,
): TransactionInstruction {
  ix.programId = pool.programId;
  ix.keys = ix.keys.map((k) =>
    k.pubkey.equals(TOKEN_PROGRAM_ID) ? { ...k, pubkey: pool.tokenProgramId } : k,
  );
  return ix;
}

/** Instruction data is [tag u8][amount u64 LE]; the SDK wrote a placeholder amount. */
function withAmount(ix: TransactionInstruction, pool: PoolState, amount: bigint): TransactionInstruction {
  if (ix.data.length !== 9) throw new Error('unexpected stake-pool instruction layout');
  const data = Buffer.from(ix.data);
  data.writeBigUInt64LE(amount, 1);
  ix.data = data;
  return forPool(ix, pool);
}

const forProgram = (ix: TransactionInstruction, programId: PublicKey) => {
  ix.programId = programId;
  return ix;
};

export const userPoolTokenAccount = (pool: PoolState, owner: PublicKey) =>
  getAssociatedTokenAddressSync(pool.poolMint, owner, false, pool.tokenProgramId);

export function createTokenAccountIx(pool: PoolState, owner: PublicKey): TransactionInstruction {
  return createAssociatedTokenAccountIdempotentInstruction(
    owner,
    userPoolTokenAccount(pool, owner),
    owner,
    pool.poolMint,
    pool.tokenProgramId,
  );
}

/** DepositSol funded by the owner's own key; the owner's token account is also the referrer. */
export function depositSolIx(pool: PoolState, owner: PublicKey, lamports: bigint): TransactionInstruction {
  const destination = userPoolTokenAccount(pool, owner);
  return withAmount(
    StakePoolInstruction.depositSol({
      stakePool: pool.address,
      withdrawAuthority: withdrawAuthorityAddress(pool.programId, pool.address),
      reserveStake: pool.reserveStake,
      fundingAccount: owner,
      destinationPoolAccount: destination,
      managerFeeAccount: pool.managerFeeAccount,
      referralPoolAccount: destination,
      poolMint: pool.poolMint,
      lamports: 0,
      // A pool with a SOL deposit authority takes deposits signed by it: the owner, when it is theirs.
      ...(pool.solDepositAuthority?.equals(owner) ? { depositAuthority: owner } : {}),
    }),
    pool,
    lamports,
  );
}

export function withdrawSolIx(pool: PoolState, owner: PublicKey, poolTokens: bigint): TransactionInstruction {
  return withAmount(
    StakePoolInstruction.withdrawSol({
      stakePool: pool.address,
      withdrawAuthority: withdrawAuthorityAddress(pool.programId, pool.address),
      reserveStake: pool.reserveStake,
      sourcePoolAccount: userPoolTokenAccount(pool, owner),
      sourceTransferAuthority: owner,
      destinationSystemAccount: owner,
      managerFeeAccount: pool.managerFeeAccount,
      poolMint: pool.poolMint,
      poolTokens: 0,
    }),
    pool,
    poolTokens,
  );
}

export function withdrawStakeIx(
  pool: PoolState,
  owner: PublicKey,
  source: PublicKey,
  destinationStake: PublicKey,
  poolTokens: bigint,
): TransactionInstruction {
  return withAmount(
    StakePoolInstruction.withdrawStake({
      stakePool: pool.address,
      validatorList: pool.validatorList,
      withdrawAuthority: withdrawAuthorityAddress(pool.programId, pool.address),
      validatorStake: source,
      destinationStake,
      destinationStakeAuthority: owner,
      sourceTransferAuthority: owner,
      sourcePoolAccount: userPoolTokenAccount(pool, owner),
      managerFeeAccount: pool.managerFeeAccount,
      poolMint: pool.poolMint,
      poolTokens: 0,
    }),
    pool,
    poolTokens,
  );
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
    transientStakeAddress(
      pool.programId,
      pool.address,
      v.voteAccountAddress,
      BigInt(v.transientSeedSuffixStart.toString()),
    ),
  ]);
  return [
    forProgram(
      StakePoolInstruction.updateValidatorListBalance({
        stakePool: pool.address,
        withdrawAuthority,
        validatorList: pool.validatorList,
        reserveStake: pool.reserveStake,
        validatorAndTransientStakePairs: pairs,
        startIndex: 0,
        noMerge: false,
      }),
      pool.programId,
    ),
    forPool(
      StakePoolInstruction.updateStakePoolBalance({
        stakePool: pool.address,
        withdrawAuthority,
        validatorList: pool.validatorList,
        reserveStake: pool.reserveStake,
        managerFeeAccount: pool.managerFeeAccount,
        poolMint: pool.poolMint,
      }),
      pool,
    ),
    forProgram(
      StakePoolInstruction.cleanupRemovedValidatorEntries({
        stakePool: pool.address,
        validatorList: pool.validatorList,
      }),
      pool.programId,
    ),
  ];
}
