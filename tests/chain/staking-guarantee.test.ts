// The guarantee is what the program enforces, attacked by the pool's manager, once per deployed
// build (issue 19, finding 1): the figure a quote promises is the very minimum its *WithSlippage
// instruction carries, for a stake, a conversion and both unstakes; a deposit fee paid back as a
// referral share is named beside it, never in it; the manager zeroing the referral share, or moving
// the fee account, between signing and sending leaves the person at least the guarantee (or the
// program refuses); and one unit of rounding from a deposit landing first does not make the program
// refuse (the tolerance).
import { type PublicKey } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { beforeAll, expect, it } from 'vitest';
import { BOUNDED_TAG } from '../../src/background/staking/bounded-instructions';
import { weakness } from '../../src/background/staking/guarantee';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { depositSolAsOperator, readPool, type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { setFee, setManager } from '../../tools/stake-pool-admin/pool-manager.ts';
import {
  SOL,
  activePool,
  approvedOf,
  boundedMinimum,
  delegatedStake,
  describeOnEachBuild,
  enforcedMinimum,
  nextEpoch,
} from '../support/staking';

describeOnEachBuild(
  'guarantee chain tests',
  'the guarantee against the pool manager on the %s build',
  { userSol: 100 },
  (suite) => {
    /** A 2% deposit fee, all of it paid back to the depositor as a referral share. */
    let referred: CreatedPool;
    let stakeAccount: PublicKey;
    const balance = async (owner: PublicKey) =>
      BigInt(
        (
          await suite.chain.connection.getTokenAccountBalance(
            getAssociatedTokenAddressSync(referred.mint, owner),
          )
        ).value.amount,
      );

    beforeAll(async () => {
      referred = await activePool(suite.chain, suite.operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 10n * SOL,
        stakePerValidator: 8n * SOL,
        depositFee: { numerator: 2n, denominator: 100n },
        referralFeePercent: 100,
      });
      stakeAccount = await delegatedStake(suite.chain, suite.user, referred.votes[0]!, 3n * SOL);
      await nextEpoch(suite.chain, suite.operator, [referred], 100);
      await nextEpoch(suite.chain, suite.operator, [referred], 100);
    });

    it('a 99.99% deposit fee paid back as a 100% referral share: "+X" is never promised, only the program’s minimum', async () => {
      await setFee(suite.chain.connection, referred, {
        kind: 'solDeposit',
        fee: { numerator: 9_999n, denominator: 10_000n },
      });
      try {
        const { quote, transaction } = await suite.engine.staking.prepareStake(
          suite.user.publicKey,
          referred.pool,
          SOL,
        );
        const shown = enforcedMinimum(quote);
        // The figure on screen is the one the program checks, and a ten-thousandth of what arrives.
        expect(boundedMinimum(transaction, BOUNDED_TAG.depositSol)).toBe(shown);
        expect(shown * 1_000n).toBeLessThan(BigInt(quote.tokensOut));
        const [referral] = quote.guarantee.kind === 'enforced' ? quote.guarantee.notGuaranteed : [];
        expect(referral).toMatchObject({ what: 'referral_share' });
        expect(shown + BigInt(quote.guarantee.tolerance.amount) + BigInt(referral!.amount)).toBe(
          BigInt(quote.tokensOut),
        );
        expect(weakness(quote.guarantee, quote.tokensOut)).toBe('partly_bounded');
      } finally {
        await setFee(suite.chain.connection, referred, {
          kind: 'solDeposit',
          fee: { numerator: 2n, denominator: 100n },
        });
      }
    });

    it('the manager sets the referral share to 0 between signing and sending: the person still gets the guarantee', async () => {
      const { quote } = await suite.engine.staking.prepareStake(
        suite.user.publicKey,
        referred.pool,
        2n * SOL,
      );
      const shown = enforcedMinimum(quote);
      suite.engine.afterNextSignature(() =>
        setFee(suite.chain.connection, referred, { kind: 'solReferral', percent: 0 }),
      );
      const { outcome } = await suite.engine.staking.stake(suite.user.publicKey, referred.pool, 2n * SOL, {
        quoteId: quote.quoteId,
        approved: approvedOf(quote),
      });
      const received = BigInt(outcome.tokenChange);
      expect(received).toBeGreaterThanOrEqual(shown);
      // What was taken is no more than the share named as not guaranteed (a build that floors the
      // fee leaves a unit more than the enforced part Tidepool assumed: the simulation cannot tell).
      const [referral] = quote.guarantee.kind === 'enforced' ? quote.guarantee.notGuaranteed : [];
      expect(received).toBeLessThan(BigInt(quote.tokensOut));
      expect(received + BigInt(referral!.amount)).toBeGreaterThanOrEqual(BigInt(quote.tokensOut));
      await setFee(suite.chain.connection, referred, { kind: 'solReferral', percent: 100 });
    });

    it('a conversion whose stake referral share goes to 0 between signing and sending still gets the guarantee', async () => {
      const { quote, transaction } = await suite.engine.staking.prepareConvert(
        suite.user.publicKey,
        stakeAccount,
        referred.pool,
        undefined,
        referred.votes[0],
      );
      const shown = enforcedMinimum(quote);
      expect(boundedMinimum(transaction, BOUNDED_TAG.depositStake)).toBe(shown);
      suite.engine.afterNextSignature(() =>
        setFee(suite.chain.connection, referred, { kind: 'stakeReferral', percent: 0 }),
      );
      const { outcome } = await suite.engine.staking.convert(
        suite.user.publicKey,
        stakeAccount,
        referred.pool,
        {
          quoteId: quote.quoteId,
          approved: approvedOf(quote),
        },
      );
      expect(BigInt(outcome.tokenChange)).toBeGreaterThanOrEqual(shown);
      expect(BigInt(outcome.tokenChange)).toBeLessThan(BigInt(quote.tokensOut));
      await setFee(suite.chain.connection, referred, { kind: 'stakeReferral', percent: 100 });
    });

    it('SetManager points the fee account at the person, then back after signing: the fee is not promised, and the program refuses', async () => {
      await setFee(suite.chain.connection, referred, { kind: 'solReferral', percent: 50 });
      const managerAccount = referred.managerFeeAccount;
      const mine = getAssociatedTokenAddressSync(referred.mint, suite.user.publicKey);
      await setManager(suite.chain.connection, referred, { feeAccount: mine });
      try {
        const { quote, transaction } = await suite.engine.staking.prepareStake(
          suite.user.publicKey,
          referred.pool,
          SOL,
        );
        const shown = enforcedMinimum(quote);
        expect(boundedMinimum(transaction, BOUNDED_TAG.depositSol)).toBe(shown);
        // The whole fee lands in the person's account as simulated; none of it is promised.
        expect(quote.guarantee).toMatchObject({
          notGuaranteed: expect.arrayContaining([expect.objectContaining({ what: 'fee_account_share' })]),
        });
        expect(shown + BigInt(quote.guarantee.tolerance.amount)).toBeLessThan(BigInt(quote.tokensOut));
        const before = await balance(suite.user.publicKey);
        // The transaction names the fee account the pool had when it was signed: the program refuses it.
        suite.engine.afterNextSignature(() =>
          setManager(suite.chain.connection, referred, { feeAccount: managerAccount }),
        );
        await expect(
          suite.engine.staking.stake(suite.user.publicKey, referred.pool, SOL, {
            quoteId: quote.quoteId,
            approved: approvedOf(quote),
          }),
        ).rejects.toThrow(/fee account/i);
        expect(await balance(suite.user.publicKey)).toBe(before);
      } finally {
        if (!referred.managerFeeAccount.equals(managerAccount))
          await setManager(suite.chain.connection, referred, { feeAccount: managerAccount });
        await setFee(suite.chain.connection, referred, { kind: 'solReferral', percent: 100 });
      }
    });

    it('an instant and a delayed unstake promise exactly the minimum their instruction carries', async () => {
      const instant = await suite.engine.staking.prepareUnstake(
        suite.user.publicKey,
        referred.pool,
        SOL / 2n,
        'instant',
      );
      expect(instant.quote.guarantee).toMatchObject({ kind: 'enforced', notGuaranteed: [] });
      expect(boundedMinimum(instant.transaction!, BOUNDED_TAG.withdrawSol)).toBe(
        enforcedMinimum(instant.quote),
      );
      // Well above the size at which a withdrawal could empty the validator's account (see the
      // validator-removal suite): enforced.
      const delayed = await suite.engine.staking.prepareUnstake(
        suite.user.publicKey,
        referred.pool,
        3n * SOL,
        'delayed',
      );
      expect(delayed.quote.guarantee).toMatchObject({ kind: 'enforced', notGuaranteed: [] });
      const withdraw = delayed.transaction!.instructions.find(
        (ix) => ix.data[0] === BOUNDED_TAG.withdrawStake,
      )!;
      expect(Buffer.from(withdraw.data).readBigUInt64LE(9)).toBe(enforcedMinimum(delayed.quote));
      const { outcome } = await suite.engine.staking.unstake(
        suite.user.publicKey,
        referred.pool,
        SOL / 2n,
        'instant',
        {
          quoteId: instant.quote.quoteId,
          approved: approvedOf(instant.quote),
        },
      );
      expect(BigInt(outcome.solChange) + BigInt(outcome.networkFeeLamports!)).toBeGreaterThanOrEqual(
        enforcedMinimum(instant.quote),
      );
    });

    it('a deposit landing first that rounds the rate a unit against the person: the default tolerance lets the quote land', async () => {
      // Find a stake and someone else's deposit after which the stake mints one unit fewer (no fees here).
      const plain = await activePool(suite.chain, suite.operator, {
        programId: STAKE_POOL_PROGRAMS.sanctumSingle,
        validators: 1,
        initialDepositLamports: 7n * SOL + 123_457n,
        stakePerValidator: 0n,
      });
      // Rewards on its validator's stake make an uneven rate.
      await nextEpoch(suite.chain, suite.operator, [plain], 37);
      await nextEpoch(suite.chain, suite.operator, [plain], 37);
      const state = await readPool(suite.chain.connection, plain.pool);
      const [total, supply] = [
        BigInt(state.totalLamports.toString()),
        BigInt(state.poolTokenSupply.toString()),
      ];
      const minted = (lamports: bigint, t: bigint, s: bigint) => (lamports * s) / t;
      let found: { lamports: bigint; other: bigint } | null = null;
      for (let lamports = SOL; !found && lamports < SOL + 2_000n; lamports++)
        for (let other = 1_000_000n; !found && other < 1_000_400n; other++) {
          const [t, s] = [total + other, supply + minted(other, total, supply)];
          if (minted(lamports, t, s) < minted(lamports, total, supply)) found = { lamports, other };
        }
      expect(found).not.toBeNull();
      const { lamports, other } = found!;
      const { quote } = await suite.engine.staking.prepareStake(suite.user.publicKey, plain.pool, lamports);
      expect(quote.guarantee.tolerance).toEqual({ bps: 1, amount: expect.stringMatching(/^[1-9]\d*$/) });
      suite.engine.afterNextSignature(() =>
        depositSolAsOperator(suite.chain.connection, suite.operator, plain, other),
      );
      const { outcome } = await suite.engine.staking.stake(suite.user.publicKey, plain.pool, lamports, {
        quoteId: quote.quoteId,
        approved: approvedOf(quote),
      });
      expect(BigInt(outcome.tokenChange)).toBe(BigInt(quote.tokensOut) - 1n);
      expect(BigInt(outcome.tokenChange)).toBeGreaterThanOrEqual(enforcedMinimum(quote));
    });
  },
);
