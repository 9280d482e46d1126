// Turns each token the account holds into an LST row valued by the adapter for its kind (SPL stake
// pool, Sanctum Infinity, Marinade), an LST row Tidepool cannot value ("value unknown", never in
// the total), or a plain token. Every row is named: registry, else the token's own metadata, else
// its mint. Pure: everything it needs was read in the refresh's batch.
import { PublicKey } from '@solana/web3.js';
import { TOKEN_2022_PROGRAM_ID } from '@solana/spl-token';
import type { TransferFeeRate } from '../../shared/transfer-fee';
import { mintRules } from '../chain/mint-rules';
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
import { lamportsForPoolTokens, withdraw, type EpochYear } from '../staking/pool-math';
import { summarizePool } from '../staking/pool-summary';
import {
  INF_MINT,
  INF_POOL_STATE,
  decodeInfinityPool,
  infToLamports,
  infinityRate,
} from './adapters/infinity';
import { MARINADE_STATE } from '../../shared/marinade';
import { decodeMarinadeState, type MarinadeState } from '../staking/marinade-state';
import { msolToLamports, totalVirtualStakedLamports } from '../staking/marinade-value';
import { decodeMint } from './adapters/token-mint';
import type { NameBook } from './token-names';

export interface HeldToken {
  tokenAccount: string;
  mint: string;
  programId: string;
  balance: bigint;
  decimals: number;
}

const TOKEN_2022 = TOKEN_2022_PROGRAM_ID.toBase58();

/** The SPL pool behind a mint: decoded, or why it could not be read; undefined when the mint is no pool's. */
export type SplPoolLookup = { ok: true; pool: PoolState } | { ok: false; reason: string } | undefined;

interface HoldingContext {
  chain: ChainId;
  epoch: bigint;
  /** The network's year of epochs (null: no slot time measured, so no APY). */
  year: EpochYear | null;
  owner: PublicKey;
  /** The owner's address, as the pool summaries are keyed (base58 once per refresh, not per row). */
  ownerKey: string;
  /** The slot the node read `address` at (the context slot of its getMultipleAccounts). */
  slotOf(address: string): number | undefined;
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
  decimals: number,
): ReturnType<typeof summarizePool> {
  const context = `${ctx.chain}|${ctx.epoch}|${ctx.year?.slotMs}|${ctx.year?.epochs}|${ctx.ownerKey}|${decimals}`;
  const known = summaries.get(pool);
  if (known?.context === context) return known.summary;
  const summary = summarizePool(pool, {
    chain: ctx.chain,
    epoch: ctx.epoch,
    year: ctx.year,
    owner: ctx.owner,
    decimals,
  });
  summaries.set(pool, { context, summary });
  return summary;
}

/** Where one held token goes: a valued SPL-pool row, another LST row (valued or not), or a plain token. */
type Placed =
  | { list: 'lsts'; row: LstPosition }
  | { list: 'otherLsts'; row: OtherLst }
  | { list: 'tokens'; row: Portfolio['tokens'][number] };

type Base = Omit<LstHolding, 'history' | 'earned'>;
const unvalued = (base: Base, reason: string): Placed => ({
  list: 'otherLsts',
  row: { ...base, kind: 'unvalued', reason, history: [], earned: null },
});

function infinityRow(t: HeldToken, ctx: HoldingContext, base: Base): Placed {
  const read = decodeInfinityPool(ctx.account(INF_POOL_STATE));
  const mint = decodeMint(ctx.account(INF_MINT));
  if (!read.ok) return unvalued(base, `${read.reason} Its value is unknown.`);
  if (read.pool.lpTokenMint !== INF_MINT || !mint) {
    return unvalued(base, 'Infinity’s pool and mint do not match on this network. Its value is unknown.');
  }
  // Valued at the slot the pool was read at: what the program would release and price there.
  const readAtSlot = ctx.slotOf(INF_POOL_STATE);
  if (readAtSlot === undefined)
    return unvalued(
      base,
      'The network did not say which slot it read Infinity’s pool at. Its value is unknown.',
    );
  const valued = infinityRate(read.pool, mint, BigInt(readAtSlot));
  if (!valued.ok) return unvalued(base, `${valued.reason} Its value is unknown.`);
  const { rate } = valued;
  const valueOf = (tokens: bigint) => infToLamports(rate, tokens);
  const pool = read.pool;
  return {
    list: 'otherLsts',
    row: {
      ...base,
      kind: 'infinity',
      version: pool.version,
      totalLamports: rate.lamports.toString(),
      poolTokenSupply: rate.supply.toString(),
      valueLamports: valueOr0(valueOf(t.balance)),
      withheldLamports: valued.withheldLamports?.toString() ?? null,
      protocolFeeLamports: valued.protocolFeeLamports?.toString() ?? null,
      lastReleaseSlot: pool.version === 2 ? Number(pool.lastReleaseSlot) : null,
      readAtSlot,
      disabled: pool.disabled,
      ...ctx.annotate(t.mint, valueOf(10n ** BigInt(t.decimals)) ?? 0n, t.balance, valueOf),
    },
  };
}

