import { BUILTIN_NETWORKS } from '../../shared/networks';
import type { Engines } from '../engines';
import type { UiHandlers } from '../ui/router';
import type { SettingsStore } from '../settings/settings';

export function networkHandlers(settings: SettingsStore, engines: Engines, onChange: () => void) {
  return {
    'network:get': async () => ({
      current: await engines.network(),
      builtins: Object.values(BUILTIN_NETWORKS),
    }),
    'network:set': async ({ network, customRpcUrl }) => {
      await settings.setNetwork(network, customRpcUrl);
      // Set just now: a custom URL is identified afresh (it may point elsewhere than last time).
      const info = await engines.network({ askAgain: true });
      onChange();
      return info;
    },
  } satisfies Partial<UiHandlers>;
}
