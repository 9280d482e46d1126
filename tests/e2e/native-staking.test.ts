// Native staking in real Chromium, against the localnet's validators (vote and validator-info
// accounts, rewards paid by each one's commission) and the real stake-pool program: pick a
// validator from the chain's own list, see native and liquid side by side, stake, watch the account
// activate at the epoch boundary, and convert it into the LST of the pool that stakes with it.
import { Keypair, PublicKey } from '@solana/web3.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { encodeValidatorInfo } from '../../tools/localnet/validator-info.ts';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { launchWallet, type Wallet } from '../support/browser';
import { createWallet, fundedOn, screenButton, text } from '../support/flows';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { deactivateFromPopup, stakeNativelyFromPopup } from '../support/shared-flows';
import { asUiPage } from '../support/driver';
import { updatePool } from '../../tools/stake-pool-admin/pool-crank.ts';
import { SOL, activePool } from '../support/staking';
import { createValidators } from '../support/validators';

/** Publishes a validator-info account naming the validator whose vote account is `vote`. */
async function publishName(chain: TestChain, vote: PublicKey, name: string): Promise<void> {
  const { current, delinquent } = await chain.rpc<{
    current: { votePubkey: string; nodePubkey: string }[];
    delinquent: { votePubkey: string; nodePubkey: string }[];
  }>('getVoteAccounts', [{ keepUnstakedDelinquents: true }]);
  const node = [...current, ...delinquent].find((v) => v.votePubkey === vote.toBase58())!.nodePubkey;
  const data = encodeValidatorInfo(node, { name });
  await chain.rpc('localnet_setAccount', [
    Keypair.generate().publicKey.toBase58(),
    {
      lamports: await chain.connection.getMinimumBalanceForRentExemption(data.length),
      owner: 'Config1111111111111111111111111111111111111',
      data: Buffer.from(data).toString('base64'),
    },
  ]);
}

