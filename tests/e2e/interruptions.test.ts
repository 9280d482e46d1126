// Chrome stops the service worker whenever it likes. Here it is stopped at each step of a stake
// from the popup and of a dApp's staking request the person approved: before signing, after
// signing but before the transaction reached the node, and after sending but before confirmation.
// The node holds the request of that step (it is never answered), the worker is stopped, and a
// new one takes over. Afterwards the chain and the wallet agree: a signed transaction lands once
// and is confirmed without being signed again, an unsigned one never lands, the person and the
// dApp are told which, and nothing is approved twice.
import { Keypair } from '@solana/web3.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import type { Wallet } from '../support/browser';
import { walletWithDapp, type DappServer } from '../support/dapp-server';
import { FaultInjector } from '../support/faults';
import { screenButton } from '../support/flows';
import { unsettledTransactions } from '../support/shared-flows';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { SOL, activePool } from '../support/staking';

type Answer = { ok: boolean; value?: string; message?: string };

/** The three places a stop can fall, named by the request the wallet is waiting on there. */
const STEPS = [
  { step: 'before signing', waitingOn: 'simulateTransaction', signs: false },
  { step: 'after signing, before sending', waitingOn: 'sendTransaction', signs: true },
  { step: 'after sending, before confirmation', waitingOn: 'getSignatureStatuses', signs: true },
] as const;

