// What the income tests read straight from the chain, to check the ledger against: pool totals,
// token balances, a transaction's fee, time and epoch, and a stake account's lamports, each read
// with an unmodified web3.js Connection and decoded by @solana/spl-stake-pool's own layout. And a
// decimal writer of the test's own (not the product's) for the file's amounts.
import {
  Authorized,
  Keypair,
  Lockup,
  PublicKey,
  StakeProgram,
  Transaction,
  sendAndConfirmTransaction,
} from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { readPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import type { TestChain } from './localnet';

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

/** The first slot of `epoch` and its block's time (ms), from the chain's own schedule. */
export async function epochStart(chain: TestChain, epoch: number): Promise<{ slot: number; at: number }> {
  const { slotsPerEpoch, firstNormalEpoch, firstNormalSlot } = await chain.connection.getEpochSchedule();
  const slot = firstNormalSlot + (epoch - firstNormalEpoch) * slotsPerEpoch;
  return { slot, at: (await chain.connection.getBlockTime(slot))! * 1000 };
}

export const lamportsOf = async (chain: TestChain, address: PublicKey) =>
  BigInt(await chain.connection.getBalance(address));

/** A stake account of `user` holding `lamports`, delegated to `vote` (activating this epoch). */
export async function delegatedStake(
  chain: TestChain,
  user: Keypair,
  vote: PublicKey,
  lamports: bigint,
): Promise<PublicKey> {
  const account = Keypair.generate();
  await sendAndConfirmTransaction(
    chain.connection,
    new Transaction().add(
      ...StakeProgram.createAccount({
        fromPubkey: user.publicKey,
        stakePubkey: account.publicKey,
        lamports: Number(lamports),
        authorized: new Authorized(user.publicKey, user.publicKey),
        lockup: new Lockup(0, 0, PublicKey.default),
      }).instructions,
      ...StakeProgram.delegate({
        stakePubkey: account.publicKey,
        authorizedPubkey: user.publicKey,
        votePubkey: vote,
      }).instructions,
    ),
    [user, account],
    { commitment: 'confirmed' },
  );
  return account.publicKey;
}

/** `units` with `decimals` as the file writes amounts: every significant digit, no grouping. */
export function decimal(units: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const fraction = (units % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return fraction ? `${units / scale}.${fraction}` : `${units / scale}`;
}

/** A time as the file writes dates: UTC, to the second. */
export const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
