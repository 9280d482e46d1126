// Issue 22, item 6, proven on each deployed build: WithdrawStakeWithSlippage checks its minimum
// before it cuts a withdrawal that empties a validator's stake account down to what the account
// holds (the ValidatorRemoval branch; solana-program/stake-pool #882, fixed by #883 in 2026). A
// Tidepool delayed unstake leaves rent + the minimum delegation in the validator when it is quoted,
// but another withdrawal landing first (here an attacker's, between signing and sending) can leave
// less than this one in it, with no validator above the branch's threshold: the program then pays
// what the account holds, below the minimum the transaction carried. So such a quote must say that
// no minimum is enforced, on every build (none says on chain whether it has the fix).
import { type PublicKey } from '@solana/web3.js';
import { beforeAll, expect, it } from 'vitest';
import { BOUNDED_TAG } from '../../src/background/staking/bounded-instructions';
import { validatorStakeAddress } from '../../src/shared/pool-addresses';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { readPool, type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { SOL, activePool, approvedOf, describeOnEachBuild, engineFor, nextEpoch } from '../support/staking';

/** The program's floor on a pool's minimum delegation (MINIMUM_ACTIVE_STAKE in its lib.rs). */
const MINIMUM_ACTIVE_STAKE = 1_000_000n;

/**
 * A victim's withdrawal of `t` pool tokens and an attacker's of `attack`, landing first, after
 * which the branch pays the victim what the validator account holds, less than the victim's quote:
 * the attacker leaves V in the account, with V ≥ rent + minimum (the program lets it) and at most
 * the 2024 builds' threshold, and the victim's withdrawal at the new rate within [V, V + one token's
 * worth] but above V. Worked out from the pool as the program computes it (no fees in this pool).
 */
function findAttack(total: bigint, supply: bigint, account: bigint, required: bigint) {
  const worth = (tokens: bigint, t: bigint, s: bigint) => (tokens * t) / s;
  const first = ((required + 1n) * supply + total - 1n) / total;
  for (let t = first; t < first + 400n; t++) {
    const quoted = worth(t, total, supply);
    const around = ((account - required) * supply) / total;
    for (let attack = around - 40n; attack <= around + 2n; attack++) {
      const left = account - worth(attack, total, supply);
      const [t1, s1] = [total - worth(attack, total, supply), supply - attack];
      const perToken = (t1 + s1 - 1n) / s1;
      const landing = worth(t, t1, s1);
      if (left < required || left > required + perToken || left >= quoted) continue;
      if (landing >= quoted && landing <= left + perToken) return { t, attack, quoted, left };
    }
  }
  return null;
}

describeOnEachBuild(
  'validator-removal chain tests',
  'a delayed unstake and the validator-removal branch on the %s build',
  { userSol: 100 },
  (suite) => {
    let pool: CreatedPool;

    beforeAll(async () => {
      pool = await activePool(suite.chain, suite.operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 12n * SOL,
        stakePerValidator: 5n * SOL,
      });
      await nextEpoch(suite.chain, suite.operator, [pool], 100); // an uneven rate: one token is worth 1–2 lamports
      await engineFor(suite.chain, suite.user).staking.stake(suite.user.publicKey, pool.pool, 4n * SOL);
    });

    it('is reachable by a withdrawal landing first, so the quote says no minimum is enforced', async () => {
      const state = await readPool(suite.chain.connection, pool.pool);
      const [total, supply] = [
        BigInt(state.totalLamports.toString()),
        BigInt(state.poolTokenSupply.toString()),
      ];
      const validatorStake: PublicKey = validatorStakeAddress(pool.programId, pool.pool, pool.votes[0]!);
      const account = BigInt(await suite.chain.connection.getBalance(validatorStake));
      const rent = BigInt(await suite.chain.connection.getMinimumBalanceForRentExemption(200));
      const minimum = BigInt((await suite.chain.connection.getStakeMinimumDelegation()).value);
      const required = rent + (minimum > MINIMUM_ACTIVE_STAKE ? minimum : MINIMUM_ACTIVE_STAKE);
      const plan = findAttack(total, supply, account, required);
      expect(plan).not.toBeNull();
      const { t, attack, quoted, left } = plan!;

      // Tolerance 0: the transaction carries the quote itself as its minimum.
      const victim = engineFor(suite.chain, suite.user, { toleranceBps: 0 });
      const { quote, transaction } = await victim.staking.prepareUnstake(
        suite.user.publicKey,
        pool.pool,
        t,
        'delayed',
      );
      expect(quote.lamportsOut).toBe(quoted.toString());
      expect(quote.guarantee).toMatchObject({
        kind: 'unenforced',
        why: 'validator_removal',
        worstCase: null,
      });
      const withdraw = transaction!.instructions.find((ix) => ix.data[0] === BOUNDED_TAG.withdrawStake)!;
      expect(Buffer.from(withdraw.data).readBigUInt64LE(9)).toBe(quoted);

      const attacker = engineFor(suite.chain, suite.operator);
      victim.afterNextSignature(() =>
        attacker.staking.unstake(suite.operator.publicKey, pool.pool, attack, 'delayed'),
      );
      const result = await victim.staking
        .unstake(suite.user.publicKey, pool.pool, t, 'delayed', {
          quoteId: quote.quoteId,
          approved: approvedOf(quote),
        })
        .then(
          ({ outcome }) => outcome,
          (error: Error) => error,
        );
      if (result instanceof Error) {
        // A build with the fix: the program checks the minimum after the cut, and refuses.
        expect(result.message).toMatch(/refused to pay less than you were quoted/);
        return;
      }
      // The branch: the validator's account emptied into the person's, below the minimum carried.
      expect(BigInt(await suite.chain.connection.getBalance(validatorStake))).toBe(0n);
      const received = BigInt(result.stakeAccountLamports!) - rent;
      expect(received).toBe(left);
      expect(received).toBeLessThan(quoted);
    });
  },
);
