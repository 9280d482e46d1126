// The content-script ports against the real approval state machine, in Node: a FAKE of the
// browser's runtime/tabs events (webextension-polyfill cannot load in Node), FAKE ports, the named
// in-memory FAKE of chrome.storage, and a FAKE DappService whose checks take as long as a test
// says (the real one awaits storage before it queues). The real ports run in the e2e suites.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../src/shared/errors';
import { MemoryStorage } from '../support/memory-storage';

/** FAKE browser: the listeners DappPorts registers, for the test to fire. */
const events = vi.hoisted(() => ({
  connect: [] as ((port: unknown) => void)[],
  removed: [] as ((tabId: number) => void)[],
}));
vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      id: 'tidepool-test',
      onConnect: { addListener: (f: (port: unknown) => void) => events.connect.push(f) },
    },
    tabs: { onRemoved: { addListener: (f: (tabId: number) => void) => events.removed.push(f) } },
  },
}));

const { DappPorts } = await import('../../src/background/dapp/dapp-ports');
const { ApprovalStore } = await import('../../src/background/dapp/approval-store');
const { Approvals } = await import('../../src/background/dapp/approvals');
type RequestSource = import('../../src/background/dapp/approval-types').RequestSource;
type DappRequest = import('../../src/background/dapp/approval-types').DappRequest;
type QueuedRequest = import('../../src/background/dapp/approval-types').QueuedRequest;
type DappService = import('../../src/background/dapp/dapp-service').DappService;

/** A FAKE content-script port of the page `document` in tab `tabId`. */
function fakePort(tabId: number, origin = 'https://dapp.example') {
  const message: ((m: unknown) => void)[] = [];
  const disconnect: (() => void)[] = [];
  const sent: unknown[] = [];
  const port = {
    name: 'tidepool/dapp',
    sender: { id: 'tidepool-test', url: `${origin}/`, origin, frameId: 0, tab: { id: tabId } },
    onMessage: { addListener: (f: (m: unknown) => void) => message.push(f) },
    onDisconnect: { addListener: (f: () => void) => disconnect.push(f) },
    postMessage: (m: unknown) => sent.push(m),
    disconnect: () => {},
  };
  return {
    port,
    sent,
    say: (m: unknown) => message.forEach((f) => f(m)),
    close: () => disconnect.forEach((f) => f()),
  };
}

function setup() {
  const shell = {
    openWindow: async () => 1,
    focusWindow: async () => true,
    closeWindow: async () => {},
    setAlarm: async () => {},
  };
  const store = new ApprovalStore(new MemoryStorage(), new MemoryStorage(), shell);
  const answers: { id: string; response: Result<unknown> }[] = [];
  const approvals = new Approvals(store, {
    review: async () => {
      throw new Error('not asked');
    },
    execute: async () => {
      throw new Error('not asked');
    },
    finishInterrupted: async () => {
      throw new Error('not asked');
    },
    answer: async (entry, response) => {
      answers.push({ id: entry.pageRequestId, response });
    },
  });
  /** The FAKE service's checks wait for `release` before queueing, as the real one awaits storage. */
  let release!: () => void;
  const checked = new Promise<void>((resolve) => {
    release = resolve;
  });
  let queued = 0;
  const service = {
    async request(source: RequestSource, request: DappRequest) {
      await checked;
      await approvals.add(source, request as QueuedRequest, new Set([source.origin]));
      queued += 1;
      return null;
    },
  } as unknown as DappService;
  const session = new MemoryStorage();
  const ports = new DappPorts(service, session);
  ports.onPageGone = (tabId, keep) => approvals.dropTab(tabId, keep);
  ports.install();
  return { approvals, answers, ports, session, release, queued: () => queued };
}

beforeEach(() => {
  events.connect.length = 0;
  events.removed.length = 0;
});

describe('content-script ports', () => {
  it('a request whose page leaves while it is being checked is not left queued', async () => {
    const m = setup();
    const page = fakePort(7);
    events.connect[0]!(page.port);
    page.say({ hello: true, document: 'doc-1' });
    page.say({ id: 'r1', method: 'connect', params: {} });
    page.close(); // the page navigates away right after asking; its drop finds nothing yet
    m.release();
    await vi.waitFor(() => expect(m.queued()).toBe(1));
    await vi.waitFor(() =>
      expect(m.answers).toEqual([{ id: 'r1', response: expect.objectContaining({ ok: false }) }]),
    );
    expect(await m.approvals.entries()).toEqual([]);
  });

  it('nor is one whose tab closes while it is being checked; a page that stays keeps its request', async () => {
    const m = setup();
    const leaving = fakePort(7);
    const staying = fakePort(8);
    events.connect[0]!(leaving.port);
    events.connect[0]!(staying.port);
    leaving.say({ id: 'r1', method: 'connect', params: {} });
    staying.say({ id: 'r2', method: 'connect', params: {} });
    events.removed[0]!(7);
    m.release();
    await vi.waitFor(() => expect(m.queued()).toBe(2));
    await vi.waitFor(async () =>
      expect((await m.approvals.entries()).map((e) => e.pageRequestId)).toEqual(['r2']),
    );
    expect(m.answers.map((a) => a.id)).toEqual(['r1']);
    expect(staying.sent).toContainEqual(expect.objectContaining({ received: 'r2' }));
  });

  it('answers kept for a page whose port is down are all kept, however many arrive at once', async () => {
    const m = setup();
    const entry = (n: number) =>
      ({
        origin: 'https://dapp.example',
        tabId: 5,
        document: 'doc',
        favicon: null,
        pageRequestId: `r${n}`,
        id: `id-${n}`,
        createdAt: 0,
        deadline: 1,
        method: 'connect',
        params: {},
        state: { kind: 'waiting' },
      }) as const;
    await Promise.all([1, 2, 3].map((n) => m.ports.answer(entry(n), { ok: true, result: n })));
    const page = fakePort(5);
    events.connect[0]!(page.port);
    page.say({ hello: true, document: 'doc' });
    await vi.waitFor(() =>
      expect(page.sent.map((x) => (x as { id: string }).id)).toEqual(['r1', 'r2', 'r3']),
    );
    expect(await m.session.get('undeliveredAnswers')).toEqual({});
  });
});
