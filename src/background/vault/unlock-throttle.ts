// Slows down password guessing: after three wrong passwords each further attempt waits twice as
// long as the last (1 s, 2 s, 4 s … up to 5 minutes). Kept in local storage so restarting the
// service worker does not reset it. An attempt is recorded before the password is tried, and the
// vault runs attempts one at a time, so parallel guesses are counted like sequential ones.
import { WalletError } from '../../shared/errors';
import type { StorageArea } from '../storage';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    unlockFailures: UnlockFailures;
  }
}

const FREE_ATTEMPTS = 3;
const MAX_DELAY_MS = 5 * 60_000;

interface UnlockFailures {
  count: number;
  lastAt: number;
}

export function delayAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(1000 * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_MS);
}

export class UnlockThrottle {
  constructor(
    private readonly storage: StorageArea<'local'>,
    private readonly now: () => number = Date.now,
  ) {}

  async retryAfterMs(): Promise<number> {
    const failures = await this.storage.get('unlockFailures');
    if (!failures) return 0;
    return Math.max(0, failures.lastAt + delayAfter(failures.count) - this.now());
  }

  async check(): Promise<void> {
    const wait = await this.retryAfterMs();
    if (wait > 0)
      throw new WalletError(
        'rate_limited',
        `Too many wrong passwords. Try again in ${Math.ceil(wait / 1000)} s.`,
      );
  }

  /**
   * Counts an attempt as failed before the password is tried (a success clears it). The caller
   * runs attempts one at a time, so each sees the count the one before it recorded.
   */
  async attempted(): Promise<number> {
    const previous = (await this.storage.get('unlockFailures'))?.count ?? 0;
    await this.storage.set('unlockFailures', { count: previous + 1, lastAt: this.now() });
    return previous + 1;
  }

  async succeeded(): Promise<void> {
    await this.storage.remove('unlockFailures');
  }
}
