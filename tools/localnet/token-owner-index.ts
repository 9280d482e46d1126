// Token accounts by owner, as a real node's secondary index (--account-index spl-token-owner)
// answers getTokenAccountsByOwner without scanning every token account. Built from one scan of both
// token programs the first time it is asked; from then on the chain reports every address it may
// have written (setAccount, airdrops, and every account a transaction names, lookup-table ones
// included) with each account as it now is, so the index holds exactly what a full scan would find:
// every account of the token programs as it now is (mints too, which jsonParsed reads for decimals).
import bs58 from 'bs58';
import {
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  type AccountReader,
  type StoredAccount,
} from './accounts.ts';

const TOKEN_ACCOUNT_SIZE = 165;
const OWNER_OFFSET = 32;

/** The same test the scan applied: an account of a token program long enough to have an owner field. */
export function tokenAccountOwner(account: StoredAccount | null): string | null {
  if (!account || (account.owner !== TOKEN_PROGRAM_ID && account.owner !== TOKEN_2022_PROGRAM_ID))
    return null;
  if (account.data.length < TOKEN_ACCOUNT_SIZE) return null;
  return bs58.encode(account.data.subarray(OWNER_OFFSET, OWNER_OFFSET + 32));
}

export interface TokenAccountSource extends AccountReader {
  scanProgramAccounts(programId: string): { address: string; account: StoredAccount }[];
}

const isTokenProgram = (owner: string) => owner === TOKEN_PROGRAM_ID || owner === TOKEN_2022_PROGRAM_ID;

export class TokenOwnerIndex implements AccountReader {
  #byOwner: Map<string, Set<string>> | null = null;
  readonly #ownerOf = new Map<string, string>();
  /** Every account the token programs own, as last written. */
  readonly #accounts = new Map<string, StoredAccount>();

  constructor(private readonly chain: TokenAccountSource) {}

  /** Accounts that may have changed, as they now are: placed once the index exists (before, the scan sees them). */
  written(accounts: ReadonlyMap<string, StoredAccount | null>): void {
    if (!this.#byOwner) return;
    for (const [address, account] of accounts) this.#place(address, account);
  }

  /** Every token account whose owner field is `owner`, as a scan of both token programs would find them. */
  ownedBy(owner: string): { address: string; account: StoredAccount }[] {
    const byOwner = this.#built();
    return [...(byOwner.get(owner) ?? [])].map((address) => ({
      address,
      account: this.#accounts.get(address)!,
    }));
  }

  /** An account as the chain holds it: token-program accounts from the index, any other from the chain. */
  getAccount(address: string): StoredAccount | null {
    this.#built();
    return this.#accounts.get(address) ?? this.chain.getAccount(address);
  }

  #built(): Map<string, Set<string>> {
    if (!this.#byOwner) {
      this.#byOwner = new Map();
      for (const program of [TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID]) {
        for (const { address, account } of this.chain.scanProgramAccounts(program))
          this.#place(address, account);
      }
    }
    return this.#byOwner;
  }

  #place(address: string, account: StoredAccount | null): void {
    if (account && isTokenProgram(account.owner)) this.#accounts.set(address, account);
    else this.#accounts.delete(address);
    const owner = tokenAccountOwner(account);
    const byOwner = this.#byOwner!;
    const before = this.#ownerOf.get(address);
    if (before === owner) return;
    if (before !== undefined) {
      byOwner.get(before)?.delete(address);
      this.#ownerOf.delete(address);
    }
    if (owner === null) return;
    this.#ownerOf.set(address, owner);
    const set = byOwner.get(owner) ?? new Set<string>();
    set.add(address);
    byOwner.set(owner, set);
  }
}
