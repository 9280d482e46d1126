// A test dApp, as real dApps are written: wallets discovered through @wallet-standard/app and
// driven through @solana/wallet-standard-wallet-adapter-base. Tests call window.dapp.
import { Buffer } from 'buffer';
(globalThis as { Buffer?: typeof Buffer }).Buffer ??= Buffer;
import { StandardWalletAdapter } from '@solana/wallet-standard-wallet-adapter-base';
import { Connection, VersionedTransaction } from '@solana/web3.js';
import { getWallets } from '@wallet-standard/app';
import type { Wallet } from '@wallet-standard/base';

const events: string[][] = [];
let adapter: StandardWalletAdapter | null = null;

const tidepool = (): Wallet => {
  const wallet = getWallets()
    .get()
    .find((w) => w.name === 'Tidepool');
  if (!wallet) throw new Error('Tidepool not found');
  return wallet;
};
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Every call answers { ok, value } or { ok: false, name, message } so tests can read errors. */
const wrap =
  <A extends unknown[]>(fn: (...args: A) => Promise<unknown>) =>
  async (...args: A) => {
    try {
      return { ok: true, value: await fn(...args) };
    } catch (error) {
      const e = error as Error & { error?: Error };
      return { ok: false, name: e.name, message: e.message || e.error?.message || String(error) };
    }
  };

function adapterFor(): StandardWalletAdapter {
  if (!adapter) {
    const wallet = tidepool();
    adapter = new StandardWalletAdapter({ wallet: wallet as never });
    (
      wallet.features['standard:events'] as {
        on: (e: 'change', l: (p: { accounts?: { address: string }[] }) => void) => void;
      }
    ).on('change', ({ accounts }) => accounts && events.push(accounts.map((a) => a.address)));
  }
  return adapter;
}

(window as unknown as { dapp: unknown }).dapp = {
  events,
  wallets: () =>
    getWallets()
      .get()
      .map((w) => w.name),
  connect: wrap(async () => {
    await adapterFor().connect();
    return adapterFor().publicKey!.toBase58();
  }),
  autoConnect: wrap(async () => {
    await adapterFor().autoConnect();
    return adapterFor().publicKey?.toBase58() ?? null;
  }),
  disconnect: wrap(() => adapterFor().disconnect()),
  signMessage: wrap(async (text: string) =>
    b64(await adapterFor().signMessage!(new TextEncoder().encode(text))),
  ),
  signIn: wrap(async (input: Record<string, string>) => {
    const output = await adapterFor().signIn!(input);
    return {
      address: output.account.address,
      message: new TextDecoder().decode(output.signedMessage),
      signature: b64(output.signature),
    };
  }),
  signTransaction: wrap(async (base64: string) =>
    b64(
      (
        await adapterFor().signTransaction!(VersionedTransaction.deserialize(Buffer.from(base64, 'base64')))
      ).serialize(),
    ),
  ),
  sendTransaction: wrap(async (base64: string, rpcUrl: string) =>
    adapterFor().sendTransaction(
      VersionedTransaction.deserialize(Buffer.from(base64, 'base64')),
      new Connection(rpcUrl, 'confirmed'),
    ),
  ),
  stake: wrap(
    async (input: {
      pool: string;
      amount: string;
      action?: 'stake' | 'unstake';
      mode?: 'instant' | 'delayed';
    }) => {
      const wallet = tidepool();
      const feature = wallet.features['tidepool:stake'] as {
        stake: (i: unknown) => Promise<{ signature: string }>;
      };
      return (
        await feature.stake({
          account: wallet.accounts[0],
          chain: 'solana:localnet',
          action: input.action ?? 'stake',
          ...input,
        })
      ).signature;
    },
  ),
  /** Raw standard call with a chain of the dApp's choosing (for the wrong-chain check). */
  signAndSendOnChain: wrap(async (base64: string, chain: string) => {
    const wallet = tidepool();
    const feature = wallet.features['solana:signAndSendTransaction'] as {
      signAndSendTransaction: (i: unknown) => Promise<unknown>;
    };
    return feature.signAndSendTransaction({
      account: wallet.accounts[0],
      chain,
      transaction: Buffer.from(base64, 'base64'),
    });
  }),
};
