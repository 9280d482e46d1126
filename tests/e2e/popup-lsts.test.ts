// Home lists every LST a person holds, in real Chromium against the localnet: JitoSOL and
// Marinade's State from mainnet dumps, Sanctum Infinity on upstream's own v2 account, their names
// from Metaplex metadata (a custom loopback RPC is not mainnet, so the registry stays out), and an
// SPL pool LST staked through the popup, whose "earned" and rate picture appear after rewards — each
// in its detail, opened from a compact row; two small unnamed positions make six assets on Home.
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { StakePoolLayout } from '@solana/spl-stake-pool';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUnits } from '../../src/shared/format';
import type { Portfolio, PortfolioView } from '../../src/shared/staking';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { readPool, type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { holdLsts } from '../../tools/bench/rpc-counts.ts';
import { launchWallet, type Wallet } from '../support/browser';
import { importSecretKey, screenButton, useCustomRpc } from '../support/flows';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import {
  FIXTURES_AVAILABLE,
  INF_MINT,
  JITOSOL_MINT,
  MSOL_MINT,
  dump,
  metaplexMetadata,
  tokenAccount,
} from '../support/lst-fixtures';
import {
  UPSTREAM_POOL_STATE_V2,
  infinityDump,
  infinityOr,
  withPoolStateV2,
} from '../support/infinity-fixtures';
import { referenceInfValue } from '../support/infinity-release-reference';
import { SOL, activePool, nextEpoch } from '../support/staking';

const U = (s: string) => BigInt(s);
const held = { jito: 3_500_000_001n, msol: 3_000_000_000n, inf: 2_250_000_007n };

describe.skipIf(
  !FIXTURES_AVAILABLE ||
    !infinityOr('popup LSTs e2e') ||
    !stakePoolProgramOr('popup LSTs e2e', STAKE_POOL_AVAILABLE),
)('popup: every LST on Home', () => {
  let chain: TestChain;
  let wallet: Wallet;
  let popup: Page;
  let pool: CreatedPool;
  let operator: Keypair;
  /** Where INF's pool last released yield: 10 slots before the chain's slot when the popup opens. */
  let lastReleaseSlot: bigint;
  const user = Keypair.generate();
  const unnamed: string[] = [];
  const smallPools: CreatedPool[] = [];
  const rows = () => popup.getByTestId('lst-row');
  const row = (mint: string) => popup.locator(`[data-testid="lst-row"][data-mint="${mint}"]`);
  /** The asset's detail, opened from its row as a person does (Escape closes it). */
  const detail = async (mint: string) => {
    await row(mint).getByRole('button').click();
    const dialog = popup.getByRole('dialog');
    await dialog.getByTestId('token-detail').waitFor();
    return dialog;
  };
  const closeDetail = async () => {
    await popup.keyboard.press('Escape');
    await popup.getByRole('dialog').waitFor({ state: 'detached' });
  };
  const portfolio = async (): Promise<Portfolio> =>
    (await wallet.call<PortfolioView>(popup, 'portfolio:get', { refresh: false })).result!.portfolio!;

  beforeAll(async () => {
    chain = await startTestChain({
      accounts: [
        dump('jito-stake-pool.json'),
        dump('jitosol-mint.json'),
        dump('marinade-state.json'),
        dump('msol-mint.json'),
        infinityDump('inf-mint.json'),
        metaplexMetadata(JITOSOL_MINT, 'Jito Staked SOL', 'JitoSOL'),
        metaplexMetadata(MSOL_MINT, 'Marinade staked SOL', 'mSOL'),
        metaplexMetadata(INF_MINT, 'Infinity', 'INF'),
        tokenAccount(user.publicKey, JITOSOL_MINT, held.jito),
        tokenAccount(user.publicKey, MSOL_MINT, held.msol),
        tokenAccount(user.publicKey, INF_MINT, held.inf),
      ],
    });
    operator = await chain.funded(1_000);
    pool = await activePool(chain, operator, {
      programId: STAKE_POOL_PROGRAMS.spl,
      validators: 1,
      initialDepositLamports: 30n * SOL,
    });
    await nextEpoch(chain, operator, [pool]);
    await nextEpoch(chain, operator, [pool], 250);
    await chain.fund(user.publicKey, 10);
    // Two small positions in pools no list names (their rows say "unknown token"): six assets in all.
    await holdLsts(chain, operator, user, smallPools, 2);
    unnamed.push(...smallPools.map((p) => p.mint.toBase58()));
    // Stamped last: nothing lands after it, so the popup reads the pool 10 slots after its release.
    lastReleaseSlot = BigInt(await chain.connection.getSlot()) - 10n;
    const infPool = withPoolStateV2(infinityDump('pool-state-v2.json'), { lastReleaseSlot });
    await chain.rpc('localnet_setAccount', [
      infPool.address,
      {
        lamports: Number(infPool.account.lamports),
        owner: infPool.account.owner,
        data: Buffer.from(infPool.account.data).toString('base64'),
      },
    ]);
    wallet = await launchWallet();
  });
  afterAll(async () => {
    await wallet?.close();
    await chain?.close();
  });

  it('lists SOL, JitoSOL, INF and mSOL with names, rates and values; the total is exactly what is valued', async () => {
    popup = await wallet.openPopup();
    await importSecretKey(popup, bs58.encode(user.secretKey));
    await useCustomRpc(popup, chain.node.rpcUrl);
    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBe(5);
    await expect.poll(() => popup.getByTestId('freshness').textContent()).toContain('Updated');

    const jito = StakePoolLayout.decode(Buffer.from(dump('jito-stake-pool.json').account.data));
    const jitoValue = (held.jito * U(jito.totalLamports.toString())) / U(jito.poolTokenSupply.toString());
    const m = Buffer.from(dump('marinade-state.json').account.data);
    const virtual =
      m.readBigUInt64LE(376) +
      m.readBigUInt64LE(226) +
      m.readBigUInt64LE(568) +
      m.readBigUInt64LE(496) -
      m.readBigUInt64LE(528);
    const msolValue = (held.msol * virtual) / m.readBigUInt64LE(504);
    const p = await portfolio();
    const infRow = p.otherLsts.find((l) => l.mint === INF_MINT)!;
    // Valued at the slot the batch read (the chain's, nothing landed since), 10 slots after the release.
    expect(infRow).toMatchObject({ kind: 'infinity', readAtSlot: await chain.connection.getSlot() });
    const infSupply = Buffer.from(infinityDump('inf-mint.json').account.data).readBigUInt64LE(36);
    const slotsElapsed = BigInt(infRow.kind === 'infinity' ? infRow.readAtSlot : 0) - lastReleaseSlot;
    expect(slotsElapsed).toBe(10n);
    const infValue = referenceInfValue({ ...UPSTREAM_POOL_STATE_V2, slotsElapsed }, infSupply, held.inf);
    // The small positions, read from the chain: the user paid for them (and their token accounts) in SOL.
    const sol = BigInt(await chain.connection.getBalance(user.publicKey));
    let smallValue = 0n;
    for (const small of smallPools) {
      const state = await readPool(chain.connection, small.pool);
      const [position] = (
        await chain.connection.getParsedTokenAccountsByOwner(user.publicKey, { mint: small.mint })
      ).value;
      const units = BigInt(position!.account.data.parsed.info.tokenAmount.amount);
      smallValue += (units * U(state.totalLamports.toString())) / U(state.poolTokenSupply.toString());
    }
    const total = sol + jitoValue + msolValue + infValue + smallValue;

    expect(U(p.totalLamports)).toBe(total);
    expect(await popup.getByTestId('total-value').textContent()).toBe(`${formatUnits(total, 9, 4)} SOL`);
    expect(await popup.getByTestId('sol-value').textContent()).toBe(`${formatUnits(sol, 9, 4)} SOL`);
    // Sorted by value: SOL, then the LSTs by their value in SOL, the 0.1 SOL positions last.
    const order = await popup
      .locator('li.asset')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-mint')));
    const byValue = [
      ['SOL', sol],
      [JITOSOL_MINT, jitoValue],
      [MSOL_MINT, msolValue],
      [INF_MINT, infValue],
    ]
      .sort((a, b) => (b[1]! > a[1]! ? 1 : -1))
      .map(([m]) => m);
    expect(order.slice(0, 4)).toEqual(byValue);
    expect(order.slice(4).sort()).toEqual([...unnamed].sort());
    for (const mint of unnamed)
      expect(await row(mint).getByTestId('asset-badge').allTextContents()).toEqual(['unknown token']);
    // At the popup's real size, all six are on screen under the total, none cut off.
    expect(await popup.evaluate(() => [innerWidth, innerHeight])).toEqual([360, 600]);
    const onScreen = await popup.evaluate(() => {
      const main = document.querySelector('main')!.getBoundingClientRect();
      return [...document.querySelectorAll('li.asset')].filter((li) => {
        const r = li.getBoundingClientRect();
        return r.top >= main.top && r.bottom <= main.bottom;
      }).length;
    });
    expect(onScreen).toBeGreaterThanOrEqual(6);
    for (const [mint, symbol, value, kind] of [
      [JITOSOL_MINT, 'JitoSOL', jitoValue, 'splStakePool'],
      [MSOL_MINT, 'mSOL', msolValue, 'marinade'],
      [INF_MINT, 'INF', infValue, 'infinity'],
    ] as const) {
      const r = row(mint);
      expect(await r.getAttribute('data-kind')).toBe(kind);
      expect(await r.getByTestId('lst-symbol').textContent()).toBe(symbol);
      expect(await r.getByTestId('lst-value').textContent()).toBe(`${formatUnits(value, 9, 4)} SOL`);
      expect(await r.getByTestId('lst-row-rate').textContent()).toMatch(/^\d\.\d{4} SOL/);
      const d = await detail(mint);
      expect(await d.getByTestId('lst-rate').textContent()).toMatch(
        new RegExp(`^1 ${symbol} = \\d\\.\\d{4} SOL$`),
      );
      expect(await d.getByTestId('lst-name-source').textContent()).toContain('token’s own metadata');
      if (mint === JITOSOL_MINT) {
        expect(await d.getByTestId('lst-rate').textContent()).toBe(
          `1 JitoSOL = ${formatUnits((SOL * U(jito.totalLamports.toString())) / U(jito.poolTokenSupply.toString()), 9, 4)} SOL`,
        );
      } else {
        expect(await d.getByTestId('lst-staked-elsewhere').textContent()).toContain(
          `Stake and unstake ${symbol} here`,
        );
      }
      if (mint === INF_MINT) {
        const infNote = await d.getByTestId('lst-note').textContent();
        expect(infNote).toContain('as fresh as the pool’s last SyncSolValue');
        // What the program would still withhold at that slot (upstream's own figure for 10 slots).
        expect(infNote).toContain(`${formatUnits(999_957_360n, 9, 4)} SOL withheld`);
        await wallet.screenshots(popup, 'popup-token-inf');
      }
      await closeDetail();
    }
    await wallet.screenshots(popup, 'popup-home-every-lst');
  });

  it('after staking through Tidepool and an epoch of rewards: the same token count, worth more SOL, "earned" and the rate picture', async () => {
    const mint = pool.mint.toBase58();
    await screenButton(popup, 'Stake').click();
    await popup.getByRole('radio', { name: new RegExp(`${mint.slice(0, 4)}…${mint.slice(-4)}`) }).click();
    await popup.getByLabel('Amount').fill('2');
    await popup.getByTestId('stake-quote').waitFor();
    await screenButton(popup, 'Stake').click();
    await expect.poll(() => popup.getByTestId('received').textContent(), { timeout: 30_000 }).toContain('…');
    await popup.getByRole('button', { name: 'Home' }).click();
    await expect.poll(() => row(mint).count(), { timeout: 30_000 }).toBe(1);
    const opened = await detail(mint);
    await expect.poll(() => opened.getByTestId('lst-earned-amount').count(), { timeout: 30_000 }).toBe(1);
    await closeDetail();
    const balanceBefore = await row(mint).getByTestId('lst-balance').textContent();

    await chain.advanceEpoch(400);
    await nextEpoch(chain, operator, [pool]);
    await popup.reload();
    const state = await readPool(chain.connection, pool.pool);
    await expect
      .poll(
        async () => {
          const p = await portfolio();
          return p.lsts.find((l) => l.mint === mint)?.history.length ?? 0;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThanOrEqual(2);
    const lst = (await portfolio()).lsts.find((l) => l.mint === mint)!;
    const value =
      (U(lst.earned!.tokens) * U(state.totalLamports.toString())) / U(state.poolTokenSupply.toString());
    expect(lst.earned).toMatchObject({
      stakedLamports: (2n * SOL).toString(),
      tokens: lst.balance,
      valueLamports: value.toString(),
    });
    expect(U(lst.earned!.earnedLamports)).toBe(value - 2n * SOL);
    expect(value).toBeGreaterThan(2n * SOL);

    const r = await detail(mint);
    await expect
      .poll(() => r.getByTestId('lst-earned-amount').textContent())
      .toBe(`+${formatUnits(value - 2n * SOL, 9, 4)} SOL earned`);
    expect(await r.getByTestId('detail-balance').textContent()).toBe(balanceBefore); // the count stayed the same…
    expect(await r.getByTestId('lst-earned-how').textContent()).toContain('the count has not changed');
    await r.getByTestId('rate-chart').waitFor();
    expect(await r.getByTestId('rate-chart').locator('svg').getAttribute('aria-label')).toMatch(
      /from 1\.\d+ to 1\.\d+ SOL/,
    );
    expect(await r.getByTestId('rate-chart-last-epoch').count()).toBe(1);
    expect(await r.getByTestId('rate-chart-staked').count()).toBe(1);
    // The APY says what it was measured over: the epoch the pool counted the rewards in, and the
    // slot time the node measured (this localnet's 400 ms) over the period of its samples.
    const { apyBasis } = (await portfolio()).lsts.find((l) => l.mint === mint)!;
    expect(apyBasis).toMatchObject({ epoch: Number(state.lastUpdateEpoch.toString()), slotMs: 400 });
    expect(await r.getByTestId('lst-apy').textContent()).toContain(
      `the rewards counted in epoch ${apyBasis!.epoch}, 400 ms slots`,
    );
    expect(await r.getByTestId('lst-apy-basis').textContent()).toMatch(
      new RegExp(`epoch ${apyBasis!.epoch} update.*400 ms slots.*slot time over the last \\d+ (min|h)`),
    );
    await wallet.screenshots(popup, 'popup-token-earned');
    await r.getByRole('button', { name: /Why is 1 .* worth more than 1 SOL\?/ }).click();
    await popup.getByRole('heading', { name: /Why is 1 .* worth more/ }).waitFor();
    await wallet.screenshots(popup, 'popup-explainer');
    await popup.getByRole('button', { name: 'Back' }).click();
  });

  it('an LST whose pool can no longer be read stays listed with its balance as "value unknown", and leaves the total', async () => {
    const before = await portfolio();
    const lost = before.lsts.find((l) => l.mint === pool.mint.toBase58())!;
    const account = await chain.connection.getAccountInfo(pool.pool);
    const damaged = Buffer.from(account!.data);
    damaged[0] = 0; // no longer says "stake pool"
    await chain.rpc('localnet_setAccount', [
      pool.pool.toBase58(),
      { lamports: account!.lamports, owner: account!.owner.toBase58(), data: damaged.toString('base64') },
    ]);
    await popup.reload();
    const r = row(lost.mint);
    await expect.poll(() => r.getAttribute('data-kind'), { timeout: 30_000 }).toBe('unvalued');
    expect(await r.getByTestId('lst-value').textContent()).toBe('value unknown');
    await wallet.screenshots(popup, 'popup-home-value-unknown');
    expect(await r.getByTestId('lst-balance').textContent()).toContain(formatUnits(U(lost.balance), 9, 4));
    const after = await portfolio();
    expect(U(after.totalLamports)).toBe(
      U(after.solLamports) +
        [...after.lsts, ...after.otherLsts].reduce(
          (sum, l) => sum + (l.kind === 'unvalued' ? 0n : U(l.valueLamports)),
          0n,
        ),
    );
    expect(after.otherLsts.find((l) => l.mint === lost.mint)).toMatchObject({
      kind: 'unvalued',
      balance: lost.balance,
    });
    expect(await popup.getByTestId('total-excludes').textContent()).toContain(lost.symbol);
    expect(await popup.getByTestId('total-value').textContent()).toBe(
      `${formatUnits(U(after.totalLamports), 9, 4)} SOL`,
    );
  });
});
