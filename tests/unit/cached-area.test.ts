// The worker's cache of the keys it alone writes (background/cached-area.ts): read from storage
// once, written through, forgotten when a write fails, never replaced by a read a write overtook.
import { describe, expect, it } from 'vitest';
import { CachedArea } from '../../src/background/cached-area';
import { MemoryStorage } from '../support/memory-storage';

const RATES = 'lstRates:http://127.0.0.1:8899' as const;
const point = (lamportsPerToken: string) => ({ at: 1, epoch: 7, lamportsPerToken });
const rates = (lamportsPerToken: string) => ({ Mint1: { seen: 1, points: [point(lamportsPerToken)] } });

/** Counts the raw reads; a read can be held until `release()`. */
class CountingStorage extends MemoryStorage {
  reads = 0;
  #held: Promise<void> | null = null;
  release = () => {};

  hold(): void {
    this.#held = new Promise((resolve) => (this.release = resolve));
  }

  protected override async readRaw(keys: string[]): Promise<Record<string, unknown>> {
    this.reads++;
    const items = await super.readRaw(keys);
    if (this.#held) await this.#held;
    return items;
  }
}

function cached() {
  const storage = new CountingStorage();
  return { storage, area: new CachedArea(storage, ['lstRates:*', 'delayedUnstakes']) };
}

describe('CachedArea', () => {
  it('reads a cached key from storage once, then from memory', async () => {
    const { storage, area } = cached();
    await storage.set(RATES, rates('1000'));
    expect(await area.get(RATES)).toEqual(rates('1000'));
    expect(await area.get(RATES)).toEqual(rates('1000'));
    expect(await area.get(RATES)).toEqual(rates('1000'));
    expect(storage.reads).toBe(1);
  });

  it('remembers that a key is absent too', async () => {
    const { storage, area } = cached();
    expect(await area.get('delayedUnstakes')).toBeUndefined();
    expect(await area.get('delayedUnstakes')).toBeUndefined();
    expect(storage.reads).toBe(1);
  });

  it('hands out copies: changing what was read or written changes nothing cached', async () => {
    const { area } = cached();
    const written = rates('1000');
    await area.set(RATES, written);
    written.Mint1.points[0]!.lamportsPerToken = 'changed after the write';
    const read = await area.get(RATES);
    read!.Mint1!.points.push(point('changed by a reader'));
    expect(await area.get(RATES)).toEqual(rates('1000'));
  });

  it('writes through to storage, and the next read needs no storage read', async () => {
    const { storage, area } = cached();
    await area.set(RATES, rates('1001'));
    expect(await storage.get(RATES)).toEqual(rates('1001'));
    const before = storage.reads;
    expect(await area.get(RATES)).toEqual(rates('1001'));
    expect(storage.reads).toBe(before);
  });

  it('a write that fails leaves storage as it was and forgets the copy', async () => {
    const { storage, area } = cached();
    await area.set(RATES, rates('1000'));
    storage.failWrites = true;
    await expect(area.set(RATES, rates('2000'))).rejects.toThrow(/Could not save/);
    storage.failWrites = false;
    const before = storage.reads;
    expect(await area.get(RATES)).toEqual(rates('1000'));
    expect(storage.reads).toBe(before + 1);
  });

  it('a read overtaken by a write does not replace the newer copy', async () => {
    const { storage, area } = cached();
    await storage.set(RATES, rates('1000'));
    storage.hold();
    const slowRead = area.get(RATES); // reads 1000, answers after the write below
    await area.set(RATES, rates('2000'));
    storage.release();
    expect(await slowRead).toEqual(rates('1000'));
    expect(await area.get(RATES)).toEqual(rates('2000'));
  });

  it('setAll and remove keep the copies in step', async () => {
    const { storage, area } = cached();
    await area.setAll({ key: RATES, value: rates('3000') }, { key: 'delayedUnstakes', value: [] });
    expect(await area.get(RATES)).toEqual(rates('3000'));
    await area.remove(RATES);
    expect(await area.get(RATES)).toBeUndefined();
    expect(await storage.get(RATES)).toBeUndefined();
  });

  it('passes a key it does not cache straight through to storage', async () => {
    const { storage, area } = cached();
    await area.set('settings', { network: 'devnet', autoLockMinutes: 15 });
    await area.get('settings');
    await area.get('settings');
    expect(storage.reads).toBe(2);
  });
});
