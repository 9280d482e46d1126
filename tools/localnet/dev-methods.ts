// Test and development methods, namespaced `localnet_` so they can never be mistaken for the
// standard API. They move time and credit staking rewards: what a real cluster does by itself.
import { U64_MAX } from '../../src/shared/format.ts';
import type { LocalChain } from './chain.ts';
import { STAKE_PROGRAM_ID } from './accounts.ts';
import type { Json } from './encoding.ts';
import { configParam, pubkeyParam } from './encoding.ts';
import { STAKE_LAYOUT } from './parsed-accounts.ts';
import { invalidParams } from './rpc-errors.ts';
import type { Method } from './rpc-method.ts';

const MAX_REWARDS_BPS = 10_000;

/**
 * Credits `bps` basis points of rewards to every stake account that was fully active during the
 * epoch that just ended, on both its lamports and its delegated stake, as inflation rewards are.
 */
function creditRewards(
  chain: LocalChain,
  endedEpoch: bigint,
  bps: bigint,
  only?: Set<string>,
): { address: string; lamports: string }[] {
  const credited: { address: string; lamports: string }[] = [];
  for (const { address, account } of chain.getProgramAccounts(STAKE_PROGRAM_ID)) {
    if (only && !only.has(address)) continue;
    const data = Buffer.from(account.data);
    if (data.length < STAKE_LAYOUT.size || data.readUInt32LE(STAKE_LAYOUT.kind) !== 2) continue;
    const activation = data.readBigUInt64LE(STAKE_LAYOUT.activationEpoch);
    const deactivation = data.readBigUInt64LE(STAKE_LAYOUT.deactivationEpoch);
    if (activation >= endedEpoch || deactivation !== U64_MAX) continue;
    const stake = data.readBigUInt64LE(STAKE_LAYOUT.delegationStake);
    const reward = (stake * bps) / 10_000n;
    if (reward === 0n) continue;
    data.writeBigUInt64LE(stake + reward, STAKE_LAYOUT.delegationStake);
    chain.setAccount(address, {
      ...account,
      lamports: account.lamports + reward,
      data: new Uint8Array(data),
    });
    credited.push({ address, lamports: reward.toString() });
  }
  return credited;
}

export function devMethods(chain: LocalChain): Record<string, Method> {
  return {
    /** params: [{ rewardsBps?: number, stakeAccounts?: string[] }] */
    localnet_advanceEpoch: ([rawConfig]) => {
      const config = configParam(rawConfig);
      const bps = config.rewardsBps ?? 0;
      if (typeof bps !== 'number' || !Number.isInteger(bps) || bps < 0 || bps > MAX_REWARDS_BPS) {
        throw invalidParams(`rewardsBps must be an integer from 0 to ${MAX_REWARDS_BPS}`);
      }
      const only = Array.isArray(config.stakeAccounts)
        ? new Set(config.stakeAccounts.map((a) => pubkeyParam(a, 'stakeAccounts[]')))
        : undefined;
      const ended = chain.epoch;
      const epoch = chain.advanceEpoch();
      const rewarded = bps > 0 ? creditRewards(chain, ended, BigInt(bps), only) : [];
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
    localnet_info: () => ({
      programs: chain.loadedPrograms.map((p) => p) as Json,
      epoch: Number(chain.epoch),
    }),
  };
}
