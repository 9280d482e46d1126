// Issue 23: Home's figures come from direct reads of accounts, never from an RPC's lagging index.
// The same four journeys (stake, instant unstake, a stake account converted into the LST, a send
// of SOL and of the LST) run in real Chromium against a localnet whose indexes answer as they were
// LAG writes ago (--index-lag; more writes than the whole journey makes) and against one whose
// indexes are exact. After each step, and over several refreshes, Home shows the chain's own
// figures (the total to the lamport, the LST balance to the unit, each stake account's lamports),
// and every figure Home ever painted, watched as it painted, is one the chain had, never one from
// before a step already shown.
import { Keypair, type PublicKey } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import bs58 from 'bs58';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { formatUnits } from '../../src/shared/format';
import { readPool, type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { launchWallet, type Wallet } from '../support/browser';
import { importSecretKey, screenButton, useCustomRpc } from '../support/flows';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { SOL, activePool, delegatedStake, nextEpoch } from '../support/staking';

const LAG = 30;

/** What Home shows: the exact figures its amounts carry as titles. */
interface Figures {
  total: string;
  lst: string[];
  stakes: string[];
}

/** Records every set of figures Home paints, across reloads (session storage), as it paints them. */
function recordPaintedFigures(): void {
  const read = () => ({
    total: document.querySelector('[data-testid=total-value] span[title]')?.getAttribute('title') ?? null,
    lst: [...document.querySelectorAll('[data-testid=lst-balance] span[title]')].map((e) =>
      e.getAttribute('title'),
    ),
    stakes: [...document.querySelectorAll('[data-testid=stake-account-row] strong span[title]')].map((e) =>
      e.getAttribute('title'),
    ),
  });
  let last = '';
  const record = () => {
    const figures = read();
    const json = JSON.stringify(figures);
    if (figures.total === null || json === last) return;
    last = json;
    const seen = JSON.parse(sessionStorage.getItem('painted') ?? '[]') as unknown[];
    sessionStorage.setItem('painted', JSON.stringify([...seen, figures]));
  };
  new MutationObserver(record).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
}

describe.skipIf(!stakePoolProgramOr('live-reads e2e', STAKE_POOL_AVAILABLE)).each([
  { lag: LAG, what: 'an RPC whose indexes lag' },
  { lag: 0, what: 'an RPC whose indexes are exact' },
])('Home from direct reads, on $what', ({ lag }) => {
  let chain: TestChain;
  let wallet: Wallet;
  let popup: Page;
  let pool: CreatedPool;
  const user = Keypair.generate();
  const owner = user.publicKey;
  let stakeAccount: PublicKey;
  const tokenAccount = () => getAssociatedTokenAddressSync(pool.mint, owner);
  const symbol = () => `${pool.mint.toBase58().slice(0, 4)}…${pool.mint.toBase58().slice(-4)}`;
  /** The chain's figures after each step so far, as Home writes them. */
  const states: Figures[] = [];

  /** The chain's figures now, read account by account (no index). */
  async function chainFigures(): Promise<Figures> {
    const [sol, token, stake, state] = await Promise.all([
      chain.connection.getBalance(owner),
      chain.connection.getAccountInfo(tokenAccount()),
      chain.connection.getAccountInfo(stakeAccount),
      readPool(chain.connection, pool.pool),
    ]);
    const tokens = token ? token.data.readBigUInt64LE(64) : 0n;
    const value =
      (tokens * BigInt(state.totalLamports.toString())) / BigInt(state.poolTokenSupply.toString());
    const stakeLamports = BigInt(stake?.lamports ?? 0);
    return {
      total: `${formatUnits(BigInt(sol) + value + stakeLamports, 9)} SOL`,
      lst: token ? [`${formatUnits(tokens, 9)} ${symbol()}`] : [],
      stakes: stake ? [`${formatUnits(stakeLamports, 9)} SOL`] : [],
    };
  }

  const shown = (): Promise<Figures> =>
    popup.evaluate(() => {
      const title = (e: Element | null) => e?.getAttribute('title') ?? '';
      return {
        total: title(document.querySelector('[data-testid=total-value] span[title]')),
        lst: [...document.querySelectorAll('[data-testid=lst-balance] span[title]')].map(title),
        stakes: [...document.querySelectorAll('[data-testid=stake-account-row] strong span[title]')].map(
          title,
        ),
      };
    });
  const fresh = () => expect.poll(() => popup.getByTestId('freshness').textContent()).toContain('Updated');

  /**
   * A step is done: Home shows the chain's figures, and again after each of three reopenings; every
   * set Home painted since the last step is one of the chain's states, in the order they happened.
   */
  async function homeShowsTheChain(): Promise<void> {
    states.push(await chainFigures());
    const now = states.at(-1)!;
    await popup.getByRole('button', { name: 'Home' }).click();
    await expect.poll(shown, { timeout: 20_000 }).toEqual(now);
    for (let i = 0; i < 3; i++) {
      await popup.reload();
      await fresh();
      expect(await shown()).toEqual(now);
    }
    const painted = await popup.evaluate(() => {
      const seen = sessionStorage.getItem('painted') ?? '[]';
      sessionStorage.setItem('painted', '[]');
      return JSON.parse(seen) as Figures[];
    });
    const order = painted.map((f) => states.findIndex((s) => JSON.stringify(s) === JSON.stringify(f)));
    expect(painted.filter((_, i) => order[i] === -1)).toEqual([]); // never a figure the chain did not have
    expect(order).toEqual([...order].sort((a, b) => a - b)); // never back to an earlier step
    expect(order.at(-1)).toBe(states.length - 1);
  }

  beforeAll(async () => {
    chain = await startTestChain({ indexLag: lag });
    const operator = await chain.funded(1_000);
    await chain.fund(owner, 20);
    pool = await activePool(chain, operator, {
      programId: STAKE_POOL_PROGRAMS.spl,
      validators: 1,
      initialDepositLamports: 30n * SOL,
    });
    // A stake account of the wallet's, delegated to the pool's validator: converted in a step.
    stakeAccount = await delegatedStake(chain, user, pool.votes[0]!, 3n * SOL);
    await nextEpoch(chain, operator, [pool]); // the stake is active, the pool updated
    // What existed before the journey is in the indexes, lagging or not.
    for (let i = 0; i < lag; i++) await chain.fund(Keypair.generate().publicKey, 1);

    wallet = await launchWallet();
    popup = await wallet.openPopup();
    await popup.addInitScript(recordPaintedFigures);
    await popup.evaluate(recordPaintedFigures);
  });
  afterAll(async () => {
    await wallet?.close();
    await chain?.close();
  });

  it('before anything: SOL and the stake account, as the chain has them', async () => {
    await importSecretKey(popup, bs58.encode(user.secretKey));
    await useCustomRpc(popup, chain.node.rpcUrl);
    // From here on every figure painted is this chain's (not the default network's).
    await expect.poll(() => popup.getByTestId('chain-status').textContent()).toContain(chain.node.rpcUrl);
    await fresh();
    await popup.evaluate(() => sessionStorage.setItem('painted', '[]'));
    await homeShowsTheChain();
    expect(states[0]!.stakes).toHaveLength(1);
  });

  it('stakes 2 SOL: the new LST is shown at once, valued to the lamport', async () => {
    await screenButton(popup, 'Stake').click();
    await popup.getByRole('radio', { name: new RegExp(symbol()) }).click();
    await popup.getByLabel('Amount').fill('2');
    await popup.getByTestId('stake-quote').waitFor();
    await screenButton(popup, 'Stake').click();
    await expect
      .poll(() => popup.getByTestId('received').textContent(), { timeout: 30_000 })
      .toContain(symbol());
    await homeShowsTheChain();
    expect(states.at(-1)!.lst).toHaveLength(1);
  });

  it('unstakes 0.5 instantly: the LST balance drops and the SOL rises, no stale balance', async () => {
    await screenButton(popup, 'Unstake').click();
    await popup.getByLabel('Amount').fill('0.5');
    await popup.getByTestId('unstake-quote').waitFor();
    await screenButton(popup, 'Unstake').click();
    await expect.poll(() => popup.getByTestId('received').textContent(), { timeout: 30_000 }).toMatch(/SOL/);
    await homeShowsTheChain();
  });

  it('converts the stake account into the LST: the account is gone, the tokens are there', async () => {
    const row = popup.getByTestId('stake-account-row').filter({ hasText: 'Active, earning rewards' });
    await row.getByRole('button', { name: 'Convert to an LST' }).click();
    await popup.getByRole('radio', { name: new RegExp(symbol()) }).click();
    await popup.getByTestId('convert-quote').waitFor();
    await screenButton(popup, 'Convert').click();
    await expect
      .poll(() => popup.getByTestId('received').textContent(), { timeout: 30_000 })
      .toContain(symbol());
    await homeShowsTheChain();
    expect(states.at(-1)!.stakes).toEqual([]);
  });

  it('sends SOL, then some of the LST: both leave, as the chain says', async () => {
    const to = Keypair.generate().publicKey.toBase58();
    await popup.getByRole('button', { name: 'Send' }).first().click();
    await popup.getByLabel('Recipient address').fill(to);
    await popup.getByLabel('Amount').fill('1.25');
    await screenButton(popup, 'Send').click();
    await popup.getByRole('heading', { name: 'Sent' }).waitFor({ timeout: 30_000 });
    await homeShowsTheChain();

    await popup.getByRole('button', { name: 'Send' }).first().click();
    await popup.getByLabel('Asset').selectOption(pool.mint.toBase58());
    await popup.getByLabel('Recipient address').fill(to);
    await popup.getByLabel('Amount').fill('0.1');
    await screenButton(popup, 'Send').click();
    await popup.getByRole('heading', { name: 'Sent' }).waitFor({ timeout: 30_000 });
    await homeShowsTheChain();
  });
});
