// A dApp on 127.0.0.1 asks Tidepool, in real Chromium, to sign transactions that pay someone else
// through Sanctum Infinity and Marinade (issue #21), on the localnet with the real programs
// (--infinity --marinade): a swap of the person's jupSOL into an attacker's wSOL account, and a
// liquid unstake of their mSOL paying the SOL to the attacker. The approval window names each
// instruction, its recipient and the missing minimum, and shows the warning; rejected, nothing moves.
import { Keypair, type PublicKey } from '@solana/web3.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shortAddress } from '../../src/shared/format';
import { walletDriver, type Wallet } from '../support/browser';
import { walletWithDapp, type DappServer } from '../support/dapp-server';
import { playwrightPage } from '../support/driver';
import { sendV0, v0 } from '../support/attacks';
import { infinityOr } from '../support/infinity-fixtures';
import { JUPSOL, WSOL } from '../support/infinity-routes';
import { infinityActions, marinadeActions, tokenBalance } from '../support/lst-actions';
import { startTestChain, type TestChain } from '../support/localnet';
import { marinadeOr } from '../support/marinade';
import { dappCall, decide } from '../support/shared-flows';
import { SOL } from '../support/staking';

describe.skipIf(!(infinityOr('LST approval window attacks') && marinadeOr('LST approval window attacks')))(
  'the approval window against Infinity and Marinade payouts to an attacker',
  () => {
    let chain: TestChain;
    let wallet: Wallet;
    let server: DappServer;
    let dapp: Page;
    let user: Keypair;
    const attacker = Keypair.generate().publicKey;
    const short = (k: PublicKey) => shortAddress(k.toBase58());
    const call = (method: string, ...args: unknown[]) => dappCall(playwrightPage(dapp), method, ...args);
    const tokens = (account: PublicKey) => tokenBalance(chain, account);

    /** Asks the wallet to sign `instructions` for the dApp and waits for the window to show its warning. */
    async function shown(instructions: Parameters<typeof v0>[2]) {
      const { blockhash } = await chain.connection.getLatestBlockhash();
      const tx = v0(user.publicKey, blockhash, instructions);
      const answer = call('signTransaction', Buffer.from(tx.serialize()).toString('base64'));
      const approval = await wallet.approvalWindow();
      const warning = approval.locator('[data-testid="warnings"] [data-code="third_party_recipient"]');
      await expect.poll(() => warning.count(), { timeout: 15_000 }).toBe(1);
      return { answer, approval, warning: (await warning.textContent())! };
    }

    beforeAll(async () => {
      chain = await startTestChain({ infinity: true, marinade: true });
      user = await chain.funded(30);
      // The person already holds jupSOL (bought through Infinity) and mSOL (deposited).
      await sendV0(chain, user, await infinityActions(chain, user.publicKey).swap(WSOL, JUPSOL, 2n * SOL));
      await sendV0(chain, user, (await marinadeActions(chain, user.publicKey)).deposit(3n * SOL));
      ({ server, wallet, dapp } = await walletWithDapp(user, chain.node.rpcUrl));
    });
    afterAll(async () => {
      await wallet?.close();
      await server?.close();
      await chain?.close();
    });

    it('connects the dApp', async () => {
      const connected = call('connect');
      await decide(walletDriver(wallet), 'Connect');
      expect((await connected).ok).toBe(true);
    });

    it('a swap of the person’s jupSOL through Infinity into the attacker’s wSOL account: the line names the recipient, the warning shows', async () => {
      const infinity = infinityActions(chain, user.publicKey);
      const held = await tokens(infinity.ata(JUPSOL));
      const to = infinity.ata(WSOL, attacker);
      const { answer, approval, warning } = await shown([
        infinity.open(WSOL, attacker),
        ...(await infinity.swap(JUPSOL, WSOL, held, to)),
      ]);
      expect(warning).toContain(`goes to token account ${to.toBase58()}, which is not yours`);
      const lines = (await approval.getByTestId('instructions').textContent())!;
      expect(lines).toContain(`through Infinity → wSOL goes to ${short(to)} (not your account)`);
      expect(lines).not.toContain('Unknown program');
      await wallet.screenshots(approval, 'approval-infinity-swap-to-attacker');
      await decide(walletDriver(wallet), 'Reject');
      expect((await answer).ok).toBe(false);
      expect(await tokens(infinity.ata(JUPSOL))).toBe(held);
    });

    it('a Marinade liquid unstake paying the SOL to the attacker: the recipient, "no minimum enforced", the warning', async () => {
      const marinade = await marinadeActions(chain, user.publicKey);
      const held = await tokens(marinade.msol);
      const { answer, approval, warning } = await shown(marinade.liquidUnstake(held, attacker));
      expect(warning).toContain(`The SOL from this unstake goes to ${attacker.toBase58()}, not to you.`);
      const lines = (await approval.getByTestId('instructions').textContent())!;
      expect(lines).toContain(
        `through Marinade’s liquidity pool → SOL goes to ${short(attacker)} (not your account) (no minimum enforced: Marinade takes none)`,
      );
      await wallet.screenshots(approval, 'approval-marinade-unstake-to-attacker');
      await decide(walletDriver(wallet), 'Reject');
      expect((await answer).ok).toBe(false);
      expect(await chain.connection.getBalance(attacker)).toBe(0);
    });
  },
);
