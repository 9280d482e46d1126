// Test and development methods, namespaced `localnet_` so they can never be mistaken for the
// standard API. They move time, credit staking rewards and run validators (dev-validators.ts,
// simulated-voters.ts): what a real cluster does by itself.
import { U64_MAX } from '../../src/shared/format.ts';
import type { LocalChain } from './chain.ts';
import { validatorMethods } from './dev-validators.ts';
import type { Json } from './encoding.ts';
import { configParam, pubkeyParam } from './encoding.ts';
import { payFlatRewards, payValidatorRewards } from './inflation-rewards.ts';
import type { PaidReward } from './reward-history.ts';
import { invalidParams } from './rpc-errors.ts';
import type { Method } from './rpc-method.ts';
import { SimulatedVoters } from './simulated-voters.ts';

const MAX_REWARDS_BPS = 10_000;

/**
 * How the epoch that ends is to be rewarded: by validator (a pool shared as Agave shares it), flat,
 * or not at all. Checked before anything moves, so a bad request changes nothing.
 */
function rewardPlan(config: Record<string, unknown>): (chain: LocalChain, ended: bigint) => PaidReward[] {
  const bps = config.rewardsBps ?? 0;
  if (typeof bps !== 'number' || !Number.isInteger(bps) || bps < 0 || bps > MAX_REWARDS_BPS) {
    throw invalidParams(`rewardsBps must be an integer from 0 to ${MAX_REWARDS_BPS}`);
  }
  if (config.epochRewardsLamports !== undefined) {
    if (bps > 0 || config.stakeAccounts !== undefined)
      throw invalidParams(
        'epochRewardsLamports pays by validator: it takes neither rewardsBps nor stakeAccounts',
      );
    const pool = config.epochRewardsLamports;
    if (typeof pool !== 'string' || !/^\d{1,20}$/.test(pool) || BigInt(pool) > U64_MAX)
      throw invalidParams('epochRewardsLamports must be a decimal string of lamports');
    return (chain, ended) => payValidatorRewards(chain, ended, BigInt(pool));
  }
  const only = Array.isArray(config.stakeAccounts)
    ? new Set(config.stakeAccounts.map((a) => pubkeyParam(a, 'stakeAccounts[]')))
    : undefined;
  return (chain, ended) => (bps > 0 ? payFlatRewards(chain, ended, BigInt(bps), only) : []);
}

export function devMethods(chain: LocalChain): Record<string, Method> {
  const voters = new SimulatedVoters(chain);
  return {
    /** params: [{ rewardsBps?: number, stakeAccounts?: string[] } | { epochRewardsLamports: string }] */
    localnet_advanceEpoch: ([rawConfig]) => {
      const pay = rewardPlan(configParam(rawConfig));
      const ended = chain.epoch;
      voters.endEpoch(ended);
      const epoch = chain.advanceEpoch();
      const paid = pay(chain, ended);
      chain.rewards.record(ended, chain.slot, paid);
      const rewarded = paid.map((r) => ({
        address: r.address,
        kind: r.kind,
        lamports: r.lamports.toString(),
      }));
      return { epoch: Number(epoch), rewarded } as Json;
    },
    /** params: [count] — moves the slot (and block height) forward, expiring old blockhashes. */
    localnet_advanceSlots: ([count]) => {
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1_000_000) {
        throw invalidParams('count must be an integer from 1 to 1000000');
      }
      chain.advanceSlots(BigInt(count));
      return Number(chain.slot);
    },
    /** params: [address, { lamports, owner, data (base64), executable? }] */
    localnet_setAccount: ([address, rawAccount]) => {
      const account = configParam(rawAccount);
      if (typeof account.lamports !== 'number' || typeof account.data !== 'string') {
        throw invalidParams('account needs lamports (number) and data (base64)');
      }
      chain.setAccount(pubkeyParam(address), {
        lamports: BigInt(account.lamports),
        owner: pubkeyParam(account.owner, 'owner'),
        data: Uint8Array.from(Buffer.from(account.data, 'base64')),
        executable: Boolean(account.executable),
      });
      return true;
    },
    ...validatorMethods(chain, voters),
    localnet_info: () => ({
      programs: chain.loadedPrograms.map((p) => p) as Json,
      epoch: Number(chain.epoch),
    }),
  };
}
