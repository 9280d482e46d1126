// tidepool:stake's guarantee on the dApp path, through DappService → Approvals.decide as the window
// drives it, once per deployed build (issue 19, finding 1; issue 22, item 6): a dApp-named pool whose
// 99.99% deposit fee comes back as a 100% referral share is never shown as "at least" what the
// simulation credits, and cannot be approved; an approved stake is signed afresh with exactly the
// minimum shown, and the manager zeroing the referral share between signing and sending leaves the
// person at least that; an unstake likewise; a delayed unstake the program's validator-removal
// branch can reach says no minimum is enforced, and is blocked for a pool Tidepool does not know.
import { type PublicKey } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { beforeAll, expect, it } from 'vitest';
import { BOUNDED_TAG } from '../../src/background/staking/bounded-instructions';
import { formatUnits } from '../../src/shared/format';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { setFee } from '../../tools/stake-pool-admin/pool-manager.ts';
import { dappApprovals, onlyEngine } from '../support/dapp-approvals';
import {
  SOL,
  activePool,
  describeOnEachBuild,
  nextEpoch,
  referralTrapPool,
  signedMinimum,
} from '../support/staking';

describeOnEachBuild(
  'tidepool:stake guarantee chain tests',
  'tidepool:stake’s guarantee, approved as the window does, on the %s build',
  { userSol: 100 },
  (suite) => {
    let dapp: ReturnType<typeof dappApprovals>;
    /** 99.99% deposit fee, all of it paid back as a referral share. */
    let trap: CreatedPool;
    /** 0.5% deposit fee, all of it paid back as a referral share: 99.5% of what arrives is enforced. */
    let fair: CreatedPool;
    const tokens = async (pool: CreatedPool) =>
      BigInt(
        (
          await suite.chain.connection.getTokenAccountBalance(
            getAssociatedTokenAddressSync(pool.mint, suite.user.publicKey),
          )
        ).value.amount,
      );
    const signatures = async (owner: PublicKey) =>
      (await suite.chain.connection.getSignaturesForAddress(owner)).length;
    const lastSignature = async () => {
      const last = (await dapp.answers()).at(-1);
      if (!last?.ok) throw new Error(`the request failed: ${JSON.stringify(last)}`);
      return (last.result as { signature: string }).signature;
    };

    beforeAll(async () => {
      const operator = await suite.chain.funded(1_000);
      dapp = dappApprovals(onlyEngine(suite.engine), suite.user);
      trap = await referralTrapPool(suite.chain, operator, STAKE_POOL_PROGRAMS.sanctumSingle);
      fair = await activePool(suite.chain, operator, {
        programId: STAKE_POOL_PROGRAMS.sanctumMulti,
        validators: 1,
        initialDepositLamports: 12n * SOL,
        stakePerValidator: 8n * SOL,
        depositFee: { numerator: 5n, denominator: 1000n },
        referralFeePercent: 100,
      });
      await nextEpoch(suite.chain, operator, [trap, fair], 100);
    });

    it('a dApp-named pool simulating "+X" from a referral share: the window never says "at least X", and Approve is refused', async () => {
      const simulated = BigInt(
        (await suite.engine.staking.prepareStake(suite.user.publicKey, trap.pool, SOL)).quote.tokensOut,
      );
      const {
        id,
        view,
        minimum: shown,
      } = await dapp.ask({
        action: 'stake',
        pool: trap.pool.toBase58(),
        amount: String(SOL),
      });
      const bound = view.intent!.bound!;
      expect(bound).not.toContain(`at least ${formatUnits(simulated, 9)}`);
      expect(bound).toMatch(
        new RegExp(`^Guaranteed: at least ${formatUnits(BigInt(shown!.amount), 9).replace('.', '\\.')} `),
      );
      expect(BigInt(shown!.amount) * 1_000n).toBeLessThan(simulated);
      expect(bound).toMatch(/Plus ≈ [\d.]+ \S+ referral share, not guaranteed/);
      expect(view.warnings).toContainEqual(
        expect.objectContaining({ code: 'partly_bounded', severity: 'blocking' }),
      );
      const before = await signatures(suite.user.publicKey);
      await expect(dapp.approve(id, view.revision)).rejects.toThrow(/holds this transaction to/);
      expect(await signatures(suite.user.publicKey)).toBe(before);
    });

    it('an approved stake signs exactly the minimum shown; the manager zeroing the referral after signing leaves at least it', async () => {
      const {
        id,
        view,
        minimum: shown,
      } = await dapp.ask({
        action: 'stake',
        pool: fair.pool.toBase58(),
        amount: String(3n * SOL),
      });
      expect(shown!.enforced).toBe(true);
      expect(view.warnings.map((w) => w.code)).not.toContain('partly_bounded');
      expect(view.intent!.bound).toContain(`at least ${formatUnits(BigInt(shown!.amount), 9)} `);
      suite.engine.afterNextSignature(() =>
        setFee(suite.chain.connection, fair, { kind: 'solReferral', percent: 0 }),
      );
      const before = await tokens(fair).catch(() => 0n);
      expect(await dapp.approve(id, view.revision)).toMatchObject({ outcome: 'approved' });
      const minimum = BigInt(shown!.amount);
      expect(await signedMinimum(suite.chain.connection, await lastSignature(), BOUNDED_TAG.depositSol)).toBe(
        minimum,
      );
      expect((await tokens(fair)) - before).toBeGreaterThanOrEqual(minimum);
      await setFee(suite.chain.connection, fair, { kind: 'solReferral', percent: 100 });
    });

    it('an approved instant unstake signs exactly the minimum shown, and pays at least it', async () => {
      const {
        id,
        view,
        minimum: shown,
      } = await dapp.ask({
        action: 'unstake',
        pool: fair.pool.toBase58(),
        amount: String(SOL / 2n),
        mode: 'instant',
      });
      expect(shown).toMatchObject({ enforced: true });
      const before = await suite.chain.connection.getBalance(suite.user.publicKey);
      expect(await dapp.approve(id, view.revision)).toMatchObject({ outcome: 'approved' });
      const minimum = BigInt(shown!.amount);
      const signature = await lastSignature();
      expect(await signedMinimum(suite.chain.connection, signature, BOUNDED_TAG.withdrawSol)).toBe(minimum);
      const { meta } = (await suite.chain.connection.getTransaction(signature, {
        commitment: 'confirmed',
        maxSupportedTransactionVersion: 0,
      }))!;
      const paid =
        BigInt(await suite.chain.connection.getBalance(suite.user.publicKey)) -
        BigInt(before) +
        BigInt(meta!.fee);
      expect(paid).toBeGreaterThanOrEqual(minimum);
    });

    it('a delayed unstake the validator-removal branch can reach: "no minimum is enforced", blocked for an unknown pool', async () => {
      // 1.5 SOL: at most rent + 2 × the 1 SOL minimum delegation, so another withdrawal landing first
      // could leave exactly this much in the validator's stake account (see staking-validator-removal).
      const {
        id,
        view,
        minimum: shown,
      } = await dapp.ask({
        action: 'unstake',
        pool: fair.pool.toBase58(),
        amount: String((3n * SOL) / 2n),
        mode: 'delayed',
      });
      expect(view.intent!.bound).toMatch(
        /^Guaranteed: no minimum is enforced \(the pool program does not hold a withdrawal that empties a validator’s stake account to its minimum/,
      );
      expect(view.intent!.bound).not.toMatch(/at least [\d.]+ SOL \(in the stake account\), or/);
      expect(shown).toMatchObject({ enforced: false });
      expect(view.warnings).toContainEqual(
        expect.objectContaining({ code: 'unbounded', severity: 'blocking' }),
      );
      await expect(dapp.approve(id, view.revision)).rejects.toThrow(
        /does not hold this transaction to the quote/,
      );
    });
  },
);
