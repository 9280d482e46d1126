// Native staking in real Firefox ESR, with the shared flows the Chromium suite runs: pick a
// validator from the localnet's own list and stake natively, deactivate, and be told exactly once,
// through the notifications API of the extension (the event page's), when the epoch has turned
// and the alarm's handler (fired by setting the alarm due) has checked the chain.
import { PublicKey } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until, type UiPage } from '../support/driver';
import { launchFirefoxWallet, type FirefoxWallet } from '../support/firefox';
import { fundedOn } from '../support/flows';
import { startTestChain, type TestChain } from '../support/localnet';
import { deactivateFromPopup, onboard, stakeNativelyFromPopup } from '../support/shared-flows';
import { SOL } from '../support/staking';
import { createValidators } from '../support/validators';

declare const browser: {
  notifications: {
    getAll(): Promise<Record<string, unknown>>;
    onShown: { addListener(listener: (id: string) => void): void };
    onClosed: { addListener(listener: (id: string) => void): void };
  };
  alarms: { create(name: string, info: { when: number }): void; get(name: string): Promise<unknown> };
};

describe('Firefox: native staking and the withdrawal notification', () => {
  let chain: TestChain;
  let wallet: FirefoxWallet;
  let popup: UiPage;
  const payingEpoch = () => chain.rpc('localnet_advanceEpoch', [{ epochRewardsLamports: '100000000' }]);
  /**
   * The notifications Tidepool created, as the extension's notifications API reports them to this
   * page: shown, or closed (headless Firefox has no alert service, so it closes them at once and
   * getAll() no longer lists them), each id once.
   */
  const events = () =>
    popup.evaluate(async () => {
      const seen = (globalThis as never as { seen?: string[] }).seen ?? [];
      const open = Object.keys(await browser.notifications.getAll()).map((id) => `open ${id}`);
      return [...seen, ...open];
    }, null);
  const notifications = async () => [...new Set((await events()).map((e) => e.split(' ')[1]!))];
  const listen = () =>
    popup.evaluate(() => {
      const page = globalThis as never as { seen: string[] };
      page.seen = [];
      browser.notifications.onShown.addListener((id) => page.seen.push(`shown ${id}`));
      browser.notifications.onClosed.addListener((id) => page.seen.push(`closed ${id}`));
    }, null);
  /** The alarm's time, or null when none is set. */
  const alarmAt = () =>
    popup.evaluate(
      async () =>
        ((await browser.alarms.get('tidepool-withdrawable')) as { scheduledTime: number } | undefined)
          ?.scheduledTime ?? null,
      null,
    );
  /** Fires the alarm now; returns the time it was set for. */
  const fireAlarm = () =>
    popup.evaluate(() => {
      const when = Date.now() + 50;
      browser.alarms.create('tidepool-withdrawable', { when });
      return when;
    }, null);

  beforeAll(async () => {
    chain = await startTestChain();
    await createValidators(chain, [
      {
        commissionBps: 500,
        creditsPerEpoch: 400_000,
        stake: String(100n * SOL),
        info: { name: 'Alpha Stake' },
      },
      {
        commissionBps: 800,
        creditsPerEpoch: 380_000,
        stake: String(40n * SOL),
        info: { name: 'Beta Nodes' },
      },
    ]);
    await payingEpoch();
    wallet = await launchFirefoxWallet();
  });
  afterAll(async () => {
    await wallet?.close();
    await chain?.close();
  });

  it('stakes natively to a validator picked from the chain’s list', async () => {
    ({ popup } = await onboard(wallet));
    const owner = await fundedOn(popup, chain, 10);
    expect(await stakeNativelyFromPopup(popup, 'Beta Nodes', '2')).toMatch(
      /Beta Nodes\. It activates at the start of epoch/,
    );
    await popup.audit('firefox-popup-native-staked');
    const accounts = await chain.connection.getParsedProgramAccounts(
      new PublicKey('Stake11111111111111111111111111111111111111'),
      { filters: [{ memcmp: { offset: 44, bytes: owner.toBase58() } }] },
    );
    expect(accounts).toHaveLength(1);
  });

  it('deactivates, and is told once the epoch has turned', async () => {
    await payingEpoch();
    await popup.reload();
    await until('the account to be active', async () =>
      (await popup.text({ testId: 'stake-account-row' })).includes('Active'),
    );
    expect(await deactivateFromPopup(popup)).toMatch(/can be withdrawn from epoch \d+/);
    await popup.click({ role: 'button', name: 'Home' });
    await until('the alarm to be set', async () => (await alarmAt()) !== null);
    await listen();
    const fired = await fireAlarm(); // before the epoch turned: nothing to tell
    // Set again for later once it has looked on chain (the look tells before it sets the alarm).
    await until('the alarm to be set again', async () => ![null, fired].includes(await alarmAt()));
    expect(await notifications()).toEqual([]);
    await payingEpoch();
    await fireAlarm();
    await until('one notification', async () => (await notifications()).length === 1, 15_000);
    await fireAlarm();
    await until('the alarm to have fired, nothing left to watch', async () => (await alarmAt()) === null);
    const shown = await notifications();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/\|deactivating:\w+:\d+$/);
    // Created once: no kind of event about it came twice.
    const seen = await events();
    expect(new Set(seen).size).toBe(seen.length);
  });
});
