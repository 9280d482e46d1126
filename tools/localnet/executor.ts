// Running transactions on the SVM as a node does: checks before execution (blockhash, signatures,
// duplicates), simulation with the accounts asked for, and a landed transaction's record.
import type { FailedTransactionMetadata, LiteSVM, TransactionMetadata } from 'litesvm';
import { getTransactionDecoder } from '@solana/kit';
import { VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { storedAccount, type AccountReader, type StoredAccount } from './accounts.ts';
import { transactionFee } from './fees.ts';
import { lookupTableAddresses } from './lookup-tables.ts';
import { tokenBalanceOf, type TokenBalance } from './parsed-accounts.ts';
import type { TransactionRecord } from './transaction-history.ts';
import { toRpcError, type RpcTransactionError } from './tx-errors.ts';

export interface SimulationResult {
  err: RpcTransactionError | null;
  logs: string[];
  unitsConsumed: bigint;
  accounts: Map<string, StoredAccount | null>;
  /** What the last instruction that set return data set (none when it is empty, as nodes answer). */
  returnData: { programId: string; data: Uint8Array } | null;
}

export interface SimulationOptions {
  replaceRecentBlockhash?: boolean;
  sigVerify?: boolean;
  accounts?: string[];
}

export class TransactionRejected extends Error {
  constructor(
    readonly err: RpcTransactionError,
    readonly logs: string[],
    message: string,
  ) {
    super(message);
  }
}

/** What the executor needs of the chain around it. */
export interface ExecutionHost extends AccountReader {
  readonly svm: LiteSVM;
  readonly clock: { readonly slot: bigint; readonly blockTime: number };
  isBlockhashValid(blockhash: string): boolean;
  alreadyProcessed(signature: string): boolean;
  /** Addresses a transaction is about to write. */
  writing(addresses: string[]): void;
  /** Addresses a transaction may have just written (executed or only charged its fee). */
  written(addresses: string[]): void;
  /** A transaction landed in the current slot. */
  landed(record: TransactionRecord): void;
}

function parseTransaction(wire: Uint8Array): VersionedTransaction {
  try {
    return VersionedTransaction.deserialize(wire);
  } catch (error) {
    throw new TransactionRejected(
      'SanitizeFailure',
      [],
      `failed to deserialize transaction: ${(error as Error).message}`,
    );
  }
}

function returnDataOf(meta: TransactionMetadata): SimulationResult['returnData'] {
  const returned = meta.returnData();
  const data = returned.data();
  return data.length === 0
    ? null
    : { programId: bs58.encode(returned.programId()), data: new Uint8Array(data) };
}

/** Fee as the runtime charges it: per signature, plus the compute-budget priority fee. */
export const feeFor = transactionFee;

export class Executor {
  readonly #decoder = getTransactionDecoder();

  constructor(private readonly host: ExecutionHost) {}

  #verifySignatures(tx: VersionedTransaction): boolean {
    // litesvm verifies signatures itself when sending; for simulation sigVerify is optional,
    // and a transaction with missing (all-zero) signatures must still simulate.
    return tx.signatures.every((s) => s.some((b) => b !== 0));
  }

  simulate(wire: Uint8Array, opts: SimulationOptions = {}): SimulationResult {
    const tx = parseTransaction(wire);
    if (opts.sigVerify && !this.#verifySignatures(tx)) {
      return { err: 'SignatureFailure', logs: [], unitsConsumed: 0n, accounts: new Map(), returnData: null };
    }
    if (!opts.replaceRecentBlockhash && !this.host.isBlockhashValid(tx.message.recentBlockhash)) {
      return { err: 'BlockhashNotFound', logs: [], unitsConsumed: 0n, accounts: new Map(), returnData: null };
    }
    const kitTx = this.#decoder.decode(wire);
    // Simulation never requires signatures, as on a real node with sigVerify off.
    const svm = this.host.svm;
    const result = svm.withSigverify(false).simulateTransaction(kitTx);
    svm.withSigverify(true);
    const accounts = new Map<string, StoredAccount | null>();
    if ('err' in result) {
      const failed = result as FailedTransactionMetadata;
      for (const key of opts.accounts ?? []) accounts.set(key, null);
      return {
        err: toRpcError(failed),
        logs: failed.meta().logs(),
        unitsConsumed: failed.meta().computeUnitsConsumed(),
        accounts,
        returnData: returnDataOf(failed.meta()),
      };
    }
    const post = new Map(result.postAccounts().map((a) => [a.address as string, a]));
    for (const key of opts.accounts ?? []) {
      const after = post.get(key);
      accounts.set(key, after ? storedAccount(after) : this.host.getAccount(key));
    }
    const meta = result.meta();
    return {
      err: null,
      logs: meta.logs(),
      unitsConsumed: meta.computeUnitsConsumed(),
      accounts,
      returnData: returnDataOf(meta),
    };
  }

  /**
   * Executes a signed transaction. A transaction that fails in the runtime is still recorded
   * (and charged its fee), as on a real cluster; one that cannot be executed at all throws.
   */
  send(wire: Uint8Array): TransactionRecord {
    const tx = parseTransaction(wire);
    const keys = tx.message.staticAccountKeys.map((k) => k.toBase58());
    const signature = bs58.encode(tx.signatures[0] ?? new Uint8Array(64));
    if (this.host.alreadyProcessed(signature))
      throw new TransactionRejected('AlreadyProcessed', [], 'This transaction has already been processed');
    if (!this.host.isBlockhashValid(tx.message.recentBlockhash)) {
      throw new TransactionRejected('BlockhashNotFound', [], 'Blockhash not found');
    }
    if (!this.#verifySignatures(tx))
      throw new TransactionRejected(
        'SignatureFailure',
        [],
        'Transaction did not pass signature verification',
      );
    const preBalances = keys.map((k) => this.host.getAccount(k)?.lamports ?? 0n);
    const preTokenBalances = this.#tokenBalances(keys);
    // Resolved before execution, as the runtime loads them: what the transaction may write.
    const loaded = lookupTableAddresses(this.host, tx);
    this.host.writing([...keys, ...loaded]);
    const result = this.host.svm.sendTransaction(this.#decoder.decode(wire));
    this.host.written([...keys, ...loaded]);
    const failed = 'err' in result ? (result as FailedTransactionMetadata) : null;
    const meta = failed ? failed.meta() : (result as TransactionMetadata);
    const err = failed ? toRpcError(failed) : null;
    // Errors that happen before execution (fee payer cannot pay, bad account) do not land in a block.
    if (failed && typeof err === 'string')
      throw new TransactionRejected(err, meta.logs(), `Transaction failed: ${err}`);
    const record: TransactionRecord = {
      signature,
      slot: this.host.clock.slot,
      blockTime: this.host.clock.blockTime,
      err,
      logs: meta.logs(),
      fee: feeFor(tx),
      wire,
      version: tx.version === 'legacy' ? 'legacy' : 0,
      accountKeys: keys,
      preBalances,
      postBalances: keys.map((k) => this.host.getAccount(k)?.lamports ?? 0n),
      preTokenBalances,
      postTokenBalances: this.#tokenBalances(keys),
      computeUnits: meta.computeUnitsConsumed(),
    };
    this.host.landed(record);
    return record;
  }

  #tokenBalances(keys: string[]): TokenBalance[] {
    const balances: TokenBalance[] = [];
    keys.forEach((key, accountIndex) => {
      const balance = tokenBalanceOf(this.host, key, accountIndex);
      if (balance) balances.push(balance);
    });
    return balances;
  }
}
