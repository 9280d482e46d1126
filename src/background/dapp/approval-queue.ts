// Pending dApp requests waiting for a person. Entries are plain data in session storage, so a
// stopped worker finds them again; the approval window is one extension window showing them in
// order. Closing the window rejects every request of the sites it showed; a site may have at most
// five waiting; a request nobody answers times out.
import browser from 'webextension-polyfill';
import type { DappMethod } from '../../shared/dapp-protocol';
import { WalletError } from '../../shared/errors';
import type { StorageArea } from '../storage';

const ENTRIES = 'approvalQueue';
const WINDOW = 'approvalWindowId';
/** Recently queued requests, as `tabId:pageRequestId`, so a copy sent again is not queued twice. */
const SEEN = 'approvalSeen';
const MAX_SEEN = 500;
/** A site cannot bury the person in prompts: more than this waiting, and its requests are refused. */
const MAX_PER_ORIGIN = 5;
export const APPROVAL_TIMEOUT_ALARM = 'tidepool-approval-timeout';
/** How long a request waits for a decision; a dev/test override may shorten it (see README). */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 5 * 60_000;
const WINDOW_SIZE = { width: 380, height: 640 };

export interface PendingApproval {
  id: string;
  /** The page's own id for the request, to answer it. */
  pageRequestId: string;
  origin: string;
  tabId: number;
  favicon: string | null;
  method: DappMethod;
  params: unknown;
  createdAt: number;
  deadline: number;
  /** The approval window has displayed it: closing the window rejects its site's requests. */
  shown?: boolean;
  /** The person approved it and the wallet is carrying it out: it is never offered again. */
  approvedAt?: number;
  /** What the wallet signed for it, recorded before anything is sent. */
  signature?: string;
}

export const alreadyApproved = () => new WalletError('invalid_input', 'This request was approved already and is being carried out.');

