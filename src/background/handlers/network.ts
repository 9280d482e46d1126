import { BUILTIN_NETWORKS } from '../../shared/networks';
import type { UiHandlers } from '../ui/router';
import type { SettingsStore } from '../settings/settings';

export function networkHandlers(settings: SettingsStore, onChange: () => void) {
  return {
    'network:get': async () => ({
      current: await settings.network(),
      builtins: Object.values(BUILTIN_NETWORKS),
    }),
    'network:set': async ({ network, customRpcUrl }) => {
      const info = await settings.setNetwork(network, customRpcUrl);
      onChange();
      return info;
    },
  } satisfies Partial<UiHandlers>;
}