describe.skipIf(!stakePoolProgramOr('worker-stop e2e (stake flow and dApp approval)', STAKE_POOL_AVAILABLE))(
  'the worker stopped mid-stake',
  () => {
    const faults = new FaultInjector();
    const user = Keypair.generate();
    let chain: TestChain;
    let wallet: Wallet;
    let server: DappServer;
    let dapp: Page;
    let pool: CreatedPool;

    beforeAll(async () => {
      chain = await startTestChain({ middleware: faults.middleware });
      const operator = await chain.funded(1_000);
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 20n * SOL,
      });
      await chain.fund(user.publicKey, 40);
      ({ server, wallet, dapp } = await walletWithDapp(user, chain.node.rpcUrl));
      const connecting = dapp.evaluate(() =>
        (window as never as { dapp: { connect(): Promise<Answer> } }).dapp.connect(),
      );
      const approval = await wallet.approvalWindow();
      const closed = approval.waitForEvent('close');
      await click(approval, 'Connect');
      expect((await connecting).ok).toBe(true);
      await closed;
    });
    afterAll(async () => {
      faults.dropHeld();
      await wallet?.close();
      await server?.close();
      await chain?.close();
    });

    const lstBalance = async () => {
      const accounts = await chain.connection.getTokenAccountsByOwner(user.publicKey, { mint: pool.mint });
      return accounts.value.length
        ? BigInt((await chain.connection.getTokenAccountBalance(accounts.value[0]!.pubkey)).value.amount)
        : 0n;
    };
    const signatures = async () =>
      (await chain.connection.getSignaturesForAddress(user.publicKey)).map((s) => s.signature);
    type Before = { lst: bigint; signatures: string[]; sends: number };
    const snapshot = async (): Promise<Before> => ({
      lst: await lstBalance(),
      signatures: await signatures(),
      sends: faults.sends.size,
    });
    const unsettled = async () => unsettledTransactions(await wallet.storage('local'));

    const symbol = () => `${pool.mint.toBase58().slice(0, 4)}…${pool.mint.toBase58().slice(-4)}`;
    /** The popup's Stake screen with the pool chosen, 2 SOL typed and the quote shown. */
    async function stakeFormFor2Sol(): Promise<Page> {
      const popup = await wallet.openPopup();
      await screenButton(popup, 'Stake').click();
      await popup.getByRole('radio', { name: new RegExp(symbol()) }).click();
      await popup.getByLabel('Amount').fill('2');
      await popup.getByTestId('stake-quote').waitFor();
      return popup;
    }

    /** Holds the step's request at the node, stops the worker there, then lets a new one run. */
    async function stopWhileWaitingOn(method: string, start: () => Promise<void>): Promise<void> {
      faults.fault = { kind: 'hold', method };
      await start();
      await faults.held();
      faults.fault = { kind: 'none' }; // the next worker's requests pass; the held one never does
      await wallet.stopServiceWorker();
      faults.dropHeld();
    }

    /** What the chain shows after the new worker had its chance: one landing or none. */
    async function expectOutcome(signs: boolean, before: Before) {
      if (signs) {
        await expect.poll(lstBalance, { timeout: 20_000 }).toBeGreaterThan(before.lst);
        const added = (await signatures()).filter((s) => !before.signatures.includes(s));
        expect(added).toHaveLength(1);
        // Every send of it carried the very bytes signed before the stop: never a second signature.
        expect(faults.sends.get(added[0]!)?.size).toBe(1);
        await expect.poll(unsettled, { timeout: 20_000 }).toEqual([]);
        return added[0]!;
      }
      // Nothing signed, so nothing to resume: give a wrongful resend the time it would take, then look.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await unsettled()).toEqual([]);
      expect(faults.sends.size).toBe(before.sends);
      expect(await lstBalance()).toBe(before.lst);
      expect(await signatures()).toEqual(before.signatures);
      return null;
    }

    for (const { step, waitingOn, signs } of STEPS) {
      it(`stake from the popup, stopped ${step}: ${signs ? 'lands once, confirmed without re-signing' : 'nothing lands'}, and the person is told`, async () => {
        const before = await snapshot();
        const popup = await stakeFormFor2Sol();
        // A fresh quote's transaction is signed with no request first; a new worker no longer holds
        // it, so the click quotes again, and the stop lands before signing.
        if (!signs) await wallet.stopServiceWorker();
        await stopWhileWaitingOn(waitingOn, () => screenButton(popup, 'Stake').click());

        await expect
          .poll(() => popup.getByRole('alert').textContent(), { timeout: 20_000 })
          .toContain(
            'restarted before answering. Anything it had signed is still being confirmed: check Activity',
          );
        await popup.reload(); // wakes a new worker, which resumes what was sent
        const signature = await expectOutcome(signs, before);
        if (signature) {
          // Activity shows it as the stake it was, decoded from the chain.
          await popup.getByRole('button', { name: 'Activity' }).click();
          const item = popup
            .getByTestId('activity-item')
            .filter({ has: popup.locator(`a[href*="${signature}"]`) });
          await expect.poll(() => item.textContent(), { timeout: 15_000 }).toContain('Staked 2 SOL');
        }
        await popup.close();
      });

      it(`a dApp's approved stake request, stopped ${step}: the dApp gets ${signs ? 'the one signature' : 'a clear "nothing was signed"'}, and it is never offered again`, async () => {
        const before = await snapshot();
        const answer = dapp.evaluate(
          (input) => (window as never as { dapp: { stake(i: unknown): Promise<Answer> } }).dapp.stake(input),
          { pool: pool.pool.toBase58(), amount: String(2n * SOL) },
        );
        const approval = await wallet.approvalWindow();
        await approval.getByTestId('intent').waitFor();
        const closed = approval.waitForEvent('close', { timeout: 30_000 });
        await stopWhileWaitingOn(waitingOn, () => click(approval, 'Approve'));

        const result = await answer;
        const signature = await expectOutcome(signs, before);
        if (signature) expect(result).toEqual({ ok: true, value: signature });
        else
          expect(result).toMatchObject({
            ok: false,
            message: expect.stringContaining(
              'restarted before signing this request; nothing was signed or sent',
            ),
          });
        await closed; // the new worker finished the request, so nothing is left to approve
        expect((await wallet.storage('session')).approvalQueue).toEqual([]);
      });
    }

    it('after a restart, Home lists the stake still waiting for confirmation, until it lands', async () => {
      const before = await snapshot();
      const popup = await stakeFormFor2Sol();
      faults.fault = { kind: 'hold', method: 'getSignatureStatuses' };
      await screenButton(popup, 'Stake').click();
      await faults.held();
      await wallet.stopServiceWorker(); // the fault stays: the next worker cannot confirm it either, yet
      faults.dropHeld();
      await popup.reload();
      const inFlight = popup.getByTestId('in-flight');
      await expect
        .poll(() => inFlight.textContent(), { timeout: 15_000 })
        .toContain(`Stake 2 SOL → ${symbol()}`);
      await faults.held(); // the new worker is watching it
      await wallet.screenshots(popup, 'popup-home-pending');
      faults.fault = { kind: 'none' };
      faults.dropHeld();
      await expect.poll(() => inFlight.count(), { timeout: 20_000 }).toBe(0);
      expect(await lstBalance()).toBeGreaterThan(before.lst);
      await popup.close();
    });
  },
);

/** Clicks a decision; Playwright waits until it is enabled (the window waits a moment after gaining focus). */
function click(approval: Page, name: string): Promise<void> {
  return approval.getByRole('button', { name, exact: true }).click({ timeout: 10_000 });
}
