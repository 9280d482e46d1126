// The referral allowance in a stake account conversion's bound, once per deployed build: the
// program's DepositStake pays the STAKE referral percent of the total fee (process_deposit_stake),
// so a pool with a 100% SOL referral share and a 0% stake referral share still gets an instruction
// minimum equal to the minimum the quote shows (it used to be loosened to 0).
import {
  Authorized,
  Keypair,
  Lockup,
  PublicKey,
  StakeProgram,
  Transaction,
  sendAndConfirmTransaction,
} from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUNDED_TAG } from '../../src/background/staking/bounded-instructions';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { setFee } from '../../tools/stake-pool-admin/pool-manager.ts';
import { stakePoolBuilds, stakePoolProgramOr, startTestChain, type TestChain } from '../support/localnet';
import { SOL, activePool, boundedMinimum, engineFor, nextEpoch } from '../support/staking';

const BUILDS = stakePoolBuilds();

describe.skipIf(!stakePoolProgramOr('conversion referral chain tests', BUILDS.length > 0)).each(BUILDS)(
  'conversion referral bound on the %s build',
  (build) => {
    let chain: TestChain;
    let operator: Keypair;
    let user: Keypair;
    let engine: ReturnType<typeof engineFor>;
    let pool: CreatedPool;
    let active: PublicKey;

    beforeAll(async () => {
      chain = await startTestChain({ stakePoolBuild: build, useProgramsCache: false });
      operator = await chain.funded(1_000);
      user = await chain.funded(50);
      engine = engineFor(chain, user);
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.sanctumMulti,
        validators: 1,
        initialDepositLamports: 10n * SOL,
        stakePerValidator: 5n * SOL,
        depositFee: { numerator: 5n, denominator: 1000n },
        referralFeePercent: 0,
      });
      await setFee(chain.connection, pool, { kind: 'solReferral', percent: 100 });
      await setFee(chain.connection, pool, { kind: 'stakeReferral', percent: 0 });
      const account = Keypair.generate();
      await sendAndConfirmTransaction(
        chain.connection,
        new Transaction().add(
          ...StakeProgram.createAccount({
            fromPubkey: user.publicKey,
            stakePubkey: account.publicKey,
            lamports: 3 * Number(SOL),
            authorized: new Authorized(user.publicKey, user.publicKey),
            lockup: new Lockup(0, 0, PublicKey.default),
          }).instructions,
          ...StakeProgram.delegate({
            stakePubkey: account.publicKey,
            authorizedPubkey: user.publicKey,
            votePubkey: pool.votes[0]!,
          }).instructions,
        ),
        [user, account],
        { commitment: 'confirmed' },
      );
      active = account.publicKey;
      await nextEpoch(chain, operator, [pool], 100);
      await nextEpoch(chain, operator, [pool], 100);
    });
    afterAll(() => chain?.close());

    it('bounds the instruction by the shown minimum when only the SOL referral share is 100%', async () => {
      const { quote, transaction } = await engine.staking.prepareConvert(
        user.publicKey,
        active,
        pool.pool,
        undefined,
        pool.votes[0],
      );
      expect(quote.bounded).toBe(true);
      expect(BigInt(quote.depositFeeTokens)).toBeGreaterThan(0n);
      // No stake referral: nothing of the fee comes back, so the program's minimum is the shown one.
      expect(boundedMinimum(transaction, BOUNDED_TAG.depositStake)).toBe(BigInt(quote.minimumTokensOut));
      expect(BigInt(quote.minimumTokensOut)).toBe(BigInt(quote.tokensOut));
      // A lower approved minimum carries through exactly (nothing subtracted for a referral).
      const lower = BigInt(quote.tokensOut) - 1000n;
      const again = await engine.staking.prepareConvert(
        user.publicKey,
        active,
        pool.pool,
        lower,
        pool.votes[0],
      );
      expect(boundedMinimum(again.transaction, BOUNDED_TAG.depositStake)).toBe(lower);
    });

    it('scales a stake referral share down to the minimum, never past the simulated share', async () => {
      await setFee(chain.connection, pool, { kind: 'stakeReferral', percent: 50 });
      const { quote, transaction } = await engine.staking.prepareConvert(
        user.publicKey,
        active,
        pool.pool,
        undefined,
        pool.votes[0],
      );
      const fee = BigInt(quote.depositFeeTokens); // the manager's half
      const shown = BigInt(quote.minimumTokensOut);
      // The program's minimum leaves out the referral half, which comes back into the same account.
      expect(shown - boundedMinimum(transaction, BOUNDED_TAG.depositStake)).toBeGreaterThanOrEqual(fee - 1n);
      expect(shown - boundedMinimum(transaction, BOUNDED_TAG.depositStake)).toBeLessThanOrEqual(fee + 1n);
      const { outcome } = await engine.staking.convert(user.publicKey, active, pool.pool, {
        quoteId: quote.quoteId,
      });
      expect(outcome.tokenChange).toBe(quote.tokensOut);
    });
  },
);
