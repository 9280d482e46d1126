// Dev methods for validators, which litesvm does not run: create many at once (an identity, a vote
// account with a credits history, an active stake delegated to it and a validator-info account,
// written straight into the bank so 2,000 cost one request), and write a vote account's credits and
// votes, which only voting would change on a real cluster.
import { randomBytes } from 'node:crypto';
import { U64_MAX } from '../../src/shared/format.ts';
import { STAKE_PROGRAM_ID, VOTE_PROGRAM_ID, systemAccount } from './accounts.ts';
import type { LocalChain } from './chain.ts';
import { configParam, pubkeyParam, type Json } from './encoding.ts';
import { derivedHash } from './genesis.ts';
import { invalidParams } from './rpc-errors.ts';
import type { Method } from './rpc-method.ts';
import { votedAt, type SimulatedVoters } from './simulated-voters.ts';
import { STAKE_ACCOUNT_SIZE, encodeDelegatedStake } from './stake-state.ts';
import { CONFIG_PROGRAM_ID, encodeValidatorInfo, type ValidatorInfoFields } from './validator-info.ts';
import {
  VOTE_ACCOUNT_SIZE,
  decodeVoteState,
  encodeVoteState,
  totalCredits,
  type EpochCredits,
  type VoteState,
} from './vote-state.ts';

const IDENTITY_LAMPORTS = 1_000_000_000n;
/** How many past epochs of credits a new validator has (what getVoteAccounts shows of each). */
const CREDIT_HISTORY_EPOCHS = 5n;
/** How far behind a delinquent validator's last vote is. */
const DELINQUENT_BEHIND_SLOTS = 1_000n;
const MAX_VALIDATORS_PER_CALL = 5_000;

/** Fresh addresses for validator accounts: a hash of a random base and a count (one random draw, not thousands). */
function addressMaker(): () => string {
  const base = randomBytes(32);
  let count = 0;
  return () => derivedHash('validator account', base, String(count++));
}

function integerParam(value: unknown, name: string, max: bigint): bigint {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? BigInt(value) : value;
  if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && BigInt(n) <= max) return BigInt(n);
  if (typeof n === 'bigint' && n <= max) return n;
  throw invalidParams(`${name} must be an integer from 0 to ${max}`);
}

function infoParam(value: unknown): ValidatorInfoFields | null {
  if (value === undefined) return null;
  const info = configParam(value);
  if (typeof info.name !== 'string') throw invalidParams('info needs a name');
  for (const key of ['website', 'details', 'iconUrl'] as const)
    if (info[key] !== undefined && typeof info[key] !== 'string')
      throw invalidParams(`info.${key} must be text`);
  return info as unknown as ValidatorInfoFields;
}

interface ValidatorSpec {
  commissionBps: bigint;
  blockRevenueCommissionBps: bigint;
  creditsPerEpoch: bigint;
  stake: bigint;
  delinquent: boolean;
  info: ValidatorInfoFields | null;
}

function specParam(value: unknown, i: number): ValidatorSpec {
  const spec = configParam(value);
  return {
    commissionBps: integerParam(spec.commissionBps, `validators[${i}].commissionBps`, 10_000n),
    blockRevenueCommissionBps: integerParam(
      spec.blockRevenueCommissionBps ?? 10_000,
      `validators[${i}].blockRevenueCommissionBps`,
      10_000n,
    ),
    creditsPerEpoch: integerParam(spec.creditsPerEpoch ?? 0, `validators[${i}].creditsPerEpoch`, U64_MAX),
    stake: integerParam(spec.stake ?? 0, `validators[${i}].stake`, U64_MAX),
    delinquent: spec.delinquent === true,
    info: infoParam(spec.info),
  };
}

/** A past of `creditsPerEpoch` in each of the last CREDIT_HISTORY_EPOCHS epochs before `epoch`. */
function creditHistory(epoch: bigint, creditsPerEpoch: bigint): EpochCredits[] {
  if (creditsPerEpoch === 0n) return [];
  const first = epoch > CREDIT_HISTORY_EPOCHS ? epoch - CREDIT_HISTORY_EPOCHS : 0n;
  return Array.from({ length: Number(epoch - first) }, (_, i) => ({
    epoch: first + BigInt(i),
    credits: BigInt(i + 1) * creditsPerEpoch,
    prevCredits: BigInt(i) * creditsPerEpoch,
  }));
}

