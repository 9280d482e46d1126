// The one door every transaction the wallet signs goes through, and the owner of its record
// (tx-record.ts) from approval to its end. Nothing is signed unsimulated: the wallet's own
// transaction, built on a fresh blockhash (here, or in the batch that read what it needed), is
// simulated first (a refusal signs nothing); a quote's transaction comes simulated with its quote
// (SimulatedTransaction, chain-quote.ts); a dApp's own was simulated by its review and is sent
// through the node's preflight unless the dApp skips it.
// Then, always in this order: the record is approved, the signer asked (it may take its time), the
// signed bytes recorded before anything is sent (so a restarted worker only ever sends them again,
// never signs again), sent, and confirmed until the blockhash expires; an expired transaction is
// reported as expired, never as success. A sender is one network's, as its client is: what it
// builds carries that network's blockhash, is sent and watched there alone, and its record names
// that network, so a restarted worker resumes it on the same one (engines.ts).
import {
  type PublicKey,
  Transaction,
  type TransactionInstruction,
  VersionedTransaction,
} from '@solana/web3.js';
import { WalletError } from '../../shared/errors';
import type { StorageArea } from '../storage';
import { FailedOnChain, watchConfirmation } from './confirm-watch';
import { failureReason } from './program-logs';
import { RpcNodeError, type RpcClient } from './rpc-client';
import { defaultWebSocket, watchSignature, type WebSocketFactory } from './signature-watch';
import { isInFlight, TxRecords, type InFlight, type TxRecord } from './tx-record';
import { ownUnsigned, siteUnsigned, type Unsigned } from './unsigned';

const CONFIRM_TIMEOUT_MS = 120_000;
/** A dApp's transaction carries a blockhash at most this many blocks old: expiry is judged against now + this. */
const BLOCKHASH_LIFE = 150;

/** Signs `message` with the key of `address`: the only way to a key, and it may answer late (a device). */
export type Signer = (address: string, message: Uint8Array) => Promise<Uint8Array>;

/** What a transaction is for: the account that signs it, its line in Activity, and its record's id. */
export interface Intent {
  owner: PublicKey;
  label: string;
  /** An approved dApp request's own id, so the request finds its transaction after a restart; default: a new one. */
  id?: string;
}

/** The wallet's own transaction, built on a fresh blockhash of this network and not yet simulated. */
export interface Built {
  tx: Transaction;
  lastValidBlockHeight: number;
}

declare const SIMULATED: unique symbol;
/**
 * A transaction whose exact plan this network simulated without error, carrying a fresh blockhash
 * of that network: a quote's (chain-quote.ts). Only `simulated` makes one, from a successful simulation.
 */
export type SimulatedTransaction = Transaction & { readonly [SIMULATED]: true; lastValidBlockHeight: number };
export function simulated(_proof: { ok: true }, transaction: Transaction): SimulatedTransaction {
  if (transaction.lastValidBlockHeight === undefined) throw new Error('a quote carries its blockhash’s life');
  return transaction as SimulatedTransaction;
}

/** The node's preflight refused a transaction: it was not sent, nothing was spent. */
export class PreflightRefused extends WalletError<'simulation_failed'> {
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

const interrupted = () =>
  new WalletError('interrupted', 'Tidepool restarted before the signature arrived; nothing was sent.');
const expired = () =>
  new WalletError(
    'expired',
    'The transaction expired before the network included it. Nothing was sent; try again.',
  );

/** A transaction of ours the chain confirmed, with the slot it landed in: reads of what it changed are asked from that slot on. */
export type LandedTransaction = InFlight & { slot: number };
/** Told of each transaction of ours that landed, before whoever waits for its confirmation hears of it. */
type LandedListener = (landed: LandedTransaction) => Promise<void>;

export class TransactionSender {
  readonly #records: TxRecords;
  /** The confirmation each record is watched by in this worker, one per record. */
  readonly #watching = new Map<string, Promise<string>>();
  readonly #landedListeners: LandedListener[] = [];

  constructor(
    private readonly rpc: RpcClient,
    storage: StorageArea<'local'>,
    private readonly sign: Signer,
    private readonly confirmTimeoutMs = CONFIRM_TIMEOUT_MS,
    private readonly webSocket: WebSocketFactory | null = defaultWebSocket,
  ) {
    this.#records = new TxRecords(storage);
  }

  /**
   * Calls `listener` with every transaction this sender sees land (its record and slot), the
   * wallet's own and those a dApp had signed, resumed after a restart included. A listener that
   * fails changes nothing about the transaction.
   */
  onLanded(listener: LandedListener): void {
    this.#landedListeners.push(listener);
  }

  /**
   * The wallet's own instructions, built here with a fresh blockhash, or its transaction already
   * built on one (in the batch that read what it needed): simulated, signed, sent and confirmed.
   */
  async send(intent: Intent, plan: TransactionInstruction[] | Built): Promise<string> {
    const { tx, lastValidBlockHeight } = Array.isArray(plan) ? await this.#build(intent.owner, plan) : plan;
    await this.#simulate(tx);
    // Simulated just now: the node's preflight would only repeat it (and a lagging node refuse the blockhash).
    return this.#carry(intent, ownUnsigned(tx, intent.owner, lastValidBlockHeight), { skipPreflight: true });
  }

