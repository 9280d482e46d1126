// Turns each token the account holds into an LST row valued by the adapter for its kind (SPL stake
// pool, Sanctum Infinity, Marinade), an LST row Tidepool cannot value ("value unknown", never in
// the total), or a plain token. Every row is named: registry, else the token's own metadata, else
// its mint. Pure: everything it needs was read in the refresh's batch.
import type { PublicKey } from '@solana/web3.js';
import { shortAddress } from '../../shared/format';
import type { ChainId } from '../../shared/networks';
import type {
  EarnedSummary,
  LstHolding,
  LstNameSource,
  LstPosition,
  OtherLst,
  Portfolio,
  RatePoint,
} from '../../shared/staking';
import { registryEntry } from '../staking/lst-registry';
import type { RawAccount } from '../chain/raw-account';
import type { PoolState } from '../staking/pool-account';
import { lamportsForPoolTokens, withdraw } from '../staking/pool-math';
import { summarizePool } from '../staking/pool-summary';
import {
  INF_MINT,
  INF_POOL_STATE,
  decodeInfinityPool,
  infToLamports,
  infinityRate,
} from './adapters/infinity';
import {
  MARINADE_STATE,
  decodeMarinadeState,
  msolToLamports,
  totalVirtualStakedLamports,
} from './adapters/marinade';
import { decodeMint } from './adapters/token-mint';
import type { NameBook } from './token-names';

export interface HeldToken {
  tokenAccount: string;
  mint: string;
  programId: string;
  balance: bigint;
  decimals: number;
}

/** The SPL pool behind a mint: decoded, or why it could not be read; undefined when the mint is no pool's. */
export type SplPoolLookup = { ok: true; pool: PoolState } | { ok: false; reason: string } | undefined;

interface HoldingContext {
  chain: ChainId;
  epoch: bigint;
  epochsPerYear: number;
  owner: PublicKey;
  slot: number;
  account(address: string): RawAccount | null | undefined;
  splPool(mint: string): SplPoolLookup;
  names: NameBook;
  /** Rate history and earned for a valued LST (valueOf: tokens → lamports). */
  annotate(
    mint: string,
    lamportsPerToken: bigint,
    balance: bigint,
    valueOf: (tokens: bigint) => bigint | null,
  ): { history: RatePoint[]; earned: EarnedSummary | null };
}

interface Holdings {
  lsts: LstPosition[];
  otherLsts: OtherLst[];
  tokens: Portfolio['tokens'];
}

function naming(
  ctx: HoldingContext,
  mint: string,
  fallbackName: string,
): { symbol: string; name: string; nameSource: LstNameSource } {
  const known = registryEntry(mint, ctx.chain);
  if (known) return { symbol: known.symbol, name: known.name, nameSource: 'registry' };
  const read = ctx.names.get(mint) ?? ctx.names.last(mint);
  if (read) return { ...read, nameSource: 'metadata' };
  return { symbol: shortAddress(mint), name: fallbackName, nameSource: 'mint' };
}

const valueOr0 = (v: bigint | null) => (v ?? 0n).toString();

/**
 * A pool's summary depends only on the pool and the context below; pools come back as the same
 * object while their account is unchanged (see spl-pools.ts), so each is summarized once.
 */
const summaries = new WeakMap<PoolState, { context: string; summary: ReturnType<typeof summarizePool> }>();
function poolSummary(
  pool: PoolState,
  ctx: HoldingContext,
  ownerKey: string,
  decimals: number,
): ReturnType<typeof summarizePool> {
  const context = `${ctx.chain}|${ctx.epoch}|${ctx.epochsPerYear}|${ownerKey}|${decimals}`;
  const known = summaries.get(pool);
  if (known?.context === context) return known.summary;
  const summary = summarizePool(pool, {
    chain: ctx.chain,
    epoch: ctx.epoch,
    epochsPerYear: ctx.epochsPerYear,
    owner: ctx.owner,
    decimals,
  });
  summaries.set(pool, { context, summary });
  return summary;
}

