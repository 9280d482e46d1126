// The steps that carry a stored value from one version of its shape to the next, each named by the
// key and the version it produces (storage-schema.ts runs them on read, in order). A step takes
// what an older Tidepool wrote, unchecked: it keeps what it can read and drops what it cannot,
// never throwing for one bad record what the others still need.
import { BUILTIN_NETWORKS, customNetwork, type NetworkInfo } from './networks';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The network a version-1 record's RPC URL is: a built-in network's own URL is that network;
 * any other is a custom URL, its cluster not yet identified (its node, where the transaction can
 * land, is all a record needs to be confirmed).
 */
function networkOfUrl(rpcUrl: string): NetworkInfo {
  return Object.values(BUILTIN_NETWORKS).find((n) => n.rpcUrl === rpcUrl) ?? customNetwork(rpcUrl, null);
}

/** pendingTransactions 1 → 2: each record, by signature, names its network where it named its RPC URL. */
export function pendingTransactionsV2(value: unknown): unknown {
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value).flatMap(([signature, record]) => {
      if (!isRecord(record) || typeof record.rpcUrl !== 'string') return [];
      const { rpcUrl, ...rest } = record;
      try {
        return [[signature, { ...rest, network: networkOfUrl(rpcUrl) }]];
      } catch {
        return []; // not a URL: it cannot be sent anywhere
      }
    }),
  );
}
