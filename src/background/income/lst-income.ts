// What an LST position earned between two sightings: the tokens held × the change of the rate,
// valued as the pool values tokens (tokens × lamports / supply, rounded down). Pure.
//
// SPL stake pools keep the totals of the epoch before their last update beside the current ones,
// so a sighting in the epoch after gives that epoch's exact pair (its rewards are the jump at the
// boundary): one row for that epoch, and one row spanning any epochs between the previous sighting
// and it. The tokens at a boundary are the last sighting's balance plus the wallet's own recorded
// moves before the boundary's first slot; when those moves do not explain the new balance (tokens
// sent or received elsewhere), the smaller balance is counted and the row says it is estimated.
// INF and Marinade keep no such pair: the rate is booked when the wallet looks, so their rows say
// the epoch's edges are estimated. A position is first seen with no row: its earlier income is not
// the wallet's to know.
import type { IncomeRow } from '../../shared/income';
import { formatUnits } from '../../shared/format';
import type { LstKind, LstSighting, LstTrack, Rate } from './ledger-store';

/** What a refresh read of one held LST. */
export interface LstObservation {
  mint: string;
  kind: LstKind;
  symbol: string;
  decimals: number;
  sighting: LstSighting;
  /** SPL pools: the totals before the last update (the rate through the epoch before `sighting.epoch`). */
  lastEpochRate: Rate | null;
  /** The slot the node was at: its block's time dates a row booked when seen (INF, mSOL). */
  slot: number;
}

/** The first slot of an epoch (ledger-store's firstSlotOf). */
export type FirstSlotOf = (epoch: number) => number;

/** A new row; `growing`: it grows while its epoch lasts, so it replaces the kept one of its id. */
export interface RowDraft {
  row: IncomeRow;
  growing: boolean;
}

/** SOL worth of `tokens` at `rate`, rounded down as the pools round. */
export function valueAt(tokens: bigint, rate: Rate): bigint {
  const supply = BigInt(rate.supply);
  return supply === 0n ? 0n : (tokens * BigInt(rate.lamports)) / supply;
}

const sol = (lamports: bigint) => `${formatUnits(lamports < 0n ? -lamports : lamports, 9)} SOL`;

/** The tokens held at `slot`: the last sighting's balance and the recorded moves before it. */
function tokensAt(track: LstTrack, slot: number): bigint {
  return track.moves
    .filter((m) => m.slot < slot)
    .reduce((sum, m) => sum + BigInt(m.tokens), BigInt(track.last.balance));
}

/** Whether the wallet's own moves since the last sighting account for the balance now. */
function explained(track: LstTrack, balance: bigint): boolean {
  return tokensAt(track, Number.MAX_SAFE_INTEGER) === balance;
}

interface Span {
  first: number;
  last: number;
  tokens: bigint;
  from: Rate;
  to: Rate;
  measured: boolean;
  why: string;
  slot: number | null;
  at: number;
  growing: boolean;
}

function incomeRow(mint: string, track: LstTrack, span: Span): RowDraft | null {
  const amount = valueAt(span.tokens, span.to) - valueAt(span.tokens, span.from);
  if (amount === 0n) return null;
  const money = { amount: (amount < 0n ? -amount : amount).toString(), currency: 'SOL', decimals: 9 };
  const held = `${formatUnits(span.tokens, track.decimals)} ${track.symbol} held`;
  const epochs = span.first === span.last ? `epoch ${span.first}` : `epochs ${span.first}–${span.last}`;
  const fell = amount < 0n ? `; the rate fell: ${sol(amount)} lost` : '';
  return {
    row: {
      id: `lst:${mint}:${span.first}`,
      type: 'staking-income',
      at: span.at,
      awaitingSlot: span.slot,
      position: mint,
      positionLabel: track.symbol,
      received: amount > 0n ? money : null,
      sent: amount < 0n ? money : null,
      feeLamports: null,
      epochs: [span.first, span.last],
      signature: null,
      basis: span.measured ? 'measured' : 'estimated',
      note: `${track.symbol} rate over ${epochs} × ${held}${fell}. ${span.why}`,
      realised: null,
    },
    growing: span.growing,
  };
}

const EXACT = 'The pool’s own totals at the epoch’s edges.';
const SMALLER =
  'The balance changed in between by more than Tidepool’s own transactions: the smaller balance is counted.';

