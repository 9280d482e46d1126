// The clusters a user can switch between. Custom RPC URLs must be https, or plain http on this
// machine's loopback (a local validator); anything else is refused. Chain ids are the Wallet
// Standard's own (@solana/wallet-standard-chains), never spelled out here again.
import {
  SOLANA_DEVNET_CHAIN,
  SOLANA_LOCALNET_CHAIN,
  SOLANA_MAINNET_CHAIN,
  SOLANA_TESTNET_CHAIN,
  type SolanaChain,
} from '@solana/wallet-standard-chains';

export { SOLANA_CHAINS, SOLANA_MAINNET_CHAIN, isSolanaChain } from '@solana/wallet-standard-chains';

export type NetworkId = 'mainnet' | 'devnet' | 'localnet' | 'custom';
export type ChainId = SolanaChain;

export interface NetworkInfo {
  id: NetworkId;
  label: string;
  rpcUrl: string;
  chain: ChainId;
}

export const BUILTIN_NETWORKS: Record<Exclude<NetworkId, 'custom'>, NetworkInfo> = {
  mainnet: {
    id: 'mainnet',
    label: 'Mainnet Beta',
    rpcUrl: 'https://api.mainnet-beta.solana.com',
    chain: SOLANA_MAINNET_CHAIN,
  },
  devnet: {
    id: 'devnet',
    label: 'Devnet',
    rpcUrl: 'https://api.devnet.solana.com',
    chain: SOLANA_DEVNET_CHAIN,
  },
  localnet: {
    id: 'localnet',
    label: 'Localnet',
    rpcUrl: 'http://127.0.0.1:8899',
    chain: SOLANA_LOCALNET_CHAIN,
  },
};

/**
 * The public clusters by their genesis hash, the hash of the cluster's first block, which no other
 * cluster can have: the hashes the validator clients expect (Agave's docs/src/clusters/available.md,
 * `--expected-genesis-hash`).
 */
const PUBLIC_CLUSTERS: Readonly<Record<string, { chain: ChainId; name: string }>> = {
  '5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d': { chain: SOLANA_MAINNET_CHAIN, name: 'Mainnet Beta' },
  EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG: { chain: SOLANA_DEVNET_CHAIN, name: 'Devnet' },
  '4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY': { chain: SOLANA_TESTNET_CHAIN, name: 'Testnet' },
};

/**
 * The genesis hash of a public cluster's chain (null for solana:localnet, which names no cluster:
 * its node must be asked). What the wallet's histories are keyed by, so every RPC of one cluster
 * shares them.
 */
export function publicGenesisHash(chain: ChainId): string | null {
  return Object.entries(PUBLIC_CLUSTERS).find(([, c]) => c.chain === chain)?.[0] ?? null;
}

/**
 * The network a custom RPC URL is, by the genesis hash its node answered (null: no answer). A
 * public cluster's hash gets that cluster's chain (so a custom mainnet RPC gets mainnet's LST
 * registry and names); anything else is never called mainnet and gets no registry. It is
 * `solana:localnet` for dApps: the Wallet Standard's only chain that names no public cluster, so
 * a dApp asking for mainnet, devnet or testnet is refused rather than answered on a cluster
 * nobody identified.
 */
export function customNetwork(rpcUrl: string, genesisHash: string | null): NetworkInfo {
  const cluster = genesisHash === null ? undefined : PUBLIC_CLUSTERS[genesisHash];
  const host = new URL(rpcUrl).host;
  return {
    id: 'custom',
    label: cluster ? `Custom (${host}) · ${cluster.name}` : `Custom (${host})`,
    rpcUrl,
    chain: cluster?.chain ?? SOLANA_LOCALNET_CHAIN,
  };
}

/** This machine, as a URL's hostname spells it (an IPv6 literal keeps its brackets). */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Plain http to this machine: a local validator, or a dApp served from it while developing. */
export const isLoopbackHttp = (url: URL): boolean =>
  url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);

/** Returns the normalised URL, or a sentence saying what is wrong with it. */
export function checkRpcUrl(input: string): { ok: true; url: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, reason: 'That is not a URL. Enter one like https://my-rpc.example.com' };
  }
  if (url.username || url.password)
    return { ok: false, reason: 'Put API keys in the path or query, not as user:password in the URL.' };
  if (url.protocol === 'https:') return { ok: true, url: url.toString() };
  if (isLoopbackHttp(url)) return { ok: true, url: url.toString() };
  if (url.protocol === 'http:')
    return {
      ok: false,
      reason: 'Plain http is only allowed for a node on this computer (127.0.0.1); use https.',
    };
  return { ok: false, reason: 'An RPC URL starts with https:// (or http://127.0.0.1 for a local node).' };
}

/**
 * Explorer link for a transaction on the given cluster. Only Tidepool's own built-in URLs ever go
 * into a link: a custom RPC URL often carries an API key, and a link hands its query to the
 * explorer (and its analytics), so a custom network links to the explorer's custom-cluster page
 * without it; the person picks their RPC in the explorer's cluster menu.
 */
export function explorerTxUrl(signature: string, network: NetworkInfo): string {
  const base = `https://explorer.solana.com/tx/${encodeURIComponent(signature)}`;
  switch (network.id) {
    case 'mainnet':
      return base;
    case 'devnet':
      return `${base}?cluster=devnet`;
    case 'localnet':
      return `${base}?cluster=custom&customUrl=${encodeURIComponent(BUILTIN_NETWORKS.localnet.rpcUrl)}`;
    case 'custom':
      return `${base}?cluster=custom`;
    default:
      return unreachable(network.id);
  }
}

function unreachable(id: never): never {
  throw new Error(`unknown network ${String(id)}`);
}
