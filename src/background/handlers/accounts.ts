import type { UiHandlers } from '../ui/router';
import type { RpcClient } from '../chain/rpc-client';
import type { SettingsStore } from '../settings/settings';
import { scanUsedAccounts } from '../vault/account-scan';
import type { Vault } from '../vault/vault';
import { walletState } from './vault';

export function accountHandlers(
  vault: Vault,
  settings: SettingsStore,
  rpc: RpcClient,
  onAccountChange: () => void,
) {
  const changed = async () => {
    onAccountChange();
    return walletState(vault, settings);
  };
  return {
    'accounts:add': async ({ name }) => {
      await vault.mutate((k) => k.select(k.addDerived(undefined, name).address));
      return changed();
    },
    'accounts:importSecretKey': async ({ secretKey, name }) => {
      await vault.mutate((k) => k.select(k.importSecretKey(secretKey, name).address));
      return changed();
    },
    'accounts:rename': async ({ address, name }) => {
      await vault.mutate((k) => k.rename(address, name));
      return walletState(vault, settings);
    },
    'accounts:select': async ({ address }) => {
      await vault.mutate((k) => k.select(address));
      return changed();
    },
    'accounts:scan': async () => scanUsedAccounts(vault.keyring(), rpc),
    'accounts:addDerived': async ({ indexes }) => {
      await vault.mutate((k) => {
        for (const index of indexes) k.addDerived(index);
      });
      return changed();
    },
  } satisfies Partial<UiHandlers>;
}
