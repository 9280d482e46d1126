import type { WalletAccount } from '@wallet-standard/base';
import bs58 from 'bs58';
import { SOLANA_CHAINS, ACCOUNT_FEATURES } from './constants';

/** A connected account as dApps see it: frozen, with copies of its arrays. */
export class TidepoolAccount implements WalletAccount {
  readonly #address: string;
  readonly #publicKey: Uint8Array;

  constructor(address: string) {
    this.#address = address;
    this.#publicKey = bs58.decode(address);
    Object.freeze(this);
  }

  get address() {
    return this.#address;
  }
  get publicKey() {
    return this.#publicKey.slice();
  }
  get chains() {
    return SOLANA_CHAINS.slice();
  }
  get features() {
    return ACCOUNT_FEATURES.slice();
  }
}
