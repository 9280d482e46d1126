// The approval state machine's transitions, in Node: the real ApprovalStore and Approvals over
// the named in-memory FAKE of chrome.storage, a FAKE shell in place of the browser's windows and
// alarms (webextension-polyfill cannot load in Node), and recording FAKE effects in place of the
// wallet's review and signer. The real ones run in the e2e suites.
import { describe, expect, it } from 'vitest';
import { advisory, blocking, confirmFirst, type Warning } from '../../src/shared/approval';
import type { Result } from '../../src/shared/errors';
import { WalletError } from '../../src/shared/errors';
import {
  ApprovalStore,
  MAX_PER_ORIGIN,
  MAX_PER_TAB,
  MAX_UNCONNECTED,
  MAX_WAITING,
} from '../../src/background/dapp/approval-store';
import type {
  Approved,
  ApprovalEntry,
  QueuedRequest,
  RequestSource,
} from '../../src/background/dapp/approval-types';
import { Approvals } from '../../src/background/dapp/approvals';
import type { ReviewedView } from '../../src/background/dapp/reviewed-view';
import { ARM_MS } from '../../src/shared/approval';
import { BUILTIN_NETWORKS } from '../../src/shared/networks';
import { FakeShell } from '../support/fake-shell';
import { MemoryStorage } from '../support/memory-storage';

const NETWORK = BUILTIN_NETWORKS.localnet;

const ACCOUNT = '11111111111111111111111111111111';

function machine() {
  const session = new MemoryStorage();
  const local = new MemoryStorage();
  const shell = new FakeShell();
  const clock = { now: 1_000_000 };
  const store = new ApprovalStore(session, local, shell, () => clock.now);
  const answers: { id: string; response: Result<unknown> }[] = [];
  /** Every page answered: the request's, and each page that followed it. */
  const delivered: { id: string; page: string; response: Result<unknown> }[] = [];
  const executed: { id: string; state: string }[] = [];
  /** What the FAKE review shows per request id (a changed text makes a new revision). */
  const shows = new Map<string, { text: string; warnings: Warning[]; stakeMinimum?: string }>();
  /** Requests whose FAKE review throws, as a review of a malformed request or over a failing RPC does. */
  const failing = new Set<string>();
  /** Requests the FAKE review shows as the locked wallet shows them (no details). */
  const locked = new Set<string>();
  const behaviour = {
    execute: async (_e: Approved): Promise<unknown> => ({ done: true }),
  };
  const approvals = new Approvals(store, {
    async review(entry) {
      if (failing.has(entry.id)) throw new Error('Invalid public key input');
      const shown = shows.get(entry.id) ?? { text: 'as asked', warnings: [] };
      // Every request is shown as a message, whose text the test sets.
      const view: ReviewedView = {
        id: entry.id,
        origin: entry.origin,
        favicon: null,
        method: 'signMessage',
        account: ACCOUNT,
        accountName: null,
        chain: 'solana:localnet',
        networkLabel: 'test',
        locked: locked.has(entry.id),
        warnings: shown.warnings,
        message: { text: shown.text, encoding: 'utf8' },
      };
      return {
        view,
        minimum: shown.stakeMinimum ? { amount: shown.stakeMinimum, enforced: true } : null,
        network: NETWORK,
      };
    },
    async execute(entry) {
      executed.push({ id: entry.id, state: (await store.get(entry.id))!.state.kind });
      return behaviour.execute(entry);
    },
    async finishInterrupted() {
      return { ok: false, error: { code: 'interrupted', message: 'nothing was signed' } };
    },
    async answer(entry, response) {
      answers.push({ id: entry.id, response });
      delivered.push({ id: entry.id, page: entry.pageRequestId, response });
    },
  });
  let page = 0;
  const source = (
    origin = 'https://dapp.example',
    tabId = 1,
    document: string | null = 'doc-a',
  ): RequestSource => ({ origin, tabId, document, favicon: null, pageRequestId: `req-${++page}` });
  const message: QueuedRequest = { method: 'signMessage', params: { account: ACCOUNT, message: 'aGk=' } };
  /** The origins connected to the active account, as the dApp service names them. */
  const connected = new Set(['https://dapp.example']);
  const add = async (from = source()) => (await approvals.add(from, message, connected))!;
  const state = async (id: string) => (await store.get(id))?.state;
  /** Shows the request and lets the person read it. */
  const shown = async (id: string) => {
    const view = (await approvals.view(id))!;
    clock.now += ARM_MS;
    return view;
  };
  return {
    approvals,
    store,
    session,
    local,
    shell,
    clock,
    answers,
    delivered,
    executed,
    shows,
    failing,
    locked,
    behaviour,
    source,
    connected,
    add,
    state,
    shown,
  };
}

