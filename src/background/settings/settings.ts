// User settings: the selected network (or custom RPC) and the auto-lock delay.
import {
  BUILTIN_NETWORKS,
  checkRpcUrl,
  isLoopbackHttp,
  SOLANA_LOCALNET_CHAIN,
  SOLANA_MAINNET_CHAIN,
  type NetworkId,
  type NetworkInfo,
} from '../../shared/networks';
import { WalletError } from '../../shared/errors';
import type { StorageArea } from '../storage';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    settings: Partial<Settings>;
  }
}

export interface Settings {
  network: NetworkId;
  customRpcUrl?: string;
  autoLockMinutes: number;
}

const DEFAULT_SETTINGS: Settings = { network: 'mainnet', autoLockMinutes: 15 };

export class SettingsStore {
  #cache: Settings | undefined;

  constructor(
    private readonly storage: StorageArea<'local'>,
    private readonly defaults: Settings = DEFAULT_SETTINGS,
  ) {}

  async get(): Promise<Settings> {
    this.#cache ??= { ...this.defaults, ...((await this.storage.get('settings')) ?? {}) };
    return this.#cache;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = { ...(await this.get()), ...patch };
    await this.storage.set('settings', next);
    this.#cache = next;
    return next;
  }

  async network(): Promise<NetworkInfo> {
    return networkOf(await this.get());
  }

  async setNetwork(network: NetworkId, customRpcUrl?: string): Promise<NetworkInfo> {
    if (network !== 'custom') return networkOf(await this.update({ network }));
    const checked = checkRpcUrl(customRpcUrl ?? '');
    if (!checked.ok) throw new WalletError('invalid_input', checked.reason);
    return networkOf(await this.update({ network, customRpcUrl: checked.url }));
  }
}

function networkOf(settings: Settings): NetworkInfo {
  if (settings.network !== 'custom') return BUILTIN_NETWORKS[settings.network];
  const url = settings.customRpcUrl ?? BUILTIN_NETWORKS.localnet.rpcUrl;
  // A custom RPC on loopback is a local validator; anything else we cannot name, so it is
  // treated as mainnet for what dApps see (the safe assumption for real funds).
  const parsed = new URL(url);
  return {
    id: 'custom',
    label: `Custom (${parsed.host})`,
    rpcUrl: url,
    chain: isLoopbackHttp(parsed) ? SOLANA_LOCALNET_CHAIN : SOLANA_MAINNET_CHAIN,
  };
}