describe.skipIf(!stakePoolProgramOr('native staking e2e', STAKE_POOL_AVAILABLE))(
  'popup: native staking',
  () => {
    let chain: TestChain;
    let wallet: Wallet;
    let operator: Keypair;
    let pool: CreatedPool;
    let popup: Page;
    let owner: PublicKey;
    /** The next epoch, its rewards paid by validator credits and commission (the picker measures its APYs from them), the pool updated. */
    const payingEpoch = async () => {
      await chain.rpc('localnet_advanceEpoch', [{ epochRewardsLamports: '200000000' }]);
      await updatePool(chain.connection, operator, pool.programId, pool.pool);
    };
    const symbol = () => `${pool.mint.toBase58().slice(0, 4)}…${pool.mint.toBase58().slice(-4)}`;

    beforeAll(async () => {
      chain = await startTestChain();
      operator = await chain.funded(1_000);
      await createValidators(chain, [
        {
          commissionBps: 500,
          creditsPerEpoch: 400_000,
          stake: String(200n * SOL),
          info: { name: 'Alpha Stake' },
        },
        {
          commissionBps: 700,
          creditsPerEpoch: 380_000,
          stake: String(50n * SOL),
          info: { name: 'Beta Nodes' },
        },
        {
          commissionBps: 500,
          creditsPerEpoch: 400_000,
          stake: String(5n * SOL),
          delinquent: true,
          info: { name: 'Gone Dark' },
        },
      ]);
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 30n * SOL,
      });
      await chain.rpc('localnet_setVoteState', [pool.votes[0]!.toBase58(), { creditsPerEpoch: 390_000 }]);
      await publishName(chain, pool.votes[0]!, 'Poolside');
      await payingEpoch();
      await payingEpoch();
      wallet = await launchWallet();
    }, 120_000);
    afterAll(async () => {
      await wallet?.close();
      await chain?.close();
    });

    it('picks a validator from the chain’s list, sees native and liquid side by side, and stakes natively', async () => {
      popup = await wallet.openPopup();
      await createWallet(popup);
      owner = await fundedOn(popup, chain, 20);

      await screenButton(popup, 'Stake').click();
      await popup.getByRole('button', { name: 'stake natively with a validator' }).click();
      const list = popup.getByTestId('validator-list');
      await expect.poll(() => list.textContent()).toContain('Alpha Stake');
      // The cluster's rules are on screen before anything is typed.
      await expect.poll(() => popup.getByText(/minimum delegation is 1 SOL/).count()).toBeGreaterThan(0);
      expect(await list.textContent()).toMatch(/Gone Dark[^]*Delinquent/);
      expect(await list.textContent()).toMatch(/Alpha Stake5 % commission · ≈ \d+\.\d\d% APY/);
      await wallet.screenshots(popup, 'popup-native-picker');
      await popup.getByLabel('Amount').fill('0.5');
      await popup.getByLabel('Search validators').fill('Poolside');
      await list.getByRole('radio', { name: /Poolside/ }).click();
      await expect
        .poll(() => popup.getByRole('alert').first().textContent())
        .toMatch(/minimum delegation is 1 SOL/);

      await popup.getByLabel('Amount').fill('3');
      await popup.getByTestId('native-quote').waitFor();
      const compare = popup.getByTestId('native-vs-liquid');
      await expect.poll(() => compare.textContent()).toContain(`${symbol()} (stakes with this validator)`);
      expect(await text(popup, 'native-effect')).toMatch(/activates at the start of epoch \d+/);
      await wallet.screenshots(popup, 'popup-native-quote');
      await screenButton(popup, 'Stake').click();
      await expect
        .poll(() => text(popup, 'native-staked'), { timeout: 30_000 })
        .toMatch(/activates at the start of epoch/);
      await wallet.screenshots(popup, 'popup-native-staked');
    });

    it('sees the stake account activate at the epoch boundary, and converts it into the LST of the pool staking there', async () => {
      await popup.getByRole('button', { name: 'Home' }).click();
      const row = popup.getByTestId('stake-account-row');
      await expect.poll(() => row.first().textContent()).toContain('Activating');
      await payingEpoch();
      await popup.reload();
      await expect.poll(() => row.first().textContent()).toContain('Active, earning rewards');
      await row.first().getByRole('button', { name: 'Manage' }).click();
      const offer = popup.getByTestId('convert-offer');
      await expect
        .poll(() => offer.textContent(), { timeout: 20_000 })
        .toContain(`${symbol()} stakes with this validator`);
      await wallet.screenshots(popup, 'popup-stake-account');
      await offer.getByRole('button', { name: `Convert to ${symbol()}` }).click();
      await popup.getByTestId('convert-quote').waitFor();
      await screenButton(popup, 'Convert').click();
      await expect.poll(() => text(popup, 'received'), { timeout: 30_000 }).toContain(symbol());
      const held = await chain.connection.getParsedTokenAccountsByOwner(owner, { mint: pool.mint });
      expect(BigInt(held.value[0]!.account.data.parsed.info.tokenAmount.amount)).toBeGreaterThan(0n);
    });

    it('the shared flow stakes natively too (as Firefox runs it)', async () => {
      await popup.getByRole('button', { name: 'Home' }).click();
      const line = await stakeNativelyFromPopup(asUiPage(popup), 'Alpha Stake', '1.5');
      expect(line).toMatch(/Alpha Stake\. It activates at the start of epoch/);
    });

    it('deactivates, is told once when the epoch turns (the alarm fired, checked on chain), and withdraws from Where is my SOL', async () => {
      await payingEpoch(); // the account staked with Alpha Stake is active
      await popup.reload();
      await expect
        .poll(() => popup.getByTestId('stake-account-row').first().textContent())
        .toContain('Active');
      expect(await deactivateFromPopup(asUiPage(popup))).toMatch(/can be withdrawn from epoch \d+/);
      const worker = await wallet.worker();
      const notifications = () =>
        worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
      const alarm = () =>
        worker.evaluate(async () => (await chrome.alarms.get('tidepool-withdrawable')) ?? null);
      // Home's refresh shows the account unstaking: the alarm is set for the epoch's end as estimated.
      await popup.getByRole('button', { name: 'Home' }).click();
      await expect.poll(alarm).not.toBeNull();
      await popup.getByTestId('waiting-summary').click();
      const later = popup.getByTestId('waiting-item').filter({ hasText: 'unstaking' });
      await expect.poll(() => later.textContent()).toMatch(/From epoch \d+ \(in about/);
      await wallet.screenshots(popup, 'popup-where-is-my-sol-waiting');

      // The alarm fired before the epoch turned: looked at on chain, nothing told.
      const fireAlarm = () =>
        worker.evaluate(() => chrome.alarms.create('tidepool-withdrawable', { when: Date.now() + 50 }));
      await fireAlarm();
      await expect.poll(alarm).toMatchObject({ scheduledTime: expect.any(Number) });
      expect(await notifications()).toEqual([]);

      await payingEpoch();
      await fireAlarm();
      await expect.poll(notifications, { timeout: 15_000 }).toHaveLength(1);
      const [id] = await notifications();
      expect(id).toMatch(new RegExp(`\\|deactivating:\\w+:\\d+$`));
      // Never twice: the alarm again, and another refresh that saw the account before.
      await fireAlarm();
      await expect.poll(alarm).toBeNull(); // it fired, and nothing is left to watch
      await popup.reload();
      await expect
        .poll(() => popup.getByTestId('stake-account-row').first().textContent())
        .toContain('Ready to withdraw'); // the refresh saw the account, now collectable
      expect(await notifications()).toEqual([id]);
      const stored = (await wallet.storage('local')).withdrawalAlerts as {
        notified: string[];
        watched: unknown[];
      };
      expect(stored.notified).toEqual([id]);
      expect(stored.watched).toEqual([]);

      await popup.getByRole('button', { name: 'Home' }).click();
      await popup.getByTestId('waiting-summary').click();
      const ready = popup.getByTestId('waiting-item').filter({ hasText: 'inactive' });
      await expect.poll(() => ready.count()).toBe(1);
      await wallet.screenshots(popup, 'popup-where-is-my-sol-ready');
      const before = await chain.connection.getBalance(owner);
      await ready.getByRole('button', { name: /Withdraw/ }).click();
      await expect
        .poll(() => popup.getByRole('status').first().textContent(), { timeout: 30_000 })
        .toContain('Collected');
      expect(await chain.connection.getBalance(owner)).toBeGreaterThan(before + 1_400_000_000);
    });
  },
);
