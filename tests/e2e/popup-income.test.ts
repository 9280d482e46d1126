// The Income screen in real Chromium against the localnet: an LST staked from the popup and a native
// stake account earn over epochs with rewards; the screen shows them by month and by position; the
// year's CSV and JSON are saved through the browser's downloads (by mouse, then by keyboard alone),
// read back from disk with csv-parse, and equal what the screen shows; axe finds nothing serious in
// either theme. Settings' backup of the ledger is saved, and imported back into a fresh profile.
import { readFileSync } from 'node:fs';
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { parse } from 'csv-parse/sync';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUnits, shortAddress } from '../../src/shared/format';
import type { IncomeView } from '../../src/shared/income';
import type { PortfolioView } from '../../src/shared/staking';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { launchWallet, type Wallet } from '../support/browser';
import { playwrightPage } from '../support/driver';
import { importSecretKey, screenButton, useCustomRpc } from '../support/flows';
import { stakeFromPopup } from '../support/shared-flows';
import { tabTo } from '../support/keyboard-flows';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { SOL, delegatedStake, nextEpoch } from '../support/staking';
import { poolWithLastEpoch } from '../support/income';

/** "1.5" → 1500000000n: the file's amounts, read by the test's own parser. */
const lamports = (text: string) => {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole) * SOL + BigInt(fraction.padEnd(9, '0'));
};
const shown = (l: bigint) => `${formatUnits(l, 9)} SOL`;

