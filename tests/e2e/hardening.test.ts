// Trying hard to break the wallet in real Chromium: thousands of generated hostile messages into
// the content relay and into the background's UI handlers, the worker stopped while a dApp
// request waits for approval, and checks that secrets never reach logs or the page, and that the
// extension's CSP and permissions are what README documents.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, type Wallet } from '../support/browser';
import { walletWithDapp, type DappServer } from '../support/dapp-server';
import { PASSWORD } from '../support/flows';
import { startTestChain, type TestChain } from '../support/localnet';

const RELAY_MESSAGES = 6_000;
const UI_MESSAGES = 6_000;

describe('hardening', () => {
  let chain: TestChain;
  let wallet: Wallet;
  let server: DappServer;
  let dapp: Page;
  const user = Keypair.generate();
  const logs: string[] = [];

  beforeAll(async () => {
    chain = await startTestChain();
    await chain.fund(user.publicKey, 5);
    ({ server, wallet, dapp } = await walletWithDapp(user, chain.node.rpcUrl, async (launched) => {
      // Every log line of every extension context, from the first one on.
      launched.context.on('page', (page) => page.on('console', (m) => logs.push(m.text())));
      (await launched.worker()).on('console', (m) => logs.push(m.text()));
    }));
  });
  afterAll(async () => {
    await wallet?.close();
    await server?.close();
    await chain?.close();
  });

  const snapshot = async () =>
    JSON.stringify([await wallet.storage('local'), await wallet.storage('session')]);

  it(`answers ${RELAY_MESSAGES + UI_MESSAGES} hostile messages with typed errors: no crash, no state change, no signature`, async () => {
    const popup = await wallet.openPopup();
    const ping = async () =>
      (await wallet.call<{ workerStartedAt: number }>(popup, 'app:ping')).result!.workerStartedAt;
    const startedAt = await ping();
    // The popup's own refresh on opening rewrites the portfolio cache: let it land first.
    const refreshed = () =>
      wallet.received.some(
        (m) =>
          m.method === 'portfolio:get' &&
          (m.response as { result?: { cached?: boolean } }).result?.cached === false,
      );
    await expect.poll(refreshed).toBe(true);
    const before = await snapshot();
    const signaturesBefore = (await chain.connection.getSignaturesForAddress(user.publicKey)).length;

    // Through the page and the relay to the background's dApp handlers.
    const relay = await dapp.evaluate(
      async ([count, victim]) => {
        let seed = 42;
        const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
        const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
        const deep = (n: number): unknown => (n === 0 ? 'leaf' : [deep(n - 1)]);
        const junk = (): unknown =>
          pick<() => unknown>([
            () => 'x'.repeat(Math.floor(rand() * 200_000)),
            () => rand() * 1e308,
            () => -1,
            () => true,
            () => [],
            () => [1, 2, 3],
            () => deep(1 + Math.floor(rand() * 500)),
            () => 'not base58 0OIl',
            () => '!!!',
            () => NaN,
          ])();
        // Objects whose fields are wrong on purpose: each fails validation or the connection check.
        const hostileObject = (method: string): unknown =>
          pick<() => unknown>([
            () =>
              JSON.parse(
                '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"account":"0OIl"}',
              ),
            () => ({
              account: victim,
              chain: pick(['solana:mainnet', 'ethereum:1', 'solana:localnet']),
              transaction: pick(['AAAA', '@@@', 'AQID']),
            }),
            () => ({ account: victim, message: pick(['%%%', 'a'.repeat(9000)]) }),
            () => ({
              account: 'Z'.repeat(44),
              chain: 'solana:localnet',
              action: 'stake',
              pool: victim,
              amount: pick(['-1', '1.5', '99999999999999999999999']),
            }),
            () =>
              method === 'signIn'
                ? { domain: 42 }
                : method === 'connect'
                  ? { silent: 'yes' }
                  : { account: 12 },
          ])();
        const methods = [
          'connect',
          'disconnect',
          'signTransaction',
          'signAndSendTransaction',
          'signMessage',
          'signIn',
          'stake',
          'approval:decide',
          'vault:unlock',
          '__proto__',
          'constructor',
          'toString',
          'hasOwnProperty',
          '',
        ];
        const replies = new Map<string, { ok: boolean; error?: { code: string; message: string } }>();
        window.addEventListener('message', (e) => {
          if (e.data?.from === 'wallet' && typeof e.data.id === 'string' && e.data.id.startsWith('fz'))
            replies.set(e.data.id, e.data.response);
        });
        let expected = 0;
        for (let i = 0; i < count; i++) {
          const method = pick(methods);
          // connect/disconnect/signIn with an object could be a real request; they only get junk.
          const params =
            ['connect', 'disconnect', 'signIn'].includes(method) && rand() < 0.5
              ? junk()
              : rand() < 0.5
                ? junk()
                : hostileObject(method);
          const dropped = rand() < 0.1; // malformed envelopes the relay must drop silently
          if (!dropped) expected++;
          const id = dropped ? pick(['', 'x'.repeat(100), 7 as unknown as string]) : `fz${i}`;
          window.postMessage(
            dropped && rand() < 0.5
              ? pick<unknown>([
                  { channel: 'tidepool/other', from: 'page', id: `fz${i}`, method },
                  {
                    channel: 'tidepool/page',
                    from: 'wallet',
                    id: `forged-answer-${i}`,
                    response: { ok: true },
                  },
                  'junk',
                  null,
                ])
              : { channel: 'tidepool/page', from: 'page', id, method, params },
            '*',
          );
          // Paced below the relay's limit of 1,000 unanswered requests per page (past it, a page gets rate_limited).
          if (i % 500 === 0)
            while (expected - replies.size > 250) await new Promise((r) => setTimeout(r, 10));
        }
        const deadline = Date.now() + 60_000;
        while (replies.size < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        const codes: Record<string, number> = {};
        let ok = 0;
        for (const reply of replies.values()) {
          if (reply.ok) ok++;
          else codes[reply.error!.code] = (codes[reply.error!.code] ?? 0) + 1;
        }
        return {
          sent: count,
          expected,
          answered: replies.size,
          ok,
          codes,
          sample: JSON.stringify([...replies.values()].slice(0, 3)),
        };
      },
      [RELAY_MESSAGES, user.publicKey.toBase58()] as const,
    );

    // Straight into the background's UI handlers, from an extension page.
    const ui = await popup.evaluate(async (count) => {
      let seed = 7;
      const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
      const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
      const methods = [
        'vault:unlock',
        'vault:lock',
        'vault:exportSecretKey',
        'vault:revealPhrase',
        'accounts:add',
        'network:set',
        'stake:execute',
        'send:execute',
        'approval:decide',
        'sites:revoke',
        'no:such',
        '__proto__',
        'constructor',
        'toString',
      ];
      const params = () =>
        pick<unknown>([
          'x'.repeat(100_000),
          5,
          [],
          [{}],
          true,
          JSON.parse('{"__proto__":{"polluted":1}}'),
          { password: 5 },
          { address: '0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl' },
          { network: 'moon' },
          { pool: 'x', lamports: '-1' },
          { id: '../../', approve: 'yes' },
        ]);
      const codes: Record<string, number> = {};
      let ok = 0;
      for (let i = 0; i < count; i++) {
        const message =
          rand() < 0.1
            ? pick<unknown>(['junk', 42, null, [], { channel: 'wrong', method: 'vault:lock' }])
            : { channel: 'tidepool/ui', method: pick(methods), params: params() };
        const reply = (await chrome.runtime.sendMessage(message)) as {
          ok: boolean;
          error?: { code: string };
        };
        if (reply?.ok) ok++;
        else codes[reply?.error?.code ?? 'no-answer'] = (codes[reply?.error?.code ?? 'no-answer'] ?? 0) + 1;
      }
      return { sent: count, ok, codes };
    }, UI_MESSAGES);

    console.log(
      `fuzz: ${relay.sent} relay messages (${relay.answered} answered, ${relay.sent - relay.expected} dropped by the relay) ` +
        `and ${ui.sent} UI messages; relay errors ${JSON.stringify(relay.codes)}, UI errors ${JSON.stringify(ui.codes)}`,
    );
    expect(relay.sent + ui.sent).toBeGreaterThanOrEqual(10_000);
    expect(relay.answered).toBe(relay.expected);
    expect(relay.ok).toBe(0);
    expect(
      Object.keys(relay.codes).every((code) => code === 'invalid_request' || code === 'unauthorized'),
    ).toBe(true);
    expect(ui.ok).toBe(0);
    expect(Object.keys(ui.codes)).toEqual(['invalid_request']);

    expect(await ping()).toBe(startedAt); // the same worker: it never crashed
    expect(await snapshot()).toBe(before);
    expect((await chain.connection.getSignaturesForAddress(user.publicKey)).length).toBe(signaturesBefore);
    expect(wallet.context.pages().some((p) => p.url().includes('/src/approval/'))).toBe(false);
    expect(await popup.evaluate(() => (({}) as Record<string, unknown>).polluted)).toBeUndefined();
    await popup.close();
  });

  it('a dApp request waiting for approval survives the worker being stopped, and its answer still arrives', async () => {
    type Answer = { ok: boolean; value?: unknown; message?: string };
    const connecting = dapp.evaluate(() =>
      (window as never as { dapp: { connect(): Promise<Answer> } }).dapp.connect(),
    );
    const approval = await wallet.approvalWindow();
    await approval.getByRole('button', { name: 'Connect' }).waitFor();
    await wallet.stopServiceWorker();
    await approval.reload(); // the window asks the new worker, which finds the request again
    const connect = approval.getByRole('button', { name: 'Connect', exact: true });
    await expect.poll(() => connect.isEnabled(), { timeout: 15_000 }).toBe(true);
    const closed = approval.waitForEvent('close'); // before the click: it can close at once
    await connect.click();
    expect(await connecting).toEqual({ ok: true, value: user.publicKey.toBase58() });
    await closed; // so the next request meets a window of its own

    const signing = dapp.evaluate(() =>
      (window as never as { dapp: { signMessage(t: string): Promise<Answer> } }).dapp.signMessage(
        'after a restart',
      ),
    );
    const second = await wallet.approvalWindow();
    await second.getByTestId('message').waitFor();
    await wallet.stopServiceWorker();
    await second.reload();
    await second.getByRole('button', { name: 'Reject' }).click();
    expect(await signing).toMatchObject({ ok: false });
  });

  it('never puts the secret key or password in storage, page messages or any log', async () => {
    const secret = bs58.encode(user.secretKey);
    const pageSaw = await dapp.evaluate(() => document.documentElement.outerHTML);
    const stored = await snapshot();
    for (const text of [
      stored,
      pageSaw,
      logs.join('\n'),
      JSON.stringify(wallet.received.filter((m) => m.method !== 'vault:exportSecretKey')),
    ]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(PASSWORD);
    }
    expect(logs.length).toBeGreaterThan(0);
  });

  it('has exactly the CSP and permissions README documents', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8').replace(/\n/g, ' ');
    const documentedCsp = readme.match(/CSP is\s+`([^`]+)`/)?.[1];
    expect(documentedCsp).toBe(manifest.content_security_policy.extension_pages);
    const documentedPermissions = [
      ...(readme.match(/permissions are ([^.]+?) only/)?.[1] ?? '').matchAll(/`(\w+)`/g),
    ]
      .map((m) => m[1])
      .sort();
    expect(documentedPermissions).toEqual([...manifest.permissions].sort());
    expect(manifest.host_permissions ?? []).toEqual([]);
    // A permission beyond storage and alarms says why it is there.
    expect(manifest.permissions).toContain('notifications');
    expect(readme).toMatch(/`notifications` only tells you when SOL you wait for becomes withdrawable/);
  });
});
