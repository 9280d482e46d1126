// The real SPL stake-pool program on the localnet, at all three program ids: pools can be created,
// and staking rewards credited at an epoch boundary raise the SOL value of each pool token once
// the pool is updated — the reason an LST is worth more than 1 SOL. And, on every deployed build,
// the *WithSlippage instructions run: a deposit or withdrawal that would pay less than its
// minimum fails with ExceededSlippage (39), one within it goes through.
import { LAMPORTS_PER_SOL } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import {
  createStakePool,
  increaseValidatorStake,
  readPool,
} from '../../tools/stake-pool-admin/pool-admin.ts';
import { updatePool } from '../../tools/stake-pool-admin/pool-crank.ts';
import { setFee, setFundingAuthority } from '../../tools/stake-pool-admin/pool-manager.ts';
import { Keypair, Transaction, sendAndConfirmTransaction } from '@solana/web3.js';
import {
  createAssociatedTokenAccountIdempotentInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { StakePoolInstruction } from '@solana/spl-stake-pool';
import { bounded } from '../../src/background/staking/bounded-instructions';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolBuilds,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';

describe.skipIf(!stakePoolProgramOr('stake-pool program chain tests', STAKE_POOL_AVAILABLE))(
  'stake-pool program on the localnet',
  () => {
    let chain: TestChain;
    beforeAll(async () => {
      chain = await startTestChain();
    });
    afterAll(() => chain.close());

    it.each(Object.entries(STAKE_POOL_PROGRAMS))(
      'creates a pool under %s whose rate rises with rewards',
      async (_kind, programId) => {
        const operator = await chain.funded(100);
        const pool = await createStakePool(chain.connection, operator, {
          programId,
          validators: 1,
          initialDepositLamports: 10n * BigInt(LAMPORTS_PER_SOL),
        });
        const fresh = await readPool(chain.connection, pool.pool);
        expect(fresh.totalLamports.toString()).toBe(fresh.poolTokenSupply.toString());

        await increaseValidatorStake(
          chain.connection,
          operator,
          pool,
          pool.votes[0]!,
          5n * BigInt(LAMPORTS_PER_SOL),
        );
        await chain.advanceEpoch(); // stake becomes active
        await updatePool(chain.connection, operator, programId, pool.pool);
        await chain.advanceEpoch(100); // 1% rewards on active stake
        await updatePool(chain.connection, operator, programId, pool.pool);

        const after = await readPool(chain.connection, pool.pool);
        expect(after.poolTokenSupply.toString()).toBe(fresh.poolTokenSupply.toString());
        expect(BigInt(after.totalLamports.toString())).toBeGreaterThan(
          BigInt(fresh.totalLamports.toString()),
        );
        expect(after.lastUpdateEpoch.toNumber()).toBe((await chain.connection.getEpochInfo()).epoch);
      },
    );

    it('lets the manager change the SOL deposit fee and the SOL deposit authority at once', async () => {
      const operator = await chain.funded(100);
      const pool = await createStakePool(chain.connection, operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 0,
      });
      await setFee(chain.connection, pool, {
        kind: 'solDeposit',
        fee: { numerator: 99n, denominator: 100n },
      });
      await setFee(chain.connection, pool, { kind: 'solReferral', percent: 0 });
      const authority = Keypair.generate().publicKey;
      await setFundingAuthority(chain.connection, pool, 'solDeposit', authority);
      const state = await readPool(chain.connection, pool.pool);
      expect([state.solDepositFee.numerator.toString(), state.solDepositFee.denominator.toString()]).toEqual([
        '99',
        '100',
      ]);
      expect(state.solReferralFee).toBe(0);
      expect(state.solDepositAuthority?.toBase58()).toBe(authority.toBase58());
      await setFundingAuthority(chain.connection, pool, 'solDeposit', null);
      expect((await readPool(chain.connection, pool.pool)).solDepositAuthority).toBeFalsy();
    });
  },
);

describe
  .skipIf(!stakePoolProgramOr('stake-pool program chain tests', stakePoolBuilds().length > 0))
  .each(stakePoolBuilds())('the %s build runs the *WithSlippage instructions', (build) => {
  let chain: TestChain;
  beforeAll(async () => {
    chain = await startTestChain({ stakePoolBuild: build, useProgramsCache: false });
  });
  afterAll(() => chain.close());

  it('DepositSolWithSlippage and WithdrawSolWithSlippage enforce their minimum', async () => {
    const SOL = BigInt(LAMPORTS_PER_SOL);
    const operator = await chain.funded(100);
    const user = await chain.funded(10);
    const pool = await createStakePool(chain.connection, operator, {
      programId: STAKE_POOL_PROGRAMS.sanctumMulti,
      validators: 0,
      initialDepositLamports: 5n * SOL,
    });
    const account = getAssociatedTokenAddressSync(pool.mint, user.publicKey);
    const withAmount = (ix: { data: Buffer }, amount: bigint) => {
      ix.data.writeBigUInt64LE(amount, 1);
      return ix as never;
    };
    const deposit = (minimum: bigint) =>
      bounded(
        withAmount(
          Object.assign(
            StakePoolInstruction.depositSol({
              stakePool: pool.pool,
              withdrawAuthority: pool.withdrawAuthority,
              reserveStake: pool.reserve,
              fundingAccount: user.publicKey,
              destinationPoolAccount: account,
              managerFeeAccount: pool.managerFeeAccount,
              referralPoolAccount: account,
              poolMint: pool.mint,
              lamports: 0,
            }),
            { programId: pool.programId },
          ),
          SOL,
        ),
        'depositSol',
        minimum,
      );
    const send = (ix: ReturnType<typeof deposit>) =>
      sendAndConfirmTransaction(
        chain.connection,
        new Transaction().add(
          createAssociatedTokenAccountIdempotentInstruction(
            user.publicKey,
            account,
            user.publicKey,
            pool.mint,
          ),
          ix,
        ),
        [user],
        { commitment: 'confirmed' },
      );
    // The pool is 1:1 with no fees: 1 SOL mints exactly 1e9 units.
    await expect(send(deposit(SOL + 1n))).rejects.toThrow(/custom program error: 0x27/);
    await send(deposit(SOL));
    expect((await chain.connection.getTokenAccountBalance(account)).value.amount).toBe(SOL.toString());

    const withdraw = (minimum: bigint) =>
      bounded(
        withAmount(
          Object.assign(
            StakePoolInstruction.withdrawSol({
              stakePool: pool.pool,
              withdrawAuthority: pool.withdrawAuthority,
              reserveStake: pool.reserve,
              sourcePoolAccount: account,
              sourceTransferAuthority: user.publicKey,
              destinationSystemAccount: user.publicKey,
              managerFeeAccount: pool.managerFeeAccount,
              poolMint: pool.mint,
              poolTokens: 0,
            }),
            { programId: pool.programId },
          ),
          SOL / 2n,
        ),
        'withdrawSol',
        minimum,
      );
    await expect(send(withdraw(SOL / 2n + 1n))).rejects.toThrow(/custom program error: 0x27/);
    await send(withdraw(SOL / 2n));
    expect((await chain.connection.getTokenAccountBalance(account)).value.amount).toBe((SOL / 2n).toString());
  });
});
