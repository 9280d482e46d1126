// Quotes kept for the click that sends them: by quote id, each for exactly the request it was made
// for, used once, and sent as it is only until it expires (its expiresAt, set with the quote by
// stake-quotes.ts: its blockhash fresh, its figures current) and only if it carries exactly the
// guarantee the person was shown. Kept by one network's service, so a quote kept on one network is
// never sent on another.
import type { PublicKey } from '@solana/web3.js';
import { heldTo, type Guarantee } from '../../shared/guarantee';
import type { ApprovedMinimum } from './guarantee';

const KEPT_QUOTES = 16;

interface Keepable {
  /** `guarantee`: what the quote's transaction is held to (absent: a quote that promises no minimum). */
  quote: { quoteId: string; expiresAt: number; guarantee?: Guarantee | null };
}

/** What a kept quote is for: the owner and every field of the request, whatever order they came in. */
export const requestKey = (owner: PublicKey, request: object) =>
  `${owner.toBase58()} ${JSON.stringify(Object.entries(request).sort(([a], [b]) => (a < b ? -1 : 1)))}`;

export class KeptQuotes<P extends Keepable> {
  readonly #kept = new Map<string, { key: string; prepared: P }>();

  /** `key` names the request: a click sends the quote only for exactly that request. */
  keep(key: string, prepared: P): void {
    this.#kept.set(prepared.quote.quoteId, { key, prepared });
    while (this.#kept.size > KEPT_QUOTES) this.#kept.delete(this.#kept.keys().next().value!);
  }

  /**
   * The kept quote for exactly this request, not yet expired, holding the `approved` minimum (when
   * one is given) exactly; taken (used once). Null: the caller quotes afresh.
   */
  take(quoteId: string | undefined, key: string, approved?: ApprovedMinimum): P | null {
    const kept = quoteId ? this.#kept.get(quoteId) : undefined;
    if (!kept || kept.key !== key) return null;
    this.#kept.delete(quoteId!);
    const { expiresAt, guarantee: g } = kept.prepared.quote;
    if (Date.now() >= expiresAt) return null;
    if (!approved) return kept.prepared;
    const carried =
      !!g && heldTo(g) === approved.minimum.toString() && (g.kind === 'enforced') === approved.enforced;
    return carried ? kept.prepared : null;
  }
}
