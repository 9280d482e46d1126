// The income ledger as a file the person keeps (Settings → back up), and that file read back: every
// field checked before anything is kept (a file is untrusted input: it may be damaged, edited or
// someone else's), then merged into the ledger, never replacing it: a row is added only if the
// ledger has none of its id; a position keeps the earlier first sighting and the later last one.
import { ValidationError, addressSchema, v } from '../../shared/validate';
import type { IncomeRow } from '../../shared/income';
import type { IncomeTracks, LedgerDraft, LstTrack, StakeTrack } from './ledger-store';

const FORMAT = 'tidepool-income-ledger';
const MAX_ROWS = 500_000;

const int = v.integer({ min: 0 });
const signedUnits = v.string({ min: 1, max: 40, pattern: /^-?\d+$/, what: 'an amount in base units' });
const units = v.string({ min: 1, max: 40, pattern: /^\d+$/, what: 'an amount in base units' });
const text = (max: number) => v.string({ max });
const nullable = <T>(schema: { parse(value: unknown, path?: string): T }) => ({
  parse: (value: unknown, path = ''): T | null => (value === null ? null : schema.parse(value, path)),
});

const money = v.object({ amount: units, currency: text(64), decimals: v.integer({ min: 0, max: 255 }) });
const rowSchema = v.object({
  id: v.string({ min: 1, max: 160, pattern: /^[a-z]+:[1-9A-HJ-NP-Za-km-z:0-9]+$/, what: 'a row id' }),
  type: v.literal('staking-income', 'stake', 'unstake', 'fee'),
  at: int,
  awaitingSlot: nullable(int),
  position: addressSchema,
  positionLabel: text(80),
  received: nullable(money),
  sent: nullable(money),
  feeLamports: nullable(units),
  epochs: nullable(v.array(int, { max: 2 })),
  signature: nullable(
    v.string({ min: 64, max: 88, pattern: /^[1-9A-HJ-NP-Za-km-z]+$/, what: 'a signature' }),
  ),
  basis: v.literal('measured', 'estimated'),
  note: text(600),
  realised: nullable(
    v.object({
      costLamports: units,
      resultLamports: signedUnits,
      costBasis: v.literal('measured', 'estimated'),
    }),
  ),
});
const rate = v.object({ lamports: units, supply: units });
const sighting = v.object({ at: int, epoch: int, balance: units, rate });
const lstTrack = v.object({
  kind: v.literal('spl', 'infinity', 'marinade'),
  symbol: text(64),
  decimals: v.integer({ min: 0, max: 255 }),
  firstSeen: sighting,
  last: sighting,
  moves: v.array(v.object({ slot: int, tokens: signedUnits }), { max: 1000 }),
});
const stakeTrack = v.object({
  firstSeen: v.object({ at: int, epoch: int }),
  last: v.object({ at: int, epoch: int, lamports: units, delegated: units }),
  goneAt: nullable(int),
  activationEpoch: nullable(int),
  deactivationEpoch: nullable(int),
  rewards: nullable(v.object({ from: int, to: int, complete: v.boolean() })),
});
const clock = v.object({ epoch: int, firstSlot: int, slotsInEpoch: v.integer({ min: 1 }) });

/** A record keyed by addresses, each value checked by `schema`. */
function byAddress<T>(schema: { parse(value: unknown, path?: string): T }, value: unknown, path: string) {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ValidationError(path, 'expected an object');
  const out: Record<string, T> = {};
  for (const [key, item] of Object.entries(value))
    out[addressSchema.parse(key, path)] = schema.parse(item, `${path}.${key}`);
  return out;
}

export interface LedgerBackup {
  cluster: string;
  owner: string;
  tracks: IncomeTracks;
  rows: IncomeRow[];
}

/** What is wrong with a file, in one sentence: the reason readBackup gave, or where the file breaks the format. */
export function backupProblem(error: ValidationError): string {
  return error.path ? `This backup cannot be read (${error.message}).` : error.message;
}

