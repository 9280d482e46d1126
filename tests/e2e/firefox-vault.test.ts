// Keys in real Firefox ESR (dist/firefox, the background as an event page): onboarding, a wrong
// password refused, unlock; the wallet stays unlocked when Firefox unloads the event page (the
// session key lives in storage.session, not in the page's memory) and stays locked after Lock;
// the auto-lock alarm wakes an unloaded event page and locks; no secret lands in storage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/driver';
import { launchFirefoxWallet, type FirefoxWallet } from '../support/firefox';
import { LOCK, PASSWORD, unlock } from '../support/flows';
import { lockThenUnlock, onboard, popupState } from '../support/shared-flows';

describe('Firefox: the vault', () => {
  let wallet: FirefoxWallet;
  let words: string[] = [];
  const backgroundState = () => wallet.backgroundState();

  beforeAll(async () => {
    wallet = await launchFirefoxWallet();
  });
  afterAll(() => wallet?.close());

  it('creates a wallet from a new phrase, confirmed word by word', async () => {
    const { popup, words: phrase } = await onboard(wallet);
    words = phrase;
    expect(words).toHaveLength(12);
    expect(await popup.text({ testId: 'active-address' })).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    await popup.audit('home');
    await popup.close();
  });

  it('locks, refuses a wrong password with a clear error, and unlocks', async () => {
    const { popup, state } = await popupState(wallet);
    expect(state).toBe('unlocked');
    expect(await lockThenUnlock(popup)).toMatch(/Wrong password \(1 failed try\)/);
    await popup.close();
  });

  it('stays unlocked after Firefox unloads the event page, and locks for good after Lock', async () => {
    const before = (await wallet.storage('session')).vaultKey;
    expect(before).toBeDefined();
    await wallet.stopBackground();
    expect(await backgroundState()).toBe('stopped');
    const { popup, state } = await popupState(wallet); // the popup's first message starts a new event page
    expect(state).toBe('unlocked');
    expect(await backgroundState()).toBe('running');

    await popup.click(LOCK);
    await popup.waitFor({ role: 'button', name: 'Unlock' });
    await wallet.stopBackground();
    const after = await popupState(wallet);
    expect(after.state).toBe('locked');
    expect((await wallet.storage('session')).vaultKey).toBeUndefined();
    await unlock(after.popup);
    await after.popup.close();
    await popup.close();
  });

  it('auto-locks when the idle alarm fires: the alarm itself wakes the unloaded event page', async () => {
    const { popup, state } = await popupState(wallet);
    expect(state).toBe('unlocked');
    // The alarm is the real one the wallet set; only its time is brought forward.
    const scheduled = await popup.evaluate(
      async () => (await browser.alarms.get('tidepool-autolock'))?.scheduledTime,
      null,
    );
    expect(scheduled).toBeGreaterThan(Date.now() + 14 * 60_000);
    const due = Date.now() + 5_000;
    await popup.evaluate((when) => browser.alarms.create('tidepool-autolock', { when }), due);
    await popup.close();
    await wallet.stopBackground();
    expect(Date.now()).toBeLessThan(due); // unloaded before the alarm was due, or this proves nothing
    // No page asks anything: only the alarm can start the event page again, and it locks.
    await until(
      'the alarm to start the event page',
      async () => (await backgroundState()) === 'running',
      30_000,
    );
    await until(
      'the vault key to leave storage.session',
      async () => (await wallet.storage('session')).vaultKey === undefined,
    );
    const after = await popupState(wallet);
    expect(after.state).toBe('locked');
    await unlock(after.popup);
    await after.popup.close();
  });

  it('keeps the password and the phrase out of storage', async () => {
    for (const text of [
      JSON.stringify(await wallet.storage('local')),
      JSON.stringify(await wallet.storage('session')),
    ]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(words.join(' '));
    }
  });
});

declare const browser: typeof chrome;
