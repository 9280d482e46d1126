// The one owner of a pending dApp request's lifecycle (see approval-types.ts for the states).
// Every way a request can end goes through a verb here: decide, rejectAll, expire,
// dismissWindow, dropTab, resumeInterrupted. What the person approves is what they were shown:
// each view carries a revision, a decision must name the latest one shown for that request, and
// Approve is honoured only a moment after that view was first shown.
import { ARM_MS, blockedBy, toConfirm, type ApprovalView } from '../../shared/approval';
import { WalletError, type Result } from '../../shared/errors';
import { toWireError } from '../wire-error';
import type { ApprovalStore } from './approval-store';
import {
  isApproved,
  isUndecided,
  type Approved,
  type ApprovalEntry,
  type QueuedRequest,
  type RequestSource,
  type Undecided,
} from './approval-types';
import { failedReview } from './methods/table';
import { revisionOf, type Reviewed } from './reviewed-view';

/** What the state machine needs from the rest of the wallet. */
interface ApprovalEffects {
  /** The window's view of a request, (tidepool:stake) the minimum execution is held to, and its network. */
  review(entry: ApprovalEntry): Promise<Reviewed>;
  /** Carries out an approved request (a transaction it sends is recorded under the request's id). */
  execute(entry: Approved): Promise<unknown>;
  /** How a request the previous worker was carrying out ended; nothing is signed again. */
  finishInterrupted(entry: Approved): Promise<Result<unknown>>;
  /** Delivers the answer to the page that asked (or keeps it for the page's return). */
  answer(entry: ApprovalEntry, response: Result<unknown>): Promise<void>;
}

interface Decision {
  remaining: number;
  outcome: 'approved' | 'rejected' | 'failed';
  error?: string;
}

const rejected = (message: string): Result<never> => ({
  ok: false,
  error: new WalletError('user_rejected', message).toWire(),
});
const alreadyApproved = () =>
  new WalletError('not_pending', 'This request was approved already and is being carried out.', {
    what: 'approval',
    now: 'approved',
  });
const gone = () =>
  new WalletError('not_pending', 'That request is no longer pending (it was answered, expired or closed).', {
    what: 'approval',
    now: 'gone',
  });
const changed = () =>
  new WalletError('stale', 'The request changed since it was shown; look again before approving.', {
    what: 'approval',
  });

export class Approvals {
  constructor(
    private readonly store: ApprovalStore,
    private readonly effects: ApprovalEffects,
  ) {}

  entries(): Promise<ApprovalEntry[]> {
    return this.store.entries();
  }

  /**
   * Queues a request and brings the window up; null when this very request was queued before. A
   * window already showing a request of the same site is not focused again: a site cannot pull
   * focus (and restart the window's arming) at will by sending more.
   */
  async add(
    source: RequestSource,
    request: QueuedRequest,
    /** The origins connected to the active account: the others share half the queue. */
    connected: ReadonlySet<string>,
  ): Promise<ApprovalEntry | null> {
    return this.store.serial(async () => {
      const entry = await this.store.add(source, request, connected);
      if (!entry) return null;
      const showing = (await this.store.entries()).some(
        (e) => e.origin === entry.origin && e.state.kind === 'shown',
      );
      if (!showing || !(await this.store.hasWindow())) await this.store.showWindow();
      return entry;
    });
  }

  /**
   * The view of the request asked for, else the first undecided one (else the first being carried
   * out), recorded as shown with its revision: from now on only a decision on it counts.
   */
  async view(id?: string): Promise<ApprovalView | null> {
    const entries = await this.store.entries();
    const entry = id ? entries.find((e) => e.id === id) : (entries.find(isUndecided) ?? entries[0]);
    if (!entry) return null;
    const { view, minimum, network } = await this.#review(entry);
    const revision = await revisionOf(view);
    return this.store.serial(async () => {
      const now = await this.store.get(entry.id);
      if (!now) return null;
      if (isUndecided(now)) {
        const same = now.state.kind === 'shown' && now.state.revision === revision;
        const shownAt = same && now.state.kind === 'shown' ? now.state.shownAt : this.store.now();
        // A locked view shows no details: there is nothing to approve until it is seen unlocked.
        const blocked = view.locked
          ? 'Unlock Tidepool first, then read the request before approving.'
          : blockedBy(view.warnings);
        const confirm = toConfirm(view.warnings);
        await this.store.put({
          ...now,
          state: {
            kind: 'shown',
            revision,
            shownAt,
            blocked,
            minimum,
            account: view.account,
            network,
            ...(confirm.length ? { confirm } : {}),
          },
        });
      }
      const all = await this.store.entries();
      return {
        ...view,
        position: all.findIndex((e) => e.id === now.id) + 1,
        total: all.length,
        inProgress: isApproved(now),
        revision,
      };
    });
  }

