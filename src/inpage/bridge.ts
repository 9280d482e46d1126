// The page's side of the relay: numbered requests out, answers matched back by id, events to
// listeners. Runs in the page's world, so it holds nothing but public data.
import {
  PAGE_CHANNEL,
  type DappEvent,
  type DappMethod,
  type DappParams,
  type DappResult,
  type WalletToPage,
} from '../shared/dapp-protocol';
import type { ErrorCode, ErrorContext, WireError } from '../shared/errors';

/**
 * Codes a dApp can branch on, in the EIP-1193 style wallet adapters understand. The codes split out
 * of invalid_input (not_found … blocked) keep its -32602, the number dApps already branch on;
 * `reason` names the precise code.
 */
const NUMERIC_CODE: Partial<Record<ErrorCode, number>> = {
  user_rejected: 4001,
  unauthorized: 4100,
  locked: 4100,
  invalid_request: -32602,
  invalid_input: -32602,
  timeout: 4900,
  internal: -32603,
  not_found: -32602,
  not_pending: -32602,
  forbidden_account: -32602,
  stale: -32602,
  not_ready: -32602,
  blocked: -32602,
};

class TidepoolError extends Error {
  readonly code: number;
  readonly reason: ErrorCode;
  /** More on what happened, for the codes that carry it (errors.ts, ErrorContext). */
  readonly context: ErrorContext[keyof ErrorContext] | undefined;
  constructor(error: WireError) {
    super(error.message);
    this.name = error.code === 'user_rejected' ? 'WalletUserRejectedError' : 'TidepoolError';
    this.reason = error.code;
    this.context = 'context' in error ? error.context : undefined;
    this.code = NUMERIC_CODE[error.code] ?? -32000;
  }
}

export class PageBridge {
  readonly #unanswered = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly #listeners = new Set<(event: DappEvent) => void>();
  readonly #target = location.origin === 'null' ? '*' : location.origin;

  constructor() {
    window.addEventListener('message', (event: MessageEvent) => {
      if (event.source !== window) return;
      const data = event.data as WalletToPage | null;
      if (!data || data.channel !== PAGE_CHANNEL || data.from !== 'wallet') return;
      if ('event' in data) {
        for (const listener of this.#listeners) listener(data);
        return;
      }
      const waiting = this.#unanswered.get(data.id);
      if (!waiting) return;
      this.#unanswered.delete(data.id);
      if (data.response?.ok) waiting.resolve(data.response.result);
      else
        waiting.reject(
          new TidepoolError(
            data.response?.error ?? { code: 'internal', message: 'Tidepool sent an empty answer.' },
          ),
        );
    });
  }

  request<M extends DappMethod>(method: M, params: DappParams<M>): Promise<DappResult<M>> {
    const id = crypto.randomUUID();
    return new Promise((resolve, reject) => {
      this.#unanswered.set(id, { resolve: resolve as (v: unknown) => void, reject });
      window.postMessage({ channel: PAGE_CHANNEL, from: 'page', id, method, params }, this.#target);
    });
  }

  onEvent(listener: (event: DappEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
export const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