  /**
   * A quote's transaction, signed as it is and sent once with the node's preflight (click → sent in
   * one round trip); a refusal there (PreflightRefused) means nothing was sent. Refused while
   * another transaction of the owner may still land: two stakes could otherwise both go through.
   */
  async sendQuoted(intent: Intent, tx: SimulatedTransaction): Promise<string> {
    await this.#refuseWhileInFlight(intent.owner);
    return this.#carry(intent, ownUnsigned(tx, intent.owner, tx.lastValidBlockHeight), {
      skipPreflight: false,
    });
  }

  /**
   * A dApp's own transaction, signed at the owner's place among its signers and sent (with the
   * node's preflight unless the dApp skips it, so its refusal reaches the dApp); answered once the
   * node has it, then watched to the end here.
   */
  async sendSite(intent: Intent, tx: VersionedTransaction, skipPreflight: boolean): Promise<string> {
    const { message } = tx;
    const index = message.staticAccountKeys
      .slice(0, message.header.numRequiredSignatures)
      .findIndex((k) => k.equals(intent.owner));
    if (index < 0)
      throw new WalletError('invalid_request', 'Your account is not a signer of this transaction.');
    const height = await this.rpc.call('getBlockHeight', []);
    const unsigned = siteUnsigned(tx, intent.owner, index, height + BLOCKHASH_LIFE);
    const record = await this.#signed(intent, unsigned);
    const sent = await this.#submit(record, skipPreflight);
    void this.#watch(record, sent === true).catch(() => {});
    if (sent !== true) throw sent; // unreachable node: it may land, and is watched; the dApp learns why it has no answer
    return record.signature;
  }

  async #build(feePayer: PublicKey, instructions: TransactionInstruction[]): Promise<Built> {
    const {
      value: { blockhash, lastValidBlockHeight },
    } = await this.rpc.call('getLatestBlockhash', []);
    const tx = new Transaction({ feePayer, blockhash, lastValidBlockHeight }).add(...instructions);
    return { tx, lastValidBlockHeight };
  }

  /** Records, signs, sends and confirms: the one path from approval to the end. */
  async #carry(intent: Intent, unsigned: Unsigned, { skipPreflight }: { skipPreflight: boolean }) {
    const record = await this.#signed(intent, unsigned);
    const sent = await this.#submit(record, skipPreflight);
    return this.#watch(record, sent === true);
  }

  /** Simulates without signatures; a failure throws with the program's own words. */
  async #simulate(tx: Transaction): Promise<void> {
    const result = await this.rpc.call('simulateTransaction', [
      tx.serialize({ requireAllSignatures: false, verifySignatures: false }).toString('base64'),
      { encoding: 'base64', sigVerify: false },
    ]);
    if (result.value.err) throw simulationError(result.value.err, result.value.logs ?? []);
  }

  /**
   * The one way to a signature: the record approved first (a restart then knows a signature was
   * asked for, and never asks again), the signer asked, and the signed bytes recorded before
   * anything is sent. A record a restart ended meanwhile is not sent.
   */
  async #signed({ owner, label, id = crypto.randomUUID() }: Intent, unsigned: Unsigned): Promise<InFlight> {
    const base = { id, network: this.rpc.network, owner: owner.toBase58(), label, createdAt: Date.now() };
    if (!(await this.#records.move({ ...base, status: 'approved' }, [null])))
      throw new WalletError(
        'invalid_request',
        'This transaction was carried out already. Nothing was signed.',
      );
    let signed: { wire: string; signature: string };
    try {
      signed = unsigned.withSignature(await this.sign(base.owner, unsigned.message));
    } catch (error) {
      await this.#records.removeIf(id, 'approved'); // nothing was signed: no transaction to keep
      throw error;
    }
    const record: InFlight = {
      ...base,
      status: 'signed',
      ...signed,
      lastValidBlockHeight: unsigned.lastValidBlockHeight,
    };
    if (!(await this.#records.move(record, ['approved']))) throw interrupted();
    return record;
  }

  /**
   * Gives the node the signed bytes once: true when it took them; the error when it could not be
   * reached (they may have arrived: watched like any sent). The node refusing them (its preflight)
   * means nothing was sent: the record fails, and that is thrown.
   */
  async #submit(record: InFlight, skipPreflight: boolean): Promise<true | WalletError> {
    try {
      await this.rpc.call('sendTransaction', [
        record.wire,
        { encoding: 'base64', skipPreflight, preflightCommitment: 'confirmed' },
      ]);
    } catch (error) {
      if (error instanceof RpcNodeError) {
        const { err, logs } = preflightData(error.data);
        const refused = new PreflightRefused(err ?? error.message, logs);
        await this.#settle(record, {
          status: 'failed',
          error: { code: refused.code, message: refused.message },
        });
        throw refused;
      }
      await this.#records.move({ ...record, status: 'submitted' }, ['signed']);
      return error instanceof WalletError ? error : new WalletError('rpc_error', String(error));
    }
    await this.#records.move({ ...record, status: 'submitted' }, ['signed']);
    return true;
  }

  /** Refuses while a transaction `owner` signed (or is signing) on this network may still land. */
  async #refuseWhileInFlight(owner: PublicKey): Promise<void> {
    const mine = (await this.#here()).filter(
      (r) => r.owner === owner.toBase58() && (r.status === 'approved' || isInFlight(r)),
    );
    if (!mine.length) return; // no round trip when nothing of the owner's is in flight here
    const height = await this.rpc.call('getBlockHeight', []);
    const live = mine.find((r) => !isInFlight(r) || r.lastValidBlockHeight >= height);
    if (!live) return;
    if (isInFlight(live)) void this.#watch(live).catch(() => {}); // so it clears as soon as it ends
    throw new WalletError(
      'timeout',
      `A previous transaction (${live.label}) may still land; wait for it to confirm or expire before signing another. Nothing was signed.`,
    );
  }

  /**
   * Sends (and re-sends the same bytes) until confirmed, failed or expired, on this network; one
   * watcher per record. Resolves with the signature once confirmed; a timeout or an unreachable
   * node leaves the record in flight (it may still land).
   */
  #watch(record: InFlight, justSent = false): Promise<string> {
    const running = this.#watching.get(record.id);
    if (running) return running;
    const watching = this.#confirm(record, justSent).finally(() => this.#watching.delete(record.id));
    this.#watching.set(record.id, watching);
    return watching;
  }

  async #confirm(record: InFlight, justSent: boolean): Promise<string> {
    const subscription = watchSignature(this.webSocket, this.rpc.network.rpcUrl, record.signature);
    let landedSlot: number;
    try {
      landedSlot = await watchConfirmation(this.rpc, record, justSent, subscription, this.confirmTimeoutMs);
    } catch (error) {
      if (error instanceof FailedOnChain)
        await this.#settle(record, {
          status: 'failed',
          error: { code: error.code, message: error.message },
          landedSlot: error.landedSlot,
        });
      else if (error instanceof WalletError && error.code === 'expired')
        await this.#settle(record, { status: 'expired' });
      throw error;
    } finally {
      subscription?.close();
    }
    await this.#settle(record, { status: 'confirmed', landedSlot });
    const landed: LandedTransaction = { ...record, slot: landedSlot };
    await Promise.all(this.#landedListeners.map((listener) => listener(landed).catch(() => undefined)));
    return record.signature;
  }

  async #settle(
    { wire: _wire, lastValidBlockHeight: _height, ...record }: InFlight,
    end:
      | { status: 'confirmed'; landedSlot: number }
      | { status: 'failed'; error: TxFailure; landedSlot?: number }
      | { status: 'expired' },
  ): Promise<void> {
    await this.#records.move({ ...record, ...end, settledAt: Date.now() }, ['signed', 'submitted']);
  }

  /** A record whose signature was asked for by a worker that stopped: the answer is lost, nothing was sent. */
  async #abandon(record: Extract<TxRecord, { status: 'approved' }>): Promise<void> {
    const error = { code: 'interrupted', message: interrupted().message } as const;
    await this.#records.move({ ...record, status: 'failed', signature: null, error, settledAt: Date.now() }, [
      'approved',
    ]);
  }

  /**
   * After a worker restart: every record of this network finished without signing anything. The
   * signed ones are sent again and watched to their end; one whose signature never arrived fails.
   */
  async resume(): Promise<void> {
    for (const record of await this.#here()) {
      if (record.status === 'approved') await this.#abandon(record);
      else if (isInFlight(record)) await this.#watch(record).catch(() => {});
    }
  }

  /**
   * How the transaction of record `id` ended (a restarted worker answers a dApp with it), waiting
   * while it may still land: its signature once confirmed; null when it was never signed, so
   * nothing was sent; throws how it failed or expired.
   */
  async settle(id: string): Promise<string | null> {
    const record = await this.#records.get(id);
    switch (record?.status) {
      case undefined:
        return null;
      case 'approved':
        await this.#abandon(record);
        return null;
      case 'signed':
      case 'submitted':
        return this.#watch(record);
      case 'confirmed':
        return record.signature;
      case 'failed':
        if (record.signature === null) return null;
        throw new WalletError(record.error.code, record.error.message);
      case 'expired':
        throw expired();
      default: {
        const never: never = record;
        return never;
      }
    }
  }

  /** This network's signed transactions that may still land (the popup says they are on their way). */
  async inFlight(): Promise<InFlight[]> {
    return (await this.#here()).filter(isInFlight);
  }

  /** The records of this network: only its node can take its transactions, so only they are its. */
  async #here(): Promise<TxRecord[]> {
    return (await this.#records.all()).filter((r) => r.network.rpcUrl === this.rpc.network.rpcUrl);
  }
}

/** How a failed transaction's record says it failed. */
type TxFailure = Extract<TxRecord, { status: 'failed' }>['error'];

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
