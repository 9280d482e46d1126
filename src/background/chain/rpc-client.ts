// The JSON-RPC client of one network: every call and batch goes to the node of the NetworkInfo it
// was made for, so an operation that holds a client cannot ask another network halfway (the engine
// that owns it is bound to that network; engines.ts picks one per request). It counts requests and
// HTTP round trips (the staking engine's budget is one round trip per portfolio refresh) and turns
// network failures into a clear rpc_error. It remembers the newest blockhash its node handed out:
// the node prices a message only on a blockhash it knows (signature-fee.ts). `call` and `batch` are typed by the method table
// (rpc-methods.ts): this file is the one place a node's JSON is given its declared type.
import { WalletError } from '../../shared/errors';
import type { NetworkInfo } from '../../shared/networks';
import {
  withDefaultCommitment,
  type RpcCall,
  type RpcMethod,
  type RpcParams,
  type RpcResult,
  type RpcResults,
} from './rpc-methods';

interface RpcStats {
  httpRoundTrips: number;
  rpcRequests: number;
}

const RPC_TIMEOUT_MS = 15_000;
const MAX_ATTEMPTS = 3;
const MAX_RETRY_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const backoffMs = (attempt: number) => 250 * 2 ** (attempt - 1);
function retryAfterMs(response: Response): number | null {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_RETRY_WAIT_MS) : null;
}

/** The node answered, with a JSON-RPC error: the request reached it and was refused. */
export class RpcNodeError extends WalletError {
  /** The error's `data` as the node sent it (for a refused preflight: `{ err, logs }`). */
  constructor(
    message: string,
    readonly data?: unknown,
    /** The JSON-RPC error code when the node gave one (e.g. -32016: it has not reached the minContextSlot asked). */
    readonly rpcCode?: number,
  ) {
    super('rpc_error', message);
  }
}

/** One answer of a settled batch: its result, or the node's refusal of that call alone. */
export type Settled<T> = { ok: true; result: T } | { ok: false; error: RpcNodeError };

type NodeAnswer = { result?: unknown; error?: { message?: string; data?: unknown; code?: unknown } };

export class RpcClient {
  readonly stats: RpcStats = { httpRoundTrips: 0, rpcRequests: 0 };
  #newestBlockhash: string | null = null;

  constructor(
    /** The network every call asks: its node, and what its answers are filed under. */
    readonly network: NetworkInfo,
    private readonly timeoutMs = RPC_TIMEOUT_MS,
  ) {}

  /** The blockhash of this node's latest getLatestBlockhash answer (null before any). */
  get newestBlockhash(): string | null {
    return this.#newestBlockhash;
  }

  /** One JSON-RPC call; the node's error message becomes an rpc_error. */
  async call<M extends RpcMethod>(method: M, params: RpcParams<M>): Promise<RpcResult<M>> {
    const [answer] = await this.#exchange([{ method, params }]);
    if (!answer!.ok) throw answer!.error;
    // The boundary: a conforming node answers this shape (callers check what they sign from).
    return answer!.result as RpcResult<M>;
  }

  /**
   * A raw JSON-RPC batch: several calls in one HTTP round trip (a lone call goes unbatched). The
   * answers come back in the calls' order, each typed by its method: a tuple of calls gives a
   * tuple of answers, an array of calls (built in a loop) an array of answers.
   */
  async batch<const C extends readonly RpcCall[]>(calls: C): Promise<RpcResults<C>> {
    const answers = await this.#exchange(calls);
    // The boundary, as in `call`: the answers in order, as the table declares them.
    return answers.map((answer) => {
      if (!answer.ok) throw answer.error;
      return answer.result;
    }) as RpcResults<C>;
  }

  /**
   * A batch whose calls may be refused one by one (an epoch a node no longer serves, a skipped
   * slot): each answer is its result or that call's error. The HTTP exchange failing still throws.
   */
  async batchSettled<M extends RpcMethod>(calls: readonly RpcCall<M>[]): Promise<Settled<RpcResult<M>>[]> {
    return (await this.#exchange(calls)) as Settled<RpcResult<M>>[];
  }

  async #exchange(
    calls: readonly { method: RpcMethod; params: readonly unknown[] }[],
  ): Promise<Settled<unknown>[]> {
    const requests = calls.map((c, i) => ({
      jsonrpc: '2.0',
      id: i,
      method: c.method,
      params: withDefaultCommitment(c.method, c.params),
    }));
    const body = JSON.stringify(requests.length === 1 ? requests[0] : requests);
    const response = await this.#post(this.network.rpcUrl, body);
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      throw new WalletError('rpc_error', 'The RPC node sent a response that is not JSON.');
    }
    const items = Array.isArray(parsed) ? parsed : [parsed];
    const byId = new Map<number, NodeAnswer>();
    for (const item of items)
      if (item && typeof item === 'object' && typeof item.id === 'number') byId.set(item.id, item);
    return calls.map((call, i): Settled<unknown> => {
      const item = byId.get(i);
      if (!item) throw new WalletError('rpc_error', `The RPC node did not answer ${call.method}.`);
      if (!item.error) {
        if (call.method === 'getLatestBlockhash') this.#heard(item.result);
        return { ok: true, result: item.result };
      }
      const { message, data, code } = item.error;
      const error = new RpcNodeError(
        `${call.method} failed: ${message ?? 'unknown error'}`,
        data,
        typeof code === 'number' ? code : undefined,
      );
      return { ok: false, error };
    });
  }

  #heard(answer: unknown): void {
    const hash = (answer as { value?: { blockhash?: unknown } } | null)?.value?.blockhash;
    if (typeof hash === 'string') this.#newestBlockhash = hash;
  }

  /**
   * POSTs with retries: a rate limit (429, honouring Retry-After), a server error (5xx) or a
   * network failure is tried again with backoff. Safe for every call the wallet makes: reads, and
   * re-sends of the very same signed bytes (the same signature can land only once).
   */
  async #post(rpcUrl: string, body: string): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await this.#fetch(rpcUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS) throw error;
        await sleep(backoffMs(attempt));
        continue;
      }
      if (response.ok) return response;
      const retriable = response.status === 429 || response.status >= 500;
      if (!retriable || attempt >= MAX_ATTEMPTS) {
        throw new WalletError(
          'rpc_error',
          response.status === 429
            ? 'The RPC node is rate-limiting Tidepool (HTTP 429). Try again in a moment, or use another RPC in Settings.'
            : `The RPC node answered HTTP ${response.status}.`,
        );
      }
      await response.body?.cancel();
      await sleep(retryAfterMs(response) ?? backoffMs(attempt));
    }
  }

  #fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    this.stats.httpRoundTrips++;
    if (typeof init?.body === 'string') {
      const trimmed = init.body.trimStart();
      this.stats.rpcRequests += trimmed.startsWith('[') ? (JSON.parse(trimmed) as unknown[]).length : 1;
    }
    try {
      return await fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const host = (() => {
        try {
          return new URL(String(input)).host;
        } catch {
          return String(input);
        }
      })();
      const reason =
        (error as Error).name === 'TimeoutError' ? 'did not answer in time' : 'could not be reached';
      throw new WalletError('rpc_error', `The RPC node ${host} ${reason}.`);
    }
  };
}
