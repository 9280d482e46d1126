// The background's end of the content-script ports. Trust is decided here: the port must come
// from our own content script in a tab's top frame, the origin is the browser's (port.sender),
// and every message is validated against the dApp schemas before anything runs. Answers decided
// while a page's port was down (the worker restarted) wait in session storage for its hello.
// A page that goes away (its port closes while the worker runs, or a new page in the tab says
// hello) takes its undecided requests with it: nobody is left to act on the answer. The browser's
// events reach it through install.ts (accept, tabClosed), so it is built in Node tests as it is here.
import type { Runtime } from 'webextension-polyfill';
import { dappMethods } from '../../shared/dapp-methods';
import {
  DAPP_PORT,
  PAGE_CHANNEL,
  REQUEST_ID,
  type DappMethod,
  type DappResponse,
  type WalletToRelay,
} from '../../shared/dapp-protocol';
import type { Result } from '../../shared/errors';
import { isLoopbackHttp, type ChainId } from '../../shared/networks';
import { ValidationError } from '../../shared/validate';
import type { StorageArea } from '../storage';
import { toWireError } from '../wire-error';
import type { DappRequest, ApprovalEntry } from './approval-types';
import type { DappService } from './dapp-service';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    undeliveredAnswers: Record<string, UndeliveredAnswer[]>; // by tab id
  }
}

const DOCUMENT_ID = /^[A-Za-z0-9-]{1,64}$/;

interface Connection {
  port: Runtime.Port;
  origin: string;
  document: string | null;
}
/** An answer kept for a page whose port was down, and the site it is for. */
export interface UndeliveredAnswer {
  origin: string;
  message: DappResponse;
}

const isDappMethod = (method: unknown): method is DappMethod =>
  typeof method === 'string' && Object.hasOwn(dappMethods, method);

/** The page's params, validated against its method's schema (dapp-methods.ts), typed by that method. */
function parseDappRequest(method: unknown, params: unknown): DappRequest {
  if (!isDappMethod(method))
    throw new ValidationError('method', `unknown method ${String(method).slice(0, 32)}`);
  // The schema parsed is the method's own, so the pair is that method's request; TypeScript cannot
  // follow the method from the table's index to the union's member, hence the one cast.
  return { method, params: dappMethods[method].params.parse(params, 'params') } as DappRequest;
}

/** https pages, and plain http only on this machine (local dApps). */
function originOf(sender: Runtime.MessageSender): string | null {
  const raw = (sender as { origin?: string }).origin ?? sender.url;
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol === 'https:') return url.origin;
  if (isLoopbackHttp(url)) return url.origin;
  return null;
}

export class DappPorts {
  readonly #byTab = new Map<number, Connection>();
  /** The kept answers are read, changed and written back one change at a time: none is lost. */
  #undeliveredTail: Promise<unknown> = Promise.resolve();
  /** The page in a tab is gone: drop its undecided requests (all, or all but `keep`'s). */
  onPageGone: (tabId: number, keep: string | null) => Promise<unknown> = async () => {};

  constructor(
    private readonly service: DappService,
    private readonly session: StorageArea<'session'>,
    /** This extension's id: a port from anything else is not our content script. */
    private readonly extensionId: string,
  ) {}

