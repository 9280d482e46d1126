// Quotes kept for the click that sends them: by quote id, each for exactly the request it was made
// for, used once, and sent as it is only until it expires (its expiresAt, set with the quote by
// stake-quotes.ts: its blockhash fresh, its figures current). Kept by one network's service, so a
// quote kept on one network is never sent on another.
import type { PublicKey } from '@solana/web3.js';

const KEPT_QUOTES = 16;

interface Expiring {
  quote: { quoteId: string; expiresAt: number };
}

/** What a kept quote is for: the owner and every field of the request, whatever order they came in. */
export const requestKey = (owner: PublicKey, request: object) =>
  `${owner.toBase58()} ${JSON.stringify(Object.entries(request).sort(([a], [b]) => (a < b ? -1 : 1)))}`;

export class KeptQuotes<P extends Expiring> {
  readonly #kept = new Map<string, { key: string; prepared: P }>();

  /** `key` names the request: a click sends the quote only for exactly that request. */
  keep(key: string, prepared: P): void {
    this.#kept.set(prepared.quote.quoteId, { key, prepared });
    while (this.#kept.size > KEPT_QUOTES) this.#kept.delete(this.#kept.keys().next().value!);
  }

  /** The kept quote for exactly this request, not yet expired; taken (used once). */
  take(quoteId: string | undefined, key: string): P | null {
    const kept = quoteId ? this.#kept.get(quoteId) : undefined;
    if (!kept || kept.key !== key) return null;
    this.#kept.delete(quoteId!);
    return Date.now() < kept.prepared.quote.expiresAt ? kept.prepared : null;
  }
}
