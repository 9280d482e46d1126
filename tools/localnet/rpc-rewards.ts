// getInflationReward as Agave 4.x answers it (rpc.rs get_inflation_reward): per address, the reward
// credited for the epoch in the first block of the next one, or null; the epoch defaults to the last
// one that ended. Commission is in basis points (SIMD-0291): Agave 4.x leaves `commission` null and
// gives `commissionBps`. An epoch whose rewards this node no longer holds is refused as a cleaned-up
// block, one not yet paid as a block not available.
import type { LocalChain } from './chain.ts';
import { pubkeyParam, type Json } from './encoding.ts';
import { RPC, RpcError, invalidParams, slotParam } from './rpc-errors.ts';
import { readConfig, type Method } from './rpc-method.ts';

const cleanedUp = (slot: bigint, firstAvailable: bigint) =>
  new RpcError(
    RPC.blockCleanedUp,
    `Block ${slot} cleaned up, does not exist on node. First available block: ${firstAvailable}`,
  );

export function rewardMethods(chain: LocalChain): Record<string, Method> {
  return {
    getInflationReward: ([rawAddresses, rawConfig]) => {
      if (!Array.isArray(rawAddresses)) throw invalidParams('expected an array of addresses');
      const addresses = rawAddresses.map((a) => pubkeyParam(a, 'address'));
      const config = readConfig(chain, rawConfig);
      const epoch =
        config.epoch === undefined
          ? chain.epoch > 0n
            ? chain.epoch - 1n
            : 0n
          : slotParam(config.epoch, 'epoch');
      // The rewards for an epoch are in the first block of the next one.
      const boundary = (epoch + 1n) * chain.slotsPerEpoch;
      const first = chain.clock.blocks.first;
      if (boundary < first) throw cleanedUp(boundary, first);
      const paid = chain.rewards.get(epoch);
      if (!paid) {
        if (epoch >= chain.epoch)
          throw new RpcError(RPC.blockNotAvailable, `Block not available for slot ${boundary}`);
        throw cleanedUp(boundary, chain.rewards.oldestEffectiveSlot ?? chain.slot);
      }
      return addresses.map((address) => {
        const reward = paid.byAddress.get(address);
        if (!reward) return null;
        return {
          epoch: Number(epoch),
          effectiveSlot: Number(paid.effectiveSlot),
          amount: Number(reward.lamports),
          postBalance: Number(reward.postBalance),
          commission: null,
          ...(reward.commissionBps === null ? {} : { commissionBps: reward.commissionBps }),
        };
      }) as Json;
    },
  };
}
