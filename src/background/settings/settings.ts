// User settings: the selected network (or custom RPC URL), the auto-lock delay, and the tolerance on
// a quote's guarantee (a field added later: a stored value without it reads the default). Only
// engines.ts turns the choice into a network, and only the network handlers change it (the lint
// holds that).
import { checkRpcUrl, type NetworkId } from '../../shared/networks';
import { WalletError } from '../../shared/errors';
import { DEFAULT_TOLERANCE_BPS } from '../../shared/guarantee';
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
  /** Basis points taken off a quote's enforced minimum (0 to MAX_TOLERANCE_BPS). */
  toleranceBps: number;
  /** Tell the person when SOL they wait for becomes withdrawable (a browser notification). */
  notifyWithdrawable: boolean;
}

const DEFAULT_SETTINGS: Settings = {
  network: 'mainnet',
  autoLockMinutes: 15,
  toleranceBps: DEFAULT_TOLERANCE_BPS,
  notifyWithdrawable: true,
};

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

  /** Records the person's choice; what network it is (a custom URL's cluster included) is engines.ts's to say. */
  async setNetwork(network: NetworkId, customRpcUrl?: string): Promise<void> {
    if (network !== 'custom') {
      await this.update({ network });
      return;
    }
    const checked = checkRpcUrl(customRpcUrl ?? '');
    if (!checked.ok) throw new WalletError('invalid_input', checked.reason);
    await this.update({ network, customRpcUrl: checked.url });
  }
}
