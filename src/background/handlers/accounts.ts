import { PublicKey } from '@solana/web3.js';
import type { UiHandlers } from '../ui/router';
import type { RpcClient } from '../chain/rpc-client';
import type { SettingsStore } from '../settings/settings';
import type { Vault } from '../vault/vault';
import { walletState } from './vault';

/** How far along the phrase's path to look for accounts that were used elsewhere. */
const SCAN_DEPTH = 20;

export function accountHandlers(vault: Vault, settings: SettingsStore, rpc: RpcClient, onAccountChange: () => void) {
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
    'accounts:scan': async () => {
      const keyring = vault.keyring();
      const known = new Set(keyring.accounts().map((a) => a.address));
      const candidates = Array.from({ length: SCAN_DEPTH }, (_, index) => ({ index, address: keyring.peekDerived(index) }))
        .filter((c) => !known.has(c.address));
      const connection = await rpc.connection();
      // One getMultipleAccounts for the whole scan: an account is "used" if it holds lamports.
      const infos = await connection.getMultipleAccountsInfo(candidates.map((c) => new PublicKey(c.address)));
      return {
        found: candidates.flatMap((c, i) => {
          const lamports = infos[i]?.lamports ?? 0;
          return lamports > 0 ? [{ ...c, lamports: String(lamports) }] : [];
        }),
      };
    },
    'accounts:addDerived': async ({ indexes }) => {
      await vault.mutate((k) => {
        for (const index of indexes) k.addDerived(index);
      });
      return changed();
    },
  } satisfies Partial<UiHandlers>;
}
