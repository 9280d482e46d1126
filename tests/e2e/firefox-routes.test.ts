// INF and mSOL from the popup in real Firefox ESR, against the localnet with Infinity and Marinade
// loaded (the real programs): SOL → INF, and mSOL → SOL through Marinade's liquidity pool chosen on
// the exit chooser, each receiving exactly the figure the quote showed, to the base unit; the
// screens checked by axe-core. Lean on purpose: the Chromium suite (popup-routes) covers every route.
import { PublicKey } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until, type UiPage } from '../support/driver';
import { launchFirefoxWallet, type FirefoxWallet } from '../support/firefox';
import { mainButton, useCustomRpc } from '../support/flows';
import { startTestChain, type TestChain } from '../support/localnet';
import { onboard } from '../support/shared-flows';
import { infinityOr } from '../support/infinity-fixtures';
import { INF, MSOL, tokenAmount } from '../support/infinity-routes';
import { marinadeOr } from '../support/marinade';

/** The exact figure an amount on screen carries in its title ("1.5 INF" → base units, 9 decimals). */
async function exact(popup: UiPage, selector: string): Promise<bigint> {
  const title = await popup.evaluate(
    (css) => document.querySelector(css)?.getAttribute('title') ?? '',
    selector,
  );
  const [whole = '0', frac = ''] = title.replace(/,/g, '').split(' ')[0]!.split('.');
  return BigInt(whole + frac.padEnd(9, '0'));
}

describe.skipIf(!infinityOr('Firefox routes e2e') || !marinadeOr('Firefox routes e2e'))(
  'Firefox: INF and mSOL from the popup',
  () => {
    let chain: TestChain;
    let wallet: FirefoxWallet;
    let popup: UiPage;
    let owner: PublicKey;
    const balance = async (mint: PublicKey) => {
      const a = await chain.connection.getAccountInfo(getAssociatedTokenAddressSync(mint, owner));
      return a ? tokenAmount(a.data) : 0n;
    };
    /** Stakes `sol` into INF or mSOL from the Stake screen; what the quote showed. */
    async function stakeInto(link: string, sol: string): Promise<bigint> {
      await popup.click({ role: 'button', name: 'Home' });
      await popup.click(mainButton('Stake'));
      await popup.click({ role: 'button', name: link });
      await popup.fill({ label: 'Amount', exact: true }, sol);
      await popup.waitFor({ testId: 'route-quote' });
      const quoted = await exact(popup, '[data-testid="route-received"] span');
      await popup.audit(`firefox-${link.replace(/ /g, '-').toLowerCase()}`);
      await popup.click(mainButton('Stake'));
      await until('the stake to land', async () => (await popup.text({ testId: 'received' })) !== '', 30_000);
      expect(await exact(popup, '[data-testid="received"] span')).toBe(quoted);
      return quoted;
    }

    beforeAll(async () => {
      chain = await startTestChain({ infinity: true, marinade: true });
      wallet = await launchFirefoxWallet();
    });
    afterAll(async () => {
      await wallet?.close();
      await chain?.close();
    });

    it('stakes SOL into INF: exactly the INF the quote showed', async () => {
      ({ popup } = await onboard(wallet));
      await useCustomRpc(popup, chain.node.rpcUrl);
      owner = new PublicKey(await popup.text({ testId: 'active-address' }));
      await chain.fund(owner, 50);
      await popup.reload();
      await until(
        'the funded balance',
        async () => (await popup.text({ testId: 'total-value' })) === '50 SOL',
      );
      const quoted = await stakeInto('Stake into INF', '2');
      expect(await balance(INF)).toBe(quoted);
    });

    it('unstakes mSOL through Marinade’s liquidity pool, chosen among its routes: exactly the SOL quoted', async () => {
      const staked = await stakeInto('Stake into mSOL', '10');
      expect(await balance(MSOL)).toBe(staked);
      await popup.click({ role: 'button', name: 'Home' });
      await popup.click({ css: `[data-mint="${MSOL.toBase58()}"] button` });
      await popup.click({ role: 'button', name: /^Unstake/, within: { role: 'dialog' } });
      await popup.fill({ label: 'Amount', exact: true }, '2');
      const route = '[data-testid="exit-route"][data-available="true"]';
      await until('the routes quoted', async () => (await popup.count({ css: route })) === 3);
      await until('the quotes for 2', async () =>
        (await popup.texts({ testId: 'exit-route' })).every((t) => t.includes('for 2 ')),
      );
      await popup.audit('firefox-exits-msol');
      await popup.click({ role: 'radio', name: /Marinade liquidity pool/ });
      const quoted = await popup.evaluate(() => {
        const rows = [...document.querySelectorAll('[data-testid="exit-route"]')];
        const row = rows.find((r) => r.textContent?.includes('Marinade liquidity pool'));
        return row?.querySelector('[data-testid="exit-received"] span')?.getAttribute('title') ?? '';
      }, null);
      const before = BigInt(await chain.connection.getBalance(owner));
      await popup.click(mainButton('Unstake by Marinade liquidity pool (instant)'));
      await until(
        'the unstake to land',
        async () => (await popup.text({ testId: 'received' })) !== '',
        30_000,
      );
      const received = await exact(popup, '[data-testid="received"] span');
      const [whole = '0', frac = ''] = quoted.replace(/,/g, '').split(' ')[0]!.split('.');
      expect(received).toBe(BigInt(whole + frac.padEnd(9, '0')));
      // What the chain paid: the balance's rise plus the fee the landed transaction was charged.
      const [last] = await chain.connection.getSignaturesForAddress(owner, { limit: 1 });
      const landed = await chain.connection.getTransaction(last!.signature, {
        maxSupportedTransactionVersion: 0,
      });
      expect(landed?.meta?.err).toBeNull();
      expect(BigInt(await chain.connection.getBalance(owner)) - before + BigInt(landed!.meta!.fee)).toBe(
        received,
      );
    });
  },
);