function createValidator(
  chain: LocalChain,
  voters: SimulatedVoters,
  newAddress: () => string,
  spec: ValidatorSpec,
): Json {
  const [vote, identity] = [newAddress(), newAddress()];
  const epoch = chain.epoch;
  const state: VoteState = {
    nodePubkey: identity,
    authorizedWithdrawer: identity,
    inflationRewardsCollector: vote,
    blockRevenueCollector: identity,
    inflationRewardsCommissionBps: Number(spec.commissionBps),
    blockRevenueCommissionBps: Number(spec.blockRevenueCommissionBps),
    pendingDelegatorRewards: 0n,
    blsPubkeyCompressed: null,
    votes: [],
    rootSlot: null,
    authorizedVoters: [{ epoch, voter: identity }],
    epochCredits: creditHistory(epoch, spec.creditsPerEpoch),
    lastTimestamp: { slot: 0n, timestamp: 0n },
  };
  const behind = chain.slot > DELINQUENT_BEHIND_SLOTS ? chain.slot - DELINQUENT_BEHIND_SLOTS : 0n;
  // A delinquent validator stopped voting long ago; the others vote at the current slot from now on.
  const voted: VoteState = spec.delinquent
    ? {
        ...state,
        votes: behind ? [{ latency: 1, slot: behind, confirmationCount: 1 }] : [],
        lastTimestamp: { slot: behind, timestamp: BigInt(chain.clock.timeOf(behind)) },
      }
    : votedAt(chain, state);
  chain.setAccount(identity, systemAccount(IDENTITY_LAMPORTS));
  chain.setAccount(vote, {
    lamports: chain.minimumBalanceForRentExemption(VOTE_ACCOUNT_SIZE),
    owner: VOTE_PROGRAM_ID,
    data: encodeVoteState(voted),
    executable: false,
  });
  if (!spec.delinquent) voters.set(vote, spec.creditsPerEpoch);
  let stakeAccount: string | null = null;
  if (spec.stake > 0n) {
    stakeAccount = newAddress();
    chain.setAccount(stakeAccount, {
      lamports: chain.minimumBalanceForRentExemption(STAKE_ACCOUNT_SIZE) + spec.stake,
      owner: STAKE_PROGRAM_ID,
      data: encodeDelegatedStake(derivedHash('validator stake authority', vote), {
        voter: vote,
        stake: spec.stake,
        // Delegated in the epoch before, so active now (the bootstrap form at epoch 0).
        activationEpoch: epoch > 0n ? epoch - 1n : U64_MAX,
        deactivationEpoch: U64_MAX,
        creditsObserved: totalCredits(voted),
      }),
      executable: false,
    });
  }
  let infoAccount: string | null = null;
  if (spec.info) {
    infoAccount = newAddress();
    const data = encodeValidatorInfo(identity, spec.info);
    chain.setAccount(infoAccount, {
      lamports: chain.minimumBalanceForRentExemption(data.length),
      owner: CONFIG_PROGRAM_ID,
      data,
      executable: false,
    });
  }
  return { votePubkey: vote, nodePubkey: identity, stakeAccount, infoAccount };
}

function epochCreditsParam(value: unknown): EpochCredits[] {
  if (!Array.isArray(value)) throw invalidParams('epochCredits must be [[epoch, credits, prevCredits], …]');
  return value.map((entry, i) => {
    if (!Array.isArray(entry) || entry.length !== 3)
      throw invalidParams(`epochCredits[${i}] needs three numbers`);
    const [epoch, credits, prevCredits] = entry.map((n, j) =>
      integerParam(n, `epochCredits[${i}][${j}]`, U64_MAX),
    ) as [bigint, bigint, bigint];
    return { epoch, credits, prevCredits };
  });
}

const optionalSlot = (value: unknown, name: string) =>
  value === null ? null : integerParam(value, name, U64_MAX);

export function validatorMethods(chain: LocalChain, voters: SimulatedVoters): Record<string, Method> {
  const newAddress = addressMaker();
  return {
    /** params: [{ validators: [{ commissionBps, blockRevenueCommissionBps?, creditsPerEpoch?, stake?, delinquent?, info? }] }] */
    localnet_createValidators: ([rawConfig]) => {
      const config = configParam(rawConfig);
      if (!Array.isArray(config.validators) || config.validators.length > MAX_VALIDATORS_PER_CALL)
        throw invalidParams(`validators must be a list of at most ${MAX_VALIDATORS_PER_CALL}`);
      const specs = config.validators.map(specParam);
      // The indexes are built before the writes (each write then updates them), not by a scan after.
      chain.getProgramAccounts(VOTE_PROGRAM_ID);
      return specs.map((spec) => createValidator(chain, voters, newAddress, spec));
    },
    /** params: [votePubkey, { epochCredits?, lastVote?, rootSlot?, creditsPerEpoch?, voting? }] */
    localnet_setVoteState: ([rawVote, rawConfig]) => {
      const vote = pubkeyParam(rawVote, 'vote account');
      const config = configParam(rawConfig);
      const account = chain.getAccount(vote);
      const state = account?.owner === VOTE_PROGRAM_ID ? decodeVoteState(vote, account.data) : null;
      if (!account || !state) throw invalidParams(`${vote} is not an initialized vote account`);
      const next = { ...state };
      if (config.epochCredits !== undefined) next.epochCredits = epochCreditsParam(config.epochCredits);
      if (config.lastVote !== undefined) {
        const slot = optionalSlot(config.lastVote, 'lastVote');
        next.votes = slot === null ? [] : [{ latency: 1, slot, confirmationCount: 1 }];
        if (slot !== null) next.lastTimestamp = { slot, timestamp: BigInt(chain.clock.timeOf(slot)) };
      }
      if (config.rootSlot !== undefined) next.rootSlot = optionalSlot(config.rootSlot, 'rootSlot');
      chain.setAccount(vote, { ...account, data: encodeVoteState(next) });
      if (config.creditsPerEpoch !== undefined)
        voters.set(vote, integerParam(config.creditsPerEpoch, 'creditsPerEpoch', U64_MAX));
      if (config.voting === false) voters.set(vote, null);
      return true;
    },
  };
}
