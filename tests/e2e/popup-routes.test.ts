// INF and mSOL in and out from the popup, in real Chromium, against the localnet with Infinity and
// Marinade loaded (the real programs, the June 2025 snapshot and State): SOL → INF, INF → SOL,
// SOL → mSOL, mSOL → SOL through Marinade's pool, a Marinade delayed unstake through to SOL, and
// jupSOL → SOL through Infinity's swap, each chosen on the exit chooser where it shows every route
// (with its reason when unavailable); each receives exactly the figure the quote showed, to the base
// unit. Every screen is checked by axe-core (wallet.screenshots).
import { PublicKey } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWallet, type Wallet } from '../support/browser';
import { createWallet, screenButton, useCustomRpc } from '../support/flows';
import { startTestChain, type TestChain } from '../support/localnet';
import { infinityOr } from '../support/infinity-fixtures';
import { INF, JUPSOL, MSOL, WSOL, simulateThenSend, tokenAmount } from '../support/infinity-routes';
import { infinityActions } from '../support/lst-actions';
import { marinadeOr } from '../support/marinade';
import { SOL } from '../support/staking';

/** An amount's exact figure as its hover title says it ("1,234.5 INF" → base units, 9 decimals). */
const unitsOf = (title: string | null) => {
  const [whole = '0', frac = ''] = (title ?? '').replace(/,/g, '').split(' ')[0]!.split('.');
  return BigInt(whole + frac.padEnd(9, '0'));
};
const exact = async (page: Page, testId: string) =>
  unitsOf(await page.getByTestId(testId).first().locator('span').first().getAttribute('title'));