const code = (r: Result<unknown> | undefined) => (r && !r.ok ? r.error.code : 'ok');

describe('approval state machine', () => {
  it('queues a request as waiting, once, and opens the window', async () => {
    const m = machine();
    const from = m.source();
    const entry = (await m.approvals.add(from, { method: 'connect', params: {} }, m.connected))!;
    expect(entry.state).toEqual({ kind: 'waiting' });
    expect(m.shell.open).not.toBeNull();
    expect(await m.approvals.add(from, { method: 'connect', params: {} }, m.connected)).toBeNull(); // the relay's resend
    expect(await m.approvals.entries()).toHaveLength(1);
    expect(m.shell.alarm).toBe(entry.deadline);
  });

  it('limits a site to five waiting, and all sites together to twenty', async () => {
    const m = machine();
    for (let i = 0; i < MAX_PER_ORIGIN; i++) await m.add();
    await expect(m.add()).rejects.toThrow(/already has 5 requests waiting/);
    for (let i = 0; i < 4; i++) m.connected.add(`https://site${i}.example`);
    for (let i = MAX_PER_ORIGIN; i < MAX_WAITING; i++)
      await m.add(m.source(`https://site${i % 4}.example`, 10 + i));
    await expect(m.add(m.source('https://fresh.example', 99))).rejects.toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/already has 20 requests waiting from sites/),
    });
    expect(await m.approvals.entries()).toHaveLength(MAX_WAITING);
  });

  it('records the view shown with its revision; the same view keeps its time, a changed one starts again', async () => {
    const m = machine();
    const { id } = await m.add();
    const first = (await m.approvals.view())!;
    expect(await m.state(id)).toEqual({
      kind: 'shown',
      revision: first.revision,
      shownAt: 1_000_000,
      blocked: null,
      minimum: null,
      account: ACCOUNT,
      network: NETWORK, // the one it was reviewed on: approved, it is carried out there
    });
    m.clock.now += 300;
    expect((await m.approvals.view(id))!.revision).toBe(first.revision);
    expect(await m.state(id)).toMatchObject({ shownAt: 1_000_000 });
    m.shows.set(id, { text: 'now asks for more', warnings: [] });
    const second = (await m.approvals.view(id))!;
    expect(second.revision).not.toBe(first.revision);
    expect(await m.state(id)).toMatchObject({ revision: second.revision, shownAt: 1_000_300 });
  });

  it('refuses to approve a view that is not the latest shown, one never shown, and one shown too briefly', async () => {
    const m = machine();
    const { id } = await m.add();
    await expect(m.approvals.decide(id, true, 'abc123')).rejects.toMatchObject({
      code: 'stale',
      context: { what: 'approval' },
      message: expect.stringMatching(/changed since it was shown/),
    }); // never shown
    const old = await m.shown(id);
    m.shows.set(id, { text: 'swapped for something else', warnings: [] });
    const latest = (await m.approvals.view(id))!; // the window refreshed: a new revision
    m.clock.now += ARM_MS;
    await expect(m.approvals.decide(id, true, old.revision)).rejects.toMatchObject({
      code: 'stale',
      message: expect.stringMatching(/look again before approving/),
    });
    expect(m.executed).toEqual([]);
    expect(await m.state(id)).toMatchObject({ kind: 'shown', revision: latest.revision });

    const other = await m.add();
    const fresh = (await m.approvals.view(other.id))!;
    m.clock.now += ARM_MS - 1;
    await expect(m.approvals.decide(other.id, true, fresh.revision)).rejects.toMatchObject({
      code: 'not_ready',
      context: { what: 'approval' },
      message: expect.stringMatching(/too soon/),
    });
    expect(m.executed).toEqual([]);
  });

  it('refuses to approve a view with a blocking warning', async () => {
    const m = machine();
    const { id } = await m.add();
    m.shows.set(id, {
      text: 'x',
      warnings: [
        advisory('unknown_pool', 'careful'),
        blocking('sign_in_mismatch', 'This sign-in message names another site.'),
      ],
    });
    const view = await m.shown(id);
    await expect(m.approvals.decide(id, true, view.revision)).rejects.toMatchObject({
      code: 'blocked',
      message: 'This sign-in message names another site.',
    });
    expect(m.executed).toEqual([]);
  });

  it('a warning to be ticked: an approval that does not name it is refused, one that does goes ahead', async () => {
    const m = machine();
    const { id } = await m.add();
    m.shows.set(id, {
      text: 'x',
      warnings: [confirmFirst('durable_nonce', 'This signed transaction never expires.')],
    });
    const view = await m.shown(id);
    for (const confirmed of [[], ['unknown_pool']])
      await expect(m.approvals.decide(id, true, view.revision, confirmed)).rejects.toMatchObject({
        code: 'blocked',
        message: expect.stringContaining('Tick “I understand” under the warning first'),
      });
    expect(m.executed).toEqual([]);
    expect((await m.approvals.decide(id, true, view.revision, ['durable_nonce'])).outcome).toBe('approved');
    expect(m.executed.map((e) => e.id)).toEqual([id]);
  });

  it('approves: claimed while carried out, then answered and gone; never offered again', async () => {
    const m = machine();
    const { id } = await m.add();
    const second = await m.add();
    m.behaviour.execute = async (entry) => {
      expect(await m.state(entry.id)).toMatchObject({ kind: 'claimed' });
      // Meanwhile the window asks for this very request: it is in progress, not offered.
      expect(await m.approvals.view(entry.id)).toMatchObject({ inProgress: true });
      const alreadyApproved = {
        code: 'not_pending',
        context: { what: 'approval', now: 'approved' },
        message: expect.stringMatching(/approved already/),
      };
      await expect(m.approvals.decide(entry.id, true, 'ff')).rejects.toMatchObject(alreadyApproved);
      await expect(m.approvals.decide(entry.id, false, 'ff')).rejects.toMatchObject(alreadyApproved);
      return { signature: 'sig-1' };
    };
    const view = await m.shown(id);
    expect(await m.approvals.decide(id, true, view.revision)).toEqual({ remaining: 1, outcome: 'approved' });
    expect(m.executed).toEqual([{ id, state: 'claimed' }]);
    expect(m.answers).toEqual([{ id, response: { ok: true, result: { signature: 'sig-1' } } }]);
    expect(await m.state(id)).toBeUndefined();
    expect((await m.approvals.view())!.id).toBe(second.id);
    await expect(m.approvals.decide(id, true, view.revision)).rejects.toMatchObject({
      code: 'not_pending',
      context: { what: 'approval', now: 'gone' },
      message: expect.stringMatching(/no longer pending/),
    });
  });

  it('a failure is answered and removed, but keeps the window open to show why', async () => {
    const m = machine();
    const { id } = await m.add();
    m.behaviour.execute = async () => {
      throw new WalletError('pool_unavailable', 'The pool’s price moved since you saw the quote.');
    };
    const view = await m.shown(id);
    expect(await m.approvals.decide(id, true, view.revision)).toEqual({
      remaining: 0,
      outcome: 'failed',
      error: 'The pool’s price moved since you saw the quote.',
    });
    expect(code(m.answers[0]?.response)).toBe('pool_unavailable');
    expect(m.shell.open).not.toBeNull();
  });

  it('locked while approving: nothing happened, the request is shown again for after the unlock', async () => {
    const m = machine();
    const { id } = await m.add();
    m.behaviour.execute = async () => {
      throw new WalletError('locked', 'Unlock Tidepool first.');
    };
    const view = await m.shown(id);
    await expect(m.approvals.decide(id, true, view.revision)).rejects.toMatchObject({ code: 'locked' });
    expect(await m.state(id)).toMatchObject({ kind: 'shown', revision: view.revision });
    expect(m.answers).toEqual([]);
    m.behaviour.execute = async () => ({ ok: 1 });
    m.clock.now += ARM_MS;
    expect(await m.approvals.decide(id, true, view.revision)).toMatchObject({ outcome: 'approved' });
  });

  it('keeps the approved minimum of a stake, and the account shown, with the claim', async () => {
    const m = machine();
    const { id } = await m.add();
    m.shows.set(id, { text: 'stake', warnings: [], stakeMinimum: '9876543210' });
    let claim: unknown;
    m.behaviour.execute = async (entry) => {
      claim = entry.state;
      return {};
    };
    const view = await m.shown(id);
    expect(await m.state(id)).toMatchObject({
      minimum: { amount: '9876543210', enforced: true },
      account: ACCOUNT,
    });
    await m.approvals.decide(id, true, view.revision);
    // and the account the view named, which execution must sign with
    expect(claim).toMatchObject({ minimum: { amount: '9876543210', enforced: true }, account: ACCOUNT });
  });

  it('rejects one, or all that are not yet approved; the window closes when none is left', async () => {
    const m = machine();
    const a = await m.add();
    const b = await m.add(m.source('https://other.example'));
    const c = await m.add();
    expect(await m.approvals.decide(a.id, false, 'ignored')).toEqual({ remaining: 2, outcome: 'rejected' });
    expect(await m.approvals.rejectAll()).toEqual({ rejected: 2 });
    expect(m.answers.map((x) => [x.id, code(x.response)])).toEqual([
      [a.id, 'user_rejected'],
      [b.id, 'user_rejected'],
      [c.id, 'user_rejected'],
    ]);
    expect(await m.approvals.entries()).toEqual([]);
    expect(m.shell.open).toBeNull();
    expect(m.shell.alarm).toBeNull();
  });

  it('Reject all leaves a request being carried out alone', async () => {
    const m = machine();
    const { id } = await m.add();
    const waiting = await m.add();
    let release!: () => void;
    m.behaviour.execute = () =>
      new Promise((resolve) => {
        release = () => resolve({});
      });
    const view = await m.shown(id);
    const approving = m.approvals.decide(id, true, view.revision);
    await expect.poll(() => m.executed.length).toBe(1);
    expect(await m.approvals.rejectAll()).toEqual({ rejected: 1 });
    expect(m.answers).toEqual([{ id: waiting.id, response: expect.objectContaining({ ok: false }) }]);
    release();
    expect(await approving).toMatchObject({ outcome: 'approved' });
  });

  it('expires what passed its deadline, and only that', async () => {
    const m = machine();
    await m.local.set('approvalTimeoutMs', 1_000);
    const old = await m.add();
    m.clock.now += 600;
    const young = await m.add();
    m.clock.now += 500;
    await m.approvals.expire();
    expect(m.answers).toEqual([
      {
        id: old.id,
        response: {
          ok: false,
          error: { code: 'timeout', message: 'Nobody answered this request in Tidepool in time.' },
        },
      },
    ]);
    expect((await m.approvals.entries()).map((e) => e.id)).toEqual([young.id]);
    expect(m.shell.alarm).toBe(young.deadline);
  });

  it('drops the requests of a page that went away: the tab closed, or another page in it said hello', async () => {
    const m = machine();
    const closedTab = await m.add(m.source('https://dapp.example', 7));
    const oldPage = await m.add(m.source('https://dapp.example', 8, 'doc-old'));
    const newPage = await m.add(m.source('https://dapp.example', 8, 'doc-new'));
    const elsewhere = await m.add(m.source('https://dapp.example', 9));
    expect(await m.approvals.dropTab(7)).toBe(1);
    expect(await m.approvals.dropTab(8, 'doc-new')).toBe(1);
    expect(m.answers.map((a) => a.id)).toEqual([closedTab.id, oldPage.id]);
    expect(m.answers.every((a) => code(a.response) === 'user_rejected')).toBe(true);
    expect((await m.approvals.entries()).map((e) => e.id)).toEqual([newPage.id, elsewhere.id]);
  });

  it('closing the window rejects the sites it showed; another site’s request gets a window of its own', async () => {
    const m = machine();
    const a1 = await m.add();
    const a2 = await m.add();
    const b = await m.add(m.source('https://late.example'));
    await m.approvals.view(a1.id);
    const windowId = m.shell.open!;
    await m.approvals.dismissWindow(999); // some other window: nothing
    expect(m.answers).toEqual([]);
    m.shell.open = null; // the person closed it
    await m.approvals.dismissWindow(windowId);
    expect(m.answers.map((a) => a.id)).toEqual([a1.id, a2.id]);
    expect((await m.approvals.entries()).map((e) => e.id)).toEqual([b.id]);
    expect(m.shell.open).not.toBeNull();
  });

  it('a new worker answers what the old one was carrying out, without carrying it out again', async () => {
    const m = machine();
    const signed = await m.add();
    const unsigned = await m.add();
    const waiting = await m.add();
    const put = async (e: ApprovalEntry, state: ApprovalEntry['state']) =>
      m.store.serial(() => m.store.put({ ...e, state }));
    const claimed = {
      kind: 'claimed',
      revision: 'aa',
      claimedAt: 1,
      minimum: null,
      account: ACCOUNT,
      network: NETWORK,
    } as const;
    await put(signed, claimed);
    await put(unsigned, {
      kind: 'claimed',
      revision: 'bb',
      claimedAt: 1,
      minimum: null,
      account: ACCOUNT,
      network: NETWORK,
    });
    // A new worker: new objects over the same session storage.
    const next = new Approvals(new ApprovalStore(m.session, m.local, m.shell, () => m.clock.now), {
      review: async () => {
        throw new Error('not asked');
      },
      execute: async () => {
        throw new Error('must not run again');
      },
      // What the transaction records say (FAKE): only the first one's was signed and sent.
      finishInterrupted: async (e) =>
        e.id === signed.id
          ? { ok: true, result: { signature: 'sig-9' } }
          : { ok: false, error: { code: 'interrupted', message: 'nothing was signed' } },
      answer: async (entry, response) => {
        m.answers.push({ id: entry.id, response });
      },
    });
    await next.resumeInterrupted();
    expect(m.answers).toEqual([
      { id: signed.id, response: { ok: true, result: { signature: 'sig-9' } } },
      {
        id: unsigned.id,
        response: { ok: false, error: { code: 'interrupted', message: 'nothing was signed' } },
      },
    ]);
    expect((await next.entries()).map((e) => [e.id, e.state.kind])).toEqual([[waiting.id, 'waiting']]);
  });

  it('a request whose review throws is shown blocked, can be rejected or dismissed, and jams no other site', async () => {
    const m = machine();
    const bad = await m.add(m.source('https://evil.example', 1));
    const good = await m.add(m.source('https://good.example', 2));
    m.failing.add(bad.id);
    const view = await m.shown(bad.id);
    expect(view).toMatchObject({ id: bad.id, origin: 'https://evil.example', account: ACCOUNT });
    expect(view.warnings).toEqual([
      expect.objectContaining({
        code: 'review_failed',
        severity: 'blocking',
        text: expect.stringContaining('Invalid public key input'),
      }),
    ]);
    expect(await m.state(bad.id)).toMatchObject({
      kind: 'shown',
      blocked: expect.stringContaining('could not review'),
    });
    await expect(m.approvals.decide(bad.id, true, view.revision)).rejects.toMatchObject({
      code: 'blocked',
      message: expect.stringMatching(/could not review/),
    });
    expect(m.executed).toEqual([]);
    // The window's default view (the first undecided) is the bad one: closing it rejects it, once.
    expect((await m.approvals.view())!.id).toBe(bad.id);
    const windowId = m.shell.open!;
    m.shell.open = null;
    await m.approvals.dismissWindow(windowId);
    expect(m.answers.map((a) => [a.id, code(a.response)])).toEqual([[bad.id, 'user_rejected']]);
    expect((await m.approvals.view())!.id).toBe(good.id);
    expect(m.shell.open).not.toBeNull();
  });

  it('Reject works on a request whose review throws', async () => {
    const m = machine();
    const bad = await m.add();
    m.failing.add(bad.id);
    await m.approvals.view();
    expect(await m.approvals.decide(bad.id, false, 'any')).toEqual({ remaining: 0, outcome: 'rejected' });
  });

  it('a view shown locked cannot be approved: Unlock first', async () => {
    const m = machine();
    const { id } = await m.add();
    m.locked.add(id);
    const view = await m.shown(id);
    expect(await m.state(id)).toMatchObject({
      kind: 'shown',
      blocked: expect.stringMatching(/^Unlock Tidepool first/),
    });
    await expect(m.approvals.decide(id, true, view.revision)).rejects.toThrow(/Unlock Tidepool first/);
    expect(m.executed).toEqual([]);
  });

  it('locked while approving: the request is shown again with its deadline scheduled again', async () => {
    const m = machine();
    const { id, deadline } = await m.add();
    const other = await m.add();
    let release!: () => void;
    m.behaviour.execute = () =>
      new Promise((_, reject) => {
        release = () => reject(new WalletError('locked', 'Unlock Tidepool first.'));
      });
    const view = await m.shown(id);
    const approving = m.approvals.decide(id, true, view.revision);
    await expect.poll(() => m.executed.length).toBe(1);
    await m.approvals.decide(other.id, false, 'any'); // the only undecided one goes: no deadline left
    expect(m.shell.alarm).toBeNull();
    release();
    await expect(approving).rejects.toMatchObject({ code: 'locked' });
    expect(await m.state(id)).toMatchObject({ kind: 'shown', revision: view.revision });
    expect(m.shell.alarm).toBe(deadline);
  });

  it('limits a tab to five waiting, whatever origins its pages ask from', async () => {
    const m = machine();
    for (let i = 0; i < MAX_PER_TAB; i++) await m.add(m.source(`https://a${i}.flood.example`, 3));
    await expect(m.add(m.source('https://a9.flood.example', 3))).rejects.toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/This tab already has 5 requests waiting/),
    });
    expect(await m.add(m.source('https://a9.flood.example', 4))).toMatchObject({ tabId: 4 });
  });

  describe('one site cannot fill the global limit (issue 19, finding 4)', () => {
    const connect: QueuedRequest = { method: 'connect', params: {} };

    it('20 unconnected origins: they hold at most half the queue, and a connected site keeps its place', async () => {
      const m = machine();
      const asked = await Promise.allSettled(
        Array.from({ length: MAX_WAITING }, (_, i) =>
          m.approvals.add(m.source(`https://spam${i}.example`, 100 + i), connect, m.connected),
        ),
      );
      expect(asked.filter((a) => a.status === 'fulfilled')).toHaveLength(MAX_UNCONNECTED);
      for (const refused of asked.filter((a) => a.status === 'rejected'))
        expect(refused.reason).toMatchObject({
          code: 'rate_limited',
          message: `Sites not connected to your account already have ${MAX_UNCONNECTED} requests waiting in Tidepool; they must be answered first.`,
        });
      // The connected site: its own five, and those of other connected sites, up to the global limit.
      for (let i = 0; i < MAX_PER_ORIGIN; i++) await m.add();
      for (let i = 0; i < MAX_WAITING - MAX_UNCONNECTED - MAX_PER_ORIGIN; i++) {
        m.connected.add(`https://friend${i}.example`);
        await m.add(m.source(`https://friend${i}.example`, 300 + i));
      }
      expect(await m.approvals.entries()).toHaveLength(MAX_WAITING);
    });

    it('four subdomains in four tabs, five connects each: one waiting per site, the rest answered with its result', async () => {
      const m = machine();
      const pages: RequestSource[] = [];
      for (let tab = 0; tab < 4; tab++)
        for (let n = 0; n < 5; n++) {
          const from = m.source(`https://a${tab}.flood.example`, 40 + tab);
          pages.push(from);
          await m.approvals.add(from, connect, m.connected);
        }
      // The same site from a fifth tab follows its waiting connect too; another site in a tab with
      // a connect waiting is refused (its page cannot be two sites at once).
      const fifth = m.source('https://a0.flood.example', 49);
      await m.approvals.add(fifth, connect, m.connected);
      await expect(
        m.approvals.add(m.source('https://b.flood.example', 40), connect, m.connected),
      ).rejects.toMatchObject({
        code: 'rate_limited',
        message: 'This tab already has a request to connect waiting in Tidepool; it must be answered first.',
      });
      const entries = await m.approvals.entries();
      expect(entries.map((e) => e.origin)).toEqual([0, 1, 2, 3].map((t) => `https://a${t}.flood.example`));
      // Every other site can still ask.
      expect(await m.add(m.source('https://other.example', 60))).toMatchObject({
        origin: 'https://other.example',
      });

      // The first page's connect approved: each page of that site that asked gets the same answer.
      const [first] = entries;
      await m.shown(first!.id);
      await m.approvals.decide(
        first!.id,
        true,
        ((await m.state(first!.id)) as { revision: string }).revision,
      );
      const a0 = [...pages.filter((p) => p.origin === 'https://a0.flood.example'), fifth];
      expect(m.delivered.map((a) => [a.id, a.page, code(a.response)])).toEqual(
        a0.map((p) => [first!.id, p.pageRequestId, 'ok']),
      );
    });

    it('a followed connect whose first page goes stays, asked by the next page; a follower that goes is forgotten', async () => {
      const m = machine();
      const site = 'https://dapp.example';
      const entry = (await m.approvals.add(m.source(site, 1), connect, m.connected))!;
      const second = m.source(site, 2);
      const third = m.source(site, 3);
      await m.approvals.add(second, connect, m.connected);
      await m.approvals.add(third, connect, m.connected);
      expect(await m.approvals.dropTab(3)).toBe(0);
      expect(await m.approvals.dropTab(1)).toBe(1);
      expect(m.delivered.map((a) => [a.page, code(a.response)])).toEqual([
        [entry.pageRequestId, 'user_rejected'],
      ]);
      expect(await m.approvals.entries()).toMatchObject([
        { id: entry.id, tabId: 2, pageRequestId: second.pageRequestId, followers: [] },
      ]);
    });
  });

  it('does not focus the window again for a site it is already showing; another site’s request does', async () => {
    const m = machine();
    const first = await m.add();
    await m.approvals.view(first.id);
    const focused = m.shell.focused;
    await m.add();
    await m.add();
    expect(m.shell.focused).toBe(focused);
    expect(m.shell.opened).toBe(1);
    await m.add(m.source('https://other.example', 2));
    expect(m.shell.focused).toBe(focused + 1);
    m.shell.open = null; // closed (its dismissal forgot it): the next request of the same site opens one
    await m.store.forgetWindow();
    await m.add();
    expect(m.shell.opened).toBe(2);
  });

  it('closing the window while a request opens a new one never forgets the new window', async () => {
    const m = machine();
    const a = await m.add();
    await m.approvals.view(a.id);
    const closed = m.shell.open!;
    m.shell.open = null; // the person closed it
    // Storage is slow to forget: the close is caught half-way, as a request of another site arrives.
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const remove = m.session.remove.bind(m.session);
    m.session.remove = async (...keys) => {
      await slow;
      return remove(...keys);
    };
    const dismissing = m.approvals.dismissWindow(closed);
    const adding = m.add(m.source('https://late.example', 2));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const [, late] = await Promise.all([dismissing, adding]);
    expect(m.answers.map((x) => x.id)).toEqual([a.id]);
    expect((await m.approvals.entries()).map((e) => e.id)).toEqual([late.id]);
    expect(m.shell.open).not.toBeNull();
    expect(await m.store.isWindow(m.shell.open!)).toBe(true); // so closing it rejects its request
    expect(m.shell.opened).toBe(2); // and no window was opened and then lost track of
  });
});

