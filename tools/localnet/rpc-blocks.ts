// Blocks and time: which slots hold a block, when each was produced, and the performance samples a
// wallet measures the slot time from. Answers and errors are Agave's (rpc.rs: get_block_time,
// get_blocks, get_blocks_with_limit, get_recent_performance_samples; custom_error.rs).
import { GENESIS_UNIX } from './chain-clock.ts';
import type { LocalChain } from './chain.ts';
import { configParam, type Json } from './encoding.ts';
import { MAX_PERFORMANCE_SAMPLES, performanceSamples } from './performance-samples.ts';
import { RPC, RpcError, invalidParams, slotParam } from './rpc-errors.ts';
import type { Method } from './rpc-method.ts';

/** The widest slot range getBlocks answers, and the most getBlocksWithLimit returns. */
const MAX_BLOCKS_RANGE = 500_000n;

/** getBlocks and getBlocksWithLimit serve confirmed or finalized blocks only, as Agave does. */
function atLeastConfirmed(config: Record<string, unknown>): void {
  if (config.commitment === 'processed')
    throw invalidParams('Method does not support commitment below `confirmed`');
}

export function blockMethods(chain: LocalChain): Record<string, Method> {
  const { clock } = chain;
  return {
    getFirstAvailableBlock: () => Number(clock.blocks.first),
    getBlockTime: ([rawSlot]) => {
      const slot = slotParam(rawSlot);
      if (slot === 0n) return GENESIS_UNIX;
      if (slot > chain.slot)
        throw new RpcError(RPC.blockNotAvailable, `Block not available for slot ${slot}`);
      if (!clock.blocks.has(slot))
        throw new RpcError(
          RPC.slotSkipped,
          `Slot ${slot} was skipped, or missing due to ledger jump to recent snapshot`,
        );
      return clock.timeOf(slot);
    },
    getBlocks: ([rawStart, endOrConfig, rawConfig]) => {
      const start = slotParam(rawStart, 'start slot');
      const hasEnd = typeof endOrConfig === 'number';
      const config = configParam(hasEnd ? rawConfig : endOrConfig);
      atLeastConfirmed(config);
      const asked = hasEnd ? slotParam(endOrConfig, 'end slot') : start + MAX_BLOCKS_RANGE;
      const end = asked < chain.slot ? asked : chain.slot;
      if (end < start) return [];
      if (end - start > MAX_BLOCKS_RANGE)
        throw invalidParams(`Slot range too large; max ${MAX_BLOCKS_RANGE}`);
      return clock.blocks.between(start, end).map(Number);
    },
    getBlocksWithLimit: ([rawStart, rawLimit, rawConfig]) => {
      const start = slotParam(rawStart, 'start slot');
      const limit = slotParam(rawLimit, 'limit');
      atLeastConfirmed(configParam(rawConfig));
      if (limit > MAX_BLOCKS_RANGE) throw invalidParams(`Limit too large; max ${MAX_BLOCKS_RANGE}`);
      return clock.blocks.between(start, chain.slot, Number(limit)).map(Number);
    },
    getRecentPerformanceSamples: ([rawLimit]) => {
      const limit = rawLimit === undefined ? MAX_PERFORMANCE_SAMPLES : Number(slotParam(rawLimit, 'limit'));
      if (limit > MAX_PERFORMANCE_SAMPLES)
        throw invalidParams(`Invalid limit; max ${MAX_PERFORMANCE_SAMPLES}`);
      return performanceSamples(clock, chain.history, limit) as unknown as Json;
    },
  };
}
