// The auto-lock's check before every request (background/vault/auto-lock.ts) over a real vault, with
// a FAKE of chrome.alarms (the alarms API cannot run in Node; tests/e2e/vault.test.ts and
// adversarial-vault.test.ts drive the real one). The worker reads its alarm once, then knows the
// deadline itself: a request past it locks without asking the browser, and a person's act moves it.
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** FAKE chrome.alarms: one map of scheduled times, the onAlarm listeners, and a count of reads. */
const alarms = vi.hoisted(() => {
  const scheduled = new Map<string, number>();
  const listeners: ((alarm: { name: string; scheduledTime: number }) => void)[] = [];
  let held: Promise<void> | null = null;
  return {
    scheduled,
    reads: 0,
    /** Holds the next reads until the returned function is called. */
    hold(): () => void {
      let release = () => {};
      held = new Promise((resolve) => (release = resolve));
      return () => {
        held = null;
        release();
      };
    },
    api: {
      async get(name: string) {
        alarms.reads++;
        const at = scheduled.get(name);
        if (held) await held;
        return at === undefined ? undefined : { name, scheduledTime: at };
      },
      async create(name: string, { when }: { when: number }) {
        scheduled.set(name, when);
      },
      async clear(name: string) {
        return scheduled.delete(name);
      },
      onAlarm: { addListener: (l: (typeof listeners)[number]) => listeners.push(l) },
    },
  };
});
vi.mock('webextension-polyfill', () => ({ default: { alarms: alarms.api } }));

const { AutoLock } = await import('../../src/background/vault/auto-lock');
const { Vault } = await import('../../src/background/vault/vault');
const { SettingsStore } = await import('../../src/background/settings/settings');
const { MemoryStorage } = await import('../support/memory-storage');

const ALARM = 'tidepool-autolock';
const PHRASE =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

async function unlockedWallet() {
  const local = new MemoryStorage();
  const vault = new Vault({ local, session: new MemoryStorage(), iterations: 2_000 });
  const autoLock = new AutoLock(vault, new SettingsStore(local));
  autoLock.install();
  await vault.importPhrase(PHRASE, 'correct-Horse-9');
  // Unlocking sets the deadline (onUnlock → touch), as a person's act does.
  await vi.waitFor(() => expect(alarms.scheduled.has(ALARM)).toBe(true));
  await vi.waitFor(() => expect(alarms.reads).toBe(1));
  return { vault, autoLock };
}

beforeEach(() => {
  alarms.scheduled.clear();
  alarms.reads = 0;
});

describe('auto-lock before each request', () => {
  it('knows the deadline it set: ten requests ask the browser nothing and stay unlocked', async () => {
    const { vault, autoLock } = await unlockedWallet();
    alarms.reads = 0;
    for (let i = 0; i < 10; i++) await autoLock.enforce();
    expect(alarms.reads).toBe(0);
    expect(await vault.status()).toBe('unlocked');
  });

  it('a new worker reads the alarm once, then locks past its deadline without asking again', async () => {
    const { vault } = await unlockedWallet();
    const restarted = new AutoLock(vault, new SettingsStore(new MemoryStorage())); // a new worker's
    alarms.scheduled.set(ALARM, Date.now() + 60_000);
    alarms.reads = 0;
    await restarted.enforce();
    await restarted.enforce();
    expect(alarms.reads).toBe(1);
    expect(await vault.status()).toBe('unlocked');
    vi.useFakeTimers({ now: Date.now() + 61_000, toFake: ['Date'] });
    try {
      await restarted.enforce(); // the alarm has not been delivered: the request itself locks
    } finally {
      vi.useRealTimers();
    }
    expect(await vault.status()).toBe('locked');
    expect(alarms.reads).toBe(1);
  });

  it('a lock forgets the deadline: after unlocking again the new one holds', async () => {
    const { vault, autoLock } = await unlockedWallet();
    await vault.lock();
    expect(alarms.scheduled.has(ALARM)).toBe(false);
    await autoLock.enforce();
    await vault.unlock('correct-Horse-9');
    await vi.waitFor(() => expect(alarms.scheduled.get(ALARM)).toBeGreaterThan(Date.now() + 14 * 60_000));
    await vi.waitFor(() => expect(alarms.reads).toBe(2));
    await autoLock.enforce();
    expect(await vault.status()).toBe('unlocked');
  });

  it('a first read overtaken by a person’s act does not bring back the older deadline', async () => {
    const { vault } = await unlockedWallet();
    const restarted = new AutoLock(vault, new SettingsStore(new MemoryStorage()));
    alarms.scheduled.set(ALARM, Date.now() + 1_000); // the old deadline, about to pass
    const release = alarms.hold();
    const firstCheck = restarted.enforce(); // reads the old deadline, answered after the touch
    const touched = restarted.touch(); // a click: 15 minutes from now
    await vi.waitFor(() => expect(alarms.scheduled.get(ALARM)).toBeGreaterThan(Date.now() + 14 * 60_000));
    release();
    await Promise.all([firstCheck, touched]);
    vi.useFakeTimers({ now: Date.now() + 5_000, toFake: ['Date'] });
    try {
      await restarted.enforce();
    } finally {
      vi.useRealTimers();
    }
    expect(await vault.status()).toBe('unlocked');
  });
});
