// The worker's engines, one per network, and the one place that reads which network the settings
// pick: a request asks for the current engine once and holds it to the end, so nothing it does
// can switch networks halfway. What was begun on a network is finished on it: an approved dApp
// request on the engine of the network it was shown for, a transaction on the engine of the
// network its record names (resumeAll). A custom RPC URL is the cluster its genesis hash names,
// and each engine's histories are kept under that hash (custom-network.ts).
import { BUILTIN_NETWORKS, type NetworkInfo } from '../shared/networks';
import { networksInFlight } from './chain/tx-record';
import { CustomNetworks } from './custom-network';
import { createEngine, cachedBooks, type Engine, type EngineDeps } from './engine';
import type { SettingsStore } from './settings/settings';
import type { StorageArea } from './storage';

interface EnginesDeps extends Omit<EngineDeps, 'network' | 'cluster' | 'books' | 'toleranceBps'> {
  settings: SettingsStore;
  /** Where a custom URL's genesis hash is kept for the browser session. */
  session: StorageArea<'session'>;
}

export class Engines {
  readonly #engines = new Map<string, Engine>();
  readonly #custom: CustomNetworks;
  readonly #settings: SettingsStore;
  readonly #engineDeps: Omit<EngineDeps, 'network' | 'cluster'>;

  constructor({ settings, session, ...engineDeps }: EnginesDeps) {
    this.#settings = settings;
    this.#custom = new CustomNetworks(session);
    this.#engineDeps = {
      ...engineDeps,
      books: cachedBooks(engineDeps.local),
      // The person's tolerance as set now, read for each quote on any network.
      toleranceBps: async () => (await settings.get()).toleranceBps,
    };
  }

  /** The network the settings pick; `askAgain`: identify a custom URL afresh (it was just set). */
  async network({ askAgain = false } = {}): Promise<NetworkInfo> {
    const { network, customRpcUrl } = await this.#settings.get();
    if (network !== 'custom') return BUILTIN_NETWORKS[network];
    return this.#custom.of(customRpcUrl ?? BUILTIN_NETWORKS.localnet.rpcUrl, { askAgain });
  }

  /** The engine of the network the settings pick now. */
  async current(): Promise<Engine> {
    return this.for(await this.network());
  }

  /** The engine of `network`, made once per worker: its quotes, contexts and watchers are that network's. */
  for(network: NetworkInfo): Engine {
    const key = `${network.id} ${network.chain} ${network.rpcUrl}`;
    let engine = this.#engines.get(key);
    if (!engine) {
      const cluster = () => this.#custom.genesisHash(network);
      engine = createEngine({ ...this.#engineDeps, network, cluster });
      this.#engines.set(key, engine);
    }
    return engine;
  }

  /** After a worker restart: every transaction sent before it, confirmed on its own network (never signed again). */
  async resumeAll(): Promise<void> {
    const networks = await networksInFlight(this.#engineDeps.local);
    await Promise.all(
      networks.map((network) =>
        this.for(network)
          .sender.resume()
          .catch(() => {}),
      ),
    );
  }
}