/** The file's text for `backup`. */
export function backupFile(backup: LedgerBackup, now: number): string {
  return JSON.stringify({ format: FORMAT, version: 1, exportedAt: new Date(now).toISOString(), ...backup });
}

/** Reads a backup file, or says in one sentence what is wrong with it. */
export function readBackup(file: string): LedgerBackup {
  let json: unknown;
  try {
    json = JSON.parse(file);
  } catch {
    throw new ValidationError('', 'This file is not a Tidepool income ledger backup (it is not JSON).');
  }
  const top = json as Record<string, unknown>;
  if (typeof json !== 'object' || json === null || top.format !== FORMAT)
    throw new ValidationError('', 'This file is not a Tidepool income ledger backup.');
  if (top.version !== 1)
    throw new ValidationError('', 'This backup was written by a newer Tidepool: update Tidepool to read it.');
  if (!Array.isArray(top.rows) || top.rows.length > MAX_ROWS)
    throw new ValidationError('rows', `expected a list of at most ${MAX_ROWS} rows`);
  const tracks = top.tracks as Record<string, unknown> | null;
  if (typeof tracks !== 'object' || tracks === null)
    throw new ValidationError('tracks', 'expected an object');
  return {
    cluster: addressSchema.parse(top.cluster, 'cluster'),
    owner: addressSchema.parse(top.owner, 'owner'),
    rows: top.rows.map((row, i) => normalRow(rowSchema.parse(row, `rows[${i}]`))),
    tracks: {
      lsts: byAddress(lstTrack, tracks.lsts, 'tracks.lsts') as Record<string, LstTrack>,
      stakes: byAddress(stakeTrack, tracks.stakes, 'tracks.stakes') as Record<string, StakeTrack>,
      rewardsStoppedAt: nullable(int).parse(tracks.rewardsStoppedAt ?? null, 'tracks.rewardsStoppedAt'),
      clock: nullable(clock).parse(tracks.clock ?? null, 'tracks.clock'),
    },
  };
}

function normalRow(row: ReturnType<typeof rowSchema.parse>): IncomeRow {
  const epochs = row.epochs;
  if (epochs !== null && (epochs.length !== 2 || epochs[0]! > epochs[1]!))
    throw new ValidationError(`row ${row.id}`, 'expected the epochs as [first, last]');
  return { ...row, epochs: epochs as [number, number] | null };
}

/** Merges a backup into the ledger (see the header); says how many rows and positions it added. */
export async function mergeBackup(
  draft: LedgerDraft,
  backup: LedgerBackup,
): Promise<{ rowsAdded: number; positionsAdded: number }> {
  let rowsAdded = 0;
  for (const row of backup.rows) if (await draft.add(row)) rowsAdded++;
  const { tracks } = draft;
  const before = Object.keys(tracks.lsts).length + Object.keys(tracks.stakes).length;
  for (const [mint, track] of Object.entries(backup.tracks.lsts))
    tracks.lsts[mint] = merged(tracks.lsts[mint], track);
  for (const [address, track] of Object.entries(backup.tracks.stakes))
    tracks.stakes[address] = merged(tracks.stakes[address], track);
  tracks.clock ??= backup.tracks.clock;
  tracks.rewardsStoppedAt ??= backup.tracks.rewardsStoppedAt;
  draft.tracksChanged = true;
  return {
    rowsAdded,
    positionsAdded: Object.keys(tracks.lsts).length + Object.keys(tracks.stakes).length - before,
  };
}

/** One position kept in both: the later sighting's state, from the earlier first sighting. */
function merged<T extends LstTrack | StakeTrack>(kept: T | undefined, read: T): T {
  if (!kept) return read;
  const later = read.last.at > kept.last.at ? read : kept;
  const earlier = read.firstSeen.at < kept.firstSeen.at ? read : kept;
  return { ...later, firstSeen: earlier.firstSeen };
}