/** Rows of an SPL pool LST since the last sighting (see the header). */
function splRows(mint: string, track: LstTrack, seen: LstObservation, firstSlot: FirstSlotOf): RowDraft[] {
  const was = track.last;
  const now = seen.sighting;
  const balance = BigInt(now.balance);
  if (now.epoch <= was.epoch || !seen.lastEpochRate || BigInt(seen.lastEpochRate.supply) === 0n) return [];
  const known = explained(track, balance);
  const smaller = BigInt(was.balance) < balance ? BigInt(was.balance) : balance;
  const rows: (RowDraft | null)[] = [];
  // Epochs was.epoch … now.epoch − 2: from the last sighting's rate to the end of now.epoch − 1.
  if (now.epoch - 1 > was.epoch) {
    const [start, end] = [firstSlot(was.epoch + 1), firstSlot(now.epoch - 1)];
    const steady = known && !track.moves.some((m) => m.slot >= start && m.slot < end);
    rows.push(
      incomeRow(mint, track, {
        first: was.epoch,
        last: now.epoch - 2,
        tokens: steady ? tokensAt(track, start) : smaller,
        from: was.rate,
        to: seen.lastEpochRate,
        measured: steady,
        why: steady ? `${EXACT} Tidepool did not see it in between; the balance did not change.` : SMALLER,
        slot: end,
        at: now.at,
        growing: false,
      }),
    );
  }
  // The boundary into now.epoch: the pool's exact pair.
  const boundary = firstSlot(now.epoch);
  rows.push(
    incomeRow(mint, track, {
      first: now.epoch - 1,
      last: now.epoch - 1,
      tokens: known ? tokensAt(track, boundary) : smaller,
      from: seen.lastEpochRate,
      to: now.rate,
      measured: known,
      why: known ? EXACT : SMALLER,
      slot: boundary,
      at: now.at,
      growing: false,
    }),
  );
  return rows.filter((r) => r !== null);
}

/** The row of an INF or mSOL position since the last sighting: the rate booked when seen. */
function observedRow(mint: string, track: LstTrack, seen: LstObservation, growing: IncomeRow | undefined) {
  const was = track.last;
  const now = seen.sighting;
  const balance = BigInt(now.balance);
  const steady = track.moves.length === 0 && BigInt(was.balance) === balance;
  const tokens = steady ? balance : BigInt(was.balance) < balance ? BigInt(was.balance) : balance;
  const draft = incomeRow(mint, track, {
    first: was.epoch,
    last: Math.max(was.epoch, now.epoch - 1),
    tokens,
    from: was.rate,
    to: now.rate,
    measured: false,
    why: `The rate as Tidepool read it when it looked, not at the epoch’s edges.${steady ? '' : ` ${SMALLER}`}`,
    slot: seen.slot,
    at: now.at,
    growing: true,
  });
  if (!draft || !growing) return draft;
  // The same epoch's row already holds what grew before: this sighting adds to it.
  const sum = signed(growing) + signed(draft.row);
  const money = { amount: (sum < 0n ? -sum : sum).toString(), currency: 'SOL', decimals: 9 };
  return {
    ...draft,
    row: {
      ...draft.row,
      received: sum >= 0n ? money : null,
      sent: sum < 0n ? money : null,
      basis: growing.basis === 'estimated' || draft.row.basis === 'estimated' ? 'estimated' : 'measured',
    } satisfies IncomeRow,
  };
}

/** A row's amount with its sign (received positive, sent negative). */
function signed(row: IncomeRow): bigint {
  return BigInt(row.received?.amount ?? 0) - BigInt(row.sent?.amount ?? 0);
}

/**
 * The position after this sighting and the rows it adds. `growing`: the kept row this sighting's
 * epoch may still add to (INF, mSOL), looked up by id.
 */
export async function observeLst(
  track: LstTrack | undefined,
  seen: LstObservation,
  firstSlot: FirstSlotOf,
  growing: (id: string) => Promise<IncomeRow | undefined>,
): Promise<{ track: LstTrack; rows: RowDraft[] }> {
  const named = { kind: seen.kind, symbol: seen.symbol, decimals: seen.decimals };
  if (!track)
    return { track: { ...named, firstSeen: seen.sighting, last: seen.sighting, moves: [] }, rows: [] };
  const rows =
    seen.kind === 'spl'
      ? splRows(seen.mint, track, seen, firstSlot)
      : [observedRow(seen.mint, track, seen, await growing(`lst:${seen.mint}:${track.last.epoch}`))].filter(
          (r) => r !== null,
        );
  // An SPL pool seen again in the same epoch of its rate keeps its sighting; any other moves on.
  const stays = seen.kind === 'spl' && seen.sighting.epoch <= track.last.epoch;
  const last = stays ? { ...seen.sighting, epoch: track.last.epoch } : seen.sighting;
  return { track: { ...track, ...named, last, moves: [] }, rows };
}