function marinadeRow(t: HeldToken, ctx: HoldingContext, base: Base, state: MarinadeState): Placed {
  const valueOf = (tokens: bigint) => msolToLamports(state, tokens);
  return {
    list: 'otherLsts',
    row: {
      ...base,
      kind: 'marinade',
      paused: state.paused,
      totalLamports: totalVirtualStakedLamports(state).toString(),
      poolTokenSupply: state.msolSupply.toString(),
      valueLamports: valueOr0(valueOf(t.balance)),
      ...ctx.annotate(t.mint, valueOf(10n ** BigInt(t.decimals)) ?? 0n, t.balance, valueOf),
    },
  };
}

function splRow(t: HeldToken, ctx: HoldingContext, pool: PoolState): Placed {
  const one = 10n ** BigInt(t.decimals);
  const summary = poolSummary(pool, ctx, t.decimals);
  const valueOf = (tokens: bigint) => lamportsForPoolTokens(pool, tokens);
  const lastEpoch =
    pool.lastEpochPoolTokenSupply > 0n
      ? (one * pool.lastEpochTotalLamports) / pool.lastEpochPoolTokenSupply
      : null;
  return {
    list: 'lsts',
    row: {
      ...summary,
      ...baseOf(t, ctx, summary.name),
      kind: 'splStakePool',
      valueLamports: valueOf(t.balance).toString(),
      instantUnstakeLamports: withdraw(pool, t.balance, pool.solWithdrawalFee).lamports.toString(),
      lastEpochLamportsPerToken: lastEpoch?.toString() ?? null,
      lastEpochTotalLamports: pool.lastEpochTotalLamports.toString(),
      lastEpochPoolTokenSupply: pool.lastEpochPoolTokenSupply.toString(),
      ...ctx.annotate(t.mint, valueOf(one), t.balance, valueOf),
    },
  };
}

/** A Token-2022 mint's transfer fee this epoch, from the mint the refresh read (null: none, or unread). */
function heldTransferFee(t: HeldToken, ctx: HoldingContext): TransferFeeRate | null {
  const account = t.programId === TOKEN_2022 ? ctx.account(t.mint) : null;
  if (!account) return null;
  try {
    return mintRules(new PublicKey(t.mint), account, TOKEN_2022_PROGRAM_ID).transferFee(ctx.epoch);
  } catch {
    return null; // not a mint the token program would take: nothing is sent from it either
  }
}

function baseOf(t: HeldToken, ctx: HoldingContext, fallbackName: string): Base {
  return {
    mint: t.mint,
    ...naming(ctx, t.mint, fallbackName),
    decimals: t.decimals,
    tokenAccount: t.tokenAccount,
    tokenProgram: t.programId,
    balance: t.balance.toString(),
    transferFee: heldTransferFee(t, ctx),
  };
}

/** One held token, by the first adapter that knows its mint; a listed LST no adapter can value is shown unvalued. */
function place(t: HeldToken, ctx: HoldingContext, marinade: ReturnType<typeof decodeMarinadeState>): Placed {
  if (t.mint === INF_MINT) return infinityRow(t, ctx, baseOf(t, ctx, 'Sanctum Infinity'));
  if (marinade.ok && marinade.state.msolMint.toBase58() === t.mint) {
    return marinadeRow(t, ctx, baseOf(t, ctx, 'Marinade staked SOL'), marinade.state);
  }
  const spl = ctx.splPool(t.mint);
  if (spl?.ok) return splRow(t, ctx, spl.pool);
  if (spl) return unvalued(baseOf(t, ctx, `Stake pool token ${shortAddress(t.mint)}`), spl.reason);
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
    return unvalued(baseOf(t, ctx, listed.name), `${why} Shown with its balance; not counted in the total.`);
  }
  const { mint, tokenAccount, decimals, programId } = t;
  const row = { mint, tokenAccount, balance: t.balance.toString(), decimals, programId };
  return { list: 'tokens', row: { ...row, transferFee: heldTransferFee(t, ctx) } };
}

/** Highest value first; LSTs that cannot be valued after those that can. Each value parsed once. */
function sortByValue(out: Holdings): void {
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
}

export function valueHoldings(held: HeldToken[], ctx: HoldingContext): Holdings {
  const out: Holdings = { lsts: [], otherLsts: [], tokens: [] };
  const marinade = decodeMarinadeState(ctx.account(MARINADE_STATE));
  for (const t of held) {
    const placed = place(t, ctx, marinade);
    switch (placed.list) {
      case 'lsts':
        out.lsts.push(placed.row);
        break;
      case 'otherLsts':
        out.otherLsts.push(placed.row);
        break;
      case 'tokens':
        out.tokens.push(placed.row);
        break;
    }
  }
  sortByValue(out);
  return out;
}
