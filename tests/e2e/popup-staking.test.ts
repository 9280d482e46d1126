// The popup as a person uses it, in real Chromium against the localnet with the real stake-pool
// program: onboard, get funded, stake 2 SOL and see the LST row, watch its value rise after an
// epoch of rewards, unstake instantly and with delay, withdraw the stake account after the epoch,
// send SOL, switch account and network, and keep working (with saved figures) when the RPC is down.
import {
  Authorized,
  Keypair,
  Lockup,
  PublicKey,
  StakeAuthorizationLayout,
  StakeProgram,
  Transaction,
  sendAndConfirmTransaction,
} from '@solana/web3.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { formatUnits } from '../../src/shared/format';
import { readPool, type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { setFee } from '../../tools/stake-pool-admin/pool-manager.ts';
import { launchWallet, type Wallet } from '../support/browser';
import { createWallet, fundedOn, screenButton, text } from '../support/flows';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { SOL, activePool, nextEpoch } from '../support/staking';

/** "1,234.5678 SOL" → lamports, to 4 decimals. */
const shownLamports = (s: string) => {
  const m = s.replace(/,/g, '').match(/([\d.]+) SOL/);
  const [whole = '0', frac = ''] = (m?.[1] ?? '0').split('.');
  return BigInt(whole + frac.padEnd(9, '0'));
};

describe.skipIf(!stakePoolProgramOr('popup staking e2e', STAKE_POOL_AVAILABLE))(
  'popup: staking end to end',
  () => {
    let chain: TestChain;
    let wallet: Wallet;
    let operator: Keypair;
    let pool: CreatedPool;
    let popup: Page;
    let owner: PublicKey;
    let rpcDown = false;
    const symbol = () => `${pool.mint.toBase58().slice(0, 4)}…${pool.mint.toBase58().slice(-4)}`;
    /** The LST's detail, from its row on Home. */
    const openDetail = async () => {
      await popup.getByTestId('lst-row').getByRole('button').click();
      await popup.getByRole('dialog').getByTestId('token-detail').waitFor();
    };

    beforeAll(async () => {
      chain = await startTestChain({
        middleware: (_req: IncomingMessage, res: ServerResponse, _body: string, next: () => void) => {
          if (!rpcDown) return next();
          res
            .writeHead(503, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' })
            .end('maintenance');
        },
      });
      operator = await chain.funded(1_000);
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 30n * SOL,
        withdrawalFee: { numerator: 1n, denominator: 1000n },
      });
      await nextEpoch(chain, operator, [pool]);
      await nextEpoch(chain, operator, [pool], 250); // the token is worth more than 1 SOL from the start
      wallet = await launchWallet();
    });
    afterAll(async () => {
      await wallet?.close();
      await chain?.close();
    });

    it('onboards, is funded, and stakes 2 SOL: the LST row shows the tokens and their SOL value', async () => {
      popup = await wallet.openPopup();
      await createWallet(popup);
      owner = await fundedOn(popup, chain, 10);
      await wallet.screenshots(popup, 'popup-home-funded');

      await screenButton(popup, 'Stake').click();
      await popup.getByRole('radio', { name: new RegExp(symbol()) }).click();
      await popup.getByLabel('Amount').fill('2');
      await popup.getByTestId('stake-quote').waitFor();
      await wallet.screenshots(popup, 'popup-stake-quote');
      const state = await readPool(chain.connection, pool.pool);
      const expected =
        (2n * SOL * BigInt(state.poolTokenSupply.toString())) / BigInt(state.totalLamports.toString());
      await screenButton(popup, 'Stake').click();
      await expect.poll(() => text(popup, 'received'), { timeout: 30_000 }).toContain(symbol());
      await wallet.screenshots(popup, 'popup-stake-result');
      const accounts = await chain.connection.getParsedTokenAccountsByOwner(owner, { mint: pool.mint });
      expect(accounts.value[0]!.account.data.parsed.info.tokenAmount.amount).toBe(expected.toString());
      // The result screen shows what arrived, to the unit (its exact figure is the amount's title).
      expect(await popup.getByTestId('received').locator('span').first().getAttribute('title')).toBe(
        `${formatUnits(expected, 9)} ${symbol()}`,
      );

      await popup.getByRole('button', { name: 'Home' }).click();
      const row = popup.getByTestId('lst-row');
      await expect.poll(() => row.textContent()).toContain(symbol());
      expect(await text(popup, 'lst-row-rate')).toMatch(/^1\.0\d{3} SOL · [\d.]+% APY$/);
      // 2 SOL staked is worth 2 SOL less rounding: the value shown is the balance at the live rate.
      expect(shownLamports(await text(popup, 'lst-value'))).toBeGreaterThanOrEqual(1_999_900_000n);
      await wallet.screenshots(popup, 'popup-home-lst');
      await openDetail();
      expect(await text(popup, 'lst-rate')).toMatch(new RegExp(`^1 ${symbol()} = 1\\.0\\d{3} SOL$`));
      await wallet.screenshots(popup, 'popup-token-detail');
      await popup.keyboard.press('Escape'); // closes the dialog, and the keyboard is back on the row
      await popup.getByRole('dialog').waitFor({ state: 'detached' });
      expect(await popup.evaluate(() => document.activeElement?.closest('li')?.dataset['testid'])).toBe(
        'lst-row',
      );
    });

    it('shows the value rising after an epoch of staking rewards', async () => {
      const before = shownLamports(await text(popup, 'lst-value'));
      await chain.advanceEpoch(400); // 4% on active stake, credited at the epoch boundary
      await popup.reload();
      await openDetail();
      await expect.poll(() => popup.getByRole('dialog').textContent()).toContain('rewards are not in it yet');
      await wallet.screenshots(popup, 'popup-token-stale');
      await popup.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      await nextEpoch(chain, operator, [pool]); // the pool's update brings the rewards into the rate
      await popup.reload();
      await expect.poll(async () => shownLamports(await text(popup, 'lst-value'))).toBeGreaterThan(before);
    });

    it('unstakes instantly, then with delay, and withdraws the stake account after the epoch', async () => {
      await openDetail();
      await popup.getByRole('button', { name: `Unstake ${symbol()}` }).click();
      await popup.getByLabel('Amount').fill('0.5');
      await popup.getByTestId('unstake-quote').waitFor();
      await wallet.screenshots(popup, 'popup-unstake-instant');
      const solBefore = await chain.connection.getBalance(owner);
      await screenButton(popup, 'Unstake').click();
      await expect.poll(() => text(popup, 'received'), { timeout: 30_000 }).toMatch(/SOL/);
      expect(await chain.connection.getBalance(owner)).toBeGreaterThan(solBefore);
      // What the pool paid, read from the chain: the balance's change plus the network fee.
      const paid = BigInt(await chain.connection.getBalance(owner)) - BigInt(solBefore) + 5_000n;
      expect(await popup.getByTestId('received').locator('span').first().getAttribute('title')).toBe(
        `${formatUnits(paid, 9)} SOL`,
      );

      await screenButton(popup, 'Unstake more').click();
      await popup.getByRole('radio', { name: /Delayed/ }).check();
      await popup.getByLabel('Amount').fill('1.2');
      await popup.getByTestId('unstake-quote').waitFor();
      await wallet.screenshots(popup, 'popup-unstake-delayed');
      await screenButton(popup, 'Unstake').click();
      await expect
        .poll(() => popup.getByRole('status').first().textContent(), { timeout: 30_000 })
        .toMatch(/withdrawable from epoch \d+/);

      await popup.getByRole('button', { name: 'Home' }).click();
      const stakeRow = popup.getByTestId('stake-account-row');
      await expect.poll(() => stakeRow.textContent()).toContain('Unstaking');
      await wallet.screenshots(popup, 'popup-home-unstaking');
      await chain.advanceEpoch();
      await popup.reload();
      await expect.poll(() => stakeRow.textContent()).toContain('Ready to withdraw');
      const solBeforeWithdraw = await chain.connection.getBalance(owner);
      await stakeRow.getByRole('button', { name: /Withdraw/ }).click();
      await expect.poll(() => stakeRow.count(), { timeout: 30_000 }).toBe(0);
      expect(await chain.connection.getBalance(owner)).toBeGreaterThan(solBeforeWithdraw + 1_200_000_000);

      await popup.getByRole('button', { name: 'Activity' }).click();
      await expect
        .poll(() => popup.getByTestId('activity-item').allTextContents())
        .toEqual(
          expect.arrayContaining([
            expect.stringMatching(new RegExp(`^Staked 2 SOL → 1\\.\\d+ ${symbol()}`)),
            expect.stringMatching(/Unstaked 0\.5 \w{4}…\w{4} → 0\.\d+ SOL/),
            expect.stringMatching(/Unstaked 1\.2 \w{4}…\w{4} → a stake account/),
            expect.stringMatching(/Withdrew 1\.\d+ SOL from a stake account/),
          ]),
        );
      await wallet.screenshots(popup, 'popup-activity');
    });

    it('refuses a stake whose pool raised its fee after the quote: the price moved, nothing spent', async () => {
      await popup.getByRole('button', { name: 'Home' }).click();
      await screenButton(popup, 'Stake').click();
      await popup.getByRole('radio', { name: new RegExp(symbol()) }).click();
      await popup.getByLabel('Amount').fill('0.5');
      await popup.getByTestId('stake-quote').waitFor();
      await expect.poll(() => text(popup, 'bound')).toMatch(/at least .* or the pool program refuses it/);
      await setFee(chain.connection, pool, { kind: 'solDeposit', fee: { numerator: 5n, denominator: 100n } });
      const solBefore = await chain.connection.getBalance(owner);
      await screenButton(popup, 'Stake').click();
      await expect
        .poll(() => popup.getByRole('alert').first().textContent(), { timeout: 30_000 })
        .toMatch(/price moved since your quote.*nothing was spent/);
      await wallet.screenshots(popup, 'popup-stake-price-moved');
      expect(await chain.connection.getBalance(owner)).toBe(solBefore);
      await setFee(chain.connection, pool, { kind: 'solDeposit', fee: { numerator: 0n, denominator: 1n } });
      await popup.getByRole('button', { name: 'Home' }).click();
    });

    it('converts an active stake account into the pool’s LST from the stake accounts list, showing what arrived', async () => {
      // A stake account delegated to the pool's validator, handed to the wallet (staker and withdrawer).
      const account = Keypair.generate();
      const authorize = (type: typeof StakeAuthorizationLayout.Staker) =>
        StakeProgram.authorize({
          stakePubkey: account.publicKey,
          authorizedPubkey: operator.publicKey,
          newAuthorizedPubkey: owner,
          stakeAuthorizationType: type,
        }).instructions;
      await sendAndConfirmTransaction(
        chain.connection,
        new Transaction().add(
          ...StakeProgram.createAccount({
            fromPubkey: operator.publicKey,
            stakePubkey: account.publicKey,
            lamports: Number(3n * SOL),
            authorized: new Authorized(operator.publicKey, operator.publicKey),
            lockup: new Lockup(0, 0, PublicKey.default),
          }).instructions,
          ...StakeProgram.delegate({
            stakePubkey: account.publicKey,
            authorizedPubkey: operator.publicKey,
            votePubkey: pool.votes[0]!,
          }).instructions,
          ...authorize(StakeAuthorizationLayout.Staker),
          ...authorize(StakeAuthorizationLayout.Withdrawer),
        ),
        [operator, account],
        { commitment: 'confirmed' },
      );
      await nextEpoch(chain, operator, [pool]); // the stake is active, the pool updated
      const tokenAccount = (await chain.connection.getParsedTokenAccountsByOwner(owner, { mint: pool.mint }))
        .value[0]!.pubkey;
      const before = BigInt((await chain.connection.getTokenAccountBalance(tokenAccount)).value.amount);

      await popup.reload();
      const row = popup.getByTestId('stake-account-row').filter({ hasText: 'Active, earning rewards' });
      await row.getByRole('button', { name: 'Convert to an LST' }).click();
      await popup.getByRole('radio', { name: new RegExp(symbol()) }).click();
      await popup.getByTestId('convert-quote').waitFor();
      await expect.poll(() => text(popup, 'bound')).toMatch(/at least .* or the pool program refuses it/);
      await wallet.screenshots(popup, 'popup-convert-quote');
      await screenButton(popup, 'Convert').click();
      await expect.poll(() => text(popup, 'received'), { timeout: 30_000 }).toContain(symbol());
      const arrived =
        BigInt((await chain.connection.getTokenAccountBalance(tokenAccount)).value.amount) - before;
      expect(arrived).toBeGreaterThan(0n);
      expect(await popup.getByTestId('received').locator('span').first().getAttribute('title')).toBe(
        `${formatUnits(arrived, 9)} ${symbol()}`,
      );
      await wallet.screenshots(popup, 'popup-convert-result');
      await popup.getByRole('button', { name: 'Home' }).click();
    });

    it('sends SOL to an address, refusing a bad address and an amount above the balance', async () => {
      const to = Keypair.generate().publicKey;
      await popup.getByRole('button', { name: 'Send' }).first().click();
      await popup.getByLabel('Recipient address').fill('not-an-address');
      await expect
        .poll(() => popup.getByRole('alert').first().textContent())
        .toContain('not a Solana address');
      await popup.getByLabel('Recipient address').fill(to.toBase58());
      await popup.getByLabel('Amount').fill('1000');
      await expect
        .poll(() => popup.getByRole('alert').first().textContent())
        .toMatch(/You have .* SOL; keep 0\.000005 SOL for the fee/);
      expect(await screenButton(popup, 'Send').isDisabled()).toBe(true);
      await popup.getByLabel('Amount').fill('1.25');
      await wallet.screenshots(popup, 'popup-send');
      await screenButton(popup, 'Send').click();
      await popup.getByRole('heading', { name: 'Sent' }).waitFor({ timeout: 30_000 });
      expect(await chain.connection.getBalance(to)).toBe(1_250_000_000);

      // An LST sent is named as the LST in Activity, though no stake pool took part.
      await screenButton(popup, 'Send more').click();
      await popup.getByLabel('Asset').selectOption(pool.mint.toBase58());
      await popup.getByLabel('Recipient address').fill(to.toBase58());
      await popup.getByLabel('Amount').fill('0.01');
      await screenButton(popup, 'Send').click();
      await popup.getByRole('heading', { name: 'Sent' }).waitFor({ timeout: 30_000 });
      await popup.getByRole('button', { name: 'Activity' }).click();
      await expect
        .poll(() => popup.getByTestId('activity-item').first().textContent())
        .toContain(`Sent 0.01 ${symbol()}`);

      await popup.getByRole('button', { name: 'Home' }).click();
      await screenButton(popup, 'Receive').click();
      expect(await text(popup, 'receive-address')).toBe(owner.toBase58());
      await wallet.screenshots(popup, 'popup-receive');
    });

    it('switches account and network, and shows saved figures with a retry when the RPC is down', async () => {
      await popup.getByRole('button', { name: 'Home' }).click();
      const total = await text(popup, 'total-value');
      rpcDown = true;
      await popup.reload();
      await expect
        .poll(() => popup.getByRole('alert').first().textContent())
        .toContain('Could not refresh: The RPC node answered HTTP 503');
      expect(await text(popup, 'total-value')).toBe(total);
      expect(await text(popup, 'freshness')).toContain('Saved figures');
      await wallet.screenshots(popup, 'popup-home-rpc-down');
      rpcDown = false;
      await popup.getByRole('button', { name: 'Retry' }).click();
      await expect.poll(() => text(popup, 'freshness')).toContain('Updated');

      await popup.getByRole('button', { name: /Switch account/ }).click();
      await popup.getByRole('button', { name: 'Add account' }).click();
      await expect.poll(() => text(popup, 'active-address')).not.toBe(owner.toBase58());
      await expect.poll(() => text(popup, 'total-value')).toBe('0 SOL');
      await popup.getByRole('button', { name: /Switch account/ }).click();
      await popup.getByRole('button', { name: /^Use Account 1/ }).waitFor();
      await wallet.screenshots(popup, 'popup-accounts');
      await popup.getByRole('button', { name: /^Use Account 1/ }).click();
      await expect.poll(() => text(popup, 'total-value')).toBe(total);

      await popup.getByRole('button', { name: /Change network/ }).click();
      await popup.getByLabel('Network', { exact: true }).selectOption('localnet');
      await popup.getByRole('button', { name: 'Save network' }).click();
      await expect
        .poll(() => popup.getByRole('button', { name: /Change network/ }).textContent())
        .toBe('Localnet');
      await wallet.screenshots(popup, 'popup-settings-localnet');
    });
  },
);