  #undelivered<T>(
    change: (waiting: Record<string, UndeliveredAnswer[]>) => { write: boolean; result: T },
  ): Promise<T> {
    const run = this.#undeliveredTail.then(async () => {
      const waiting = (await this.session.get('undeliveredAnswers')) ?? {};
      const { write, result } = change(waiting);
      if (write) await this.session.set('undeliveredAnswers', waiting);
      return result;
    });
    this.#undeliveredTail = run.catch(() => {});
    return run;
  }

  /** A tab closed: its page's undecided requests go, and the answers kept for it. */
  async tabClosed(tabId: number): Promise<void> {
    this.#byTab.delete(tabId);
    await this.onPageGone(tabId, null);
    // Answers kept for the tab's return: it will not return.
    await this.#undelivered((waiting) => {
      if (!(tabId in waiting)) return { write: false, result: undefined };
      delete waiting[tabId];
      return { write: true, result: undefined };
    });
  }

  /** A port opened by a content script: kept if it is ours, from a tab's top frame on a page we serve. */
  accept(port: Runtime.Port): void {
    if (port.name !== DAPP_PORT) return;
    const sender = port.sender;
    const origin = sender ? originOf(sender) : null;
    const tabId = sender?.tab?.id;
    if (!sender || sender.id !== this.extensionId || tabId === undefined || sender.frameId !== 0 || !origin) {
      port.disconnect();
      return;
    }
    const connection: Connection = { port, origin, document: null };
    this.#byTab.set(tabId, connection);
    port.onDisconnect.addListener(() => {
      if (this.#byTab.get(tabId)?.port !== port) return;
      this.#byTab.delete(tabId);
      // The page closed its end: it unloaded (closed, reloaded, navigated away). Only a page
      // going away closes a port; a stopping worker runs no more listeners.
      void this.onPageGone(tabId, null);
    });
    // Without the tabs permission Chrome may not tell us the tab's icon; the site's default one serves.
    const favicon = sender.tab?.favIconUrl ?? `${origin}/favicon.ico`;
    port.onMessage.addListener(
      (message: unknown) => void this.#onMessage(tabId, connection, favicon, message),
    );
  }

  async #onMessage(
    tabId: number,
    connection: Connection,
    favicon: string | null,
    message: unknown,
  ): Promise<void> {
    const { origin } = connection;
    if (message && typeof message === 'object' && (message as { hello?: unknown }).hello === true) {
      const document = (message as { document?: unknown }).document;
      if (typeof document === 'string' && DOCUMENT_ID.test(document))
        await this.#pageIs(tabId, document, connection);
      return this.#flush(tabId, origin);
    }
    const { id, method, params } = (message ?? {}) as { id?: unknown; method?: unknown; params?: unknown };
    if (typeof id !== 'string' || !REQUEST_ID.test(id)) return; // nothing to answer to
    let response: Result<unknown>;
    try {
      const request = parseDappRequest(method, params);
      const source = {
        origin,
        tabId,
        document: connection.document,
        favicon: safeFavicon(favicon),
        pageRequestId: id,
      };
      const result = await this.service.request(source, request);
      if (result === null) {
        // queued (now, or by an earlier copy): answered when a person decides
        // The page may have gone while the request was checked and queued (its port closed, the
        // tab closed, another page said hello): the drop for that ran before this request was
        // queued and missed it. Drop again, so no request outlives the page that sent it.
        const current = this.#byTab.get(tabId);
        if (current !== connection) {
          await this.onPageGone(tabId, current?.document ?? null);
          return;
        }
        this.#send(tabId, origin, { channel: PAGE_CHANNEL, from: 'wallet', received: id });
        return;
      }
      response = { ok: true, result };
    } catch (error) {
      response = { ok: false, error: toWireError(error) };
    }
    this.#send(tabId, origin, { channel: PAGE_CHANNEL, from: 'wallet', id, response });
  }

  /** Delivers the answer to an approved, rejected or expired request. */
  async answer(entry: ApprovalEntry, response: Result<unknown>): Promise<void> {
    const message: DappResponse = {
      channel: PAGE_CHANNEL,
      from: 'wallet',
      id: entry.pageRequestId,
      response,
    };
    if (this.#send(entry.tabId, entry.origin, message)) return;
    await this.#undelivered((waiting) => {
      waiting[entry.tabId] = [...(waiting[entry.tabId] ?? []), { origin: entry.origin, message }];
      return { write: true, result: undefined };
    });
  }

  /**
   * A page said hello: the tab shows this page now. Requests of another page in the tab (the
   * worker slept through the change, so no port closed for it) go.
   */
  async #pageIs(tabId: number, document: string, connection: Connection): Promise<void> {
    connection.document = document;
    await this.onPageGone(tabId, document);
  }

  async #flush(tabId: number, origin: string): Promise<void> {
    const mine = await this.#undelivered((waiting) => {
      const kept = waiting[tabId] ?? [];
      delete waiting[tabId];
      return { write: kept.length > 0, result: kept };
    });
    if (!mine.length) return;
    // An answer goes only to the site that asked, even if the tab has moved on to another.
    for (const item of mine) if (item.origin === origin) this.#send(tabId, origin, item.message);
  }

  /** Tells each connected page which of its accounts it may now see, and the chain. */
  broadcast(accountsFor: (origin: string) => Promise<string[]>, chain: ChainId): void {
    for (const [tabId, { origin }] of this.#byTab) {
      void accountsFor(origin).then((accounts) =>
        this.#send(tabId, origin, {
          channel: PAGE_CHANNEL,
          from: 'wallet',
          event: 'change',
          accounts,
          chain,
        }),
      );
    }
  }

  #send(tabId: number, origin: string, message: WalletToRelay): boolean {
    const connection = this.#byTab.get(tabId);
    if (!connection || connection.origin !== origin) return false;
    try {
      connection.port.postMessage(message);
      return true;
    } catch {
      return false;
    }
  }
}

/** Only http(s) and data favicons are shown; the approval page loads them as images only. */
function safeFavicon(url: string | null): string | null {
  return url && /^(https?:|data:image\/)/.test(url) && url.length < 4096 ? url : null;
}
