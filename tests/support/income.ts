// What the income tests read straight from the chain, to check the ledger against: pool totals,
// token balances, a transaction's fee, time and epoch, and a stake account's lamports, each read
// with an unmodified web3.js Connection and decoded by @solana/spl-stake-pool's own layout. And a
// decimal writer of the test's own (not the product's) for the file's amounts.
import { Keypair, type PublicKey } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { randomBytes } from 'node:crypto';
import bs58 from 'bs58';
import type { LstTrack } from '../../src/background/income/ledger-store';
import { observeLst } from '../../src/background/income/lst-income';
import { rewardRow } from '../../src/background/income/stake-income';
import { stakingRow } from '../../src/background/income/staking-rows';
import type { StakingRecord } from '../../src/background/staking/outcomes';
import type { IncomeRow } from '../../src/shared/income';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { readPool, type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import type { TestChain } from './localnet';
import { SOL, activePool, nextEpoch } from './staking';

export interface PoolTotals {
  total: bigint;
  supply: bigint;
  lastTotal: bigint;
  lastSupply: bigint;
  updated: number;
}

export async function poolTotals(chain: TestChain, pool: PublicKey): Promise<PoolTotals> {
  const p = await readPool(chain.connection, pool);
  const big = (n: { toString(): string }) => BigInt(n.toString());
  return {
    total: big(p.totalLamports),
    supply: big(p.poolTokenSupply),
    lastTotal: big(p.lastEpochTotalLamports),
    lastSupply: big(p.lastEpochPoolTokenSupply),
    updated: Number(big(p.lastUpdateEpoch)),
  };
}

/** The owner's balance of `mint` in its associated token account (0 when it has none). */
export async function tokenBalance(chain: TestChain, owner: PublicKey, mint: PublicKey): Promise<bigint> {
  const account = getAssociatedTokenAddressSync(mint, owner);
  const info = await chain.connection.getTokenAccountBalance(account).catch(() => null);
  return BigInt(info?.value.amount ?? 0);
}

/** A landed transaction's block time (ms), slot and fee, and the change of `owner`'s SOL in it. */
export async function landed(chain: TestChain, signature: string, owner: PublicKey) {
  const tx = (await chain.connection.getTransaction(signature, {
    commitment: 'confirmed',
    maxSupportedTransactionVersion: 0,
  }))!;
  const index = tx.transaction.message.staticAccountKeys.findIndex((k) => k.equals(owner));
  return {
    at: tx.blockTime! * 1000,
    slot: tx.slot,
    fee: BigInt(tx.meta!.fee),
    solChange: BigInt(tx.meta!.postBalances[index]!) - BigInt(tx.meta!.preBalances[index]!),
  };
}

/** An SPL pool with one validator's active stake, two epochs old: it has a last epoch's totals. */
export async function poolWithLastEpoch(chain: TestChain, operator: Keypair): Promise<CreatedPool> {
  const pool = await activePool(chain, operator, {
    programId: STAKE_POOL_PROGRAMS.spl,
    validators: 1,
    initialDepositLamports: 20n * SOL,
  });
  await nextEpoch(chain, operator, [pool]);
  await nextEpoch(chain, operator, [pool], 100);
  return pool;
}

/** The first slot of `epoch` and its block's time (ms), from the chain's own schedule. */
export async function epochStart(chain: TestChain, epoch: number): Promise<{ slot: number; at: number }> {
  const { slotsPerEpoch, firstNormalEpoch, firstNormalSlot } = await chain.connection.getEpochSchedule();
  const slot = firstNormalSlot + (epoch - firstNormalEpoch) * slotsPerEpoch;
  return { slot, at: (await chain.connection.getBlockTime(slot))! * 1000 };
}

export const lamportsOf = async (chain: TestChain, address: PublicKey) =>
  BigInt(await chain.connection.getBalance(address));

/** `units` with `decimals` as the file writes amounts: every significant digit, no grouping. */
export function decimal(units: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const fraction = (units % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return fraction ? `${units / scale}.${fraction}` : `${units / scale}`;
}

/** A time as the file writes dates: UTC, to the second. */
export const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/**
 * Years of a ledger as the product's own row builders make them (no chain needed): three stake
 * accounts paid every epoch (two days), two SPL LSTs seen every epoch with a rate that grows, and a
 * stake and an unstake a month. For the bench's export and storage figures.
 */
export async function yearsOfRows(years: number): Promise<IncomeRow[]> {
  const epochs = Math.round((years * 365) / 2);
  const day = 86_400_000;
  const start = Date.UTC(2021, 0, 1);
  const stakes = Array.from({ length: 3 }, () => Keypair.generate().publicKey.toBase58());
  const mints = Array.from({ length: 2 }, () => Keypair.generate().publicKey.toBase58());
  const rows: IncomeRow[] = [];
  const tracks = new Map<string, LstTrack>();
  for (let e = 1; e <= epochs; e++) {
    const at = start + e * 2 * day;
    for (const address of stakes)
      rows.push(
        rewardRow(
          address,
          e,
          { amount: 1_234_567n + BigInt(e), postBalance: 10n ** 12n, commissionBps: 500 },
          at,
        ),
      );
    for (const mint of mints) {
      const total = (10n ** 15n * (1_000_000n + 200n * BigInt(e))) / 1_000_000n;
      const seen = await observeLst(
        tracks.get(mint),
        {
          mint,
          kind: 'spl',
          symbol: 'LST',
          decimals: 9,
          sighting: {
            at,
            epoch: e,
            balance: '25000000000',
            rate: { lamports: total.toString(), supply: (10n ** 15n).toString() },
          },
          lastEpochRate: {
            lamports: ((total * 999_800n) / 1_000_000n).toString(),
            supply: (10n ** 15n).toString(),
          },
          slot: e * 432_000,
        },
        (epoch) => epoch * 432_000,
        async () => undefined,
      );
      tracks.set(mint, seen.track);
      rows.push(...seen.rows.map((r) => ({ ...r.row, at, awaitingSlot: null })));
    }
    if (e % 15 === 0) {
      const landed = {
        owner: stakes[0]!,
        mint: mints[0]!,
        symbol: 'LST',
        decimals: 9,
        signature: bs58.encode(randomBytes(64)),
        slot: e * 432_000 + 7,
        blockTime: Math.floor(at / 1000),
        quotedEpoch: e,
        feeLamports: 5_000n,
      };
      const record: StakingRecord =
        e % 30 === 0
          ? { ...landed, kind: 'stake', lamportsIn: 10n ** 9n, tokensReceived: 9n * 10n ** 8n }
          : {
              ...landed,
              kind: 'unstake',
              tokensIn: 10n ** 9n,
              lamportsOut: 11n * 10n ** 8n,
              stakeAccount: null,
            };
      rows.push(stakingRow(record, e, { lamports: 10n ** 9n, basis: 'measured' }, at));
    }
  }
  return rows;
}

export { incomeFile } from '../../src/background/income/income-files';
export { packRows } from '../../src/background/income/packed-rows';
