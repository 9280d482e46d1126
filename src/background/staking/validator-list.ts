// The validator picker's list, built from the chain alone (no hosted API) in two round trips and
// kept until the epoch ends. The first batch: every vote account (getVoteAccounts: stake,
// commission, credits, last vote, delinquency), the validators' published info (Config program
// accounts), the epoch and the slot time, the minimum delegation and a stake account's rent, a
// blockhash, and every stake pool. The second: what the last epoch paid the largest validators
// (their commission, which measures the value of a point: validator-apy.ts), the fee per signature
// (asked on that blockhash, so the node can answer it) and the pools' validator lists (which
// validators an LST stakes with). Then each validator's estimated APY and flags (validator-flags.ts).
import { PublicKey } from '@solana/web3.js';
import type { ValidatorList, ValidatorView } from '../../shared/native-staking';
import type { PoolSummary } from '../../shared/staking';
import { AccountRequest } from '../chain/account-batch';
import type { RpcClient } from '../chain/rpc-client';
import type { SignatureFee } from '../chain/signature-fee';
import { rpcCall, type RpcResult } from '../chain/rpc-methods';
import type { InflationReward, WithContext } from '../chain/rpc-shapes';
import { epochTiming, measuredSlotTime, slotTimeCall } from '../chain/slot-time';
import type { StorageArea } from '../storage';
import type { StakeFacts } from './native-plan';
import { poolReads } from './pool-catalog';
import { decodeValidatorList } from './pool-instructions';
import { epochYear } from './pool-math';
import type { PoolState } from './pool-account';
import { summarizePool } from './pool-summary';
import { STAKE_ACCOUNT_SIZE } from './stake-account';
import { keptForFees } from './stake-quotes';
import { apyBps, creditsIn, pointValue, rewardSample, type ValidatorCredits } from './validator-apy';
import { CommissionHistory, superminority } from './validator-flags';
import { publishedInfo, validatorInfoCall } from './validator-info';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'validatorList:*': ValidatorList;
  }
}

/** ValidatorStakeInfoStatus::Active: the pool stakes with it (not leaving it). */
const VALIDATOR_ACTIVE = 0;
/** How many of the largest commission-charging validators measure what the last epoch paid per point. */
const REWARD_SAMPLE = 64;
/** A list without APYs (no slot time or no rewards measured yet) is read again after this. */
const UNTIMED_KEEP_MS = 10 * 60_000;

const bpsOf = (v: { commission: number; inflationRewardsCommissionBps?: number }) =>
  v.inflationRewardsCommissionBps ?? v.commission * 100;

/** Which pools stake with which validator: their validator lists' active entries. */
function poolsByVote(
  pools: readonly PoolState[],
  lists: AccountRequest,
  answers: Parameters<AccountRequest['read']>[0],
  summaries: Map<string, PoolSummary>,
) {
  const read = lists.read(answers);
  const byVote = new Map<string, { pool: string; symbol: string }[]>();
  for (const pool of pools) {
    const list = read.get(pool.validatorList.toBase58());
    if (!list) continue;
    let entries: ReturnType<typeof decodeValidatorList>;
    try {
      entries = decodeValidatorList(list.data);
    } catch {
      continue; // a list that does not decode names no validator
    }
    const summary = summaries.get(pool.address.toBase58())!;
    for (const entry of entries) {
      if (entry.status !== VALIDATOR_ACTIVE) continue;
      const vote = entry.voteAccountAddress.toBase58();
      byVote.set(vote, [...(byVote.get(vote) ?? []), { pool: summary.pool, symbol: summary.symbol }]);
    }
  }
  return byVote;
}

export class ValidatorDirectory {
  #kept: ValidatorList | null = null;
  readonly #commissions: CommissionHistory;

  constructor(
    private readonly rpc: RpcClient,
    private readonly storage: StorageArea<'local'>,
    /** Shared with native staking: the minimum and the reserve read here serve its quotes. */
    private readonly facts: StakeFacts,
    private readonly fees: SignatureFee,
    /** The cluster's genesis hash (the engine's): what commissions were seen at is the cluster's. */
    private readonly cluster: () => Promise<string>,
  ) {
    this.#commissions = new CommissionHistory(storage);
  }

