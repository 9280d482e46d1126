// Every transaction the wallet sends goes through here: simulate first, sign through the keyring's
// one signing entry point, remember the signed bytes before sending (so a restarted worker can
// resume confirmation and only ever rebroadcast the same signature), send, and confirm until the
// blockhash expires. An expired transaction is reported as expired, never as success. A sender is
// one network's, as its client is: a transaction it builds carries that network's blockhash, is
// sent and watched there alone, and its pending record names that network, so a restarted worker
// resumes it on the same one (engines.ts).
import { Transaction, type PublicKey, type TransactionInstruction } from '@solana/web3.js';
import bs58 from 'bs58';
import { WalletError } from '../../shared/errors';
import type { NetworkInfo } from '../../shared/networks';
import type { StorageArea } from '../storage';
import { failureReason } from './program-logs';
import { RpcNodeError, type RpcClient } from './rpc-client';
import {
  failedOnChain,
  watchConfirmation,
  type LandedTransaction,
  type PendingTransaction,
} from './confirm-watch';
import type { EncodedAccount } from './rpc-shapes';
import { defaultWebSocket, watchSignature, type WebSocketFactory } from './signature-watch';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    pendingTransactions: Record<string, PendingTransaction>; // by signature
  }
}

const CONFIRM_TIMEOUT_MS = 120_000;

/**
 * The pending records' writes, one at a time in this worker: every network's sender reads and
 * rewrites the one stored record set, and two interleaved rewrites would drop one's transaction.
 */
let recordWrites: Promise<unknown> = Promise.resolve();
function serially<T>(write: () => Promise<T>): Promise<T> {
  const next = recordWrites.then(write, write);
  recordWrites = next.catch(() => undefined);
  return next;
}

/** The networks some pending transaction was sent on, each once (engines.ts resumes each on its own). */
export async function pendingNetworks(storage: StorageArea<'local'>): Promise<NetworkInfo[]> {
  const byUrl = new Map<string, NetworkInfo>();
  for (const p of Object.values((await storage.get('pendingTransactions')) ?? {}))
    byUrl.set(p.network.rpcUrl, p.network);
  return [...byUrl.values()];
}

export type Signer = (address: string, message: Uint8Array) => Uint8Array;
export type OnSigned = (signature: string) => Promise<void>;

/** A transaction with a fresh blockhash of the sender's network: it can land only there. */
export interface Built {
  tx: Transaction;
  lastValidBlockHeight: number;
}

export interface Simulation {
  accounts: (EncodedAccount | null)[];
  unitsConsumed: number;
}

/** The node's preflight refused a transaction: it was not sent, nothing was spent. */
export class PreflightRefused extends WalletError {
  constructor(
    readonly err: unknown,
    readonly logs: string[],
  ) {
    super(
      'simulation_failed',
      `The network refused this transaction before it ran: ${failureReason(logs) ?? JSON.stringify(err)}. Nothing was spent.`,
    );
  }
}

/** Told of each transaction of ours that landed, before whoever waits for its confirmation hears of it. */
type LandedListener = (landed: LandedTransaction) => Promise<void>;

export class TransactionSender {
  readonly #watching = new Map<string, Promise<void>>();
  readonly #landedListeners: LandedListener[] = [];

  constructor(
    private readonly rpc: RpcClient,
    private readonly storage: StorageArea<'local'>,
    private readonly sign: Signer,
    private readonly confirmTimeoutMs = CONFIRM_TIMEOUT_MS,
    private readonly webSocket: WebSocketFactory | null = defaultWebSocket,
  ) {}

  /**
   * Calls `listener` with every transaction this sender sees land (its record and slot), the
   * wallet's own and those a dApp had signed, resumed after a restart included. A listener that
   * fails changes nothing about the transaction.
   */
  onLanded(listener: LandedListener): void {
    this.#landedListeners.push(listener);
  }

  /** A transaction for `feePayer` with a fresh blockhash of this network. */
  async build(feePayer: PublicKey, instructions: TransactionInstruction[]): Promise<Built> {
    const {
      value: { blockhash, lastValidBlockHeight },
    } = await this.rpc.call('getLatestBlockhash', []);
    const tx = new Transaction({ feePayer, blockhash, lastValidBlockHeight }).add(...instructions);
    return { tx, lastValidBlockHeight };
  }

  /** Simulates without signatures; a failure throws with the program's own words. */
  async simulate(tx: Transaction, accounts: PublicKey[] = []): Promise<Simulation> {
    const result = await this.rpc.call('simulateTransaction', [
      tx.serialize({ requireAllSignatures: false, verifySignatures: false }).toString('base64'),
      {
        encoding: 'base64',
        sigVerify: false,
        ...(accounts.length
          ? { accounts: { encoding: 'base64', addresses: accounts.map((a) => a.toBase58()) } }
          : {}),
      },
    ]);
    if (result.value.err) throw simulationError(result.value.err, result.value.logs ?? []);
    return { accounts: result.value.accounts ?? [], unitsConsumed: result.value.unitsConsumed ?? 0 };
  }

