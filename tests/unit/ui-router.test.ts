// The worker's door for our own pages: who may call (the sender the browser vouches for), and what
// a call must look like before any handler runs. The listener and router are the worker's own
// (createUiListener, createUiRouter); behind them, a recording FAKE handler set stands in for the
// wallet, and FAKE hooks for the vault restore and the auto-lock.
import { describe, expect, it } from 'vitest';
import { createUiListener, type MessageSender } from '../../src/background/ui/ui-listener';
import { createUiRouter, isOwnPage, type UiHandlers } from '../../src/background/ui/router';
import { UI_CHANNEL } from '../../src/shared/protocol';
import { uiMethods } from '../../src/shared/ui-methods';
import { WalletError } from '../../src/shared/errors';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

/** Senders as runtime.onMessage describes them. */
const SENDERS = {
  popup: { id: ID, url: `${ORIGIN}src/popup/index.html`, origin: `chrome-extension://${ID}` },
  approvalWindow: { id: ID, url: `${ORIGIN}src/approval/index.html`, tab: { id: 7 }, frameId: 0 },
  // Our own content script: the browser gives our id, but the URL of the web page it runs in.
  contentScript: {
    id: ID,
    url: 'https://dapp.example/swap',
    origin: 'https://dapp.example',
    tab: { id: 3 },
    frameId: 0,
    documentId: 'D1',
  },
  // A content script in a frame whose page is our own URL's look-alike on the web.
  lookAlike: { id: ID, url: `https://evil.example/${ORIGIN}`, tab: { id: 4 }, frameId: 2 },
  otherExtension: {
    id: 'zyxwvutsrqponmlkzyxwvutsrqponmlk',
    url: 'chrome-extension://zyxwvutsrqponmlkzyxwvutsrqponmlk/background.js',
  },
  // Another extension whose id starts with ours: the origin's trailing slash keeps it out.
  prefixExtension: { id: `${ID}x`, url: `chrome-extension://${ID}x/page.html` },
  // A web page (externally_connectable): no extension id at all.
  webPage: { url: 'https://evil.example/', origin: 'https://evil.example', tab: { id: 5 } },
  noUrl: { id: ID },
} satisfies Record<string, MessageSender & Record<string, unknown>>;

/** A FAKE wallet: every method answers its own name and records the params it got. */
function recordingHandlers() {
  const calls: { method: string; params: unknown }[] = [];
  const handlers = Object.fromEntries(
    Object.keys(uiMethods).map((method) => [
      method,
      (params: unknown) => {
        calls.push({ method, params });
        if (method === 'vault:lock') throw new WalletError('locked', 'Unlock Tidepool first.');
        if (method === 'accounts:add') throw new Error('a bug');
        return { answeredBy: method };
      },
    ]),
  ) as unknown as UiHandlers;
  return { handlers, calls };
}

function door() {
  const { handlers, calls } = recordingHandlers();
  const hooks = { before: 0, activity: 0 };
  const listen = createUiListener({
    extensionId: ID,
    extensionOrigin: ORIGIN,
    dispatch: createUiRouter(handlers),
    beforeDispatch: async () => {
      hooks.before += 1;
    },
    onUserActivity: () => {
      hooks.activity += 1;
    },
  });
  return { listen, calls, hooks };
}

const request = (method: string, params: unknown = {}, gesture?: boolean) => ({
  channel: UI_CHANNEL,
  method,
  params,
  ...(gesture ? { gesture } : {}),
});

describe('who may call the wallet', () => {
  it.each(['popup', 'approvalWindow'] as const)('serves our own page: %s', async (name) => {
    const { listen, calls, hooks } = door();
    expect(await listen(request('wallet:state'), SENDERS[name])).toEqual({
      ok: true,
      result: { answeredBy: 'wallet:state' },
    });
    expect(calls.map((c) => c.method)).toEqual(['wallet:state']);
    expect(hooks.before).toBe(1);
  });

  it.each(['contentScript', 'lookAlike', 'otherExtension', 'prefixExtension', 'webPage', 'noUrl'] as const)(
    'refuses %s before anything runs, even a request marked as a gesture',
    async (name) => {
      const { listen, calls, hooks } = door();
      const answer = await listen(request('vault:unlock', { password: 'hunter22' }, true), SENDERS[name]);
      expect(answer).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'Only Tidepool’s own pages may call the wallet this way.' },
      });
      expect(calls).toEqual([]);
      expect(hooks).toEqual({ before: 0, activity: 0 });
    },
  );

  it('Firefox’s moz-extension origin works the same way', () => {
    const origin = 'moz-extension://4b1f3c2e-0000-4000-8000-1234567890ab/';
    expect(
      isOwnPage({ id: 'tidepool@example', url: `${origin}src/popup/index.html` }, 'tidepool@example', origin),
    ).toBe(true);
    expect(
      isOwnPage({ id: 'tidepool@example', url: 'https://dapp.example/' }, 'tidepool@example', origin),
    ).toBe(false);
  });

  it('only a served request made under a gesture postpones the auto-lock', async () => {
    const { listen, hooks } = door();
    await listen(request('vault:unlock', { password: 'hunter22' }, true), SENDERS.popup);
    expect(hooks.activity).toBe(1);
    await listen(request('vault:unlock', { password: 'hunter22' }), SENDERS.popup);
    await listen(request('wallet:state', {}, true), SENDERS.popup);
    expect(hooks.activity).toBe(1);
  });
});

describe('what a call must look like', () => {
  it('validates params before the handler, and hands it only the parsed ones', async () => {
    const { listen, calls } = door();
    const bad = await listen(request('vault:unlock', { password: 'hunter22', extra: 1 }), SENDERS.popup);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(calls).toEqual([]);
    await listen(request('vault:unlock', { password: 'hunter22' }), SENDERS.popup);
    expect(calls).toEqual([{ method: 'vault:unlock', params: { password: 'hunter22' } }]);
  });

  it('refuses another channel, an unknown method, an inherited name and junk, with a typed error', async () => {
    const { listen, calls } = door();
    for (const junk of [
      { channel: 'tidepool/dapp', method: 'wallet:state', params: {} },
      request('wallet:drain'),
      request('__proto__'),
      request('toString'),
      null,
      'wallet:state',
      42,
    ]) {
      expect(await listen(junk, SENDERS.popup)).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    }
    expect(calls).toEqual([]);
  });

  it('a wallet error reaches the page as it was thrown; anything else as internal, never the exception itself', async () => {
    const { listen } = door();
    expect(await listen(request('vault:lock'), SENDERS.popup)).toEqual({
      ok: false,
      error: { code: 'locked', message: 'Unlock Tidepool first.' },
    });
    expect(await listen(request('accounts:add', {}), SENDERS.popup)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside Tidepool. Nothing was signed.' },
    });
  });
});
