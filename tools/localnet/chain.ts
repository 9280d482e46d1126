// The local chain: a litesvm instance (the real SVM with the real system, token, stake and
// vote programs) plus the bookkeeping an RPC node does around it: its time (chain-clock.ts), the
// blockhashes it hands out (blockhashes.ts), transactions run as a node runs them (executor.ts),
// the transaction history (transaction-history.ts) and the account indexes.
import { LiteSVM, type FailedTransactionMetadata, type TransactionMetadata } from 'litesvm';
import { lamports as kitLamports, type Address } from '@solana/kit';
import type { VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { toRpcError } from './tx-errors.ts';
import type { LedgerSnapshot } from './ledger-snapshot.ts';
import { storedAccount, systemAccount, type AccountReader, type StoredAccount } from './accounts.ts';
import { TokenOwnerIndex, tokenAccountOwner } from './token-owner-index.ts';
import { IndexLag } from './index-lag.ts';
import { ProgramAccountsIndex } from './program-index.ts';
import { SYSVAR_OWNER } from './slot-hashes.ts';
import { TransactionHistory, type TransactionRecord } from './transaction-history.ts';
import { RewardHistory } from './reward-history.ts';
import { ChainClock } from './chain-clock.ts';
import { Blockhashes } from './blockhashes.ts';
import { loadProgram } from './program-loader.ts';
import { chainIdentity, derivedHash, type ChainIdentity } from './genesis.ts';
import { Executor, feeFor, type SimulationOptions, type SimulationResult } from './executor.ts';

const FIRST_EPOCH = 100n;
/**
 * An address as litesvm takes it. Every address here was checked as base58 of 32 bytes where it
 * came in (RPC params, account files) or made from bytes; kit's address() checks again by decoding,
 * which dominated writing thousands of accounts.
 */
const svmAddress = (address: string) => address as Address;
const NODE_IDENTITY_LAMPORTS = 1_000_000_000n;

interface ChainOptions {
  /** A ledger saved by snapshot(); programs and accounts given here are applied on top. */
  snapshot?: LedgerSnapshot;
  programs?: { programId: string; path: string }[];
  accounts?: { address: string; account: StoredAccount }[];
  /** Start at this slot instead of the genesis default (solana-test-validator's --warp-slot). */
  warpSlot?: bigint;
  /** Serve getProgramAccounts and getTokenAccountsByOwner as their index was this many writes ago (index-lag.ts). */
  indexLag?: number;
  /** How many epochs of paid rewards getInflationReward serves (default 16, reward-history.ts). */
  rewardEpochs?: number;
  /** How long a slot lasts, in milliseconds (default 400): what block times and the Clock sysvar count in. */
  slotMs?: number;
  /** This chain's genesis hash (base58, 32 bytes); default: the saved ledger's, else a fresh one. */
  genesisHash?: string;
  /** What the blockhashes derive from; default: the saved ledger's, else the genesis hash. */
  blockhashSeed?: string;
}

export class LocalChain implements AccountReader {
  readonly svm: LiteSVM;
  readonly loadedPrograms: string[];
  readonly clock: ChainClock;
  readonly identity: ChainIdentity;
  /** The node's identity: a funded system account, the fee payer of what the node simulates itself. */
  readonly nodeIdentity: string;
  readonly #blockhashes: Blockhashes;
  /** Every transaction that landed, by signature and by address: what getTransaction and getSignaturesForAddress read. */
  readonly history = new TransactionHistory();
  /** What each epoch boundary paid, as the epochs' first blocks record it: what getInflationReward reads. */
  readonly rewards: RewardHistory;
  /** Every address whose account this chain may have written: what a snapshot must keep. */
  readonly #touched = new Set<string>();
  /** Told of every write that can reach a token account (see #written): what keeps it exact. */
  readonly #tokenOwners = new TokenOwnerIndex(this);
  /** Stake, vote and stake-pool accounts, told of the same writes: getProgramAccounts and reads without the SVM. */
  readonly #programAccounts = new ProgramAccountsIndex(this, this.#tokenOwners);
  readonly #executor: Executor;
  readonly #writeListeners: ((addresses: string[]) => void)[] = [];
  /** What the secondary indexes answer with (absent while the genesis accounts are loaded: they are the index's start). */
  #lag: IndexLag | null = null;

  constructor(options: ChainOptions = {}) {
    // Blockhash age is checked here, against a window like a real node's, so that every
    // getLatestBlockhash can hand out a fresh hash without invalidating the previous ones.
    this.svm = new LiteSVM().withBlockhashCheck(false).withTransactionHistory(100_000n);
    for (const program of options.programs ?? []) loadProgram(this, program.programId, program.path);
    this.loadedPrograms = (options.programs ?? []).map((p) => p.programId);
    for (const { address, account } of [...(options.snapshot?.accounts ?? []), ...(options.accounts ?? [])])
      this.setAccount(address, account);
    const slot =
      options.warpSlot ?? options.snapshot?.slot ?? FIRST_EPOCH * this.svm.getEpochSchedule().slotsPerEpoch;
    this.clock = new ChainClock(this.svm, {
      slot,
      blockHeight: options.snapshot?.blockHeight ?? slot,
      slotMs: options.slotMs,
    });
    this.rewards = new RewardHistory(options.rewardEpochs);
    this.identity = chainIdentity(options, options.snapshot?.identity);
    this.#blockhashes = new Blockhashes(
      this.svm,
      this.identity.blockhashSeed,
      options.snapshot?.blockhashesIssued,
    );
    this.nodeIdentity = derivedHash('node identity', this.identity.genesisHash);
    if (!this.getAccount(this.nodeIdentity))
      this.setAccount(this.nodeIdentity, systemAccount(NODE_IDENTITY_LAMPORTS));
    this.#lag = new IndexLag(this, options.indexLag ?? 0);
    this.#executor = new Executor({
      svm: this.svm,
      clock: this.clock,
      getAccount: (address) => this.getAccount(address),
      isBlockhashValid: (blockhash) => this.isBlockhashValid(blockhash),
      alreadyProcessed: (signature) => this.history.get(signature) !== undefined,
      writing: (addresses) => this.#lag?.beforeWrite(addresses),
      written: (addresses) => this.#written(addresses),
      landed: (record) => {
        this.#record(record);
        this.clock.advanceSlots(1n);
      },
    });
  }

  /** The accounts and clock, so a restart without --reset continues where it stopped. */
  snapshot(): LedgerSnapshot {
    const accounts = [...this.#touched].flatMap((address) => {
      const account = this.getAccount(address);
      // Programs and sysvars are the runtime's own; they are never restored from a snapshot.
      return account && !account.executable && account.owner !== SYSVAR_OWNER ? [{ address, account }] : [];
    });
    return {
      slot: this.slot,
      blockHeight: this.blockHeight,
      identity: this.identity,
      blockhashesIssued: this.#blockhashes.issued,
      accounts,
    };
  }

  get slot(): bigint {
    return this.clock.slot;
  }
  get blockHeight(): bigint {
    return this.clock.blockHeight;
  }
  get slotsPerEpoch(): bigint {
    return this.clock.slotsPerEpoch;
  }
  get epoch(): bigint {
    return this.clock.epoch;
  }
  get blockTime(): number {
    return this.clock.blockTime;
  }

  /** A fresh blockhash for every caller, valid for the next BLOCKHASH_VALIDITY blocks. */
  issueBlockhash(): { blockhash: string; lastValidBlockHeight: bigint } {
    return this.#blockhashes.issue(this.blockHeight);
  }

  isBlockhashValid(blockhash: string): boolean {
    return this.#blockhashes.isValid(blockhash, this.blockHeight);
  }

  getAccount(address: string): StoredAccount | null {
    const account = this.svm.getAccount(svmAddress(address));
    if (!account.exists) return null;
    return {
      lamports: BigInt(account.lamports),
      owner: account.programAddress,
      data: account.data,
      executable: account.executable,
    };
  }

  setAccount(address: string, account: StoredAccount): void {
    this.#lag?.beforeWrite([address]);
    this.#touched.add(address);
    this.svm.setAccount({
      address: svmAddress(address),
      lamports: kitLamports(account.lamports),
      programAddress: svmAddress(account.owner),
      executable: account.executable,
      data: account.data,
      space: BigInt(account.data.length),
    });
    this.#written([address], account);
  }

  /**
   * Addresses whose accounts may have just changed. Every write that can reach a token account ends
   * here: setAccount, airdrops and transactions (litesvm writes only the accounts a transaction
   * names); the clock and slot hashes the chain writes itself are sysvars, never token accounts.
   */
  #written(addresses: Iterable<string>, known?: StoredAccount): void {
    const accounts = new Map<string, StoredAccount | null>();
    // Read once here for both indexes; an account just set is known without reading it back.
    for (const address of addresses)
      accounts.set(address, known && known.lamports > 0n ? known : this.getAccount(address));
    this.#tokenOwners.written(accounts);
    this.#programAccounts.written(accounts);
    const all = [...accounts.keys()];
    for (const listener of this.#writeListeners) listener(all);
  }

  /** Calls `listener` with the addresses of every later write (what keeps a derived answer fresh). */
  onWritten(listener: (addresses: string[]) => void): void {
    this.#writeListeners.push(listener);
  }

  /** Token accounts (both token programs) whose owner field is `owner`, as the (maybe lagging) index answers. */
  indexedTokenAccounts(owner: string): { address: string; account: StoredAccount }[] {
    const live = this.#tokenOwners.ownedBy(owner);
    return this.#lag ? this.#lag.answer(live, (account) => tokenAccountOwner(account) === owner) : live;
  }

  /** A program's accounts as the (maybe lagging) index answers getProgramAccounts. */
  indexedProgramAccounts(programId: string): { address: string; account: StoredAccount }[] {
    const live = this.getProgramAccounts(programId);
    return this.#lag ? this.#lag.answer(live, (account) => account.owner === programId) : live;
  }

  /** Reads token, stake, vote and stake-pool accounts from the indexes (no SVM round trip), any other from the SVM. */
  get indexed(): AccountReader {
    return this.#programAccounts;
  }

  /** A program's accounts: from the index for the indexed programs (program-index.ts), else a scan of the SVM. */
  getProgramAccounts(programId: string): { address: string; account: StoredAccount }[] {
    return this.#programAccounts.indexes(programId)
      ? this.#programAccounts.accountsOf(programId)
      : this.scanProgramAccounts(programId);
  }

  /** Every account the SVM holds for `programId`, read there (what the indexes are checked against). */
  scanProgramAccounts(programId: string): { address: string; account: StoredAccount }[] {
    return this.svm
      .getProgramAccounts(svmAddress(programId))
      .map((a) => ({ address: a.address, account: storedAccount(a) }));
  }

  minimumBalanceForRentExemption(dataLength: number): bigint {
    return this.svm.minimumBalanceForRentExemption(BigInt(dataLength));
  }

  /** Credits lamports out of thin air, as a faucet; recorded like any other transaction. */
  airdrop(to: string, lamports: bigint): string {
    const pre = this.getAccount(to)?.lamports ?? 0n;
    this.#lag?.beforeWrite([to]);
    const result = this.svm.airdrop(svmAddress(to), kitLamports(lamports));
    this.#written([to]);
    if (!result || 'err' in result)
      throw new Error(
        `airdrop failed: ${result ? String(toRpcError(result as FailedTransactionMetadata)) : 'no result'}`,
      );
    const signature = bs58.encode((result as TransactionMetadata).signature());
    this.#record({
      signature,
      slot: this.slot,
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
    this.clock.advanceSlots(1n);
    return signature;
  }

  /** Fee as the runtime charges it: per signature, plus the compute-budget priority fee. */
  feeFor(tx: VersionedTransaction): bigint {
    return feeFor(tx);
  }

  simulate(wire: Uint8Array, opts: SimulationOptions = {}): SimulationResult {
    return this.#executor.simulate(wire, opts);
  }

  /** Executes a signed transaction (see Executor.send). */
  send(wire: Uint8Array): TransactionRecord {
    return this.#executor.send(wire);
  }

  #record(record: TransactionRecord): void {
    this.history.add(record);
    for (const key of record.accountKeys) this.#touched.add(key);
  }

  /** Produces `count` blocks. */
  advanceSlots(count: bigint): void {
    this.clock.advanceSlots(count);
  }

  /** Moves to the first slot of the next epoch. */
  advanceEpoch(): bigint {
    return this.clock.advanceEpoch();
  }
}
