// What every JSON-RPC method of the localnet shares: its signature and the context slot that
// standard results carry.
import type { LocalChain } from './chain.ts';
import { configParam, type Json } from './encoding.ts';
import { RPC, RpcError, invalidParams, slotParam } from './rpc-errors.ts';

export type Method = (params: unknown[]) => Json;

export const LOCALNET_VERSION = { 'solana-core': '2.2.0-tidepool-localnet', 'feature-set': 0 };

/** Wraps a value as `{ context: { slot, apiVersion }, value }`, as the RPC API's context results are. */
export function contextOf(chain: LocalChain): (value: Json) => Json {
  return (value) => ({
    context: { slot: Number(chain.slot), apiVersion: LOCALNET_VERSION['solana-core'] },
    value,
  });
}

const COMMITMENTS = ['processed', 'confirmed', 'finalized'];

/**
 * A request's config, refused as Agave refuses it while the node's slot is below the config's
 * `minContextSlot` (error -32016, with the slot the node is at). Every commitment reads the same
 * bank here: each block is final as it is produced (transaction-json.ts).
 */
export function readConfig(chain: LocalChain, raw: unknown): Record<string, unknown> {
  const config = configParam(raw);
  if (config.commitment !== undefined && !COMMITMENTS.includes(config.commitment as string))
    throw invalidParams(
      `unknown variant \`${String(config.commitment)}\`, expected one of \`processed\`, \`confirmed\`, \`finalized\``,
    );
  if (config.minContextSlot !== undefined) {
    const minimum = slotParam(config.minContextSlot, 'minContextSlot');
    if (chain.slot < minimum)
      throw new RpcError(RPC.minContextSlotNotReached, 'Minimum context slot has not been reached', {
        contextSlot: Number(chain.slot),
      });
  }
  return config;
}
