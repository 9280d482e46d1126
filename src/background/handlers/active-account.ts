import { PublicKey } from '@solana/web3.js';
import { WalletError } from '../../shared/errors';
import type { Vault } from '../vault/vault';

/** The account the popup and dApps act for; every money handler starts here (and so needs unlock). */
export function activeOwner(vault: Vault): PublicKey {
  const address = vault.keyring().activeAddress;
  if (!address) throw new WalletError('not_found', 'This wallet has no account yet.', { what: 'account' });
  return new PublicKey(address);
}
