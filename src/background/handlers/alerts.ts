// The withdrawal notifications' setting: turned on or off in Settings, and the alarm re-armed (or
// cleared) at once.
import type { UiHandlers } from '../ui/router';
import type { SettingsStore } from '../settings/settings';
import type { Vault } from '../vault/vault';
import type { WithdrawalAlerts } from '../withdrawal-alerts';
import { walletState } from './vault';

export function alertHandlers(
  vault: Vault,
  settings: SettingsStore,
  alerts: Pick<WithdrawalAlerts, 'rearm'>,
) {
  return {
    'settings:setNotifications': async ({ enabled }) => {
      await settings.update({ notifyWithdrawable: enabled });
      await alerts.rearm();
      return walletState(vault, settings);
    },
  } satisfies Partial<UiHandlers>;
}
