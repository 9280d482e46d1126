// The worker's engines, one per network, and the one place that reads which network the settings
// pick: a request asks for the current engine once and holds it to the end, so nothing it does
// can switch networks halfway. What was begun on a network is finished on it: an approved dApp
// request on the engine of the network it was shown for, a pending transaction on the engine of
// the network it was sent on (resumeAll). A custom RPC URL's cluster is not known from the URL:
// never mainnet.
import { BUILTIN_NETWORKS, customNetwork, type NetworkInfo } from '../shared/networks';
import { pendingNetworks } from './chain/tx-sender';
import { createEngine, keptBooks, type Engine, type EngineDeps } from './engine';
import type { SettingsStore } from './settings/settings';

interface EnginesDeps extends Omit<EngineDeps, 'network' | 'books'> {
  settings: SettingsStore;
}

export class Engines {
  readonly #engines = new Map<string, Engine>();
  readonly #settings: SettingsStore;
  readonly #engineDeps: Omit<EngineDeps, 'network'>;

  constructor({ settings, ...engineDeps }: EnginesDeps) {
    this.#settings = settings;
    this.#engineDeps = { ...engineDeps, books: keptBooks(engineDeps.local) };
  }

  /** The network the settings pick. */
  async network(): Promise<NetworkInfo> {
    const { network, customRpcUrl } = await this.#settings.get();
    if (network !== 'custom') return BUILTIN_NETWORKS[network];
    return customNetwork(customRpcUrl ?? BUILTIN_NETWORKS.localnet.rpcUrl, null);
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
      engine = createEngine({ ...this.#engineDeps, network });
      this.#engines.set(key, engine);
    }
    return engine;
  }

  /** After a worker restart: every transaction sent before it, confirmed on its own network (never signed again). */
  async resumeAll(): Promise<void> {
    const networks = await pendingNetworks(this.#engineDeps.local);
    await Promise.all(
      networks.map((network) =>
        this.for(network)
          .sender.resumePending()
          .catch(() => {}),
      ),
    );
  }
}
