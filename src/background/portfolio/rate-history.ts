// The rates Tidepool observed for each LST, per network, so the popup can draw how one token's
// SOL value grew. A point is added only when the rate moved (pools move once an epoch, INF on each
// sync), so the history spans weeks, not the last few refreshes. Bounded: at most MAX_POINTS per
// token (the oldest is kept as the anchor, the next oldest dropped) and MAX_MINTS tokens per network.
// Written only when a point was added or a token's `seen` (which decides the tokens kept past
// MAX_MINTS) is more than SEEN_STEP_MS old: not on every refresh, whose rates mostly did not move.
import type { RatePoint } from '../../shared/staking';
import type { StorageArea } from '../storage';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'lstRates:*': RateSeriesByMint;
  }
}

export const MAX_POINTS = 32;
const MAX_MINTS = 300;
/** How stale a stored `seen` may grow before it is written again (it only orders tokens for eviction). */
export const SEEN_STEP_MS = 3600 * 1000;

interface Series {
  seen: number;
  points: RatePoint[];
}
export type RateSeriesByMint = Record<string, Series>;

export class RateHistory {
  constructor(private readonly storage: StorageArea<'local'>) {}

  #key = (rpcUrl: string): `lstRates:${string}` => `lstRates:${rpcUrl}`;

  async load(rpcUrl: string): Promise<RateBook> {
    return new RateBook((await this.storage.get(this.#key(rpcUrl))) ?? {});
  }

  async save(rpcUrl: string, book: RateBook): Promise<void> {
    if (book.changed) await this.storage.set(this.#key(rpcUrl), book.stored());
  }
}

export class RateBook {
  changed = false;
  constructor(private readonly series: RateSeriesByMint) {}

  /** Adds `point` if the rate moved since the last one; returns the token's history (oldest first). */
  observe(mint: string, point: RatePoint): RatePoint[] {
    const series = this.series[mint] ?? { seen: point.at, points: [] };
    if (point.at - series.seen >= SEEN_STEP_MS) this.changed = true;
    series.seen = point.at;
    const last = series.points[series.points.length - 1];
    if (!last || last.lamportsPerToken !== point.lamportsPerToken) {
      series.points.push(point);
      if (series.points.length > MAX_POINTS) series.points.splice(1, 1);
      this.changed = true;
    }
    this.series[mint] = series;
    return [...series.points];
  }

  stored(): RateSeriesByMint {
    const kept = Object.entries(this.series)
      .sort(([, a], [, b]) => b.seen - a.seen)
      .slice(0, MAX_MINTS);
    return Object.fromEntries(kept);
  }
}