  /**
   * Signs with the owner's key, records the signed bytes, sends, and waits for confirmation.
   * `onSigned` runs before anything is sent: whoever asked learns the signature first, so after
   * a restart they can tell "signed, maybe sent" from "never signed".
   */
  async signSendConfirm(built: Built, owner: PublicKey, label: string, onSigned?: OnSigned): Promise<string> {
    const pending = await this.#signAndRemember(built, owner, label, onSigned);
    await this.confirm(pending);
    return pending.signature;
  }

  /**
   * Signs, tells `onSigned`, and records the signed bytes: from here on a restart can only resend
   * them, on the network the record names.
   */
  async #signAndRemember(
    { tx, lastValidBlockHeight }: Built,
    owner: PublicKey,
    label: string,
    onSigned?: OnSigned,
  ): Promise<PendingTransaction> {
    const signature = this.signWith(tx, owner);
    await onSigned?.(signature);
    const pending: PendingTransaction = {
      signature,
      wire: tx.serialize().toString('base64'),
      lastValidBlockHeight,
      network: this.rpc.network,
      label,
      createdAt: Date.now(),
      owner: owner.toBase58(),
    };
    await this.#remember(pending);
    return pending;
  }

  /**
   * Click → sent in one round trip: `tx` was built and simulated with its quote and carries a
   * fresh blockhash, so it is signed as it is and sent once with the node's preflight; a refusal
   * there (PreflightRefused) means nothing was sent. Confirmation follows (subscription, polling).
   */
  async sendPrepared(built: Built, owner: PublicKey, label: string, onSigned?: OnSigned): Promise<string> {
    await this.refuseWhileInFlight(owner);
    const pending = await this.#signAndRemember(built, owner, label, onSigned);
    const { signature } = pending;
    let sent = true;
    try {
      await this.rpc.call('sendTransaction', [
        pending.wire,
        { encoding: 'base64', preflightCommitment: 'confirmed' },
      ]);
    } catch (error) {
      // Unreachable node (no answer): it may have landed. Watch it to the end like any sent one.
      sent = false;
      if (error instanceof RpcNodeError) {
        await this.#forget(signature);
        const { err, logs } = preflightData(error.data);
        throw new PreflightRefused(err ?? error.message, logs);
      }
    }
    await this.confirm(pending, sent);
    return signature;
  }

  /**
   * Refuses to sign a new transaction for `owner` while one it signed on this network may still
   * land (its blockhash not yet expired): two stakes could otherwise both go through. Costs no
   * round trip when nothing of the owner's is pending here.
   */
  async refuseWhileInFlight(owner: PublicKey): Promise<void> {
    const mine = (await this.pendingHere()).filter((p) => p.owner === owner.toBase58());
    if (!mine.length) return;
    const height = await this.rpc.call('getBlockHeight', []);
    const live = mine.find((p) => p.lastValidBlockHeight >= height);
    if (live) {
      void this.confirm(live).catch(() => {}); // keep watching it, so it clears as soon as it ends
      throw new WalletError(
        'timeout',
        `A previous transaction (${live.label}) may still land; wait for it to confirm or expire before signing another. Nothing was signed.`,
      );
    }
  }

  signWith(tx: Transaction, owner: PublicKey): string {
    const signatureBytes = this.sign(owner.toBase58(), tx.serializeMessage());
    tx.addSignature(owner, Buffer.from(signatureBytes));
    return bs58.encode(signatureBytes);
  }

  /**
   * Sends a transaction a dApp had Tidepool sign: remembered before the first send, like the
   * wallet's own, so a restarted worker finishes it. The first send runs the node's preflight so
   * its error reaches the dApp (and nothing stays pending); then it is watched to the end. Its
   * blockhash is at most 150 blocks old, so expiry is judged against now + 150. Sent, recorded and
   * watched on this sender's network: the engine of the network the request was approved for.
   */
  async sendSigned(wire: string, signature: string, label: string, skipPreflight: boolean): Promise<void> {
    const height = await this.rpc.call('getBlockHeight', []);
    const pending: PendingTransaction = {
      signature,
      wire,
      lastValidBlockHeight: height + 150,
      network: this.rpc.network,
      label,
      createdAt: Date.now(),
    };
    await this.#remember(pending);
    try {
      await this.rpc.call('sendTransaction', [
        wire,
        { encoding: 'base64', skipPreflight, preflightCommitment: 'confirmed' },
      ]);
    } catch (error) {
      // Refused by the node (preflight): it will not land. Unreachable node: it may have, so keep watching.
      if (error instanceof RpcNodeError) await this.#forget(signature);
      else void this.confirm(pending).catch(() => {});
      throw error;
    }
    void this.confirm(pending).catch(() => {});
  }

  /**
   * Sends (and re-sends the same bytes) until confirmed, failed or expired, on the record's
   * network, which must be this sender's (confirm-watch.ts); one watcher per signature.
   */
  confirm(pending: PendingTransaction, justSent = false): Promise<void> {
    if (!this.#isHere(pending))
      return Promise.reject(new Error(`${pending.signature} was sent on another network than this sender's`));
    const running = this.#watching.get(pending.signature);
    if (running) return running;
    const watching = this.#confirm(pending, justSent).finally(() => this.#watching.delete(pending.signature));
    this.#watching.set(pending.signature, watching);
    return watching;
  }

  async #confirm(pending: PendingTransaction, justSent: boolean): Promise<void> {
    const subscription = watchSignature(this.webSocket, this.rpc.network.rpcUrl, pending.signature);
    let slot: number;
    try {
      slot = await watchConfirmation(this.rpc, pending, justSent, subscription, this.confirmTimeoutMs);
    } catch (error) {
      // A timeout or an unreachable node leaves the transaction pending: it may still land.
      if (error instanceof WalletError && (error.code === 'timeout' || error.code === 'rpc_error'))
        throw error;
      await this.#forget(pending.signature);
      throw error;
    } finally {
      subscription?.close();
    }
    await this.#forget(pending.signature);
    const landed: LandedTransaction = { ...pending, slot };
    await Promise.all(this.#landedListeners.map((listener) => listener(landed).catch(() => undefined)));
  }

  /** After a worker restart: finish confirming what was sent on this network, without signing anything new. */
  async resumePending(): Promise<void> {
    for (const tx of await this.pendingHere()) await this.confirm(tx).catch(() => {});
  }

  /**
   * How a transaction signed before a restart ended: confirmed (resolves), failed or expired
   * (throws), or never sent at all, which only the pending record can tell (throws `interrupted`).
   */
  async settle(signature: string): Promise<void> {
    const running = this.#watching.get(signature);
    if (running) return running;
    const pending = (await this.pendingHere()).find((p) => p.signature === signature);
    if (pending) return this.confirm(pending);
    const {
      value: [status],
    } = await this.rpc.call('getSignatureStatuses', [[signature], { searchTransactionHistory: true }]);
    if (status?.err) throw failedOnChain(status.err);
    if (status) return;
    throw new WalletError(
      'interrupted',
      'Tidepool restarted after signing but before sending; the transaction was never sent, so nothing changed. Try again.',
    );
  }

  /** Every network's records (engines.ts resumes each on its own network). */
  async pending(): Promise<PendingTransaction[]> {
    return Object.values((await this.storage.get('pendingTransactions')) ?? {});
  }

  /** Those sent on this network (the only ones it shows or watches). */
  async pendingHere(): Promise<PendingTransaction[]> {
    return (await this.pending()).filter((p) => this.#isHere(p));
  }

  /** Sent to this sender's node: a record names the network it was sent on, and its node is where it can land. */
  #isHere(pending: PendingTransaction): boolean {
    return pending.network.rpcUrl === this.rpc.network.rpcUrl;
  }

  #remember(pending: PendingTransaction): Promise<void> {
    return serially(async () => {
      const all = (await this.storage.get('pendingTransactions')) ?? {};
      await this.storage.set('pendingTransactions', { ...all, [pending.signature]: pending });
    });
  }

  #forget(signature: string): Promise<void> {
    return serially(async () => {
      const all = (await this.storage.get('pendingTransactions')) ?? {};
      delete all[signature];
      await this.storage.set('pendingTransactions', all);
    });
  }
}

/** The `data` of a refused preflight (`{ err, logs }`), as far as the node sent it in that shape. */
function preflightData(data: unknown): { err: unknown; logs: string[] } {
  if (typeof data !== 'object' || data === null) return { err: undefined, logs: [] };
  const logs =
    'logs' in data && Array.isArray(data.logs)
      ? data.logs.filter((line): line is string => typeof line === 'string')
      : [];
  return { err: 'err' in data ? data.err : undefined, logs };
}

/** Turns a simulation error into a sentence, quoting the program's own last error log. */
export function simulationError(err: unknown, logs: string[]): WalletError {
  return new WalletError(
    'simulation_failed',
    `The network would reject this transaction: ${failureReason(logs) ?? JSON.stringify(err)}. Nothing was signed.`,
  );
}
