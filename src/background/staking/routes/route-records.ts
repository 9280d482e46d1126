// A landed route as the books record it: the same StakingRecord SPL pools' stakes and unstakes
// make, handed to the engine's one callback (earned since staked, the income ledger). What moved is
// read back from the landed transaction, never taken from the quote. Pure.
//
// Two routes make no record. An LST → LST route through Infinity (an LST → INF, INF → an LST) moves
// no SOL: it is neither SOL staked nor SOL received, and its SOL result would be one LST valued at
// another's rate, which the transaction does not show; each position's income stays measured from
// its own observations. A Marinade claim pays a ticket the person already held: its SOL was fixed
// when the ticket was ordered (outside Tidepool, which unstakes by stake account), and the claim
// exchanges no token, so there is no stake, unstake or realised result in it.
import { NATIVE_MINT, getAssociatedTokenAddressSync } from '@solana/spl-token';
import type { PublicKey } from '@solana/web3.js';
import { SOL_ASSET, type RouteQuote, type RouteRequest } from '../../../shared/routes';
import type { TxOutcome } from '../../../shared/staking';
import type { RecordPosition, StakingRecordBody } from '../outcomes';
import type { PreparedRoute } from './route-quotes';

/** Accounts a route closes into the owner (Infinity's wSOL account): their lamports before are paid back, not received. */
export function closedIntoOwner(owner: PublicKey, request: RouteRequest): PublicKey[] {
  const unwraps =
    (request.kind === 'infinityRemove' && request.to === SOL_ASSET) || request.kind === 'infinitySwap';
  return unwraps ? [getAssociatedTokenAddressSync(NATIVE_MINT, owner)] : [];
}

/** Whose and which token a route's record is about: what it bought (a stake) or sold (an unstake). */
function position(
  owner: PublicKey,
  prepared: PreparedRoute,
  side: RouteQuote['given'],
): RecordPosition | null {
  if (!prepared.outcomeMint) return null;
  return {
    owner: owner.toBase58(),
    mint: prepared.outcomeMint.toBase58(),
    symbol: side.symbol,
    decimals: side.decimals,
    quotedEpoch: Number(prepared.epoch),
  };
}

/**
 * The record of a landed route, or null for a route that is no stake or unstake (above).
 * `closedBefore`: the lamports closedIntoOwner's accounts held before it landed, summed.
 */
export function routeRecord(
  owner: PublicKey,
  prepared: PreparedRoute,
  outcome: TxOutcome,
  closedBefore: bigint,
): { position: RecordPosition; body: StakingRecordBody } | null {
  const { request, given, received } = prepared.quote;
  // The owner's SOL change with the network fee added back: what the route itself paid in or out.
  const solMoved = BigInt(outcome.solChange) + BigInt(outcome.networkFeeLamports ?? 0);
  const stake = (lamportsIn: string) => {
    const at = position(owner, prepared, received);
    const body: StakingRecordBody = {
      kind: 'stake',
      lamportsIn: BigInt(lamportsIn),
      tokensReceived: BigInt(outcome.tokenChange),
    };
    return at && { position: at, body };
  };
  const unstake = (lamportsOut: bigint) => {
    const at = position(owner, prepared, given);
    const body: StakingRecordBody = {
      kind: 'unstake',
      tokensIn: -BigInt(outcome.tokenChange),
      lamportsOut,
      stakeAccount: outcome.stakeAccount ?? null,
    };
    return at && { position: at, body };
  };
  switch (request.kind) {
    case 'infinityAdd':
      return request.from === SOL_ASSET ? stake(request.amount) : null;
    case 'marinadeDeposit':
      return stake(request.amount);
    case 'infinityRemove':
      return request.to === SOL_ASSET ? unstake(solMoved - closedBefore) : null;
    case 'infinitySwap':
      return unstake(solMoved - closedBefore);
    case 'marinadeLiquid':
      return unstake(solMoved);
    case 'marinadeDelayed':
      // The new stake account's lamports beyond what the person paid into it: the SOL they spent, the fee aside.
      return outcome.stakeAccountLamports === undefined
        ? null
        : unstake(BigInt(outcome.stakeAccountLamports) + solMoved);
    case 'marinadeClaim':
      return null;
  }
}
