// A dApp on 127.0.0.1 reaching Tidepool in real Firefox ESR the way real dApps do (Wallet Standard
// discovery, the wallet-adapter base): connect after the person clicks Connect, a stake-pool
// deposit built with @solana/spl-stake-pool shown decoded and approved; and Firefox unloading the
// event page while a request waits for approval: the reloaded window finds the request again, the
// approval is carried out once, and a signed deposit lands once and is confirmed.
import { ed25519 } from '@noble/curves/ed25519';
import { depositSol } from '@solana/spl-stake-pool';
import { Keypair, TransactionMessage, VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { startDappServer, type DappServer } from '../support/dapp-server';
import { until, type UiPage } from '../support/driver';
import { launchFirefoxWallet, type FirefoxWallet } from '../support/firefox';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { dappCall, decide, importAndOpenDapp, unsettledTransactions } from '../support/shared-flows';
import { SOL, activePool, nextEpoch } from '../support/staking';

const WITH_PROGRAM = stakePoolProgramOr('Firefox dApp stake-pool deposit e2e', STAKE_POOL_AVAILABLE);

describe('Firefox: a dApp through the Wallet Standard', () => {
  let chain: TestChain;
  let wallet: FirefoxWallet;
  let server: DappServer;
  let dapp: UiPage;
  let user: Keypair;
  let pool: CreatedPool | null = null;

  const depositTx = async (lamports: bigint) => {
    const { instructions, signers } = await depositSol(
      chain.connection,
      pool!.pool,
      user.publicKey,
      Number(lamports),
    );
    const { blockhash } = await chain.connection.getLatestBlockhash();
    const tx = new VersionedTransaction(
      new TransactionMessage({
        payerKey: user.publicKey,
        recentBlockhash: blockhash,
        instructions,
      }).compileToV0Message(),
    );
    tx.sign(signers);
    return Buffer.from(tx.serialize()).toString('base64');
  };
  const symbol = () => `${pool!.mint.toBase58().slice(0, 4)}…${pool!.mint.toBase58().slice(-4)}`;
  const lstBalance = async () => {
    const accounts = await chain.connection.getParsedTokenAccountsByOwner(user.publicKey, {
      mint: pool!.mint,
    });
    return BigInt(accounts.value[0]?.account.data.parsed.info.tokenAmount.amount ?? '0');
  };

  beforeAll(async () => {
    chain = await startTestChain();
    user = await chain.funded(50);
    if (WITH_PROGRAM) {
      const operator = await chain.funded(500);
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 20n * SOL,
      });
      await nextEpoch(chain, operator, [pool]);
    }
    server = await startDappServer();
    wallet = await launchFirefoxWallet();
    dapp = await importAndOpenDapp(wallet, bs58.encode(user.secretKey), chain.node.rpcUrl, server.url);
  });
  afterAll(async () => {
    await wallet?.close();
    await server?.close();
    await chain?.close();
  });

  it('is discovered, and connects only after the person clicks Connect', async () => {
    await until('the dApp to discover Tidepool', async () =>
      (
        await dapp.evaluate(() => (window as never as { dapp: { wallets(): string[] } }).dapp.wallets(), null)
      ).includes('Tidepool'),
    );
    expect((await dappCall(dapp, 'autoConnect')).ok).toBe(false); // a silent connect must not open anything
    const answer = dappCall<string>(dapp, 'connect');
    const approval = await wallet.approvalWindow();
    await until(
      'the origin to show',
      async () => (await approval.text({ testId: 'origin' })) === new URL(server.url).origin,
    );
    await approval.audit('approval-connect');
    await decide(wallet, 'Connect');
    expect(await answer).toEqual({ ok: true, value: user.publicKey.toBase58() });
  });

  it('unloaded mid-approval: the reloaded window finds the request, and the approval is carried out once', async () => {
    const answer = dappCall<string>(dapp, 'signMessage', 'signed across an unload');
    const approval = await wallet.approvalWindow();
    await until(
      'the message to show',
      async () => (await approval.text({ testId: 'message' })) === 'signed across an unload',
    );
    await wallet.stopBackground();
    await approval.reload(); // the window asks the new event page, which finds the request again
    await until(
      'the message to show again',
      async () => (await approval.text({ testId: 'message' })) === 'signed across an unload',
    );
    await decide(wallet, 'Approve');
    const result = await answer;
    expect(result.ok).toBe(true);
    expect(
      ed25519.verify(
        Buffer.from(result.value!, 'base64'),
        new TextEncoder().encode('signed across an unload'),
        user.publicKey.toBytes(),
      ),
    ).toBe(true);
    expect((await wallet.storage('session')).approvalQueue).toEqual([]);
  });

  it.skipIf(!WITH_PROGRAM)('signs and sends a stake-pool deposit the dApp built, shown decoded', async () => {
    const answer = dappCall<string>(dapp, 'sendTransaction', await depositTx(SOL), chain.node.rpcUrl);
    const approval = await wallet.approvalWindow();
    await until('the deposit to show decoded', async () =>
      new RegExp(`Stake 1 SOL into ${symbol()} → you receive ≈ [\\d.]+ ${symbol()}`).test(
        await approval.text({ testId: 'instructions' }),
      ),
    );
    expect(await approval.text({ testId: 'balance-changes' })).toContain(symbol());
    await approval.audit('approval-stake-pool-deposit');
    await decide(wallet, 'Approve');
    const result = await answer;
    expect(result.ok).toBe(true);
    await until(
      'the deposit to confirm',
      async () => !!(await chain.connection.getSignatureStatus(result.value!)).value?.confirmationStatus,
    );
    expect(await lstBalance()).toBeGreaterThan(0n);
  });

  it.skipIf(!WITH_PROGRAM)(
    'a deposit approved after the event page was unloaded lands once and is confirmed by the new page',
    async () => {
      const before = await lstBalance();
      const signaturesBefore = (await chain.connection.getSignaturesForAddress(user.publicKey)).length;
      const answer = dappCall<string>(dapp, 'sendTransaction', await depositTx(2n * SOL), chain.node.rpcUrl);
      const approval = await wallet.approvalWindow();
      await until('the deposit to show', async () =>
        (await approval.text({ testId: 'instructions' })).includes(`Stake 2 SOL into ${symbol()}`),
      );
      await wallet.stopBackground();
      await approval.reload();
      await until('the deposit to show again', async () =>
        (await approval.text({ testId: 'instructions' })).includes(`Stake 2 SOL into ${symbol()}`),
      );
      await decide(wallet, 'Approve');
      const result = await answer;
      expect(result.ok).toBe(true);
      await until(
        'the deposit to confirm',
        async () => !!(await chain.connection.getSignatureStatus(result.value!)).value?.confirmationStatus,
      );
      expect(await lstBalance()).toBeGreaterThan(before);
      expect((await chain.connection.getSignaturesForAddress(user.publicKey)).length).toBe(
        signaturesBefore + 1,
      );
      // The new event page watched it to confirmation: its record settled.
      await until(
        'the transaction record to settle',
        async () => unsettledTransactions(await wallet.storage('local')).length === 0,
      );
    },
  );
});