describe.skipIf(!infinityOr('popup routes e2e') || !marinadeOr('popup routes e2e'))(
  'popup: INF and mSOL in and out, every route',
  () => {
    let chain: TestChain;
    let wallet: Wallet;
    let popup: Page;
    let owner: PublicKey;
    const balance = async (mint: PublicKey) => {
      const a = await chain.connection.getAccountInfo(getAssociatedTokenAddressSync(mint, owner));
      return a ? tokenAmount(a.data) : 0n;
    };
    const home = async () => {
      await popup.getByRole('button', { name: 'Home' }).click();
      await popup.getByTestId('total-value').waitFor();
    };
    /** The asset's detail from its row on Home (rows name their mint). */
    const detail = async (mint: PublicKey) => {
      await home();
      const row = popup.locator(`[data-mint="${mint.toBase58()}"]`);
      await row.waitFor();
      await row.getByRole('button').first().click();
      return popup.getByRole('dialog');
    };
    /** On the exit chooser: choose `title`, unstake by it, and check what arrived against its quote. */
    const exitBy = async (title: string, amount: string | null) => {
      if (amount) await popup.getByRole('textbox', { name: 'Amount' }).fill(amount);
      else await screenButton(popup, 'Max').click();
      const route = popup.getByTestId('exit-route').filter({ hasText: title });
      await route.locator('[data-testid="exit-received"]').waitFor();
      // The quote for this very amount (an earlier amount's may still be on screen for a moment).
      if (amount) await expect.poll(() => route.textContent()).toContain(`for ${amount} `);
      await route.getByRole('radio').check();
      const quoted = unitsOf(await route.getByTestId('exit-received').locator('span').getAttribute('title'));
      await screenButton(popup, `Unstake by ${title}`).click();
      await popup.getByTestId('received').waitFor({ timeout: 30_000 });
      return { quoted, received: await exact(popup, 'received') };
    };

    beforeAll(async () => {
      chain = await startTestChain({ infinity: true, marinade: true });
      wallet = await launchWallet();
    });
    afterAll(async () => {
      await wallet?.close();
      await chain?.close();
    });

    it('stakes SOL into INF: the INF the quote showed arrives, to the base unit', async () => {
      popup = await wallet.openPopup();
      await createWallet(popup);
      await useCustomRpc(popup, chain.node.rpcUrl);
      owner = new PublicKey((await popup.getByTestId('active-address').textContent()) ?? '');
      await chain.fund(owner, 100);
      await popup.reload();
      await expect.poll(() => popup.getByTestId('total-value').textContent()).toBe('100 SOL');
      await popup.getByRole('button', { name: 'Stake', exact: true }).first().click();
      await popup.getByRole('button', { name: 'Stake into INF' }).click();
      await popup.getByRole('textbox', { name: 'Amount' }).fill('2');
      await popup.getByTestId('route-quote').waitFor();
      await expect
        .poll(() => popup.getByTestId('route-quote').textContent())
        .toContain('or the pool program refuses it');
      await wallet.screenshots(popup, 'popup-route-stake-inf');
      const quoted = await exact(popup, 'route-received');
      await screenButton(popup, 'Stake').click();
      await popup.getByTestId('received').waitFor({ timeout: 30_000 });
      expect(await exact(popup, 'received')).toBe(quoted);
      expect(await balance(INF)).toBe(quoted);
    });

    it('unstakes all INF to SOL through Infinity on the exit chooser: exactly the quote', async () => {
      const d = await detail(INF);
      await d.getByRole('button', { name: /^Unstake/ }).click();
      await popup.getByRole('textbox', { name: 'Amount' }).waitFor();
      const got = await exitBy('Infinity (RemoveLiquidity)', null);
      await wallet.screenshots(popup, 'popup-exit-inf-result');
      expect(got.received).toBe(got.quoted);
      expect(await balance(INF)).toBe(0n);
    });

    it('stakes SOL into mSOL, then shows mSOL’s three routes side by side and takes Marinade’s pool: exactly the quote', async () => {
      await popup.getByRole('button', { name: 'Stake', exact: true }).first().click();
      await popup.getByRole('button', { name: 'Stake into mSOL' }).click();
      await popup.getByRole('textbox', { name: 'Amount' }).fill('20');
      await expect
        .poll(() => popup.getByTestId('route-quote').textContent())
        .toContain('no minimum is enforced');
      await wallet.screenshots(popup, 'popup-route-stake-msol');
      const quoted = await exact(popup, 'route-received');
      await screenButton(popup, 'Stake').click();
      await popup.getByTestId('received').waitFor({ timeout: 30_000 });
      expect(await balance(MSOL)).toBe(quoted);

      const d = await detail(MSOL);
      await d.getByRole('button', { name: /^Unstake/ }).click();
      await popup.getByRole('textbox', { name: 'Amount' }).fill('3');
      const routes = popup.getByTestId('exit-route');
      await expect.poll(() => routes.count()).toBe(3);
      await expect
        .poll(async () => (await routes.allTextContents()).every((t) => t.includes('You get')))
        .toBe(true);
      expect(await popup.getByTestId('exit-route').locator('strong').allTextContents()).toEqual(
        expect.arrayContaining([
          'Marinade liquidity pool (instant)',
          'Marinade stake account (delayed)',
          'Infinity swap (instant)',
        ]),
      );
      expect(await popup.locator('[data-best="true"]').count()).toBe(1);
      await wallet.screenshots(popup, 'popup-exits-msol');
      const got = await exitBy('Marinade liquidity pool (instant)', '2');
      expect(got.received).toBe(got.quoted);
    });

    it('a Marinade delayed unstake: a stake account of exactly the quote, withdrawn to SOL after the epoch; below 1 SOL it says why', async () => {
      const d = await detail(MSOL);
      await d.getByRole('button', { name: /^Unstake/ }).click();
      await popup.getByRole('textbox', { name: 'Amount' }).fill('0.5');
      const delayed = popup.getByTestId('exit-route').filter({ hasText: 'Marinade stake account (delayed)' });
      await expect.poll(() => delayed.textContent()).toContain('minimum delegation');
      expect(await delayed.getAttribute('data-available')).toBe('false');
      const got = await exitBy('Marinade stake account (delayed)', '3');
      await wallet.screenshots(popup, 'popup-exit-delayed-result');
      const rent = BigInt(await chain.connection.getMinimumBalanceForRentExemption(200));
      expect(got.received).toBe(got.quoted + rent);
      await chain.advanceEpoch();
      await home();
      await popup.reload();
      const withdraw = popup.getByRole('button', { name: /^Withdraw/ });
      await withdraw.waitFor();
      const before = BigInt(await chain.connection.getBalance(owner));
      await withdraw.click();
      await expect
        .poll(async () => BigInt(await chain.connection.getBalance(owner)) > before, { timeout: 30_000 })
        .toBe(true);
      // Withdrawn whole: the stake account's lamports, less the fee the withdrawal was charged.
      const [last] = await chain.connection.getSignaturesForAddress(owner, { limit: 1 });
      const landed = await chain.connection.getTransaction(last!.signature, {
        maxSupportedTransactionVersion: 0,
      });
      expect(BigInt(await chain.connection.getBalance(owner)) - before).toBe(
        got.received - BigInt(landed!.meta!.fee),
      );
    });

    it('jupSOL → SOL: its pool’s routes say why they are unavailable; Infinity’s swap pays exactly the quote', async () => {
      // jupSOL for the person: bought through Infinity by a test key, paid into their account (the snapshot's holders have no keys).
      const buyer = await chain.funded(10);
      const infinity = infinityActions(chain, buyer.publicKey);
      const run = await simulateThenSend(
        chain,
        buyer,
        [
          infinity.open(JUPSOL, owner),
          ...(await infinity.swap(WSOL, JUPSOL, 2n * SOL, infinity.ata(JUPSOL, owner))),
        ],
        [],
      );
      expect(run.landed?.err).toBeNull();
      await popup.reload();
      const d = await detail(JUPSOL);
      await d.getByRole('button', { name: /^Every route/ }).click();
      await screenButton(popup, 'Max').click();
      const reserve = popup.getByTestId('exit-route').filter({ hasText: 'Pool reserve (instant)' });
      await expect.poll(() => reserve.textContent()).toContain('unavailable');
      await wallet.screenshots(popup, 'popup-exits-jupsol');
      const got = await exitBy('Infinity swap (instant)', null);
      expect(got.received).toBe(got.quoted);
      expect(await balance(JUPSOL)).toBe(0n);
    });
  },
);