  get #key() {
    return `validatorList:${this.rpc.network.rpcUrl}` as const;
  }

  /**
   * The list for this epoch: kept, or read afresh (two round trips) once the epoch has ended, by the
   * clock or by `epoch` (the current one, when the caller read it in a batch of its own).
   */
  async list(epoch?: number): Promise<ValidatorList> {
    const now = Date.now();
    this.#kept ??= (await this.storage.get(this.#key)) ?? null;
    const kept = this.#kept;
    if (kept && now < kept.epochEndsAt && (epoch === undefined || epoch <= kept.epoch)) return kept;
    const list = await this.#read(now);
    this.#kept = list;
    await this.storage.set(this.#key, list);
    return list;
  }

  async #read(now: number): Promise<ValidatorList> {
    const { network } = this.rpc;
    const cluster = this.cluster(); // known at once but for a custom URL not asked yet: asked while the batch travels
    cluster.catch(() => undefined); // awaited below; only keeps a failure meanwhile from being reported as unhandled
    const pools = poolReads(network.chain);
    const [votes, infos, epochInfo, samples, minimum, rent, , ...poolAnswers] = await this.rpc.batch([
      rpcCall('getVoteAccounts', []),
      validatorInfoCall(),
      rpcCall('getEpochInfo', []),
      slotTimeCall(),
      rpcCall('getStakeMinimumDelegation', []),
      rpcCall('getMinimumBalanceForRentExemption', [STAKE_ACCOUNT_SIZE]),
      // A blockhash this node knows, for the fee asked in the second batch (signature-fee.ts).
      rpcCall('getLatestBlockhash', []),
      ...pools.calls,
    ]);
    this.facts.minimumDelegation = BigInt(minimum.value);
    this.facts.reserve ??= BigInt(rent);
    const epoch = epochInfo.epoch;
    const rewardsEpoch = epoch - 1;
    const slotTime = measuredSlotTime(samples);
    const timing = epochTiming(epochInfo, slotTime);
    const year = epochYear(epochInfo.slotsInEpoch, slotTime);
    const all = [...votes.current, ...votes.delinquent];
    const credits: ValidatorCredits[] = all.map((v) => ({
      vote: v.votePubkey,
      stake: BigInt(v.activatedStake),
      commissionBps: bpsOf(v),
      epochCredits: v.epochCredits,
    }));
    const sample = rewardSample(credits, REWARD_SAMPLE);
    const poolStates = pools.read(poolAnswers);
    const lists = new AccountRequest().add(...poolStates.map((p) => p.validatorList.toBase58()));
    // Settled: a node that has not paid the epoch's rewards yet refuses getInflationReward alone.
    const [rewards, fee, ...listAnswers] = await this.rpc.batchSettled([
      rpcCall('getInflationReward', [sample.map((v) => v.vote), { epoch: rewardsEpoch }]),
      // Any payer: a one-signature message costs the same whoever signs it.
      await this.fees.ask(PublicKey.default),
      ...lists.calls(),
    ]);
    const feeAnswer = fee!.ok ? (fee!.result as WithContext<number | null>) : undefined;
    this.facts.networkFee = await this.fees.lamports(PublicKey.default, feeAnswer);
    const paid = rewards!.ok ? (rewards!.result as (InflationReward | null)[]) : [];
    const value = rewardsEpoch >= 0 ? pointValue(sample, paid, rewardsEpoch) : null;
    const summaries = new Map(
      poolStates.map((p) => {
        const summary = summarizePool(p, { chain: network.chain, epoch: BigInt(epoch), year, owner: null });
        return [summary.pool, summary] as const;
      }),
    );
    const listValues = listAnswers.flatMap((a) =>
      a.ok ? [a.result as RpcResult<'getMultipleAccounts'>] : [],
    );
    const byVote =
      listValues.length === listAnswers.length
        ? poolsByVote(poolStates, lists, listValues, summaries)
        : new Map();
    const applied = new Map(
      sample.flatMap((v, i) => {
        const bps = paid[i]?.commissionBps;
        return bps === undefined ? [] : [[v.vote, bps] as const];
      }),
    );
    const changes = await this.#commissions.observe(await cluster, epoch, credits, applied);
    const largest = superminority(credits);
    const delinquent = new Set(votes.delinquent.map((v) => v.votePubkey));
    const info = publishedInfo(infos);
    const validators: ValidatorView[] = all.map((v, i) => {
      const published = info.get(v.nodePubkey);
      const change = changes.get(v.votePubkey);
      return {
        vote: v.votePubkey,
        identity: v.nodePubkey,
        name: published?.name ?? null,
        website: published?.website ?? null,
        details: published?.details ?? null,
        activatedStake: String(v.activatedStake),
        commissionBps: bpsOf(v),
        apyBps: value && year ? apyBps(credits[i]!, value, rewardsEpoch, year.epochs) : null,
        credits: Number(creditsIn(credits[i]!, rewardsEpoch)),
        lastVote: v.lastVote,
        delinquent: delinquent.has(v.votePubkey),
        superminority: largest.has(v.votePubkey),
        commissionRaised: change?.raised ?? null,
        commissionPending: change?.pending ?? false,
        pools: byVote.get(v.votePubkey) ?? [],
      };
    });
    validators.sort((a, b) => (BigInt(b.activatedStake) > BigInt(a.activatedStake) ? 1 : -1));
    return {
      epoch,
      validators,
      apy:
        value && year
          ? {
              measured: true,
              basis: {
                epoch: rewardsEpoch,
                slotMs: year.slotMs,
                slotTimeMeasuredOverSecs: year.measuredOverSecs,
              },
            }
          : {
              measured: false,
              reason: !year
                ? 'The node has no recent performance samples yet, so the slot time (and a year’s epochs) is not measured.'
                : `The node did not say what epoch ${rewardsEpoch} paid the largest validators${rewards!.ok ? '' : ` (${rewards!.error.message})`}.`,
            },
      terms: {
        minimumDelegation: String(minimum.value),
        rentReserve: String(this.facts.reserve),
        keepForFees: keptForFees(this.facts.networkFee).toString(),
      },
      pools: [...summaries.values()],
      fetchedAt: now,
      // Kept for the epoch; one whose APYs could not be measured yet is read again sooner.
      epochEndsAt:
        now +
        (value && timing ? timing.endsInMs : Math.min(UNTIMED_KEEP_MS, timing?.endsInMs ?? UNTIMED_KEEP_MS)),
    };
  }
}
