// What one read of the chain tells the income ledger: each LST held (a portfolio refresh), each
// stake account of the owner (a refresh, or the income screen's own read), and what is no longer
// there. A position gone from the read is seen with nothing held, so a later one is never credited
// for the time in between.
import type { Portfolio } from '../../shared/staking';
import type { LedgerDraft, LstTrack } from './ledger-store';
import { observeLst, type FirstSlotOf, type LstObservation, type RowDraft } from './lst-income';
import { observeStake, type StakeSighting } from './stake-income';

/** The LSTs a refresh valued, as sightings (those it could not value are not seen). */
export function lstObservations(portfolio: Portfolio, slot: number): LstObservation[] {
  const at = portfolio.fetchedAt;
  const spl = portfolio.lsts.map((l): LstObservation => ({
    mint: l.mint,
    kind: 'spl',
    symbol: l.symbol,
    decimals: l.decimals,
    sighting: {
      at,
      epoch: l.lastUpdateEpoch,
      balance: l.balance,
      rate: { lamports: l.totalLamports, supply: l.poolTokenSupply },
    },
    lastEpochRate: { lamports: l.lastEpochTotalLamports, supply: l.lastEpochPoolTokenSupply },
    slot,
  }));
  const others = portfolio.otherLsts.flatMap((l): LstObservation[] =>
    l.kind === 'unvalued'
      ? []
      : [
          {
            mint: l.mint,
            kind: l.kind,
            symbol: l.symbol,
            decimals: l.decimals,
            sighting: {
              at,
              epoch: portfolio.epoch,
              balance: l.balance,
              rate: { lamports: l.totalLamports, supply: l.poolTokenSupply },
            },
            lastEpochRate: null,
            slot,
          },
        ],
  );
  return [...spl, ...others];
}

async function book(draft: LedgerDraft, drafts: RowDraft[]): Promise<void> {
  for (const { row, growing } of drafts) {
    if (growing) await draft.put(row);
    else await draft.add(row);
  }
}

const growingRow = (draft: LedgerDraft) => async (id: string) => (await draft.rows()).get(id);

/** Whether a position changed apart from when it was last seen (a sighting that changes nothing is not written). */
const moved = <T extends { last: { at: number } }>(was: T | undefined, now: T) =>
  !was ||
  JSON.stringify({ ...was, last: { ...was.last, at: 0 } }) !==
    JSON.stringify({ ...now, last: { ...now.last, at: 0 } });

/** Books the LSTs a read saw; those tracked and not held now are seen holding nothing. */
export async function seeLsts(
  draft: LedgerDraft,
  seen: LstObservation[],
  firstSlot: FirstSlotOf,
  at: number,
): Promise<void> {
  const { tracks } = draft;
  const held = new Set(seen.map((s) => s.mint));
  for (const observation of seen) {
    const track = tracks.lsts[observation.mint];
    const next = await observeLst(track, observation, firstSlot, growingRow(draft));
    if (moved(track, next.track)) draft.tracksChanged = true;
    tracks.lsts[observation.mint] = next.track;
    await book(draft, next.rows);
  }
  for (const [mint, track] of Object.entries(tracks.lsts)) {
    if (held.has(mint) || track.last.balance === '0') continue;
    tracks.lsts[mint] = emptied(track, at);
    draft.tracksChanged = true;
  }
}

const emptied = (track: LstTrack, at: number): LstTrack => ({
  ...track,
  last: { ...track.last, at, balance: '0' },
  moves: [],
});

/** Books the stake accounts a read saw; those tracked and missing now are gone from this epoch. */
export async function seeStakes(draft: LedgerDraft, seen: StakeSighting[], epoch: number): Promise<void> {
  const { tracks } = draft;
  for (const sighting of seen) {
    const track = tracks.stakes[sighting.address];
    const next = await observeStake(track, sighting, growingRow(draft));
    if (moved(track, next.track)) draft.tracksChanged = true;
    tracks.stakes[sighting.address] = next.track;
    if (next.row) await book(draft, [next.row]);
  }
  const present = new Set(seen.map((s) => s.address));
  for (const [address, track] of Object.entries(tracks.stakes)) {
    if (present.has(address) || track.goneAt !== null) continue;
    track.goneAt = epoch;
    draft.tracksChanged = true;
  }
}
