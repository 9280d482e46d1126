// The local chain: a litesvm instance (the real SVM with the real system, token, stake and
// vote programs) plus the bookkeeping an RPC node does around it: slots and block height,
// a window of valid blockhashes, the transaction history (transaction-history.ts) and the account indexes.
import { LiteSVM, Clock, type FailedTransactionMetadata, type TransactionMetadata } from 'litesvm';
import { address as kitAddress, getTransactionDecoder, lamports as kitLamports } from '@solana/kit';
import { VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { toRpcError, type RpcTransactionError } from './tx-errors.ts';
import { tokenBalanceOf, type TokenBalance } from './parsed-accounts.ts';
import type { LedgerSnapshot } from './ledger-snapshot.ts';
import type { AccountReader, StoredAccount } from './accounts.ts';
import { transactionFee } from './fees.ts';
import { TokenOwnerIndex } from './token-owner-index.ts';
import { ProgramAccountsIndex } from './program-index.ts';
import { SYSVAR_OWNER, SlotHashes } from './slot-hashes.ts';
import { lookupTableAddresses } from './lookup-tables.ts';
import { TransactionHistory, type TransactionRecord } from './transaction-history.ts';

/** How many blocks a blockhash stays usable, as on a real cluster. */
export const BLOCKHASH_VALIDITY = 150n;
const FIRST_EPOCH = 100n;
const SLOT_MS = 400n;
const GENESIS_UNIX = 1_750_000_000n;

interface SimulationResult {
  err: RpcTransactionError | null;
  logs: string[];
  unitsConsumed: bigint;
  accounts: Map<string, StoredAccount | null>;
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

interface ChainOptions {
  /** A ledger saved by snapshot(); programs and accounts given here are applied on top. */
  snapshot?: LedgerSnapshot;
  programs?: { programId: string; path: string }[];
  accounts?: { address: string; account: StoredAccount }[];
  /** Start at this slot instead of the genesis default (solana-test-validator's --warp-slot). */
  warpSlot?: bigint;
}

export class LocalChain implements AccountReader {
  readonly svm: LiteSVM;
  readonly loadedPrograms: string[];
  #slot: bigint;
  #blockHeight: bigint;
  readonly #blockhashes = new Map<string, bigint>();
  /** Every transaction that landed, by signature and by address: what getTransaction and getSignaturesForAddress read. */
  readonly history = new TransactionHistory();
  readonly #decoder = getTransactionDecoder();
  /** Every address whose account this chain may have written: what a snapshot must keep. */
  readonly #touched = new Set<string>();
  /** Told of every write that can reach a token account (see #written): what keeps it exact. */
  readonly #tokenOwners = new TokenOwnerIndex(this);
  /** Stake and stake-pool accounts, told of the same writes: getProgramAccounts and reads without the SVM. */
  readonly #programAccounts = new ProgramAccountsIndex(this, this.#tokenOwners);
  /** The SlotHashes sysvar, kept as a validator keeps it. */
  readonly #slotHashes: SlotHashes;

  constructor(options: ChainOptions = {}) {
    // Blockhash age is checked here, against a window like a real node's, so that every
    // getLatestBlockhash can hand out a fresh hash without invalidating the previous ones.
    this.svm = new LiteSVM().withBlockhashCheck(false).withTransactionHistory(100_000n);
    for (const program of options.programs ?? [])
      this.svm.addProgramFromFile(kitAddress(program.programId), program.path);
    this.loadedPrograms = (options.programs ?? []).map((p) => p.programId);
    for (const { address, account } of [...(options.snapshot?.accounts ?? []), ...(options.accounts ?? [])])
      this.setAccount(address, account);
    this.#slot = options.warpSlot ?? options.snapshot?.slot ?? FIRST_EPOCH * this.slotsPerEpoch;
    this.#blockHeight = options.snapshot?.blockHeight ?? this.#slot;
    this.#syncClock();
    this.#slotHashes = new SlotHashes(this.svm);
    this.#slotHashes.record(0n, this.#slot);
    this.#blockhashes.set(this.svm.latestBlockhash(), this.blockHeight + BLOCKHASH_VALIDITY);
  }

  /** The accounts and clock, so a restart without --reset continues where it stopped. */
  snapshot(): LedgerSnapshot {
    const accounts = [...this.#touched].flatMap((address) => {
      const account = this.getAccount(address);
      // Programs and sysvars are the runtime's own; they are never restored from a snapshot.
      return account && !account.executable && account.owner !== SYSVAR_OWNER ? [{ address, account }] : [];
    });
    return { slot: this.#slot, blockHeight: this.#blockHeight, accounts };
  }

  get slot(): bigint {
    return this.#slot;
  }
  /**
   * Blocks produced. Advancing an epoch jumps the slot without producing blocks (as skipped
   * slots do), so blockhashes handed out just before an epoch change stay usable.
   */
  get blockHeight(): bigint {
    return this.#blockHeight;
  }
  get slotsPerEpoch(): bigint {
    return this.svm.getEpochSchedule().slotsPerEpoch;
  }
  get epoch(): bigint {
    return this.#slot / this.slotsPerEpoch;
  }
  get blockTime(): number {
    return Number(GENESIS_UNIX + (this.#slot * SLOT_MS) / 1000n);
  }

  #syncClock(): void {
    const epoch = this.epoch;
    const epochStartSlot = epoch * this.slotsPerEpoch;
    this.svm.setClock(
      new Clock(
        this.#slot,
        GENESIS_UNIX + (epochStartSlot * SLOT_MS) / 1000n,
        epoch,
        epoch + 1n,
        BigInt(this.blockTime),
      ),
    );
  }

  /** Produces `count` blocks. */
  advanceSlots(count: bigint): void {
    const from = this.#slot + 1n;
    this.#slot += count;
    this.#blockHeight += count;
    this.#syncClock();
    this.#slotHashes.record(from, this.#slot);
  }

  /** A fresh blockhash for every caller, valid for the next BLOCKHASH_VALIDITY blocks. */
  issueBlockhash(): { blockhash: string; lastValidBlockHeight: bigint } {
    this.svm.expireBlockhash();
    const blockhash = this.svm.latestBlockhash();
    const lastValidBlockHeight = this.blockHeight + BLOCKHASH_VALIDITY;
    this.#blockhashes.set(blockhash, lastValidBlockHeight);
    return { blockhash, lastValidBlockHeight };
  }

  isBlockhashValid(blockhash: string): boolean {
    const lastValid = this.#blockhashes.get(blockhash);
    return lastValid !== undefined && this.blockHeight <= lastValid;
  }

  getAccount(address: string): StoredAccount | null {
    const account = this.svm.getAccount(kitAddress(address));
    if (!account.exists) return null;
    return {
      lamports: BigInt(account.lamports),
      owner: account.programAddress,
      data: account.data,
      executable: account.executable,
    };
  }

  setAccount(address: string, account: StoredAccount): void {
    this.#touched.add(address);
    this.svm.setAccount({
      address: kitAddress(address),
      lamports: kitLamports(account.lamports),
      programAddress: kitAddress(account.owner),
      executable: account.executable,
      data: account.data,
      space: BigInt(account.data.length),
    });
    this.#written([address]);
  }

  /**
   * Addresses whose accounts may have just changed. Every write that can reach a token account ends
   * here: setAccount, airdrops and transactions (litesvm writes only the accounts a transaction
   * names); the clock and slot hashes the chain writes itself are sysvars, never token accounts.
   */
  #written(addresses: Iterable<string>): void {
    const all = [...addresses];
    this.#tokenOwners.written(all);
    this.#programAccounts.written(all);
  }

  /** Token accounts (both token programs) whose owner field is `owner`, from the index. */
  tokenAccountsOwnedBy(owner: string): { address: string; account: StoredAccount }[] {
    return this.#tokenOwners.ownedBy(owner);
  }

  /** Reads token, stake and stake-pool accounts from the indexes (no SVM round trip), any other from the SVM. */
  get indexed(): AccountReader {
    return this.#programAccounts;
  }

  /** A program's accounts: from the index for the stake and stake-pool programs, else a scan of the SVM. */
  getProgramAccounts(programId: string): { address: string; account: StoredAccount }[] {
    return this.#programAccounts.indexes(programId)
      ? this.#programAccounts.accountsOf(programId)
      : this.scanProgramAccounts(programId);
  }

  /** Every account the SVM holds for `programId`, read there (what the indexes are checked against). */
  scanProgramAccounts(programId: string): { address: string; account: StoredAccount }[] {
    return this.svm.getProgramAccounts(kitAddress(programId)).map((a) => ({
      address: a.address,
      account: {
        lamports: BigInt(a.lamports),
        owner: a.programAddress,
        data: new Uint8Array(a.data),
        executable: a.executable,
      },
    }));
  }

  minimumBalanceForRentExemption(dataLength: number): bigint {
    return this.svm.minimumBalanceForRentExemption(BigInt(dataLength));
  }

  /** Credits lamports out of thin air, as a faucet; recorded like any other transaction. */
  airdrop(to: string, lamports: bigint): string {
    const pre = this.getAccount(to)?.lamports ?? 0n;
    const result = this.svm.airdrop(kitAddress(to), kitLamports(lamports));
    this.#written([to]);
    if (!result || 'err' in result)
      throw new Error(
        `airdrop failed: ${result ? String(toRpcError(result as FailedTransactionMetadata)) : 'no result'}`,
      );
    const signature = bs58.encode((result as TransactionMetadata).signature());
    this.#record({
      signature,
      slot: this.#slot,
      blockTime: this.blockTime,
      err: null,
      logs: [],
      fee: 0n,
      wire: new Uint8Array(),
      version: 'legacy',
      accountKeys: [to],
      preBalances: [pre],
      postBalances: [pre + lamports],
      preTokenBalances: [],
      postTokenBalances: [],
      computeUnits: 0n,
    });
    this.advanceSlots(1n);
    return signature;
  }

  #parse(wire: Uint8Array): { tx: VersionedTransaction; keys: string[] } {
    let tx: VersionedTransaction;
    try {
      tx = VersionedTransaction.deserialize(wire);
    } catch (error) {
      throw new TransactionRejected(
        'SanitizeFailure',
        [],
        `failed to deserialize transaction: ${(error as Error).message}`,
      );
    }
    return { tx, keys: tx.message.staticAccountKeys.map((k) => k.toBase58()) };
  }

  #verifySignatures(tx: VersionedTransaction): boolean {
    // litesvm verifies signatures itself when sending; for simulation sigVerify is optional,
    // and a transaction with missing (all-zero) signatures must still simulate.
    return tx.signatures.every((s) => s.some((b) => b !== 0));
  }

  /** Fee as the runtime charges it: per signature, plus the compute-budget priority fee. */
  feeFor(tx: VersionedTransaction): bigint {
    return transactionFee(tx);
  }

  simulate(
    wire: Uint8Array,
    opts: { replaceRecentBlockhash?: boolean; sigVerify?: boolean; accounts?: string[] } = {},
  ): SimulationResult {
    const { tx } = this.#parse(wire);
    if (opts.sigVerify && !this.#verifySignatures(tx)) {
      return { err: 'SignatureFailure', logs: [], unitsConsumed: 0n, accounts: new Map() };
    }
    if (!opts.replaceRecentBlockhash && !this.isBlockhashValid(tx.message.recentBlockhash)) {
      return { err: 'BlockhashNotFound', logs: [], unitsConsumed: 0n, accounts: new Map() };
    }
    const kitTx = this.#decoder.decode(wire);
    // Simulation never requires signatures, as on a real node with sigVerify off.
    const previous = this.svm;
    const result = previous.withSigverify(false).simulateTransaction(kitTx);
    previous.withSigverify(true);
    const accounts = new Map<string, StoredAccount | null>();
    if ('err' in result) {
      const failed = result as FailedTransactionMetadata;
      for (const key of opts.accounts ?? []) accounts.set(key, null);
      return {
        err: toRpcError(failed),
        logs: failed.meta().logs(),
        unitsConsumed: failed.meta().computeUnitsConsumed(),
        accounts,
      };
    }
    const post = new Map(result.postAccounts().map((a) => [a.address as string, a]));
    for (const key of opts.accounts ?? []) {
      const after = post.get(key);
      accounts.set(
        key,
        after
          ? {
              lamports: BigInt(after.lamports),
              owner: after.programAddress,
              data: new Uint8Array(after.data),
              executable: after.executable,
            }
          : this.getAccount(key),
      );
    }
    const meta = result.meta();
    return { err: null, logs: meta.logs(), unitsConsumed: meta.computeUnitsConsumed(), accounts };
  }

  /**
   * Executes a signed transaction. A transaction that fails in the runtime is still recorded
   * (and charged its fee), as on a real cluster; one that cannot be executed at all throws.
   */
  send(wire: Uint8Array): TransactionRecord {
    const { tx, keys } = this.#parse(wire);
    const signature = bs58.encode(tx.signatures[0] ?? new Uint8Array(64));
    const known = this.history.get(signature);
    if (known)
      throw new TransactionRejected('AlreadyProcessed', [], 'This transaction has already been processed');
    if (!this.isBlockhashValid(tx.message.recentBlockhash)) {
      throw new TransactionRejected('BlockhashNotFound', [], 'Blockhash not found');
    }
    if (!this.#verifySignatures(tx))
      throw new TransactionRejected(
        'SignatureFailure',
        [],
        'Transaction did not pass signature verification',
      );
    const preBalances = keys.map((k) => this.getAccount(k)?.lamports ?? 0n);
    const preTokenBalances = this.#tokenBalances(keys);
    // Resolved before execution, as the runtime loads them: what the transaction may write.
    const loaded = lookupTableAddresses(this, tx);
    const result = this.svm.sendTransaction(this.#decoder.decode(wire));
    this.#written([...keys, ...loaded]);
    const failed = 'err' in result ? (result as FailedTransactionMetadata) : null;
    const meta = failed ? failed.meta() : (result as TransactionMetadata);
    const err = failed ? toRpcError(failed) : null;
    // Errors that happen before execution (fee payer cannot pay, bad account) do not land in a block.
    if (failed && typeof err === 'string')
      throw new TransactionRejected(err, meta.logs(), `Transaction failed: ${err}`);
    const record: TransactionRecord = {
      signature,
      slot: this.#slot,
      blockTime: this.blockTime,
      err,
      logs: meta.logs(),
      fee: this.feeFor(tx),
      wire,
      version: tx.version === 'legacy' ? 'legacy' : 0,
      accountKeys: keys,
      preBalances,
      postBalances: keys.map((k) => this.getAccount(k)?.lamports ?? 0n),
      preTokenBalances,
      postTokenBalances: this.#tokenBalances(keys),
      computeUnits: meta.computeUnitsConsumed(),
    };
    this.#record(record);
    this.advanceSlots(1n);
    return record;
  }

  #tokenBalances(keys: string[]): TokenBalance[] {
    const balances: TokenBalance[] = [];
    keys.forEach((key, accountIndex) => {
      const balance = tokenBalanceOf(this, key, accountIndex);
      if (balance) balances.push(balance);
    });
    return balances;
  }

  #record(record: TransactionRecord): void {
    this.history.add(record);
    for (const key of record.accountKeys) this.#touched.add(key);
  }

  /** Moves to the first slot of the next epoch. */
  advanceEpoch(): bigint {
    const next = this.epoch + 1n;
    this.#slot = next * this.slotsPerEpoch;
    this.#syncClock();
    // The slots in between were skipped: no block, no slot hash.
    this.#slotHashes.record(this.#slot, this.#slot);
    return next;
  }
}
