import { fundedAmong } from '../chain/account-scan';
import type { Engines } from '../engines';
import type { UiHandlers } from '../ui/router';
import type { SettingsStore } from '../settings/settings';
import type { Vault } from '../vault/vault';
import { walletState } from './vault';

/** How far along the phrase's path to look for accounts that were used elsewhere. */
const SCAN_DEPTH = 20;

export function accountHandlers(
  vault: Vault,
  settings: SettingsStore,
  engines: Pick<Engines, 'current'>,
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
    // Nothing is added here; the person picks which to add.
    'accounts:scan': async () => {
      const candidates = vault.keyring().unlistedDerived(SCAN_DEPTH);
      return { found: await fundedAmong((await engines.current()).rpc, candidates) };
    },
    'accounts:addDerived': async ({ indexes }) => {
      await vault.mutate((k) => {
        for (const index of indexes) k.addDerived(index);
      });
      return changed();
    },
  } satisfies Partial<UiHandlers>;
}
