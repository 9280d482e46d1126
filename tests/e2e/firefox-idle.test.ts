// Firefox unloads an idle event page by itself (after `extensions.background.idle.timeout`, 30 s by
// default; 1.5 s here). A person who reads an approval longer than that must still get what they
// approved: with the window left open (no reload), the dApp's request survives the page being
// unloaded on its own, and Approve starts a new page that carries it out once.
import { ed25519 } from '@noble/curves/ed25519';
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDappServer, type DappServer } from '../support/dapp-server';
import { until, type UiPage } from '../support/driver';
import { launchFirefoxWallet, type FirefoxWallet } from '../support/firefox';
import { startTestChain, type TestChain } from '../support/localnet';
import { dappCall, decide, importAndOpenDapp } from '../support/shared-flows';

const IDLE_TIMEOUT_MS = 1_500;

describe('Firefox: the event page unloading on its own while a person reads an approval', () => {
  let chain: TestChain;
  let wallet: FirefoxWallet;
  let server: DappServer;
  let dapp: UiPage;
  let user: Keypair;

  beforeAll(async () => {
    chain = await startTestChain();
    user = await chain.funded(5);
    server = await startDappServer();
    wallet = await launchFirefoxWallet({ 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS });
    dapp = await importAndOpenDapp(wallet, bs58.encode(user.secretKey), chain.node.rpcUrl, server.url);
    const connected = dappCall<string>(dapp, 'connect');
    await decide(wallet, 'Connect');
    expect((await connected).ok).toBe(true);
  });
  afterAll(async () => {
    await wallet?.close();
    await server?.close();
    await chain?.close();
  });

  it('signs what the person approved after Firefox unloaded the idle event page', async () => {
    const answer = dappCall<string>(dapp, 'signMessage', 'read slowly');
    const approval = await wallet.approvalWindow();
    await until(
      'the message to show',
      async () => (await approval.text({ testId: 'message' })) === 'read slowly',
    );
    // Nobody forces anything: Firefox itself unloads the page once it has been idle long enough.
    await until(
      'Firefox to unload the idle event page',
      async () => (await wallet.backgroundState()) === 'stopped',
      30_000,
    );
    await decide(wallet, 'Approve');
    const result = await answer;
    expect(result.ok).toBe(true);
    expect(
      ed25519.verify(
        Buffer.from(result.value!, 'base64'),
        new TextEncoder().encode('read slowly'),
        user.publicKey.toBytes(),
      ),
    ).toBe(true);
    expect((await wallet.storage('session')).approvalQueue).toEqual([]);
  });
});
