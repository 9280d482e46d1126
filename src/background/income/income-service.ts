// The income ledger of one engine's network: it books what each portfolio refresh saw (observe),
// each staking transaction the engine confirmed (record), and, when the screen opens (view), the
// owner's stake accounts as the node lists them, their inflation rewards and the block times that
// date rows. The ledger is the cluster's (its genesis hash), so every RPC URL of it adds to one.
import type { IncomeView } from '../../shared/income';
import { WalletError } from '../../shared/errors';
import { rangeBounds, type DayRange } from '../../shared/income-range';
import { ValidationError } from '../../shared/validate';
import { shortAddress } from '../../shared/format';
import type { NativeStakeAccount } from '../../shared/staking';
import { blockTimes, timeCall, timeOf } from '../chain/block-times';
import type { RpcClient, Settled } from '../chain/rpc-client';
import { rpcCall } from '../chain/rpc-methods';
import type { EpochInfo, ProgramAccount } from '../chain/rpc-shapes';
import type { RefreshObserver } from '../portfolio/portfolio-service';
import type { StakeLedger } from '../portfolio/stake-ledger';
import type { StakingRecord } from '../staking/outcomes';
import { nativeStakeAccounts, ownerStakeAccountsCall } from '../staking/stake-account';
import type { StorageArea } from '../storage';
import {
  LedgerStore,
  epochOfSlot,
  firstSlotOf,
  sortedRows,
  type EpochClock,
  type LedgerDraft,
} from './ledger-store';
import { incomeFile } from './income-files';
import { backupFile, backupProblem, mergeBackup, readBackup, type LedgerBackup } from './ledger-backup';
import { valueAt } from './lst-income';
import { fetchRewards } from './native-rewards';
import { lstObservations, seeLsts, seeStakes } from './sightings';
import { stakingRow, type TokenCost } from './staking-rows';
import { stakeLabel, type StakeSighting } from './stake-income';

const clockOf = (info: EpochInfo): EpochClock => ({
  epoch: info.epoch,
  firstSlot: info.absoluteSlot - info.slotIndex,
  slotsInEpoch: info.slotsInEpoch,
});

/** The owner's stake accounts as sightings, dated by the read's slot. */
const stakeSightings = (accounts: NativeStakeAccount[], at: number, info: EpochInfo): StakeSighting[] =>
  accounts.map((s) => ({
    address: s.address,
    lamports: BigInt(s.lamports),
    delegated: BigInt(s.delegatedLamports),
    at,
    epoch: info.epoch,
    slot: info.absoluteSlot,
    activationEpoch: s.activationEpoch,
    deactivationEpoch: s.deactivationEpoch,
  }));

export class IncomeService {
  readonly #store: LedgerStore;

  constructor(
    private readonly rpc: RpcClient,
    storage: StorageArea<'local'>,
    /** The cluster's genesis hash (the engine's): what the ledger is kept under. */
    private readonly cluster: () => Promise<string>,
    private readonly stakeLedger: StakeLedger,
  ) {
    this.#store = new LedgerStore(storage);
  }

