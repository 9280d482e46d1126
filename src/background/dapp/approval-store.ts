// Where pending dApp requests live: one list in session storage (a stopped worker finds it
// again), changed one mutation at a time, plus the approval window's id and the alarm at the next
// deadline. It keeps the limits: a request is queued once, a site has at most five waiting, so
// has a tab, and all sites together at most twenty, of which sites not connected to the active
// account hold at most half, so the connected ones always keep theirs. A site has at most one
// connect waiting, and so has a tab: the same site asking again from another page follows the
// first one and gets its answer.
import { WalletError } from '../../shared/errors';
import type { StorageArea } from '../storage';
import type { ApprovalShell } from './approval-shell';
import { isUndecided, type ApprovalEntry, type QueuedRequest, type RequestSource } from './approval-types';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    approvalTimeoutMs: number;
    approvalQueue: ApprovalEntry[];
    approvalWindowId: number;
    approvalSeen: string[]; // tabId:pageRequestId, newest last
  }
}

const ENTRIES = 'approvalQueue';
const WINDOW = 'approvalWindowId';
/** Recently queued requests, as `tabId:pageRequestId`, so a copy sent again is not queued twice. */
const SEEN = 'approvalSeen';
const MAX_SEEN = 500;
/** A site cannot bury the person in prompts: more than this waiting, and its requests are refused. */
export const MAX_PER_ORIGIN = 5;
/** Nor one tab, whatever origins its pages have (one site can open many). */
export const MAX_PER_TAB = 5;
/** Nor can many sites together (one site can open many origins). */
export const MAX_WAITING = 20;
/** Of which sites not connected to the active account (anyone can open origins) hold at most half. */
export const MAX_UNCONNECTED = MAX_WAITING / 2;
/** How long a request waits for a decision; a dev/test override may shorten it (see README). */
const DEFAULT_APPROVAL_TIMEOUT_MS = 5 * 60_000;

