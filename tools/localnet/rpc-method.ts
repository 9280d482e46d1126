// What every JSON-RPC method of the localnet shares: its signature and the context slot that
// standard results carry.
import type { LocalChain } from './chain.ts';
import type { Json } from './encoding.ts';

export type Method = (params: unknown[]) => Json;

export const LOCALNET_VERSION = { 'solana-core': '2.2.0-tidepool-localnet', 'feature-set': 0 };

/** Wraps a value as `{ context: { slot, apiVersion }, value }`, as the RPC API's context results are. */
export function contextOf(chain: LocalChain): (value: Json) => Json {
  return (value) => ({
    context: { slot: Number(chain.slot), apiVersion: LOCALNET_VERSION['solana-core'] },
    value,
  });
}
