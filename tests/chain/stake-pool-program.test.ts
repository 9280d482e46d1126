// The real SPL stake-pool program on the localnet, at all three program ids: pools can be created,
// and staking rewards credited at an epoch boundary raise the SOL value of each pool token once
// the pool is updated — the reason an LST is worth more than 1 SOL.
import { LAMPORTS_PER_SOL } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/background/staking/program-ids';
import { createStakePool, increaseValidatorStake, readPool, updatePool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { STAKE_POOL_AVAILABLE, stakePoolProgramOr, startTestChain, type TestChain } from '../support/localnet';

describe.skipIf(!stakePoolProgramOr('stake-pool program chain tests', STAKE_POOL_AVAILABLE))('stake-pool program on the localnet', () => {
  let chain: TestChain;
  beforeAll(async () => {
    chain = await startTestChain();
  });
  afterAll(() => chain.close());

  it.each(Object.entries(STAKE_POOL_PROGRAMS))('creates a pool under %s whose rate rises with rewards', async (_kind, programId) => {
    const operator = await chain.funded(100);
    const pool = await createStakePool(chain.connection, operator, { programId, validators: 1, initialDepositLamports: 10n * BigInt(LAMPORTS_PER_SOL) });
    const fresh = await readPool(chain.connection, pool.pool);
    expect(fresh.totalLamports.toString()).toBe(fresh.poolTokenSupply.toString());

    await increaseValidatorStake(chain.connection, operator, pool, pool.votes[0]!, 5n * BigInt(LAMPORTS_PER_SOL));
    await chain.advanceEpoch(); // stake becomes active
    await updatePool(chain.connection, operator, programId, pool.pool);
    await chain.advanceEpoch(100); // 1% rewards on active stake
    await updatePool(chain.connection, operator, programId, pool.pool);

    const after = await readPool(chain.connection, pool.pool);
    expect(after.poolTokenSupply.toString()).toBe(fresh.poolTokenSupply.toString());
    expect(BigInt(after.totalLamports.toString())).toBeGreaterThan(BigInt(fresh.totalLamports.toString()));
    expect(after.lastUpdateEpoch.toNumber()).toBe((await chain.connection.getEpochInfo()).epoch);
  });
});