describe.skipIf(!stakePoolProgramOr('popup income e2e', STAKE_POOL_AVAILABLE))(
  'popup: staking income',
  () => {
    let chain: TestChain;
    let operator: Keypair;
    let pool: CreatedPool;
    let wallet: Wallet;
    let popup: Page;
    const user = Keypair.generate();

    const saved = async (click: () => Promise<unknown>): Promise<{ name: string; text: string }> => {
      const [download] = (await Promise.all([popup.waitForEvent('download'), click()])) as [
        Download,
        unknown,
      ];
      return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
    };
    const view = async () => (await wallet.call<IncomeView>(popup, 'income:get')).result!;

    beforeAll(async () => {
      chain = await startTestChain();
      operator = await chain.funded(1_000);
      pool = await poolWithLastEpoch(chain, operator);
      await chain.fund(user.publicKey, 20);
      await delegatedStake(chain, user, pool.votes[0]!, 3n * SOL);
      wallet = await launchWallet();
    });
    afterAll(async () => {
      await wallet?.close();
      await chain?.close();
    });

    it('shows each month’s and each position’s income, and saves the year as files equal to the screen', async () => {
      popup = await wallet.openPopup();
      await importSecretKey(popup, bs58.encode(user.secretKey));
      await useCustomRpc(popup, chain.node.rpcUrl);
      const mint = pool.mint.toBase58();
      await stakeFromPopup(playwrightPage(popup), shortAddress(mint), '2');
      for (let i = 0; i < 3; i++) await nextEpochAndLook(i);

      await popup.getByRole('button', { name: 'Income', exact: true }).click();
      await popup.getByTestId('income-total').waitFor({ timeout: 30_000 });
      const ledger = await view();
      const year = new Date(ledger.rows.at(-1)!.at).getUTCFullYear();
      expect(ledger.rows.map((r) => r.type)).toEqual(expect.arrayContaining(['stake', 'staking-income']));
      expect(new Set(ledger.rows.map((r) => r.position)).size).toBe(2); // the LST and the stake account
      await playwrightPage(popup, (p, name) => wallet.screenshot(p, name)).audit('popup-income');

      const csv = await saved(() => screenButton(popup, `${year} as CSV`).click());
      expect(csv.name).toBe(`tidepool-staking-income-${year}.csv`);
      const [header, ...rows] = parse(csv.text) as string[][];
      expect(header![0]).toBe('Date (UTC)');
      expect(rows).toHaveLength(ledger.rows.filter((r) => new Date(r.at).getUTCFullYear() === year).length);

      // Each month on screen is the file's staking income dated in it.
      const byMonth = new Map<string, bigint>();
      for (const r of rows.filter((c) => c[1] === 'staking-income'))
        byMonth.set(
          r[0]!.slice(0, 7),
          (byMonth.get(r[0]!.slice(0, 7)) ?? 0n) + lamports(r[2]!) - lamports(r[4] || '0'),
        );
      const periods = popup.getByTestId('income-period');
      expect(await periods.count()).toBe(12);
      for (let m = 1; m <= 12; m++) {
        const month = `${year}-${String(m).padStart(2, '0')}`;
        const cell = popup.locator(
          `[data-testid="income-period"][data-period="${month}"] [data-testid="income-period-amount"]`,
        );
        expect(await cell.textContent()).toBe(shown(byMonth.get(month) ?? 0n));
      }
      const total = [...byMonth.values()].reduce((a, b) => a + b, 0n);
      expect(await popup.getByTestId('income-total').textContent()).toBe(shown(total));

      // The JSON holds the same rows, with their positions: each position on screen is its rows' income.
      const json = await saved(() => screenButton(popup, `${year} as JSON`).click());
      const file = JSON.parse(json.text) as { rows: Record<string, string>[] };
      expect(file.rows.map((r) => Object.values(r).slice(0, 11))).toEqual(rows);
      const byPosition = new Map<string, bigint>();
      for (const r of file.rows.filter((r) => r.Type === 'staking-income'))
        byPosition.set(r.position!, (byPosition.get(r.position!) ?? 0n) + lamports(r['Received Amount']!));
      for (const [position, income] of byPosition) {
        const cell = popup.locator(
          `[data-testid="income-position"][data-position="${position}"] [data-testid="income-position-amount"]`,
        );
        expect(await cell.textContent()).toBe(shown(income));
      }

      // By keyboard alone: to the year's CSV button, Enter saves the same file.
      const ui = playwrightPage(popup);
      await popup.getByRole('button', { name: 'Refresh' }).focus();
      const again = await saved(async () => {
        await tabTo(ui, `${year} as CSV`);
        await ui.press('Enter');
      });
      expect(again.text).toBe(csv.text);
    });

    it('backs the ledger up from Settings and merges it into a fresh install', async () => {
      await popup.getByRole('button', { name: 'Settings', exact: true }).click();
      const backup = await saved(() => screenButton(popup, 'Save a backup').click());
      expect(backup.name).toMatch(/^tidepool-income-ledger-.*\.json$/);
      const before = await view();

      const fresh = await launchWallet();
      try {
        const page = await fresh.openPopup();
        await importSecretKey(page, bs58.encode(user.secretKey));
        await useCustomRpc(page, chain.node.rpcUrl);
        await page.getByRole('button', { name: 'Settings', exact: true }).click();
        await page.getByLabel('Import a backup').setInputFiles({
          name: backup.name,
          mimeType: 'application/json',
          buffer: Buffer.from(backup.text),
        });
        await expect
          .poll(() => page.getByRole('status').textContent(), { timeout: 30_000 })
          .toMatch(/^Imported: /);
        const restored = (await fresh.call<IncomeView>(page, 'income:get')).result!;
        expect(restored.rows).toEqual(before.rows);
        await page.getByLabel('Import a backup').setInputFiles({
          name: 'broken.json',
          mimeType: 'application/json',
          buffer: Buffer.from('{"format":"tidepool-income-ledger","version":1}'),
        });
        await expect
          .poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 })
          .toContain('Nothing was imported.');
      } finally {
        await fresh.close();
      }
    });

    /** The next epoch, paid and with the pool updated, and the popup opened on it: its refresh books what it saw. */
    async function nextEpochAndLook(i: number): Promise<void> {
      await nextEpoch(chain, operator, [pool], 200 + 50 * i);
      const { epoch } = await chain.connection.getEpochInfo();
      await popup.reload();
      // The saved portfolio is written with the refresh's books, the income ledger's among them.
      const savedEpoch = async () =>
        (await wallet.call<PortfolioView>(popup, 'portfolio:get', { refresh: false })).result?.portfolio
          ?.epoch;
      await expect.poll(savedEpoch, { timeout: 30_000 }).toBe(epoch);
    }
  },
);