export class ApprovalQueue {
  /** Called at the next deadline while the worker is awake (the alarm covers a stopped worker). */
  onDeadline: () => void = () => {};
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Mutations run one at a time: a request arriving while the window closes must get a new one. */
  #tail: Promise<unknown> = Promise.resolve();

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work, work);
    this.#tail = run.catch(() => {});
    return run;
  }

  constructor(private readonly session: StorageArea, private readonly local: StorageArea) {}

  async entries(): Promise<PendingApproval[]> {
    return (await this.session.get<PendingApproval[]>(ENTRIES)) ?? [];
  }

  async get(id: string): Promise<PendingApproval | undefined> {
    return (await this.entries()).find((e) => e.id === id);
  }

  async timeoutMs(): Promise<number> {
    return (await this.local.get<number>('approvalTimeoutMs')) ?? DEFAULT_APPROVAL_TIMEOUT_MS;
  }

  /** Queues a request; null if this very request (tab and page id) was queued before. */
  add(entry: Omit<PendingApproval, 'id' | 'createdAt' | 'deadline'>): Promise<PendingApproval | null> {
    return this.#serial(() => this.#add(entry));
  }

  async #add(entry: Omit<PendingApproval, 'id' | 'createdAt' | 'deadline'>): Promise<PendingApproval | null> {
    // The relay sends a request again when it cannot tell whether we took it: take it once.
    const key = `${entry.tabId}:${entry.pageRequestId}`;
    const seen = (await this.session.get<string[]>(SEEN)) ?? [];
    if (seen.includes(key)) return null;
    const waiting = (await this.entries()).filter((e) => e.origin === entry.origin && !e.approvedAt).length;
    if (waiting >= MAX_PER_ORIGIN) {
      throw new WalletError('rate_limited', `This site already has ${MAX_PER_ORIGIN} requests waiting in Tidepool; they must be answered first.`);
    }
    const now = Date.now();
    const full: PendingApproval = { ...entry, id: crypto.randomUUID(), createdAt: now, deadline: now + (await this.timeoutMs()) };
    // One write: a request is queued exactly when it is marked seen.
    await this.session.set({ [ENTRIES]: [...(await this.entries()), full], [SEEN]: [...seen, key].slice(-MAX_SEEN) });
    await this.#scheduleTimeout();
    await this.showWindow();
    return full;
  }

  /** `keepWindow`: leave the window open (to show why the last request failed). */
  remove(id: string, { keepWindow = false } = {}): Promise<PendingApproval | undefined> {
    return this.#serial(async () => {
      const entries = await this.entries();
      const entry = entries.find((e) => e.id === id);
      const left = entries.filter((e) => e.id !== id);
      await this.session.set({ [ENTRIES]: left });
      if (!left.length && !keepWindow) await this.closeWindow();
      else await this.#scheduleTimeout();
      return entry;
    });
  }

  markShown(id: string): Promise<void> {
    return this.#serial(async () => {
      const entries = await this.entries();
      if (!entries.some((e) => e.id === id && !e.shown)) return;
      await this.session.set({ [ENTRIES]: entries.map((e) => (e.id === id ? { ...e, shown: true } : e)) });
    });
  }

  /** Claims an entry for carrying out; a second approval of the same request is refused. */
  startExecution(id: string): Promise<PendingApproval | undefined> {
    return this.#serial(async () => {
      const entries = await this.entries();
      const entry = entries.find((e) => e.id === id);
      if (!entry) return undefined;
      if (entry.approvedAt) throw alreadyApproved();
      const claimed = { ...entry, approvedAt: Date.now() };
      await this.session.set({ [ENTRIES]: entries.map((e) => (e.id === id ? claimed : e)) });
      return claimed;
    });
  }

  /** The request goes back to waiting for a decision (it could not run: the wallet was locked). */
  cancelExecution(id: string): Promise<void> {
    return this.#update(id, { approvedAt: undefined });
  }

  recordSignature(id: string, signature: string): Promise<void> {
    return this.#update(id, { signature });
  }

  /** Approved entries found by a new worker: the old one stopped while carrying them out. */
  async interrupted(): Promise<PendingApproval[]> {
    return (await this.entries()).filter((e) => e.approvedAt);
  }

  #update(id: string, change: Partial<PendingApproval>): Promise<void> {
    return this.#serial(async () => {
      const entries = await this.entries();
      await this.session.set({ [ENTRIES]: entries.map((e) => (e.id === id ? { ...e, ...change } : e)) });
    });
  }

  /**
   * Removes and returns what closing the window rejects (every request of each site it showed:
   * the person dismissed that site) or the requests past their deadline.
   */
  drain(which: 'shown' | 'expired'): Promise<PendingApproval[]> {
    return this.#serial(() => this.#drain(which));
  }

  async #drain(which: 'shown' | 'expired'): Promise<PendingApproval[]> {
    const entries = await this.entries();
    const now = Date.now();
    // An approved request is past deciding: it is answered when carried out, not rejected or expired.
    const open = entries.filter((e) => !e.approvedAt);
    const dismissed = new Set(open.filter((e) => e.shown).map((e) => e.origin));
    const gone = which === 'shown' ? open.filter((e) => dismissed.has(e.origin)) : open.filter((e) => e.deadline <= now);
    if (!gone.length) return [];
    const left = entries.filter((e) => !gone.includes(e));
    await this.session.set({ [ENTRIES]: left });
    if (!left.length) await this.closeWindow();
    else await this.#scheduleTimeout();
    return gone;
  }

  async isApprovalWindow(windowId: number): Promise<boolean> {
    return (await this.session.get<number>(WINDOW)) === windowId;
  }

  async forgetWindow(): Promise<void> {
    await this.session.remove(WINDOW);
  }

  /** Focuses the open approval window, or opens one. */
  async showWindow(): Promise<void> {
    const existing = await this.session.get<number>(WINDOW);
    if (existing !== undefined) {
      const alive = await browser.windows.update(existing, { focused: true }).then(() => true, () => false);
      if (alive) return;
    }
    const created = await browser.windows.create({ url: browser.runtime.getURL('src/approval/index.html'), type: 'popup', ...WINDOW_SIZE, focused: true });
    if (created.id !== undefined) await this.session.set({ [WINDOW]: created.id });
  }

  async closeWindow(): Promise<void> {
    const existing = await this.session.get<number>(WINDOW);
    await this.session.remove(WINDOW);
    if (existing !== undefined) await browser.windows.remove(existing).catch(() => {});
  }

  /** A chrome alarm at the next deadline, so a stopped worker still answers "timed out". */
  async #scheduleTimeout(): Promise<void> {
    const next = Math.min(...(await this.entries()).filter((e) => !e.approvedAt).map((e) => e.deadline));
    clearTimeout(this.#timer);
    if (!Number.isFinite(next)) {
      await browser.alarms.clear(APPROVAL_TIMEOUT_ALARM);
      return;
    }
    this.#timer = setTimeout(() => this.onDeadline(), Math.max(0, next - Date.now()) + 50);
    await browser.alarms.create(APPROVAL_TIMEOUT_ALARM, { when: next });
  }
}
