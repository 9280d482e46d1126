// The vault under concurrent calls, with real WebCrypto (Node's) over the named in-memory fake of
// chrome.storage: parallel password guesses are counted one by one, and a password change racing
// another vault write still leaves the vault under the new password.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { delayAfter } from '../../src/background/vault/unlock-throttle';
import { Vault } from '../../src/background/vault/vault';
import { MemoryStorage } from '../support/memory-storage';

const ABANDON =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const PASSWORD = 'correct-Horse-9';
const NEW_PASSWORD = 'New-password-2';
const FAST = 2_000; // KDF iterations: these tests are about ordering, not the KDF
const MAIN = 'HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk';

/** The in-memory FAKE of chrome.storage, able to hold vault writes until the test lets them land. */
class HeldWritesStorage extends MemoryStorage {
  holding = false;
  readonly held: (() => void)[] = [];
  /** The most vault writes ever waiting at once: 1 means they never overlapped. */
  maxHeld = 0;

  protected override async writeRaw(items: Record<string, unknown>): Promise<void> {
    if (this.holding && 'vault' in items) {
      await new Promise<void>((release) => {
        this.held.push(release);
        this.maxHeld = Math.max(this.maxHeld, this.held.length);
      });
    }
    return super.writeRaw(items);
  }
}

/** Waits until `condition` holds or `ms` pass (the fixed vault never reaches it: that is the point). */
async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('vault concurrency', () => {
  it('40 parallel wrong unlocks: only the free attempts derive a key, the rest are rate_limited', async () => {
    const now = 1_000_000; // the clock stands still: no wait ever elapses during the burst
    const local = new MemoryStorage();
    const vault = new Vault({ local, session: new MemoryStorage(), iterations: FAST, now: () => now });
    await vault.importPhrase(ABANDON, PASSWORD);
    await vault.lock();
    const derive = vi.spyOn(crypto.subtle, 'deriveKey');

    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => vault.unlock(`wrong-guess-${i}`)),
    );
    const codes = results.map((r) =>
      r.status === 'rejected' ? (r.reason as { code: string }).code : 'unlocked',
    );
    expect(codes.filter((c) => c === 'wrong_password')).toHaveLength(3);
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(37);
    expect(derive).toHaveBeenCalledTimes(3);
    expect(await vault.retryAfterMs()).toBe(delayAfter(3));
    // The right password, guessed in the same burst, is refused too: the throttle does not know it is right.
    await expect(vault.unlock(PASSWORD)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await vault.status()).toBe('locked');
  });

  it('counts a guess before deriving: an attempt is on record while its key is still being derived', async () => {
    const local = new MemoryStorage();
    const vault = new Vault({ local, session: new MemoryStorage(), iterations: FAST });
    await vault.importPhrase(ABANDON, PASSWORD);
    await vault.lock();
    let recordedDuringDerive: unknown;
    const original = crypto.subtle.deriveKey.bind(crypto.subtle);
    vi.spyOn(crypto.subtle, 'deriveKey').mockImplementation(
      (...args: Parameters<SubtleCrypto['deriveKey']>) => {
        recordedDuringDerive = local.data.get('unlockFailures');
        return original(...args);
      },
    );
    await expect(vault.unlock('wrong-guess-1')).rejects.toMatchObject({
      code: 'wrong_password',
      message: /1 failed try/,
    });
    expect(recordedDuringDerive).toMatchObject({ count: 1 });
    await vault.unlock(PASSWORD);
    expect(local.data.has('unlockFailures')).toBe(false);
  });

  it('a password change racing an account rename: the vault ends under the new password, with the rename', async () => {
    const local = new HeldWritesStorage();
    const session = new MemoryStorage();
    const vault = new Vault({ local, session, iterations: FAST });
    await vault.importPhrase(ABANDON, PASSWORD);

    local.holding = true;
    const renamed = vault.mutate((k) => k.rename(MAIN, 'Savings'));
    const changed = vault.changePassword(PASSWORD, NEW_PASSWORD);
    // Unserialized, both writes end up waiting here; serialized, only the rename's ever does.
    await until(() => local.held.length === 2, 1_500);
    local.holding = false;
    // Land the newest write first: an interleaved rename (encrypted under the old key) lands last.
    for (const release of local.held.splice(0).reverse()) {
      release();
      await new Promise((r) => setTimeout(r, 0));
    }
    await Promise.all([renamed, changed]);

    const fresh = new Vault({ local, session: new MemoryStorage(), iterations: FAST });
    await expect(fresh.unlock(PASSWORD)).rejects.toMatchObject({ code: 'wrong_password' });
    await fresh.unlock(NEW_PASSWORD);
    expect(fresh.accounts()[0]).toMatchObject({ address: MAIN, name: 'Savings' });
    // The key parked for a worker restart opens what was stored.
    expect(await new Vault({ local, session, iterations: FAST }).status()).toBe('unlocked');
    expect(local.maxHeld).toBe(1);
  });

  it('a lock while a password change is being saved: the new password is saved, the wallet stays locked', async () => {
    const local = new HeldWritesStorage();
    const session = new MemoryStorage();
    const vault = new Vault({ local, session, iterations: FAST });
    await vault.importPhrase(ABANDON, PASSWORD);
    local.holding = true;
    const changed = vault.changePassword(PASSWORD, NEW_PASSWORD);
    await until(() => local.held.length === 1, 5_000);
    await vault.lock();
    local.holding = false;
    local.held.splice(0).forEach((release) => release());
    await changed;
    expect(await vault.status()).toBe('locked');
    expect(session.data.size).toBe(0);
    expect(await new Vault({ local, session, iterations: FAST }).status()).toBe('locked');
    await vault.unlock(NEW_PASSWORD);
  });

  it('writes queued behind a password change all land, in order, under the new key', async () => {
    const local = new MemoryStorage();
    const vault = new Vault({ local, session: new MemoryStorage(), iterations: FAST });
    await vault.importPhrase(ABANDON, PASSWORD);
    const jobs = [
      vault.mutate((k) => k.addDerived(undefined, 'Second')),
      vault.changePassword(PASSWORD, NEW_PASSWORD),
      vault.mutate((k) => k.addDerived(undefined, 'Third')),
      vault.mutate((k) => k.rename(MAIN, 'Main account')),
    ];
    await Promise.all(jobs);
    const fresh = new Vault({ local, session: new MemoryStorage(), iterations: FAST });
    await fresh.unlock(NEW_PASSWORD);
    expect(fresh.accounts().map((a) => a.name)).toEqual(['Main account', 'Second', 'Third']);
  });
});
