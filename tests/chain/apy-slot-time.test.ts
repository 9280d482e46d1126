// The APY and the epoch's end from the slot time the node measured, on two localnets that differ
// only in their slot time (--slot-ms 250, SIMD-0525's target, and 400): the same pool with the same
// growth, so its APY differs exactly as a year holds 1.6 times the epochs at 250 ms, and the time
// left in the epoch as the slots left times the slot time. Both say which period they were measured
// over. The expected figures are computed here from the pool account as @solana/spl-stake-pool
// decodes it, not from the wallet's decoder.
import { StakePoolLayout } from '@solana/spl-stake-pool';
import type { Keypair } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LstPosition, Portfolio } from '../../src/shared/staking';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { stakePoolBuilds, stakePoolProgramOr, startTestChain, type TestChain } from '../support/localnet';
import { SOL, activePool, engineFor, nextEpoch } from '../support/staking';

const BUILD = stakePoolBuilds()[0];
const YEAR_MS = 365.25 * 24 * 3600 * 1000;

interface Setup {
  chain: TestChain;
  user: Keypair;
  pool: CreatedPool;
}

/** A localnet at `slotMs`, a pool paid 1 % over its last epoch, and a holder of its token. */
async function setUp(slotMs: number): Promise<Setup> {
  const chain = await startTestChain({ slotMs, stakePoolBuild: BUILD, useProgramsCache: false });
  const operator = await chain.funded(200);
  const user = await chain.funded(20);
  const pool = await activePool(chain, operator, {
    programId: STAKE_POOL_PROGRAMS.spl,
    validators: 1,
    initialDepositLamports: 10n * SOL,
    stakePerValidator: 5n * SOL,
  });
  await nextEpoch(chain, operator, [pool]);
  await nextEpoch(chain, operator, [pool], 100);
  await engineFor(chain, user).staking.stake(user.publicKey, pool.pool, SOL);
  return { chain, user, pool };
}

/** The pool's growth over its last epoch, from the SDK's decoding of its account. */
async function growthOf({ chain, pool }: Setup): Promise<number> {
  const state = StakePoolLayout.decode((await chain.connection.getAccountInfo(pool.pool))!.data);
  const rate = (lamports: { toString(): string }, supply: { toString(): string }) =>
    Number(lamports.toString()) / Number(supply.toString());
  return (
    rate(state.totalLamports, state.poolTokenSupply) /
    rate(state.lastEpochTotalLamports, state.lastEpochPoolTokenSupply)
  );
}

describe.skipIf(!stakePoolProgramOr('APY slot-time chain test', BUILD !== undefined))(
  'APY at the measured slot time',
  () => {
    const at = new Map<number, Setup>();
    const seen = new Map<number, { portfolio: Portfolio; row: LstPosition }>();

    beforeAll(async () => {
      for (const ms of [250, 400]) at.set(ms, await setUp(ms));
    });
    afterAll(async () => {
      for (const { chain } of at.values()) await chain.close();
    });

    it.each([250, 400])('annualises over the %i ms slots the node measured, and says so', async (ms) => {
      const setup = at.get(ms)!;
      const engine = engineFor(setup.chain, setup.user);
      const portfolio = await engine.portfolio.refresh(setup.user.publicKey.toBase58());
      const row = portfolio.lsts.find((l) => l.pool === setup.pool.pool.toBase58())!;
      seen.set(ms, { portfolio, row });
      expect(portfolio.slotTime?.ms).toBe(ms);
      const epoch = await setup.chain.connection.getEpochInfo();
      expect(portfolio.epochEndsInMs).toBe((epoch.slotsInEpoch - epoch.slotIndex) * ms);
      expect(row.apyBasis).toEqual({
        epoch: epoch.epoch,
        slotMs: ms,
        slotTimeMeasuredOverSecs: portfolio.slotTime!.periodSecs,
      });
      const epochs = YEAR_MS / (epoch.slotsInEpoch * ms);
      const expected = Math.round(((await growthOf(setup)) ** epochs - 1) * 10_000);
      expect(Math.abs(row.apyBps! - expected)).toBeLessThanOrEqual(1);
      // The Stake screen's list measures the same.
      const listed = (await engine.pools.list(setup.user.publicKey)).pools.find(
        (p) => p.pool === setup.pool.pool.toBase58(),
      )!;
      expect([listed.apyBps, listed.apyBasis?.slotMs]).toEqual([row.apyBps, ms]);
    });

    it('differs between the two exactly as the slot time says: the same growth over 1.6 times the epochs', async () => {
      const [fast, standard] = [at.get(250)!, at.get(400)!];
      expect(await growthOf(fast)).toBe(await growthOf(standard));
      const apy = (ms: number) => seen.get(ms)!.row.apyBps! / 10_000;
      const ratio = Math.log(1 + apy(250)) / Math.log(1 + apy(400));
      expect(ratio).toBeGreaterThan(1.59);
      expect(ratio).toBeLessThan(1.61);
      const endsIn = (ms: number) => seen.get(ms)!.portfolio.epochEndsInMs!;
      expect(endsIn(250) / 250).toBe(endsIn(400) / 400);
    });
  },
);