export class ApprovalStore {
  /** Called at the next deadline while the worker is awake (the alarm covers a stopped worker). */
  onDeadline: () => void = () => {};
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Mutations run one at a time: a request arriving while the window closes must get a new one. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly session: StorageArea<'session'>,
    private readonly local: StorageArea<'local'>,
    private readonly shell: ApprovalShell,
    readonly now: () => number = Date.now,
  ) {}

  serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work, work);
    this.#tail = run.catch(() => {});
    return run;
  }

  async entries(): Promise<ApprovalEntry[]> {
    return (await this.session.get(ENTRIES)) ?? [];
  }

  async get(id: string): Promise<ApprovalEntry | undefined> {
    return (await this.entries()).find((e) => e.id === id);
  }

  /**
   * Queues a request (call inside `serial`); null if this very request was queued before, or when
   * it follows the same site's waiting connect. `connected`: the origins connected to the active account.
   */
  async add(
    source: RequestSource,
    request: QueuedRequest,
    connected: ReadonlySet<string>,
  ): Promise<ApprovalEntry | null> {
    // The relay sends a request again when it cannot tell whether we took it: take it once.
    const key = `${source.tabId}:${source.pageRequestId}`;
    const seen = (await this.session.get(SEEN)) ?? [];
    if (seen.includes(key)) return null;
    const entries = await this.entries();
    const waiting = entries.filter(isUndecided);
    const markSeen = { key: SEEN, value: [...seen, key].slice(-MAX_SEEN) } as const;
    if (request.method === 'connect') {
      const followed = followConnect(waiting, source);
      if (followed) {
        await this.session.setAll(
          { key: ENTRIES, value: entries.map((e) => (e.id === followed.id ? followed : e)) },
          markSeen,
        );
        return null;
      }
    }
    const unconnected = (origin: string) => !connected.has(origin);
    if (
      unconnected(source.origin) &&
      waiting.filter((e) => unconnected(e.origin)).length >= MAX_UNCONNECTED
    ) {
      throw new WalletError(
        'rate_limited',
        `Sites not connected to your account already have ${MAX_UNCONNECTED} requests waiting in Tidepool; they must be answered first.`,
      );
    }
    if (waiting.filter((e) => e.origin === source.origin).length >= MAX_PER_ORIGIN) {
      throw new WalletError(
        'rate_limited',
        `This site already has ${MAX_PER_ORIGIN} requests waiting in Tidepool; they must be answered first.`,
      );
    }
    if (waiting.filter((e) => e.tabId === source.tabId).length >= MAX_PER_TAB) {
      throw new WalletError(
        'rate_limited',
        `This tab already has ${MAX_PER_TAB} requests waiting in Tidepool; they must be answered first.`,
      );
    }
    if (waiting.length >= MAX_WAITING) {
      throw new WalletError(
        'rate_limited',
        `Tidepool already has ${MAX_WAITING} requests waiting from sites; they must be answered first.`,
      );
    }
    const now = this.now();
    const timeout = (await this.local.get('approvalTimeoutMs')) ?? DEFAULT_APPROVAL_TIMEOUT_MS;
    const entry: ApprovalEntry = {
      ...source,
      ...request,
      id: crypto.randomUUID(),
      createdAt: now,
      deadline: now + timeout,
      state: { kind: 'waiting' },
    };
    // One write: a request is queued exactly when it is marked seen.
    await this.session.setAll({ key: ENTRIES, value: [...entries, entry] }, markSeen);
    await this.schedule();
    return entry;
  }

  /** Replaces one entry (call inside `serial`). */
  async put(entry: ApprovalEntry): Promise<void> {
    await this.session.set(
      ENTRIES,
      (await this.entries()).map((e) => (e.id === entry.id ? entry : e)),
    );
  }

  /**
   * Removes entries (call inside `serial`); closes the window when none is left, unless it must
   * stay to show why the last one failed.
   */
  async remove(gone: readonly ApprovalEntry[], { keepWindow = false } = {}): Promise<void> {
    if (!gone.length) return;
    const ids = new Set(gone.map((e) => e.id));
    const left = (await this.entries()).filter((e) => !ids.has(e.id));
    await this.session.set(ENTRIES, left);
    if (!left.length && !keepWindow) await this.closeWindow();
    await this.schedule();
  }

  async hasWindow(): Promise<boolean> {
    return (await this.session.get(WINDOW)) !== undefined;
  }

  async isWindow(windowId: number): Promise<boolean> {
    return (await this.session.get(WINDOW)) === windowId;
  }

  async forgetWindow(): Promise<void> {
    await this.session.remove(WINDOW);
  }

  /** Focuses the open approval window, or opens one. */
  async showWindow(): Promise<void> {
    const existing = await this.session.get(WINDOW);
    if (existing !== undefined && (await this.shell.focusWindow(existing))) return;
    const id = await this.shell.openWindow();
    if (id !== undefined) await this.session.set(WINDOW, id);
  }

  async closeWindow(): Promise<void> {
    const existing = await this.session.get(WINDOW);
    await this.session.remove(WINDOW);
    if (existing !== undefined) await this.shell.closeWindow(existing);
  }

  /** A timer and an alarm at the next deadline, so even a stopped worker answers "timed out". */
  async schedule(): Promise<void> {
    const next = Math.min(...(await this.entries()).filter(isUndecided).map((e) => e.deadline));
    clearTimeout(this.#timer);
    if (!Number.isFinite(next)) return this.shell.setAlarm(null);
    this.#timer = setTimeout(() => this.onDeadline(), Math.max(0, next - this.now()) + 50);
    await this.shell.setAlarm(next);
  }
}

/**
 * The waiting connect this one follows (the same site's, with this page added to its followers),
 * or null when there is none. Refused: another site's connect waiting in the same tab, or more
 * followers than a site may have requests.
 */
function followConnect(waiting: readonly ApprovalEntry[], source: RequestSource): ApprovalEntry | null {
  const connects = waiting.filter((e) => e.method === 'connect');
  const first = connects.find((e) => e.origin === source.origin);
  if (first) {
    const followers = first.followers ?? [];
    if (followers.length >= MAX_PER_ORIGIN)
      throw new WalletError(
        'rate_limited',
        'This site already asked to connect from too many pages; answer the request in Tidepool first.',
      );
    const { tabId, document, pageRequestId } = source;
    return { ...first, followers: [...followers, { tabId, document, pageRequestId }] };
  }
  if (connects.some((e) => e.tabId === source.tabId))
    throw new WalletError(
      'rate_limited',
      'This tab already has a request to connect waiting in Tidepool; it must be answered first.',
    );
  return null;
}