  /** What a portfolio refresh saw: every LST it valued, every stake account it listed. */
  readonly observe: RefreshObserver = async ({ owner, cluster, portfolio, epochInfo }) => {
    const clock = clockOf(epochInfo);
    const at = portfolio.fetchedAt;
    const stakes = stakeSightings(portfolio.stakeAccounts, at, epochInfo);
    await this.#store.update(cluster, owner, async (draft) => {
      setClock(draft, clock);
      await seeLsts(draft, lstObservations(portfolio, epochInfo.absoluteSlot), firstSlotOf(clock), at);
      await seeStakes(draft, stakes, epochInfo.epoch);
    });
  };

  /** A staking transaction the engine confirmed: its row, and its tokens as a move of the position. */
  async record(record: StakingRecord): Promise<void> {
    const cluster = await this.cluster();
    await this.#store.update(cluster, record.owner, async (draft) => {
      const { clock, lsts } = draft.tracks;
      const track = lsts[record.mint];
      const tokens = record.kind === 'unstake' ? -record.tokensIn : record.tokensReceived;
      if (track) {
        track.moves.push({ slot: record.slot, tokens: tokens.toString() });
        draft.tracksChanged = true;
      }
      const cost = record.kind === 'unstake' ? await this.#costOf(cluster, record, draft) : null;
      const epoch = clock ? epochOfSlot(clock, record.slot) : record.quotedEpoch;
      await draft.add(stakingRow(record, epoch, cost, Date.now()));
    });
  }

  /** What the tokens an unstake gave up cost: as staked through Tidepool, the rest as first seen. */
  async #costOf(
    cluster: string,
    record: Extract<StakingRecord, { kind: 'unstake' }>,
    draft: LedgerDraft,
  ): Promise<TokenCost | null> {
    const where = { cluster, rpcUrl: this.rpc.network.rpcUrl, owner: record.owner };
    const staked = await this.stakeLedger.costOf(where, record.mint, record.tokensIn);
    const rest = record.tokensIn - staked.tokens;
    if (rest === 0n) return { lamports: staked.lamports, basis: 'measured' };
    const firstSeen = draft.tracks.lsts[record.mint]?.firstSeen;
    if (!firstSeen) return null;
    return { lamports: staked.lamports + valueAt(rest, firstSeen.rate), basis: 'estimated' };
  }

  /**
   * The ledger as the screen shows it, brought up to date: the stake accounts the node lists now,
   * every inflation reward not yet booked (one batch per 100 epochs), every row's date.
   */
  async view(owner: string): Promise<IncomeView> {
    const cluster = await this.cluster();
    const waiting = await this.#awaitingSlots(cluster, owner);
    const [info, accounts, ...times] = await this.rpc.batchSettled([
      rpcCall('getEpochInfo', []),
      ownerStakeAccountsCall(owner),
      ...waiting.map(timeCall),
    ]);
    const epochInfo = answer<EpochInfo>(info);
    const listed = answer<ProgramAccount[]>(accounts);
    const clock = clockOf(epochInfo);
    const dated = new Map<number, number>();
    waiting.forEach((slot, i) => {
      const ms = timeOf(times[i] as Settled<number | null>);
      if (ms !== null) dated.set(slot, ms);
    });
    return this.#store.update(cluster, owner, async (draft) => {
      setClock(draft, clock);
      const owned = nativeStakeAccounts(listed, BigInt(epochInfo.epoch), new Set());
      await seeStakes(draft, stakeSightings(owned, Date.now(), epochInfo), epochInfo.epoch);
      await fetchRewards(this.rpc, draft, epochInfo.epoch, firstSlotOf(clock));
      await dateRows(this.rpc, draft, dated);
      return viewOf(cluster, owner, epochInfo.epoch, draft);
    });
  }

  /** The rows of `range` as an accountant's file (income-files.ts), from the ledger as kept. */
  async exportFile(
    owner: string,
    range: DayRange,
    format: 'csv' | 'json',
  ): Promise<{ fileName: string; file: string }> {
    const bounds = rangeBounds(range);
    if ('problem' in bounds) throw new WalletError('invalid_input', bounds.problem);
    const cluster = await this.cluster();
    const { rows } = await this.#store.read(cluster, owner);
    return incomeFile(rows, range, format, { cluster, owner });
  }

  /** The ledger of `owner` on this cluster as a backup file. */
  async backup(owner: string): Promise<{ fileName: string; file: string }> {
    const cluster = await this.cluster();
    const { tracks, rows } = await this.#store.read(cluster, owner);
    const now = Date.now();
    const day = new Date(now).toISOString().slice(0, 10);
    return {
      fileName: `tidepool-income-ledger-${owner.slice(0, 8)}-${day}.json`,
      file: backupFile({ cluster, owner, tracks, rows }, now),
    };
  }

  /** Merges a backup file of `owner` on this cluster into the ledger (ledger-backup.ts); refuses any other. */
  async restore(owner: string, file: string): Promise<{ rowsAdded: number; positionsAdded: number }> {
    let backup: LedgerBackup;
    try {
      backup = readBackup(file);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new WalletError('invalid_input', `${backupProblem(error)} Nothing was imported.`);
    }
    const cluster = await this.cluster();
    if (backup.owner !== owner)
      throw new WalletError(
        'invalid_input',
        `This backup is the ledger of account ${shortAddress(backup.owner)}: select that account to import it.`,
      );
    if (backup.cluster !== cluster)
      throw new WalletError(
        'invalid_input',
        `This backup is of another network (genesis hash ${shortAddress(backup.cluster)}): switch to it to import it.`,
      );
    return this.#store.update(cluster, owner, (draft) => mergeBackup(draft, backup));
  }

  async #awaitingSlots(cluster: string, owner: string): Promise<number[]> {
    const { rows } = await this.#store.read(cluster, owner);
    return rows.flatMap((r) => (r.awaitingSlot === null ? [] : [r.awaitingSlot]));
  }
}

function answer<T>(settled: Settled<unknown> | undefined): T {
  if (!settled?.ok) throw settled?.error ?? new Error('no answer');
  return settled.result as T;
}

function setClock(draft: LedgerDraft, clock: EpochClock): void {
  if (JSON.stringify(draft.tracks.clock) === JSON.stringify(clock)) return;
  draft.tracks.clock = clock;
  draft.tracksChanged = true;
}

/** Dates every row still waiting for its block's time (`known`: times already asked). */
async function dateRows(rpc: RpcClient, draft: LedgerDraft, known: Map<number, number>): Promise<void> {
  const rows = await draft.rows();
  const waiting = [...rows.values()].filter((r) => r.awaitingSlot !== null);
  if (!waiting.length) return;
  const times = await blockTimes(
    rpc,
    waiting.map((r) => r.awaitingSlot!),
    known,
  );
  for (const row of waiting) {
    const at = times.get(row.awaitingSlot!);
    if (at !== undefined) await draft.put({ ...row, at, awaitingSlot: null });
  }
}

async function viewOf(
  cluster: string,
  owner: string,
  epoch: number,
  draft: LedgerDraft,
): Promise<IncomeView> {
  const { lsts, stakes, rewardsStoppedAt } = draft.tracks;
  const froms = Object.values(stakes).flatMap((s) => (s.rewards ? [s.rewards.from] : []));
  return {
    cluster,
    owner,
    epoch,
    rows: sortedRows((await draft.rows()).values()),
    positions: [
      ...Object.entries(lsts).map(([mint, t]) => ({
        position: mint,
        label: t.symbol,
        kind: 'lst' as const,
        firstSeenAt: t.firstSeen.at,
        firstSeenEpoch: t.firstSeen.epoch,
      })),
      ...Object.entries(stakes).map(([address, t]) => ({
        position: address,
        label: stakeLabel(address),
        kind: 'stake-account' as const,
        firstSeenAt: t.firstSeen.at,
        firstSeenEpoch: t.firstSeen.epoch,
      })),
    ],
    rewards: { oldestEpoch: froms.length ? Math.min(...froms) : null, nodeStoppedAt: rewardsStoppedAt },
  };
}
