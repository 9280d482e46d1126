// The popup in real Firefox ESR against the localnet with the real stake-pool program: onboard,
// get funded, stake 2 SOL and see the LST row valued in SOL, then unstake instantly, with the
// same shared flows the Chromium suite's steps use; and a stake sent just before Firefox unloaded
// the event page lands once, confirmed by the next page without signing again.
import { PublicKey } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { readPool, type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { until, type UiPage } from '../support/driver';
import { launchFirefoxWallet, type FirefoxWallet } from '../support/firefox';
import { FaultInjector } from '../support/faults';
import { fundedOn, mainButton } from '../support/flows';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import {
  instantUnstakeFromPopup,
  onboard,
  stakeFromPopup,
  unsettledTransactions,
} from '../support/shared-flows';
import { SOL, activePool, nextEpoch } from '../support/staking';

describe.skipIf(!stakePoolProgramOr('Firefox popup staking e2e', STAKE_POOL_AVAILABLE))(
  'Firefox: staking from the popup',
  () => {
    let chain: TestChain;
    let wallet: FirefoxWallet;
    let pool: CreatedPool;
    let popup: UiPage;
    let owner: PublicKey;
    const faults = new FaultInjector();
    const symbol = () => `${pool.mint.toBase58().slice(0, 4)}…${pool.mint.toBase58().slice(-4)}`;
    const lstBalance = async () => {
      const accounts = await chain.connection.getParsedTokenAccountsByOwner(owner, { mint: pool.mint });
      return BigInt(accounts.value[0]?.account.data.parsed.info.tokenAmount.amount ?? '0');
    };

    beforeAll(async () => {
      chain = await startTestChain({ middleware: faults.middleware });
      const operator = await chain.funded(1_000);
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 30n * SOL,
        withdrawalFee: { numerator: 1n, denominator: 1000n },
      });
      await nextEpoch(chain, operator, [pool]);
      await nextEpoch(chain, operator, [pool], 250); // the token is worth more than 1 SOL from the start
      wallet = await launchFirefoxWallet();
    });
    afterAll(async () => {
      faults.dropHeld();
      await wallet?.close();
      await chain?.close();
    });

    it('onboards, is funded, and stakes 2 SOL: the LST row shows the tokens and their SOL value', async () => {
      ({ popup } = await onboard(wallet));
      owner = await fundedOn(popup, chain, 10);

      const state = await readPool(chain.connection, pool.pool);
      const expected =
        (2n * SOL * BigInt(state.poolTokenSupply.toString())) / BigInt(state.totalLamports.toString());
      expect(await stakeFromPopup(popup, symbol(), '2')).toContain(symbol());
      await popup.audit('popup-stake-result');
      expect(await lstBalance()).toBe(expected);

      await popup.click({ role: 'button', name: 'Home' });
      await until('the LST row', async () => (await popup.text({ testId: 'lst-row' })).includes(symbol()));
      expect(await popup.text({ testId: 'lst-row-rate' })).toMatch(/^1\.0\d{3} SOL/);
      await popup.audit('popup-home-lst');
    });

    it('unstakes instantly: 0.5 LST fewer, more SOL, and Activity lists both', async () => {
      const lstBefore = await lstBalance();
      const solBefore = await chain.connection.getBalance(owner);
      expect(await instantUnstakeFromPopup(popup, symbol(), '0.5')).toMatch(/SOL/);
      expect(await lstBalance()).toBe(lstBefore - SOL / 2n);
      expect(await chain.connection.getBalance(owner)).toBeGreaterThan(solBefore);
      await popup.click({ role: 'button', name: 'Activity' });
      await until('the activity to list both', async () => {
        const items = await popup.texts({ testId: 'activity-item' });
        return (
          items.some((t) => t.startsWith('Staked 2 SOL')) &&
          items.some((t) => t.startsWith(`Unstaked 0.5 ${symbol()}`))
        );
      });
    });

    it('a stake sent just before the event page was unloaded lands once, confirmed by the next page without re-signing', async () => {
      const lstBefore = await lstBalance();
      const signatures = async () =>
        (await chain.connection.getSignaturesForAddress(owner)).map((s) => s.signature);
      const signaturesBefore = await signatures();
      await popup.click({ role: 'button', name: 'Home' });
      await popup.click(mainButton('Stake'));
      await popup.click({ role: 'radio', name: new RegExp(symbol()) });
      await popup.fill({ label: 'Amount' }, '1');
      await popup.waitFor({ testId: 'stake-quote' });
      // Sent, and waiting on its confirmation at the node: there the event page is unloaded.
      faults.fault = { kind: 'hold', method: 'getSignatureStatuses' };
      await popup.click(mainButton('Stake'));
      await faults.held();
      faults.fault = { kind: 'none' };
      await wallet.stopBackground();
      faults.dropHeld();
      await until('the popup to say the wallet restarted', async () =>
        (await popup.texts({ role: 'alert' })).some((t) =>
          t.includes('restarted before answering. Anything it had signed is still being confirmed'),
        ),
      );
      await popup.reload(); // wakes a new event page, which resumes what was sent
      await until('the stake to land', async () => (await lstBalance()) > lstBefore);
      const added = (await signatures()).filter((s) => !signaturesBefore.includes(s));
      expect(added).toHaveLength(1);
      expect(faults.sends.get(added[0]!)?.size).toBe(1); // the same signed bytes, never signed again
      await until(
        'the transaction record to settle',
        async () => unsettledTransactions(await wallet.storage('local')).length === 0,
      );
    });
  },
);