  /**
   * The review, or, when it throws (a key that does not decode, an RPC that fails), a minimal view
   * that says so and blocks Approve: the window always has something to show and reject, and a
   * bad request of one site cannot jam the window for every other.
   */
  async #review(entry: ApprovalEntry): ReturnType<ApprovalEffects['review']> {
    try {
      return await this.effects.review(entry);
    } catch (error) {
      return { view: failedReview(entry, error), minimum: null, network: null };
    }
  }

  /**
   * Approves (only the revision last shown, a moment after it was shown, with every warning that
   * must be ticked named in `confirmed`) or rejects one request.
   */
  async decide(
    id: string,
    approve: boolean,
    revision: string,
    confirmed: readonly string[] = [],
  ): Promise<Decision> {
    if (!approve) {
      const entry = await this.store.serial(async () => {
        const found = await this.store.get(id);
        if (!found) throw gone();
        if (!isUndecided(found)) throw alreadyApproved();
        await this.store.remove([found]);
        return found;
      });
      await this.#answer(entry, rejected('The user rejected the request in Tidepool.'));
      return { remaining: (await this.store.entries()).length, outcome: 'rejected' };
    }
    // Claimed first, in session storage: a worker restarted mid-way finishes it, never re-offers it.
    const claimed = await this.store.serial(() => this.#claim(id, revision, confirmed));
    let response: Result<unknown>;
    try {
      response = {
        ok: true,
        result: await this.effects.execute(claimed),
      };
    } catch (error) {
      // Locked before anything was signed: nothing happened; the request goes back to being shown,
      // for after the unlock, with its deadline again.
      const reverted =
        error instanceof WalletError &&
        error.code === 'locked' &&
        (await this.store.serial(async () => {
          const now = await this.store.get(id);
          if (!now || now.state.kind !== 'claimed') return false;
          const { revision: r, claimedAt, minimum, account, network, confirm } = now.state;
          await this.store.put({
            ...now,
            state: {
              kind: 'shown',
              revision: r,
              shownAt: claimedAt,
              blocked: null,
              minimum,
              account,
              network,
              ...(confirm ? { confirm } : {}),
            },
          });
          await this.store.schedule();
          return true;
        }));
      if (reverted) throw error;
      response = { ok: false, error: toWireError(error) };
    }
    // A failure stays on screen until the person closes the window; success closes it.
    await this.store.serial(() => this.store.remove([claimed], { keepWindow: !response.ok }));
    await this.#answer(claimed, response);
    const remaining = (await this.store.entries()).length;
    return response.ok
      ? { remaining, outcome: 'approved' }
      : { remaining, outcome: 'failed', error: response.error.message };
  }

  async #claim(id: string, revision: string, confirmed: readonly string[]): Promise<Approved> {
    const entry = await this.store.get(id);
    if (!entry) throw gone();
    if (isApproved(entry)) throw alreadyApproved();
    if (entry.state.kind !== 'shown' || entry.state.revision !== revision) throw changed();
    const { minimum, account, network, blocked } = entry.state;
    if (blocked) throw new WalletError('blocked', blocked);
    if (!network)
      throw new WalletError('blocked', 'This request was not reviewed on any network; reject it.');
    if (entry.state.confirm?.some((code) => !confirmed.includes(code)))
      throw new WalletError(
        'blocked',
        'Tick “I understand” under the warning first: this request cannot be approved until you have read it.',
      );
    if (this.store.now() - entry.state.shownAt < ARM_MS) {
      throw new WalletError(
        'not_ready',
        'Approve came too soon after the request was shown; read it, then approve.',
        { what: 'approval' },
      );
    }
    const { confirm } = entry.state;
    const claimed: Approved = {
      ...entry,
      state: {
        kind: 'claimed',
        revision,
        claimedAt: this.store.now(),
        minimum,
        account,
        network,
        ...(confirm ? { confirm } : {}),
      },
    };
    await this.store.put(claimed);
    return claimed;
  }

  /** Answers the page that asked, and every page of the same site that asked the same since. */
  async #answer(entry: ApprovalEntry, response: Result<unknown>): Promise<void> {
    await this.effects.answer(entry, response);
    for (const follower of entry.followers ?? [])
      await this.effects.answer({ ...entry, ...follower }, response);
  }

  /** Removes the undecided requests `which` picks, then answers each. */
  async #end(which: (undecided: Undecided[]) => Undecided[], response: Result<never>): Promise<number> {
    const ended = await this.store.serial(async () => {
      const picked = which((await this.store.entries()).filter(isUndecided));
      await this.store.remove(picked);
      return picked;
    });
    for (const entry of ended) await this.#answer(entry, response);
    return ended.length;
  }

  /** The window's "Reject all": every request not yet approved. */
  async rejectAll(): Promise<{ rejected: number }> {
    return {
      rejected: await this.#end(
        (all) => all,
        rejected('The user rejected all waiting requests in Tidepool.'),
      ),
    };
  }

  /** Requests past their deadline. */
  async expire(): Promise<void> {
    const now = this.store.now();
    await this.#end((all) => all.filter((e) => e.deadline <= now), {
      ok: false,
      error: { code: 'timeout', message: 'Nobody answered this request in Tidepool in time.' },
    });
  }

  /**
   * The page that asked is gone (tab closed, or navigated to another page): its undecided
   * requests go too. `keep` is the tab's current page, whose requests stay. A connect that other
   * pages of the same site follow stays, asked now by the first of them.
   */
  async dropTab(tabId: number, keep: string | null = null): Promise<number> {
    const left = (page: { tabId: number; document: string | null }) =>
      page.tabId === tabId && (keep === null || page.document !== keep);
    const ended = await this.store.serial(async () => {
      const gone: Undecided[] = [];
      const removed: Undecided[] = [];
      for (const entry of (await this.store.entries()).filter(isUndecided)) {
        const followers = entry.followers ?? [];
        const staying = followers.filter((f) => !left(f));
        if (!left(entry)) {
          if (staying.length < followers.length) await this.store.put({ ...entry, followers: staying });
          continue;
        }
        gone.push({ ...entry, followers: [] });
        const [next, ...rest] = staying;
        if (next) await this.store.put({ ...entry, ...next, followers: rest });
        else removed.push(entry);
      }
      await this.store.remove(removed);
      return gone;
    });
    const response = rejected('The page that asked was closed or left; Tidepool dropped its request.');
    for (const entry of ended) await this.#answer(entry, response);
    return ended.length;
  }

  /**
   * The person closed the approval window: every request of each site it showed is rejected. A
   * request from another site that arrived as it closed was never seen: it gets a window of its own.
   */
  async dismissWindow(windowId: number): Promise<void> {
    // One mutation: a request arriving meanwhile opens its window before or after, and its window's
    // id is never forgotten in place of this one's.
    const ended = await this.store.serial(async () => {
      if (!(await this.store.isWindow(windowId))) return null;
      await this.store.forgetWindow();
      const undecided = (await this.store.entries()).filter(isUndecided);
      const dismissed = new Set(undecided.filter((e) => e.state.kind === 'shown').map((e) => e.origin));
      const picked = undecided.filter((e) => dismissed.has(e.origin));
      await this.store.remove(picked);
      return picked;
    });
    if (ended === null) return; // not our window, or one already forgotten
    const response = rejected('The user closed the Tidepool approval window.');
    for (const entry of ended) await this.#answer(entry, response);
    await this.store.serial(async () => {
      if ((await this.store.entries()).some(isUndecided)) await this.store.showWindow();
    });
  }

  /** Requests approved while the previous worker ran, which it did not finish: answer how they ended. */
  async resumeInterrupted(): Promise<void> {
    for (const entry of (await this.store.entries()).filter(isApproved)) {
      const response = await this.effects.finishInterrupted(entry);
      await this.store.serial(() => this.store.remove([entry]));
      await this.#answer(entry, response);
    }
  }
}
