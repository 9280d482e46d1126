// The shared flows the Firefox suite runs (tests/support/shared-flows.ts), run in Chromium through
// the Playwright side of the driver: proof that one set of steps drives both browsers, and the same
// outcomes checked as in tests/e2e/firefox-*.test.ts.
import type { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { launchWallet, walletDriver } from '../support/browser';
import { startDappServer, type DappServer } from '../support/dapp-server';
import { until, type UiPage, type WalletDriver } from '../support/driver';
import { fundedOn } from '../support/flows';
import { keyboardJourneys } from '../support/keyboard-flows';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import {
  dappCall,
  decide,
  importAndOpenDapp,
  instantUnstakeFromPopup,
  lockThenUnlock,
  onboard,
  popupState,
  stakeFromPopup,
} from '../support/shared-flows';
import { SOL, activePool } from '../support/staking';

const WITH_PROGRAM = stakePoolProgramOr('Chromium shared staking flows', STAKE_POOL_AVAILABLE);

describe('Chromium: the shared flows', () => {
  let chain: TestChain;
  let wallet: WalletDriver;
  let pool: CreatedPool | null = null;

  beforeAll(async () => {
    chain = await startTestChain();
    if (WITH_PROGRAM) {
      const operator = await chain.funded(500);
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 20n * SOL,
      });
    }
    wallet = walletDriver(await launchWallet());
  });
  afterAll(async () => {
    await wallet?.close();
    await chain?.close();
  });

  it('onboards, refuses a wrong password, unlocks, and stays unlocked across a worker stop', async () => {
    const { popup, words } = await onboard(wallet);
    expect(words).toHaveLength(12);
    expect(await lockThenUnlock(popup)).toMatch(/Wrong password \(1 failed try\)/);
    await popup.close();
    await wallet.stopBackground();
    const after = await popupState(wallet);
    expect(after.state).toBe('unlocked');
    await after.popup.close();
  });

  it.skipIf(!WITH_PROGRAM)('stakes and unstakes instantly from the popup', async () => {
    const symbol = `${pool!.mint.toBase58().slice(0, 4)}…${pool!.mint.toBase58().slice(-4)}`;
    const { popup } = await popupState(wallet);
    const owner = await fundedOn(popup, chain, 5);
    expect(await stakeFromPopup(popup, symbol, '1')).toContain(symbol);
    expect(await instantUnstakeFromPopup(popup, symbol, '0.25')).toMatch(/SOL/);
    const accounts = await chain.connection.getParsedTokenAccountsByOwner(owner, { mint: pool!.mint });
    expect(BigInt(accounts.value[0]!.account.data.parsed.info.tokenAmount.amount)).toBeGreaterThan(0n);
    await popup.close();
  });
});

describe('Chromium: the shared dApp flows', () => {
  let chain: TestChain;
  let wallet: WalletDriver;
  let server: DappServer;
  let dapp: UiPage;
  let user: Keypair;

  beforeAll(async () => {
    chain = await startTestChain();
    user = await chain.funded(5);
    server = await startDappServer();
    wallet = walletDriver(await launchWallet());
    dapp = await importAndOpenDapp(wallet, bs58.encode(user.secretKey), chain.node.rpcUrl, server.url);
  });
  afterAll(async () => {
    await wallet?.close();
    await server?.close();
    await chain?.close();
  });

  it('connects, and carries out an approval once across a worker stop', async () => {
    const connected = dappCall<string>(dapp, 'connect');
    await decide(wallet, 'Connect');
    expect(await connected).toEqual({ ok: true, value: user.publicKey.toBase58() });

    const answer = dappCall<string>(dapp, 'signMessage', 'across a stop');
    const approval = await wallet.approvalWindow();
    await until(
      'the message to show',
      async () => (await approval.text({ testId: 'message' })) === 'across a stop',
    );
    await wallet.stopBackground();
    await approval.reload();
    await decide(wallet, 'Approve');
    expect((await answer).ok).toBe(true);
    expect((await wallet.storage('session')).approvalQueue).toEqual([]);
  });
});

keyboardJourneys('Chromium', async () => walletDriver(await launchWallet()));
