// Tidepool as a Wallet Standard wallet. Every method checks that the account is one this site
// is connected to and that the chain is a Solana chain before anything crosses to the wallet;
// the wallet checks everything again on its side.
import type {
  SolanaSignAndSendTransactionFeature,
  SolanaSignAndSendTransactionInput,
  SolanaSignInFeature,
  SolanaSignInInput,
  SolanaSignMessageFeature,
  SolanaSignMessageInput,
  SolanaSignTransactionFeature,
  SolanaSignTransactionInput,
} from '@solana/wallet-standard-features';
import type { Wallet, WalletAccount } from '@wallet-standard/base';
import type {
  StandardConnectFeature,
  StandardDisconnectFeature,
  StandardEventsFeature,
  StandardEventsListeners,
  StandardEventsNames,
} from '@wallet-standard/features';
import bs58 from 'bs58';
import { WALLET_NAME, type DappEvent } from '../shared/dapp-protocol';
import { TidepoolAccount } from './account';
import { fromBase64, toBase64, type PageBridge } from './bridge';
import { ICON, SOLANA_CHAINS, TIDEPOOL_STAKE, isSolanaChain } from './constants';

/** The custom feature: ask for a staking intent; Tidepool builds and shows the transaction. */
interface TidepoolStakeInput {
  account: WalletAccount;
  chain: string;
  action: 'stake' | 'unstake';
  /** The stake pool's address. */
  pool: string;
  /** Lamports to stake, or pool-token base units to unstake (a bigint or a decimal string). */
  amount: bigint | string;
  /** Unstake only; instant by default. */
  mode?: 'instant' | 'delayed';
}
type TidepoolStakeFeature = {
  readonly [TIDEPOOL_STAKE]: {
    readonly version: '1.0.0';
    readonly stake: (input: TidepoolStakeInput) => Promise<{ signature: string }>;
  };
};

type Features = StandardConnectFeature &
  StandardDisconnectFeature &
  StandardEventsFeature &
  SolanaSignTransactionFeature &
  SolanaSignAndSendTransactionFeature &
  SolanaSignMessageFeature &
  SolanaSignInFeature &
  TidepoolStakeFeature;

export class TidepoolWallet implements Wallet {
  readonly #bridge: PageBridge;
  #changeListeners: StandardEventsListeners['change'][] = [];
  #accounts: TidepoolAccount[] = [];

