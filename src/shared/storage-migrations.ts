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

/** transactions 1 → 2 (the key was pendingTransactions): each record, by signature, names its network where it named its RPC URL. */
export function transactionsV2(value: unknown): unknown {
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

/**
 * transactions 2 → 3 (the key was pendingTransactions): each signed transaction, by signature,
 * becomes a record of that id with the status `signed` (sent or not: either way it is sent again
 * and watched to its end), naming its signer where it did (a dApp's did not).
 */
export function transactionsV3(value: unknown): unknown {
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value).flatMap(([signature, r]) => {
      if (!isRecord(r) || typeof r.wire !== 'string' || typeof r.lastValidBlockHeight !== 'number') return [];
      if (!isRecord(r.network) || typeof r.network.rpcUrl !== 'string') return [];
      const record = {
        id: signature,
        status: 'signed',
        signature,
        wire: r.wire,
        lastValidBlockHeight: r.lastValidBlockHeight,
        network: r.network,
        owner: typeof r.owner === 'string' ? r.owner : null,
        label: typeof r.label === 'string' ? r.label : 'Transaction',
        createdAt: typeof r.createdAt === 'number' ? r.createdAt : Date.now(),
      };
      return [[signature, record]];
    }),
  );
}

/** withdrawalAlerts 1 → 2: the events still to tell are `watched` (were `pending`), each unchanged. */
export function withdrawalAlertsV2(value: unknown): unknown {
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  if (!isRecord(value)) return { watched: [], notified: [] };
  return { watched: list(value.pending), notified: list(value.notified) };
}
