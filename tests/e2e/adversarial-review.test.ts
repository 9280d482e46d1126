// A dApp on 127.0.0.1 asks Tidepool, in real Chromium, to sign a 1,000-token drain whose token
// accounts are named only through an address lookup table (issue #10, finding 2). The approval
// window must show the loss; the same drain through a table the chain does not hold must show a
// blocking warning and keep Approve disabled. And a stake authority hand-over paying a 1.4 SOL
// priority fee shows the stake account before/after and the fee split out (findings 4, 12).
import {
  Authorized,
  ComputeBudgetProgram,
  Keypair,
  StakeProgram,
  SYSVAR_CLOCK_PUBKEY,
  TransactionInstruction,
} from '@solana/web3.js';
import { createTransferInstruction } from '@solana/spl-token';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wallet } from '../support/browser';
import { walletWithDapp, type DappServer } from '../support/dapp-server';
import { startTestChain, type TestChain } from '../support/localnet';
import { DRAIN_UNITS, lookupTableDrain, send, v0, withLookup } from '../support/attacks';
import { playwrightPage } from '../support/driver';
import { dappCall } from '../support/shared-flows';

describe('the approval window against a lookup-table drain', () => {
  let chain: TestChain;
  let wallet: Wallet;
  let server: DappServer;
  let dapp: Page;
  let user: Keypair;
  let attacker: Keypair;
  const call = <T = unknown>(method: string, ...args: unknown[]) =>
    dappCall<T>(playwrightPage(dapp), method, ...args);
  const decide = async (button: string) => {
    const approval = await wallet.approvalWindow();
    const control = approval.getByRole('button', { name: button, exact: true });
    await expect.poll(() => control.isEnabled(), { timeout: 10_000 }).toBe(true);
    const closed = approval.waitForEvent('close', { timeout: 15_000 });
    await control.click();
    await closed;
  };
  const base64 = (tx: { serialize(): Uint8Array }) => Buffer.from(tx.serialize()).toString('base64');

  beforeAll(async () => {
    chain = await startTestChain();
    user = await chain.funded(10);
    attacker = await chain.funded(10);
    ({ server, wallet, dapp } = await walletWithDapp(user, chain.node.rpcUrl));
  });
  afterAll(async () => {
    await wallet?.close();
    await server?.close();
    await chain?.close();
  });

  it('connects the dApp', async () => {
    const connected = call('connect');
    await decide('Connect');
    expect((await connected).ok).toBe(true);
  });

  it('shows the token loss of a drain routed through a lookup table', async () => {
    const { tx, mint, victim, sink } = await lookupTableDrain(chain, user, attacker);
    const answer = call('signTransaction', base64(tx));
    const approval = await wallet.approvalWindow();
    const token = `token ${mint.toBase58().slice(0, 4)}…${mint.toBase58().slice(-4)}`;
    await expect
      .poll(() => approval.getByTestId('balance-changes').textContent(), { timeout: 15_000 })
      .toContain(`${token}-1,000`);
    const short = (key: { toBase58(): string }) =>
      `${key.toBase58().slice(0, 4)}…${key.toBase58().slice(-4)}`;
    expect(await approval.getByTestId('instructions').textContent()).toContain(
      `Transfer 1,000 of ${token} from ${short(victim)} (yours) (authority your account) to ${short(sink)} (owned by ${short(attacker.publicKey)})`,
    );
    await wallet.screenshots(approval, 'approval-lookup-table-drain');
    await decide('Reject');
    expect((await answer).ok).toBe(false);
  });

  it('blocks the drain when its lookup table cannot be read, and says why', async () => {
    const { tx, victim, sink } = await lookupTableDrain(chain, user, attacker);
    const { blockhash } = await chain.connection.getLatestBlockhash();
    const missingTable = Keypair.generate().publicKey;
    const unresolvable = withLookup(
      user.publicKey,
      blockhash,
      [createTransferInstruction(victim, sink, user.publicKey, DRAIN_UNITS)],
      missingTable,
      [victim, sink],
    );
    expect(tx.message.addressTableLookups).toHaveLength(1);
    const answer = call('signTransaction', base64(unresolvable));
    const approval = await wallet.approvalWindow();
    const warning = approval.locator('[data-testid="warnings"] [data-code="lookup_table_unresolved"]');
    await expect
      .poll(() => warning.textContent(), { timeout: 15_000 })
      .toContain(`Address lookup table ${missingTable.toBase58()} does not exist`);
    expect(await approval.getByTestId('simulation-error').textContent()).toContain('could not be read');
    // Approve is held by the blocking warning itself (its title says why), not by the read-first delay.
    const approve = approval.getByRole('button', { name: 'Approve', exact: true });
    await expect
      .poll(() => approve.getAttribute('title'))
      .toContain(`Address lookup table ${missingTable.toBase58()} does not exist`);
    expect(await approve.isEnabled()).toBe(false);
    await wallet.screenshots(approval, 'approval-lookup-table-unresolved');
    await decide('Reject');
    expect((await answer).ok).toBe(false);
  });

  it('shows a stake account changing hands and a priority fee split out, with their warnings', async () => {
    const stake = Keypair.generate();
    await send(
      chain,
      user,
      StakeProgram.createAccount({
        fromPubkey: user.publicKey,
        stakePubkey: stake.publicKey,
        authorized: new Authorized(user.publicKey, user.publicKey),
        lamports: 2e9,
      }).instructions,
      [stake],
    );
    const authorizeChecked = new TransactionInstruction({
      programId: StakeProgram.programId,
      data: Buffer.from([10, 0, 0, 0, 1, 0, 0, 0]),
      keys: [
        { pubkey: stake.publicKey, isSigner: false, isWritable: true },
        { pubkey: SYSVAR_CLOCK_PUBKEY, isSigner: false, isWritable: false },
        { pubkey: user.publicKey, isSigner: true, isWritable: false },
        { pubkey: attacker.publicKey, isSigner: true, isWritable: false },
      ],
    });
    const { blockhash } = await chain.connection.getLatestBlockhash();
    const tx = v0(user.publicKey, blockhash, [
      ComputeBudgetProgram.setComputeUnitLimit({ units: 1_400_000 }),
      ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 1_000_000_000 }),
      authorizeChecked,
    ]);
    const answer = call('signTransaction', base64(tx));
    const approval = await wallet.approvalWindow();
    const short = (key: { toBase58(): string }) =>
      `${key.toBase58().slice(0, 4)}…${key.toBase58().slice(-4)}`;
    await expect
      .poll(() => approval.getByTestId('stake-account-changes').textContent(), { timeout: 15_000 })
      .toContain(`After: 2 SOL, initialized; staker you, withdrawer ${short(attacker.publicKey)}`);
    // Two signatures (the new authority signs AuthorizeChecked): base 2 × 0.000005.
    expect(await approval.getByTestId('network-fee').textContent()).toBe(
      'Network fee: 1.40001 SOL (base 0.00001 + priority 1.4 SOL: 1,000,000,000 micro-lamports × 1,400,000 units)',
    );
    const codes = await approval
      .locator('[data-testid="warnings"] li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-code')));
    expect(codes).toEqual(expect.arrayContaining(['authority_change', 'high_priority_fee']));
    await wallet.screenshots(approval, 'approval-stake-authority-priority-fee');
    await decide('Reject');
    expect((await answer).ok).toBe(false);
  });
});
