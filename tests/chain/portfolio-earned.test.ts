// "Earned since staked" and the rate history, against the real stake-pool program: a stake made
// through Tidepool's engine is recorded from its read-back outcome; after an epoch of rewards the
// same token count is worth more SOL, and the difference is what the portfolio calls earned.
import type { Keypair } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { readPool, type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { SOL, activePool, engineFor, nextEpoch } from '../support/staking';

const U = (s: string) => BigInt(s);

describe.skipIf(!stakePoolProgramOr('portfolio earned chain tests', STAKE_POOL_AVAILABLE))(
  'portfolio: earned since staked',
  () => {
    let chain: TestChain;
    let operator: Keypair;
    let user: Keypair;
    let pool: CreatedPool;
    let engine: ReturnType<typeof engineFor>;

    beforeAll(async () => {
      chain = await startTestChain();
      operator = await chain.funded(1_000);
      user = await chain.funded(20);
      engine = engineFor(chain, user);
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 20n * SOL,
      });
      await nextEpoch(chain, operator, [pool]);
      await nextEpoch(chain, operator, [pool], 150);
    });
    afterAll(() => chain?.close());

    it('records the stake, then shows the same tokens worth more SOL after rewards: earned = value now − SOL put in', async () => {
      const owner = user.publicKey.toBase58();
      const mint = pool.mint.toBase58();
      const { outcome } = await engine.staking.stake(user.publicKey, pool.pool, 3n * SOL);
      const tokens = U(outcome.tokenChange);
      const first = await engine.portfolio.refresh(owner);
      const atStake = first.lsts.find((l) => l.mint === mint)!;
      expect(atStake.earned).toMatchObject({
        stakedLamports: (3n * SOL).toString(),
        tokens: tokens.toString(),
        stakes: 1,
      });
      // Right after staking, the tokens are worth the SOL put in, less the pool's floor rounding.
      expect(3n * SOL - U(atStake.earned!.valueLamports)).toBeLessThanOrEqual(2n);

      await nextEpoch(chain, operator, [pool], 300); // 3% on the pool's active stake
      const later = await engine.portfolio.refresh(owner);
      const row = later.lsts.find((l) => l.mint === mint)!;
      const state = await readPool(chain.connection, pool.pool);
      const value = (tokens * U(state.totalLamports.toString())) / U(state.poolTokenSupply.toString());
      expect(row.balance).toBe(tokens.toString()); // the count did not move…
      expect(row.earned).toMatchObject({
        tokens: tokens.toString(),
        valueLamports: value.toString(),
        earnedLamports: (value - 3n * SOL).toString(),
      });
      expect(U(row.earned!.earnedLamports)).toBeGreaterThan(0n); // …its SOL value did
      // The rate history holds both observed rates, oldest first, and the pool's last-epoch rate.
      const rates = row.history.map((h) => U(h.lamportsPerToken));
      expect(rates.length).toBeGreaterThanOrEqual(2);
      expect(rates[rates.length - 1]).toBe(
        (SOL * U(state.totalLamports.toString())) / U(state.poolTokenSupply.toString()),
      );
      expect(rates[rates.length - 1]!).toBeGreaterThan(rates[0]!);
      expect(U(row.lastEpochLamportsPerToken!)).toBe(
        (SOL * U(state.lastEpochTotalLamports.toString())) / U(state.lastEpochPoolTokenSupply.toString()),
      );
    });

    it('after unstaking half, earned covers the tokens still held at their average cost', async () => {
      const owner = user.publicKey.toBase58();
      const before = (await engine.portfolio.refresh(owner)).lsts.find(
        (l) => l.pool === pool.pool.toBase58(),
      )!;
      const half = U(before.balance) / 2n;
      await engine.staking.unstake(user.publicKey, pool.pool, half, 'instant');
      const after = (await engine.portfolio.refresh(owner)).lsts.find(
        (l) => l.pool === pool.pool.toBase58(),
      )!;
      const left = U(before.balance) - half;
      const cost = (U(before.earned!.stakedLamports) * left) / U(before.earned!.tokens);
      expect(after.earned).toMatchObject({ tokens: left.toString(), stakedLamports: cost.toString() });
      expect(U(after.earned!.earnedLamports)).toBe(U(after.earned!.valueLamports) - cost);
    });
  },
);
