// The rates Tidepool observed for each LST, per cluster (every RPC URL of it shares them; what an
// older Tidepool kept under the URL is moved there on first load), so the popup can draw how one token's
// SOL value grew. A point is added only when the rate moved (pools move once an epoch, INF on each
// sync), so the history spans weeks, not the last few refreshes. Bounded: at most MAX_POINTS per
// token (the oldest is kept as the anchor, the next oldest dropped) and MAX_MINTS tokens per network.
// Written only when a point was added or a token's `seen` (which decides the tokens kept past
// MAX_MINTS) is more than SEEN_STEP_MS old: not on every refresh, whose rates mostly did not move.
import type { RatePoint } from '../../shared/staking';
import { moveUrlKeyed, type StorageArea } from '../storage';

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

/** Two series of one cluster (kept under two RPC URLs before): every point of both, in time order, bounded. */
function mergeSeries(kept: RateSeriesByMint, old: RateSeriesByMint): RateSeriesByMint {
  const merged = { ...kept };
  for (const [mint, series] of Object.entries(old)) {
    const was = merged[mint];
    if (!was) {
      merged[mint] = series;
      continue;
    }
    const points = [...was.points, ...series.points].sort((a, b) => a.at - b.at);
    const book = new RateBook({});
    for (const point of points) book.observe(mint, point);
    merged[mint] = { seen: Math.max(was.seen, series.seen), points: book.stored()[mint]!.points };
  }
  return merged;
}

export class RateHistory {
  constructor(private readonly storage: StorageArea<'local'>) {}

  #key = (cluster: string): `lstRates:${string}` => `lstRates:${cluster}`;

  async load(cluster: string, rpcUrl: string): Promise<RateBook> {
    const moved = await moveUrlKeyed<'lstRates:*'>(this.storage, {
      clusterKey: this.#key(cluster),
      urlKey: this.#key(rpcUrl),
      empty: {},
      merge: mergeSeries,
    });
    return new RateBook(moved ?? {});
  }

  async save(cluster: string, book: RateBook): Promise<void> {
    if (book.changed) await this.storage.set(this.#key(cluster), book.stored());
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
