// The withdrawal alerts against the localnet: a deactivation the popup's refresh showed is watched
// with the estimated end of the epoch; the alarm's handler (fired directly: the browser's alarms
// cannot run in Node) looks again on the chain, tells nothing while the epoch has not turned, then
// exactly one notification once the account is withdrawable, never again; nothing while the setting
// is off; and nothing for SOL already collected. The browser's side is a FAKE (named so): it records
// the notifications and the alarm it was asked for; tests/e2e runs the real one.
import { PublicKey, type Keypair } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertPorts } from '../../src/background/browser-alerts';
import { WithdrawalAlerts } from '../../src/background/withdrawal-alerts';
import { stakeAccountsWaiting } from '../../src/shared/waiting';
import { startTestChain, type TestChain } from '../support/localnet';
import { MemoryStorage } from '../support/memory-storage';
import { SOL, engineFor } from '../support/staking';
import { createValidators } from '../support/validators';

/** FAKE browser alarms and notifications: what was asked of them, and the handler to fire by hand. */
function fakePorts() {
  const fake = {
    notifications: [] as { id: string; title: string; message: string }[],
    alarm: null as number | null,
    fire: (() => {}) as () => void,
  };
  const ports: AlertPorts = {
    notify: async (id, title, message) => void fake.notifications.push({ id, title, message }),
    schedule: async (when) => void (fake.alarm = when),
    onAlarm: (handler) => void (fake.fire = handler),
  };
  return { fake, ports };
}

describe('withdrawal alerts', () => {
  let chain: TestChain;
  let user: Keypair;
  let engine: ReturnType<typeof engineFor>;
  let vote: string;
  let enabled = true;
  const storage = new MemoryStorage();
  const { fake, ports } = fakePorts();
  let alerts: WithdrawalAlerts;

  beforeAll(async () => {
    chain = await startTestChain();
    user = await chain.funded(50);
    engine = engineFor(chain, user);
    const [validator] = await createValidators(chain, [
      { commissionBps: 500, creditsPerEpoch: 400_000, stake: String(100n * SOL) },
    ]);
    vote = validator!.votePubkey;
    alerts = new WithdrawalAlerts(
      storage,
      ports,
      () => engine.rpc,
      async () => enabled,
    );
    alerts.install();
  });
  afterAll(() => chain?.close());

  /** What the popup's refresh hands the alerts (stakingHandlers' portfolio:get does this). */
  async function refreshAndWatch() {
    const p = await engine.portfolio.refresh(user.publicKey.toBase58());
    const items = stakeAccountsWaiting(p.stakeAccounts, {
      epoch: p.epoch,
      endsInMs: p.epochEndsInMs,
      epochMs: null,
    });
    await alerts.watch(engine.network, p.owner, items, p.fetchedAt);
    return p;
  }
  /** Fires the alarm's handler, as the browser would, and waits for it to settle. */
  async function fire() {
    fake.fire();
    await alerts.rearm(); // queued behind the handler's own change
  }

  async function deactivated(): Promise<string> {
    const { quote } = await engine.native.execute(user.publicKey, {
      kind: 'stake',
      voter: vote,
      lamports: String(2n * SOL),
    });
    await chain.advanceEpoch();
    const address = quote.created!.address;
    await engine.native.execute(user.publicKey, { kind: 'deactivate', stakeAccount: address });
    return address;
  }

  it('tells once, after the epoch turns, that a deactivated stake account can be withdrawn', async () => {
    const address = await deactivated();
    const before = Date.now();
    const p = await refreshAndWatch();
    const endsInMs = p.epochEndsInMs!;
    expect(endsInMs).not.toBeNull();
    // The alarm is set for the end of the epoch as estimated.
    expect(fake.alarm).toBeGreaterThanOrEqual(before + endsInMs - 1_000);
    expect(fake.alarm).toBeLessThanOrEqual(Date.now() + endsInMs);

    // Fired early (the epoch has not turned): looked at on the chain, nothing told, timed again.
    await fire();
    expect(fake.notifications).toEqual([]);
    expect(fake.alarm).not.toBeNull();

    await chain.advanceEpoch();
    await fire();
    expect(fake.notifications).toEqual([
      {
        id: `${engine.network.rpcUrl}|${user.publicKey.toBase58()}|deactivating:${address}:${p.epoch + 1}`,
        title: 'SOL ready to withdraw',
        message: expect.stringMatching(
          /^2\.0022 SOL in stake account \w{4}…\w{4} can be withdrawn now \(test, account/,
        ),
      },
    ]);
    expect(fake.alarm).toBeNull(); // nothing left to wait for

    // Never again: another firing, and the same event shown again by an old refresh.
    await fire();
    await alerts.watch(
      engine.network,
      user.publicKey.toBase58(),
      stakeAccountsWaiting(p.stakeAccounts, { epoch: p.epoch, endsInMs: p.epochEndsInMs, epochMs: null }),
      p.fetchedAt,
    );
    await fire();
    expect(fake.notifications).toHaveLength(1);
  });

  it('tells nothing while the setting is off, and nothing of SOL already collected', async () => {
    fake.notifications.length = 0;
    const off = await deactivated();
    await refreshAndWatch();
    enabled = false;
    await alerts.rearm();
    expect(fake.alarm).toBeNull();
    await chain.advanceEpoch();
    await fire();
    expect(fake.notifications).toEqual([]);

    enabled = true;
    await alerts.rearm();
    expect(fake.alarm).not.toBeNull();
    // Withdrawn before the alarm fires: the account is gone, so there is nothing to tell.
    const all = String(await chain.connection.getBalance(new PublicKey(off)));
    await engine.native.execute(user.publicKey, { kind: 'withdraw', stakeAccount: off, lamports: all });
    await fire();
    expect(fake.notifications).toEqual([]);
    expect(fake.alarm).toBeNull();
  });
});