  constructor(bridge: PageBridge) {
    this.#bridge = bridge;
    bridge.onEvent((event) => this.#onWalletChange(event));
    Object.freeze(this);
  }

  get version() {
    return '1.0.0' as const;
  }
  get name() {
    return WALLET_NAME;
  }
  get icon() {
    return ICON;
  }
  get chains() {
    return SOLANA_CHAINS.slice();
  }
  get accounts() {
    return this.#accounts.slice();
  }

  get features(): Features {
    return {
      'standard:connect': { version: '1.0.0', connect: this.#connect },
      'standard:disconnect': { version: '1.0.0', disconnect: this.#disconnect },
      'standard:events': { version: '1.0.0', on: this.#on },
      'solana:signTransaction': {
        version: '1.0.0',
        supportedTransactionVersions: ['legacy', 0],
        signTransaction: this.#signTransaction,
      },
      'solana:signAndSendTransaction': {
        version: '1.0.0',
        supportedTransactionVersions: ['legacy', 0],
        signAndSendTransaction: this.#signAndSendTransaction,
      },
      'solana:signMessage': { version: '1.0.0', signMessage: this.#signMessage },
      'solana:signIn': { version: '1.0.0', signIn: this.#signIn },
      [TIDEPOOL_STAKE]: { version: '1.0.0', stake: this.#stake },
    };
  }

  /** 'change' is the only event the standard defines. */
  #on = <E extends StandardEventsNames>(_event: E, listener: StandardEventsListeners[E]): (() => void) => {
    this.#changeListeners.push(listener);
    return () => {
      this.#changeListeners = this.#changeListeners.filter((l) => l !== listener);
    };
  };

  #setAccounts(addresses: string[]): void {
    const changed =
      addresses.length !== this.#accounts.length ||
      addresses.some((a, i) => a !== this.#accounts[i]?.address);
    if (!changed) return;
    this.#accounts = addresses.map((a) => new TidepoolAccount(a));
    for (const listener of this.#changeListeners) listener({ accounts: this.accounts });
  }

  #onWalletChange(event: DappEvent): void {
    // Only a site that connected hears about accounts; the background sends [] after a revoke.
    this.#setAccounts(event.accounts);
  }

  /** The checks at the top of every signing method. */
  #check(account: WalletAccount, chain?: string): string {
    if (!this.#accounts.some((a) => a.address === account.address))
      throw new Error('This account is not connected to this site; connect first.');
    if (chain !== undefined && !isSolanaChain(chain as never))
      throw new Error(`Tidepool does not sign for chain ${chain}.`);
    return account.address;
  }

  #connect: StandardConnectFeature['standard:connect']['connect'] = async (input) => {
    const { accounts } = await this.#bridge.request('connect', { silent: input?.silent ?? false });
    this.#setAccounts(accounts);
    return { accounts: this.accounts };
  };

  #disconnect = async (): Promise<void> => {
    await this.#bridge.request('disconnect', {});
    this.#setAccounts([]);
  };

  #signTransaction = async (...inputs: SolanaSignTransactionInput[]) => {
    const outputs = [];
    for (const input of inputs) {
      // No chain given means the chain the wallet is on (the standard makes it optional).
      const account = this.#check(input.account, input.chain);
      const { signedTransaction } = await this.#bridge.request('signTransaction', {
        account,
        transaction: toBase64(input.transaction),
        ...(input.chain ? { chain: input.chain as never } : {}),
      });
      outputs.push({ signedTransaction: fromBase64(signedTransaction) });
    }
    return outputs;
  };

  #signAndSendTransaction = async (...inputs: SolanaSignAndSendTransactionInput[]) => {
    const outputs = [];
    for (const input of inputs) {
      const account = this.#check(input.account, input.chain);
      const { signature } = await this.#bridge.request('signAndSendTransaction', {
        account,
        chain: input.chain as never,
        transaction: toBase64(input.transaction),
        ...(input.options?.skipPreflight !== undefined ? { skipPreflight: input.options.skipPreflight } : {}),
      });
      outputs.push({ signature: bs58.decode(signature) });
    }
    return outputs;
  };

  #signMessage = async (...inputs: SolanaSignMessageInput[]) => {
    const outputs = [];
    for (const input of inputs) {
      const account = this.#check(input.account);
      const result = await this.#bridge.request('signMessage', { account, message: toBase64(input.message) });
      outputs.push({
        signedMessage: fromBase64(result.signedMessage),
        signature: fromBase64(result.signature),
        signatureType: 'ed25519' as const,
      });
    }
    return outputs;
  };

  #signIn = async (...inputs: SolanaSignInInput[]) => {
    const outputs = [];
    for (const input of inputs) {
      // Only the fields of the standard's input cross; anything else a dApp adds stays behind.
      const {
        domain,
        address,
        statement,
        uri,
        version,
        chainId,
        nonce,
        issuedAt,
        expirationTime,
        notBefore,
        requestId,
        resources,
      } = input;
      const fields = {
        domain,
        address,
        statement,
        uri,
        version,
        chainId,
        nonce,
        issuedAt,
        expirationTime,
        notBefore,
        requestId,
        resources: resources ? [...resources] : undefined,
      };
      const result = await this.#bridge.request(
        'signIn',
        Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
      );
      this.#setAccounts([result.account]);
      outputs.push({
        account: this.#accounts[0]!,
        signedMessage: fromBase64(result.signedMessage),
        signature: fromBase64(result.signature),
        signatureType: 'ed25519' as const,
      });
    }
    return outputs;
  };

  #stake = async (input: TidepoolStakeInput) => {
    const account = this.#check(input.account, input.chain);
    return this.#bridge.request('stake', {
      account,
      chain: input.chain as never,
      action: input.action,
      pool: input.pool,
      amount: String(input.amount),
      ...(input.mode ? { mode: input.mode } : {}),
    });
  };
}