describe('draining the queue', () => {
  /** How many answers each request got. */
  const answerCounts = (answers: { id: string }[]) =>
    answers.reduce((n, a) => n.set(a.id, (n.get(a.id) ?? 0) + 1), new Map<string, number>());

  it('Reject all, expiry, a closed tab and a closed window racing each other answer every request exactly once', async () => {
    const m = machine();
    await m.local.set('approvalTimeoutMs', 1_000);
    const old = [
      await m.add(m.source('https://a.example', 1)),
      await m.add(m.source('https://b.example', 2)),
    ];
    m.clock.now += 600;
    const young = [
      await m.add(m.source('https://a.example', 1)),
      await m.add(m.source('https://b.example', 2)),
      await m.add(m.source('https://c.example', 3)),
      await m.add(m.source('https://c.example', 3)),
    ];
    await m.approvals.view(old[0]!.id); // the window shows a.example's
    const windowId = m.shell.open!;
    m.shell.open = null; // and the person closes it
    m.clock.now += 500; // the first two are past their deadline
    const [all, , tab2, , tab3] = await Promise.all([
      m.approvals.rejectAll(),
      m.approvals.expire(),
      m.approvals.dropTab(2),
      m.approvals.dismissWindow(windowId),
      m.approvals.dropTab(3),
    ]);
    const everyone = [...old, ...young].map((e) => e.id);
    expect(answerCounts(m.answers)).toEqual(new Map(everyone.map((id) => [id, 1])));
    expect(m.answers.every((a) => !a.response.ok)).toBe(true);
    expect(await m.approvals.entries()).toEqual([]);
    // Each verb reports only what it answered itself: with expiry and the window, that is all six.
    expect(
      all.rejected +
        tab2 +
        tab3 +
        m.answers.filter((a) => code(a.response) === 'timeout').length +
        m.answers.filter(
          (a) => !a.response.ok && a.response.error.message.includes('closed the Tidepool approval window'),
        ).length,
    ).toBe(everyone.length);
    expect(m.shell.alarm).toBeNull();
  });

  it('a request answered by one way out is not answered again by the next', async () => {
    const m = machine();
    await m.local.set('approvalTimeoutMs', 1_000);
    const expiring = await m.add(m.source('https://a.example', 1));
    m.clock.now += 1_000;
    await m.approvals.expire();
    expect(await m.approvals.rejectAll()).toEqual({ rejected: 0 });
    expect(await m.approvals.dropTab(1)).toBe(0);
    await expect(m.approvals.decide(expiring.id, false, 'ignored')).rejects.toThrow(/no longer pending/);
    expect(m.answers.map((a) => [a.id, code(a.response)])).toEqual([[expiring.id, 'timeout']]);
  });

  it('a request being carried out is answered once, by its decision, whatever drains around it', async () => {
    const m = machine();
    const { id } = await m.add(m.source('https://a.example', 1));
    let release!: () => void;
    m.behaviour.execute = () =>
      new Promise((resolve) => {
        release = () => resolve({ signature: 'sig' });
      });
    const view = await m.shown(id);
    const windowId = m.shell.open!;
    const approving = m.approvals.decide(id, true, view.revision);
    await expect.poll(() => m.executed.length).toBe(1);
    m.clock.now += 10 * 60_000; // long past any deadline
    await Promise.all([
      m.approvals.rejectAll(),
      m.approvals.expire(),
      m.approvals.dropTab(1),
      m.approvals.dismissWindow(windowId),
    ]);
    expect(m.answers).toEqual([]);
    release();
    expect(await approving).toMatchObject({ outcome: 'approved' });
    expect(m.answers).toEqual([{ id, response: { ok: true, result: { signature: 'sig' } } }]);
  });
});
