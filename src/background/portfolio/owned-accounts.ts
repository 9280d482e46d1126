// The owner's token and stake accounts. getTokenAccountsByOwner and getProgramAccounts answer from
// secondary indexes that real providers let lag the bank by seconds: a new account missing, a
// changed one stale, a closed one still listed. So an index only says which addresses to read;
// what each one holds is read directly (getMultipleAccounts, which no index serves), and an
// account counts as the owner's only if that read says so. The indexes are asked for addresses
// alone: stake accounts with a zero-length dataSlice; token accounts with their first 32 bytes,
// the mint, which a token account never changes, so the index cannot have it stale, and the
// pool and metadata of a new account's mint are read in the same trip as the account itself.
import { PublicKey, StakeProgram } from '@solana/web3.js';
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import bs58 from 'bs58';
import type { AccountsRead } from '../chain/account-batch';
import type { RawAccount } from '../chain/raw-account';
import { rpcCall, type DataSlice, type ReadConfig } from '../chain/rpc-methods';
import type { EncodedAccount, ProgramAccount } from '../chain/rpc-shapes';
import { holdersTokenAccount } from '../chain/token-account';
import { STAKE_ACCOUNT_SIZE, decodeStakeAccount, ownerStakeAccountsCall } from '../staking/stake-account';

/** Enough of an account to read it as a token account (165 bytes and Token-2022's type byte) or a stake account. */
export const OWNED_SLICE: DataSlice = { offset: 0, length: STAKE_ACCOUNT_SIZE };
const MINT_ONLY: DataSlice = { offset: 0, length: 32 };
const NO_DATA: DataSlice = { offset: 0, length: 0 };
const STAKE = StakeProgram.programId.toBase58();
const TOKEN_PROGRAMS = [TOKEN_PROGRAM_ID.toBase58(), TOKEN_2022_PROGRAM_ID.toBase58()] as const;

/** A token account as an index listed it: its mint (base64, as sent) and program, neither of which a token account changes. */
interface ListedToken {
  mintData: string;
  programId: string;
}
/** What the indexes listed, by address. */
type Listed = ReadonlyMap<string, ListedToken | 'stake'>;

/** A token or stake account a direct read shows is the owner's. */
export type Owned =
  | { kind: 'token'; tokenAccount: string; mint: string; programId: string; balance: bigint }
  | { kind: 'stake'; pubkey: string; account: EncodedAccount };

/** The index reads of a refresh: token accounts of both programs, stake accounts the owner withdraws. */
export function indexCalls(owner: string, config: ReadConfig) {
  const tokens = (programId: string) =>
    rpcCall('getTokenAccountsByOwner', [
      owner,
      { programId },
      { encoding: 'base64', dataSlice: MINT_ONLY, ...config },
    ]);
  return [
    tokens(TOKEN_PROGRAMS[0]),
    tokens(TOKEN_PROGRAMS[1]),
    ownerStakeAccountsCall(owner, { dataSlice: NO_DATA, ...config }),
  ] as const;
}

/** The answers of indexCalls, as addresses (and a token account's mint). */
export function listing(tokens: ProgramAccount[], tokens2022: ProgramAccount[], stakes: ProgramAccount[]) {
  const listed = new Map<string, ListedToken | 'stake'>();
  const add = (items: ProgramAccount[], programId: string) => {
    for (const { pubkey, account } of items) listed.set(pubkey, { mintData: account.data[0], programId });
  };
  add(tokens, TOKEN_PROGRAMS[0]);
  add(tokens2022, TOKEN_PROGRAMS[1]);
  for (const { pubkey } of stakes) listed.set(pubkey, 'stake');
  return listed;
}

/** `account`, read directly at `address`, if it is a token or stake account of `owner`. */
function ownedBy(
  owner: { key: string; bytes: Uint8Array },
  address: string,
  account: EncodedAccount | null | undefined,
): Owned | null {
  if (account?.owner === STAKE) {
    const data = Buffer.from(account.data[0], 'base64');
    const stake = (account.space ?? data.length) === STAKE_ACCOUNT_SIZE ? decodeStakeAccount(data) : null;
    return stake?.withdrawer.toBase58() === owner.key ? { kind: 'stake', pubkey: address, account } : null;
  }
  const token = holdersTokenAccount(account, owner.bytes);
  if (!token) return null;
  return {
    kind: 'token',
    tokenAccount: address,
    mint: token.mint,
    programId: token.programId.toBase58(),
    balance: token.amount,
  };
}

/**
 * The owner's accounts over one refresh: what the indexes listed, what was read directly, and
 * which of those reads are the owner's.
 */
export class OwnedAccounts {
  readonly #reads: AccountsRead[] = [];
  readonly #read = new Set<string>();
  #owned: Owned[] | null = null;

  readonly #owner: { key: string; bytes: Uint8Array };

  constructor(
    owner: string,
    private readonly listed: Listed,
  ) {
    this.#owner = { key: owner, bytes: new PublicKey(owner).toBytes() };
  }

  /** Direct reads (sliced to OWNED_SLICE) of `addresses`. */
  add(addresses: readonly string[], read: AccountsRead): void {
    this.#reads.push(read);
    for (const address of addresses) this.#read.add(address);
    this.#owned = null;
  }

  /** Listed by an index and not read directly yet: new to this refresh. */
  unread(): string[] {
    return [...this.listed.keys()].filter((address) => !this.#read.has(address));
  }

  /** An account read directly (its first OWNED_SLICE bytes). */
  raw(address: string): RawAccount | null | undefined {
    for (const read of this.#reads) {
      const account = read.get(address);
      if (account !== undefined) return account;
    }
    return undefined;
  }

  #encoded(address: string): EncodedAccount | null | undefined {
    for (const read of this.#reads) {
      const account = read.encoded(address);
      if (account !== undefined) return account;
    }
    return undefined;
  }

  /** The owner's accounts, as read directly. */
  owned(): Owned[] {
    this.#owned ??= [...this.#read].flatMap(
      (address) => ownedBy(this.#owner, address, this.#encoded(address)) ?? [],
    );
    return this.#owned;
  }

  /** Mints the refresh must value: of the owner's token accounts, and of listed ones not read yet (read next). */
  mints(): { mint: string; programId: string }[] {
    const mints = this.owned().flatMap((o) => (o.kind === 'token' ? [o] : []));
    const listed = this.unread().flatMap((address) => {
      const entry = this.listed.get(address);
      if (!entry || entry === 'stake') return [];
      const mint = Buffer.from(entry.mintData, 'base64');
      return mint.length === 32 ? [{ mint: bs58.encode(mint), programId: entry.programId }] : [];
    });
    return [...mints, ...listed];
  }

  /**
   * What the next refresh reads directly: the owner's accounts, even those no index lists yet, and
   * those an index still lists though a direct read refuted them (closed, or no longer the owner's),
   * so they are not taken for new again while the index lags.
   */
  nextWatch(): string[] {
    const owned = new Set(this.owned().map((o) => (o.kind === 'token' ? o.tokenAccount : o.pubkey)));
    return [...this.#read].filter((address) => owned.has(address) || this.listed.has(address));
  }
}
