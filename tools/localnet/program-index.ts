// Accounts of the stake, vote and stake-pool programs, kept as last written: a real node's
// program-id index (--account-index program-id) answers getProgramAccounts for one program without
// scanning every account, and serves reads of these accounts without going through the SVM (each
// read there crosses into litesvm and copies the account). Built from one scan of each program the
// first time it is asked; from then on the chain reports every address it may have written
// (setAccount, airdrops, and every account a transaction names, lookup-table ones included) with
// each account as it now is, so the index holds what a scan would find now.
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs.ts';
import { STAKE_PROGRAM_ID, VOTE_PROGRAM_ID, type AccountReader, type StoredAccount } from './accounts.ts';

export interface ProgramAccountSource extends AccountReader {
  /** A full scan of the program's accounts, straight from the SVM. */
  scanProgramAccounts(programId: string): { address: string; account: StoredAccount }[];
}

/**
 * The programs whose accounts are indexed: what a portfolio refresh and a stake quote read most,
 * and the vote accounts getVoteAccounts reads (thousands of validators on a busy localnet).
 */
export const INDEXED_PROGRAMS: readonly string[] = [
  STAKE_PROGRAM_ID,
  VOTE_PROGRAM_ID,
  ...Object.values(STAKE_POOL_PROGRAMS).map((p) => p.toBase58()),
];

export class ProgramAccountsIndex implements AccountReader {
  /** program → address → account; null until the first question. */
  #byProgram: Map<string, Map<string, StoredAccount>> | null = null;
  readonly #programOf = new Map<string, string>();

  /** `fallback` reads every account the index does not hold (those of other programs). */
  constructor(
    private readonly chain: ProgramAccountSource,
    private readonly fallback: AccountReader,
  ) {}

  indexes(programId: string): boolean {
    return INDEXED_PROGRAMS.includes(programId);
  }

  /** Accounts that may have changed, as they now are: placed once the index exists (before, the scan sees them). */
  written(accounts: ReadonlyMap<string, StoredAccount | null>): void {
    if (!this.#byProgram) return;
    for (const [address, account] of accounts) this.#place(address, account);
  }

  /** Every account `programId` (one of INDEXED_PROGRAMS) owns, as a scan would find them now. */
  accountsOf(programId: string): { address: string; account: StoredAccount }[] {
    const accounts = this.#built().get(programId);
    if (!accounts) throw new Error(`${programId} is not an indexed program`);
    return [...accounts].map(([address, account]) => ({ address, account }));
  }

  /** An account as the chain holds it: an indexed program's from the index, any other from the fallback. */
  getAccount(address: string): StoredAccount | null {
    const program = this.#built() && this.#programOf.get(address);
    return program ? this.#byProgram!.get(program)!.get(address)! : this.fallback.getAccount(address);
  }

  #built(): Map<string, Map<string, StoredAccount>> {
    if (!this.#byProgram) {
      this.#byProgram = new Map(INDEXED_PROGRAMS.map((p) => [p, new Map()]));
      for (const program of INDEXED_PROGRAMS) {
        for (const { address, account } of this.chain.scanProgramAccounts(program))
          this.#place(address, account);
      }
    }
    return this.#byProgram;
  }

  #place(address: string, account: StoredAccount | null): void {
    const byProgram = this.#byProgram!;
    const before = this.#programOf.get(address);
    if (before !== undefined) byProgram.get(before)!.delete(address);
    const accounts = account ? byProgram.get(account.owner) : undefined;
    if (!accounts) {
      this.#programOf.delete(address);
      return;
    }
    accounts.set(address, account!);
    this.#programOf.set(address, account!.owner);
  }
}
