// What `npm start` puts on the localnet: real stake pools run by a demo operator, aged by a few
// epochs of rewards so each pool token is already worth more than 1 SOL.
import { Connection, Keypair, LAMPORTS_PER_SOL } from '@solana/web3.js';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs.ts';
import { createStakePool, increaseValidatorStake, type CreatedPool } from '../stake-pool-admin/pool-admin.ts';
import { updatePool } from '../stake-pool-admin/pool-crank.ts';

const SOL = BigInt(LAMPORTS_PER_SOL);

interface DemoPools {
  operator: Keypair;
  pools: CreatedPool[];
}

export async function seedDemoPools(
  connection: Connection,
  advanceEpoch: (rewardsBps: number) => Promise<unknown>,
): Promise<DemoPools> {
  const operator = Keypair.generate();
  await connection.confirmTransaction(
    await connection.requestAirdrop(operator.publicKey, 1_000 * LAMPORTS_PER_SOL),
  );
  const pools = [
    await createStakePool(connection, operator, {
      programId: STAKE_POOL_PROGRAMS.spl,
      validators: 2,
      initialDepositLamports: 200n * SOL,
      withdrawalFee: { numerator: 1n, denominator: 1000n },
      epochFee: { numerator: 5n, denominator: 100n },
    }),
    await createStakePool(connection, operator, {
      programId: STAKE_POOL_PROGRAMS.sanctumMulti,
      validators: 1,
      initialDepositLamports: 50n * SOL,
      depositFee: { numerator: 1n, denominator: 1000n },
    }),
  ];
  for (const pool of pools) {
    for (const vote of pool.votes) await increaseValidatorStake(connection, operator, pool, vote, 20n * SOL);
  }
  // The stake activates; one large reward stands for the pools' past (a rate of ~1.06 SOL per
  // token); then an ordinary epoch of ~4 bps, about 7.5% a year, which the APY estimate reads.
  for (const bps of [0, 600, 4]) {
    await advanceEpoch(bps);
    for (const pool of pools) await updatePool(connection, operator, pool.programId, pool.pool);
  }
  return { operator, pools };
}
