import type { WalletState } from '../../shared/accounts';
import type { UiHandlers } from '../ui/router';
import type { SettingsStore } from '../settings/settings';
import type { Vault } from '../vault/vault';

export async function walletState(vault: Vault, settings: SettingsStore): Promise<WalletState> {
  const status = await vault.status();
  const unlocked = status === 'unlocked';
  const retryAfterMs = status === 'locked' ? await vault.retryAfterMs() : 0;
  return {
    status,
    accounts: vault.accounts(),
    activeAddress: unlocked ? vault.keyring().activeAddress : null,
    hasPhrase: unlocked ? vault.keyring().hasPhrase : false,
    autoLockMinutes: (await settings.get()).autoLockMinutes,
    toleranceBps: (await settings.get()).toleranceBps,
    notifyWithdrawable: (await settings.get()).notifyWithdrawable,
    ...(retryAfterMs > 0 ? { retryAfterMs } : {}),
  };
}

export function vaultHandlers(vault: Vault, settings: SettingsStore) {
  const state = () => walletState(vault, settings);
  return {
    'wallet:state': state,
    'vault:generatePhrase': async ({ words }) => ({ phrase: (await vault.generatePhrase(words)).split(' ') }),
    'vault:create': async ({ password, confirmations }) => {
      await vault.create(password, confirmations);
      return state();
    },
    'vault:importPhrase': async ({ phrase, password }) => {
      await vault.importPhrase(phrase, password);
      return state();
    },
    'vault:importSecretKey': async ({ secretKey, password }) => {
      await vault.importSecretKey(secretKey, password);
      return state();
    },
    'vault:unlock': async ({ password }) => {
      await vault.unlock(password);
      return state();
    },
    'vault:lock': async () => {
      await vault.lock();
      return state();
    },
    'vault:changePassword': async ({ current, next }) => {
      await vault.changePassword(current, next);
      return state();
    },
    'vault:revealPhrase': async ({ password }) => ({
      phrase: (await vault.revealPhrase(password)).split(' '),
    }),
    'vault:exportSecretKey': async ({ password, address }) => ({
      secretKey: await vault.exportSecretKey(password, address),
    }),
    'settings:setAutoLock': async ({ minutes }) => {
      await settings.update({ autoLockMinutes: minutes });
      return state();
    },
    'settings:setTolerance': async ({ bps }) => {
      await settings.update({ toleranceBps: bps });
      return state();
    },
  } satisfies Partial<UiHandlers>;
}
