// The cluster's state: health, version, genesis, slot and epoch, rent, and the blockhashes it hands out.
import type { LocalChain } from './chain.ts';
import { hashParam } from './encoding.ts';
import { invalidParams } from './rpc-errors.ts';
import { LOCALNET_VERSION, contextOf, readConfig, type Method } from './rpc-method.ts';

export function clusterMethods(chain: LocalChain): Record<string, Method> {
  const withContext = contextOf(chain);
  return {
    getHealth: () => 'ok',
    getVersion: () => LOCALNET_VERSION,
    getGenesisHash: () => chain.identity.genesisHash,
    getSlot: ([config]) => {
      readConfig(chain, config);
      return Number(chain.slot);
    },
    getBlockHeight: ([config]) => {
      readConfig(chain, config);
      return Number(chain.blockHeight);
    },
    getEpochInfo: ([config]) => {
      readConfig(chain, config);
      return {
        absoluteSlot: Number(chain.slot),
        blockHeight: Number(chain.blockHeight),
        epoch: Number(chain.epoch),
        slotIndex: Number(chain.slot % chain.slotsPerEpoch),
        slotsInEpoch: Number(chain.slotsPerEpoch),
        transactionCount: chain.history.count,
      };
    },
    getEpochSchedule: () => ({
      slotsPerEpoch: Number(chain.slotsPerEpoch),
      leaderScheduleSlotOffset: Number(chain.slotsPerEpoch),
      warmup: false,
      firstNormalEpoch: 0,
      firstNormalSlot: 0,
    }),
    getMinimumBalanceForRentExemption: ([size]) => {
      if (typeof size !== 'number' || !Number.isInteger(size) || size < 0)
        throw invalidParams('data length must be a non-negative integer');
      return Number(chain.minimumBalanceForRentExemption(size));
    },
    getLatestBlockhash: ([config]) => {
      readConfig(chain, config);
      const { blockhash, lastValidBlockHeight } = chain.issueBlockhash();
      return withContext({ blockhash, lastValidBlockHeight: Number(lastValidBlockHeight) });
    },
    isBlockhashValid: ([blockhash]) => withContext(chain.isBlockhashValid(hashParam(blockhash, 'blockhash'))),
  };
}
