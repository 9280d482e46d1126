import { BUILTIN_NETWORKS } from '../../shared/networks';
import type { UiHandlers } from '../ui/router';
import type { RpcClient } from '../chain/rpc-client';
import type { SettingsStore } from '../settings/settings';

export function networkHandlers(settings: SettingsStore, rpc: RpcClient, onChange: () => void) {
  return {
    'network:get': async () => ({ current: await settings.network(), builtins: Object.values(BUILTIN_NETWORKS) }),
    'network:set': async ({ network, customRpcUrl }) => {
      const info = await settings.setNetwork(network, customRpcUrl);
      onChange();
      return info;
    },
    'chain:status': async () => {
      const connection = await rpc.connection();
      const [epochInfo, version] = await Promise.all([connection.getEpochInfo(), connection.getVersion()]);
      return { rpcUrl: connection.rpcEndpoint, slot: epochInfo.absoluteSlot, epoch: epochInfo.epoch, version: version['solana-core'] };
    },
  } satisfies Partial<UiHandlers>;
}
