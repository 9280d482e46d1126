// Routes into and out of the LSTs that are not SPL stake pools (Sanctum Infinity's INF, Marinade's
// mSOL), and through Infinity for the LSTs it holds: what the UI asks for and what it is shown.
// Every amount is a decimal string of base units. A route's quote comes from the simulation of its
// exact transaction; its guarantee is only what the program enforces (shared/guarantee.ts).
import type { Guarantee } from './guarantee';
import type { UnstakeMode, UnstakeQuote } from './staking';
import { addressSchema, baseUnitsSchema, v } from './validate';

/** SOL itself, where a route takes or pays lamports (wrapped and unwrapped inside the transaction). */
export const SOL_ASSET = 'SOL';

/** One route, as the person picks it. `amount`: lamports when `from` is SOL, else the token's base units. */
export type RouteRequest =
  /** AddLiquidity: SOL (wrapped) or an LST Infinity holds → INF. */
  | { kind: 'infinityAdd'; from: string; amount: string }
  /** RemoveLiquidity: INF → SOL (unwrapped) or an LST Infinity holds. */
  | { kind: 'infinityRemove'; to: string; amount: string }
  /** SwapExactIn: an LST Infinity holds → SOL (through wSOL, unwrapped). */
  | { kind: 'infinitySwap'; from: string; amount: string }
  /** Marinade deposit: SOL → mSOL. */
  | { kind: 'marinadeDeposit'; amount: string }
  /** Marinade liquid_unstake: mSOL → SOL through its liquidity pool. */
  | { kind: 'marinadeLiquid'; amount: string }
  /** Marinade withdraw_stake_account: mSOL → a stake account of the person's, deactivated at once. */
  | { kind: 'marinadeDelayed'; amount: string }
  /** Marinade claim of a ticket the person holds. */
  | { kind: 'marinadeClaim'; ticket: string };

const solOrMint = v.either(v.literal(SOL_ASSET), addressSchema);
const amount = baseUnitsSchema;
/** A RouteRequest as the background takes it from our pages: exactly one of the shapes above. */
export const routeRequestSchema = v.variant('kind', {
  infinityAdd: v.object({ kind: v.literal('infinityAdd'), from: solOrMint, amount }),
  infinityRemove: v.object({ kind: v.literal('infinityRemove'), to: solOrMint, amount }),
  infinitySwap: v.object({ kind: v.literal('infinitySwap'), from: addressSchema, amount }),
  marinadeDeposit: v.object({ kind: v.literal('marinadeDeposit'), amount }),
  marinadeLiquid: v.object({ kind: v.literal('marinadeLiquid'), amount }),
  marinadeDelayed: v.object({ kind: v.literal('marinadeDelayed'), amount }),
  marinadeClaim: v.object({ kind: v.literal('marinadeClaim'), ticket: addressSchema }),
});

/** What a side of a route is, for the screen. */
interface Side {
  symbol: string;
  decimals: number;
  amount: string;
}

export interface RouteQuote {
  request: RouteRequest;
  /** The route in words: "Infinity: jupSOL → SOL (swap)". */
  title: string;
  /** The program that runs it, for "who stands behind it". */
  program: 'Sanctum Infinity' | 'Marinade';
  given: Side;
  /** What the simulation shows arriving (for a delayed route: in the new stake account). */
  received: Side;
  /** What the route's own fee took, in `fee.symbol` (null when the program does not say). */
  fee: Side | null;
  /** The route's fee rate as its program states it, in basis points (null when it varies). */
  feeBps: number | null;
  /** now: in the wallet when it lands; epoch: withdrawable from that epoch (a stake account). */
  when: { kind: 'now' } | { kind: 'epoch'; epoch: number };
  networkFeeLamports: string;
  guarantee: Guarantee;
  /** What else the person must know about the guarantee, in words (who can change the price). */
  caveat: string | null;
  /** Names the prepared transaction in the background; a click sends exactly that one (until expiresAt). */
  quoteId: string;
  preparedAt: number;
  /** Until when the worker signs the quote's transaction as it is (ms since epoch); after, a click quotes again. */
  expiresAt: number;
}

/** How an exit is carried out: a pool's own unstake (unstake:execute) or a route (route:execute). */
type ExitVia = { kind: 'pool'; pool: string; mode: UnstakeMode } | { kind: 'route'; request: RouteRequest };

/** One way out of an LST into SOL, side by side with the others: quoted, or why it cannot be taken now. */
export type ExitOption = { title: string; via: ExitVia } & (
  | {
      available: true;
      /** What arrives (SOL, or SOL in a stake account for a delayed route). */
      receivedLamports: string;
      when: RouteQuote['when'];
      /** The route's fee in words ("0.1 % withdrawal fee", "0.0021 SOL"), or null when none. */
      fee: string | null;
      guarantee: Guarantee;
      caveat: string | null;
      /** The quote to execute (its kept transaction), by `via`. */
      quote: RouteQuote | UnstakeQuote;
      /** The instant route that gives the most: preselected. */
      best: boolean;
    }
  | { available: false; reason: string }
);