export function valueHoldings(held: HeldToken[], ctx: HoldingContext): Holdings {
  const out: Holdings = { lsts: [], otherLsts: [], tokens: [] };
  const marinade = decodeMarinadeState(ctx.account(MARINADE_STATE));
  const ownerKey = ctx.owner.toBase58();
  for (const t of held) {
    const base = (fallbackName: string): Omit<LstHolding, 'history' | 'earned'> => ({
      mint: t.mint,
      ...naming(ctx, t.mint, fallbackName),
      decimals: t.decimals,
      tokenAccount: t.tokenAccount,
      tokenProgram: t.programId,
      balance: t.balance.toString(),
    });
    const unvalued = (fallbackName: string, reason: string) =>
      out.otherLsts.push({ ...base(fallbackName), kind: 'unvalued', reason, history: [], earned: null });
    const one = 10n ** BigInt(t.decimals);

    if (t.mint === INF_MINT) {
      const read = decodeInfinityPool(ctx.account(INF_POOL_STATE));
      const mint = decodeMint(ctx.account(INF_MINT));
      if (!read.ok) {
        unvalued('Sanctum Infinity', `${read.reason} Its value is unknown.`);
        continue;
      }
      if (read.pool.lpTokenMint !== INF_MINT || !mint) {
        unvalued(
          'Sanctum Infinity',
          'Infinity’s pool and mint do not match on this network. Its value is unknown.',
        );
        continue;
      }
      const rate = infinityRate(read.pool, mint);
      if (!rate) {
        unvalued(
          'Sanctum Infinity',
          'Infinity’s pool owes more SOL than it holds right now. Its value is unknown.',
        );
        continue;
      }
      const valueOf = (tokens: bigint) => infToLamports(rate, tokens);
      const pool = read.pool;
      out.otherLsts.push({
        ...base('Sanctum Infinity'),
        kind: 'infinity',
        version: pool.version,
        totalLamports: rate.lamports.toString(),
        poolTokenSupply: rate.supply.toString(),
        valueLamports: valueOr0(valueOf(t.balance)),
        withheldLamports: pool.version === 2 ? pool.withheldLamports.toString() : null,
        protocolFeeLamports: pool.version === 2 ? pool.protocolFeeLamports.toString() : null,
        lastReleaseSlot: pool.version === 2 ? Number(pool.lastReleaseSlot) : null,
        readAtSlot: ctx.slot,
        disabled: pool.disabled,
        ...ctx.annotate(t.mint, valueOf(one) ?? 0n, t.balance, valueOf),
      });
      continue;
    }

    if (marinade.ok && marinade.state.msolMint === t.mint) {
      const state = marinade.state;
      const valueOf = (tokens: bigint) => msolToLamports(state, tokens);
      out.otherLsts.push({
        ...base('Marinade staked SOL'),
        kind: 'marinade',
        paused: state.paused,
        totalLamports: totalVirtualStakedLamports(state).toString(),
        poolTokenSupply: state.msolSupply.toString(),
        valueLamports: valueOr0(valueOf(t.balance)),
        ...ctx.annotate(t.mint, valueOf(one) ?? 0n, t.balance, valueOf),
      });
      continue;
    }

    const spl = ctx.splPool(t.mint);
    if (spl?.ok) {
      const pool = spl.pool;
      const summary = poolSummary(pool, ctx, ownerKey, t.decimals);
      const valueOf = (tokens: bigint) => lamportsForPoolTokens(pool, tokens);
      const lastEpoch =
        pool.lastEpochPoolTokenSupply > 0n
          ? (one * pool.lastEpochTotalLamports) / pool.lastEpochPoolTokenSupply
          : null;
      out.lsts.push({
        ...summary,
        ...base(summary.name),
        kind: 'splStakePool',
        valueLamports: valueOf(t.balance).toString(),
        instantUnstakeLamports: withdraw(pool, t.balance, pool.solWithdrawalFee).lamports.toString(),
        lastEpochLamportsPerToken: lastEpoch?.toString() ?? null,
        ...ctx.annotate(t.mint, valueOf(one), t.balance, valueOf),
      });
      continue;
    }
    if (spl && !spl.ok) {
      unvalued(`Stake pool token ${shortAddress(t.mint)}`, spl.reason);
      continue;
    }

    const listed = registryEntry(t.mint, ctx.chain);
    if (listed) {
      const why =
        listed.kind === 'unsupported'
          ? `Tidepool cannot value ${listed.program} LSTs yet.`
          : listed.kind === 'marinade'
            ? marinade.ok
              ? 'Marinade’s state names another mint.'
              : marinade.reason
            : 'Its pool could not be read.';
      unvalued(listed.name, `${why} Shown with its balance; not counted in the total.`);
      continue;
    }
    out.tokens.push({
      mint: t.mint,
      tokenAccount: t.tokenAccount,
      balance: t.balance.toString(),
      decimals: t.decimals,
      programId: t.programId,
    });
  }
  // Each value parsed once, not in every comparison.
  const values = new Map<{ valueLamports: string }, bigint>();
  const value = (row: { valueLamports: string }) => {
    let v = values.get(row);
    if (v === undefined) values.set(row, (v = BigInt(row.valueLamports)));
    return v;
  };
  const byValue = (a: { valueLamports: string }, b: { valueLamports: string }) =>
    value(b) > value(a) ? 1 : value(b) < value(a) ? -1 : 0;
  out.lsts.sort(byValue);
  out.otherLsts.sort(
    (a, b) =>
      (a.kind === 'unvalued' ? 1 : 0) - (b.kind === 'unvalued' ? 1 : 0) ||
      (a.kind !== 'unvalued' && b.kind !== 'unvalued' ? byValue(a, b) : 0),
  );
  return out;
}
