// The stake-pool program's permissionless epoch crank, as a keeper bot sends it after each epoch
// change: the demo and the tests run it to move pools into a new epoch.
import type { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { StakePoolInstruction, ValidatorListLayout } from '@solana/spl-stake-pool';
import type { ValidatorStakeInfo } from '@solana/spl-stake-pool/dist/layouts';
import {
  transientStakeAddress,
  validatorSeedOf,
  validatorStakeAddress,
  withdrawAuthorityAddress,
} from '../../src/shared/pool-addresses.ts';
import { forProgram, readPool, send } from './pool-admin.ts';

/**
 * The permissionless epoch crank: UpdateValidatorListBalance over every validator, then
 * UpdateStakePoolBalance and CleanupRemovedValidatorEntries. Anyone may send it.
 */
export async function updatePool(
  connection: Connection,
  payer: Keypair,
  programId: PublicKey,
  poolAddress: PublicKey,
): Promise<void> {
  const pool = await readPool(connection, poolAddress);
  const listInfo = await connection.getAccountInfo(pool.validatorList);
  if (!listInfo) throw new Error('validator list missing');
  const list = ValidatorListLayout.decode(listInfo.data);
  const withdrawAuthority = withdrawAuthorityAddress(programId, poolAddress);
  const pairs = list.validators.flatMap((v: ValidatorStakeInfo) => [
    validatorStakeAddress(programId, poolAddress, v.voteAccountAddress, validatorSeedOf(v)),
    transientStakeAddress(
      programId,
      poolAddress,
      v.voteAccountAddress,
      BigInt(v.transientSeedSuffixStart.toString()),
    ),
  ]);
  const chunk = 10;
  for (let start = 0; start < Math.max(pairs.length / 2, 1); start += chunk) {
    await send(connection, payer, [
      forProgram(
        programId,
        StakePoolInstruction.updateValidatorListBalance({
          stakePool: poolAddress,
          withdrawAuthority,
          validatorList: pool.validatorList,
          reserveStake: pool.reserveStake,
          validatorAndTransientStakePairs: pairs.slice(start * 2, (start + chunk) * 2),
          startIndex: start,
          noMerge: false,
        }),
      ),
    ]);
  }
  await send(connection, payer, [
    forProgram(
      programId,
      StakePoolInstruction.updateStakePoolBalance({
        stakePool: poolAddress,
        withdrawAuthority,
        validatorList: pool.validatorList,
        reserveStake: pool.reserveStake,
        managerFeeAccount: pool.managerFeeAccount,
        poolMint: pool.poolMint,
      }),
      pool.tokenProgramId,
    ),
    forProgram(
      programId,
      StakePoolInstruction.cleanupRemovedValidatorEntries({
        stakePool: poolAddress,
        validatorList: pool.validatorList,
      }),
    ),
  ]);
}
