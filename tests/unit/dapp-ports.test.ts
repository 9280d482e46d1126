// The content-script ports against the real approval state machine and dApp service, in Node, as
// the worker builds them (createDapps): FAKE ports, the named in-memory FAKE of chrome.storage, a
// FAKE window shell, and an active-account port that answers only when the test says (the real
// one awaits the vault reopening before a request is queued). The real ports run in the e2e suites.
import type { Runtime } from 'webextension-polyfill';
import { describe, expect, it, vi } from 'vitest';
import { createDapps } from '../../src/background/dapp/dapps';
import { FakeShell } from '../support/fake-shell';
import { MemoryStorage } from '../support/memory-storage';

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
  /** The active-account port waits for `release`, as the real one awaits the vault, then says: locked. */
  let release!: () => void;
  const checked = new Promise<void>((resolve) => {
    release = resolve;
  });
  const session = new MemoryStorage();
  const notAsked = () => {
    throw new Error('not asked');
  };
  const dapps = createDapps({
    engines: { current: notAsked, for: notAsked },
    activeAccount: async () => {
      await checked;
      return null;
    },
    accountName: () => null,
    sign: notAsked,
    local: new MemoryStorage(),
    session,
    shell: new FakeShell(),
    extensionId: 'tidepool-test',
  });
  return {
    ...dapps,
    session,
    release,
    /** A page's port opening: what the browser's onConnect hands the ports. */
    connect: (port: ReturnType<typeof fakePort>['port']) =>
      dapps.ports.accept(port as unknown as Runtime.Port),
    /** The requests queued so far (each marked seen as it is queued). */
    queued: async () => ((await session.get('approvalSeen')) ?? []).length,
    /** The answers kept for pages whose port was gone, by page request id. */
    answers: async () =>
      Object.values((await session.get('undeliveredAnswers')) ?? {})
        .flat()
        .map(({ message }) => ({ id: message.id, response: message.response })),
  };
}

describe('content-script ports', () => {
  it('a request whose page leaves while it is being checked is not left queued', async () => {
    const m = setup();
    const page = fakePort(7);
    m.connect(page.port);
    page.say({ hello: true, document: 'doc-1' });
    page.say({ id: 'r1', method: 'connect', params: {} });
    page.close(); // the page navigates away right after asking; its drop finds nothing yet
    m.release();
    await vi.waitFor(async () => expect(await m.queued()).toBe(1));
    await vi.waitFor(async () =>
      expect(await m.answers()).toEqual([{ id: 'r1', response: expect.objectContaining({ ok: false }) }]),
    );
    expect(await m.approvals.entries()).toEqual([]);
  });

  it('nor is one whose tab closes while it is being checked; a page that stays keeps its request', async () => {
    const m = setup();
    const leaving = fakePort(7);
    const staying = fakePort(8);
    m.connect(leaving.port);
    m.connect(staying.port);
    leaving.say({ id: 'r1', method: 'connect', params: {} });
    staying.say({ id: 'r2', method: 'connect', params: {} });
    await m.ports.tabClosed(7);
    m.release();
    await vi.waitFor(async () => expect(await m.queued()).toBe(2));
    await vi.waitFor(async () =>
      expect((await m.approvals.entries()).map((e) => e.pageRequestId)).toEqual(['r2']),
    );
    expect((await m.answers()).map((a) => a.id)).toEqual(['r1']);
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
    m.connect(page.port);
    page.say({ hello: true, document: 'doc' });
    await vi.waitFor(() =>
      expect(page.sent.map((x) => (x as { id: string }).id)).toEqual(['r1', 'r2', 'r3']),
    );
    expect(await m.session.get('undeliveredAnswers')).toEqual({});
  });
});
