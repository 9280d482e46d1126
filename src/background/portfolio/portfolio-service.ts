// The portfolio of one account on one network: SOL, every token account, every LST valued by the
// adapter for its kind, stake accounts and the epoch — in one HTTP round trip (a JSON-RPC batch;
// getMultipleAccounts split by 100 keys inside it) whenever the tokens were seen before. A mint
// seen for the first time costs one more round trip (pool discovery and its name), then it is
// remembered. The last portfolio is cached so the popup paints at once and refreshes behind it.
// A refresh answers before its writes land (they cost as much as the worker's own work); every
// read of what a refresh writes waits for the writes before it, so nothing reads a stale copy.
import { PublicKey, StakeProgram } from '@solana/web3.js';
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import type { NetworkInfo } from '../../shared/networks';
import type { Portfolio } from '../../shared/staking';
import { portfolioCacheKey, readablePortfolio } from '../../shared/portfolio-cache';
import type { RpcClient } from '../chain/rpc-client';
import { rpcCall } from '../chain/rpc-methods';
import type { StorageArea } from '../storage';
import { knownLstByMint, registryEntry } from '../staking/lst-registry';
import { decodePool } from '../staking/pool-account';
import type { PoolDirectory } from '../staking/pool-directory';
import { epochsPerYear } from '../staking/pool-math';
import { STAKE_ACCOUNT_SIZE, STAKE_WITHDRAWER_OFFSET, decodeStakeAccount, toNativeStakeAccount } from '../staking/stake-account';
import { AccountRequest, type AccountsRead } from '../chain/account-batch';
import { INF_MINT, INF_POOL_STATE } from './adapters/infinity';
import { MARINADE_STATE, MSOL_MINT } from './adapters/marinade';
import { valueHoldings, type HeldToken, type SplPoolLookup } from './holdings';
import { RateHistory } from './rate-history';
import type { DelayedUnstakeRecord, StakedOutcome } from '../staking/outcomes';
import { StakeLedger } from './stake-ledger';
import { TokenNames, nameKeys, readName, type NameBook } from './token-names';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'portfolio:*': Portfolio;
    delayedUnstakes: DelayedUnstakeRecord[];
  }
}

const MS_PER_SLOT = 400;
/** What values INF and mSOL: read only when they are held. */
const ADAPTER_KEYS = new Map<string, string[]>([[INF_MINT, [INF_POOL_STATE, INF_MINT]], [MSOL_MINT, [MARINADE_STATE]]]);



export class PortfolioService {
  readonly #names: TokenNames;
  readonly #rates: RateHistory;
  readonly #ledger: StakeLedger;
  /** The last refresh's writes (cache, names, rates, ledger): settled, never rejected. */
  #saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly rpc: RpcClient,
    private readonly storage: StorageArea<'local'>,
    private readonly directory: PoolDirectory,
  ) {
    this.#names = new TokenNames(storage);
    this.#rates = new RateHistory(storage);
    this.#ledger = new StakeLedger(storage);
  }

  #cacheKey = portfolioCacheKey;

  /** Resolves once every write a refresh started has landed (or failed). */
  saved(): Promise<void> {
    return this.#saving;
  }

  async cached(owner: string, network: NetworkInfo): Promise<Portfolio | null> {
    await this.#saving;
    return readablePortfolio(await this.storage.get(this.#cacheKey(owner, network.rpcUrl)), owner, network.rpcUrl);
  }

  /** Accounts that value and name `mint` (its pool when known; its metadata when not yet named). */
  #keysFor(request: AccountRequest, mint: string, token2022: boolean, network: NetworkInfo, pools: Record<string, string | null>, names: NameBook): void {
    const pool = knownLstByMint(mint, network.chain)?.pool ?? pools[mint];
    if (pool) request.add(pool);
    request.add(...(ADAPTER_KEYS.get(mint) ?? []));
    if (!registryEntry(mint, network.chain) && names.get(mint) === undefined) request.add(...nameKeys(mint, token2022));
  }

  async refresh(owner: string, network: NetworkInfo): Promise<Portfolio> {
    const { rpcUrl } = network;
    // Everything stored that the refresh needs, read at once (storage answers in order, one queue).
    await this.#saving; // the previous refresh's names, rates and ledger are what this one builds on
    const delayed = this.delayedUnstakes();
    delayed.catch(() => undefined); // awaited below; only keeps an early failure from being reported as unhandled
    const [pools, previous, names, rates, ledger] = await Promise.all([
      this.directory.entries(rpcUrl), this.cached(owner, network), this.#names.load(rpcUrl),
      this.#rates.load(rpcUrl), this.#ledger.load(rpcUrl, owner),
    ]);
    // Every token this account held last time, known before asking: one round trip.
    const expected = new Map<string, boolean>();
    for (const l of [...(previous?.lsts ?? []), ...(previous?.otherLsts ?? [])]) expected.set(l.mint, l.tokenProgram === TOKEN_2022_PROGRAM_ID.toBase58());
    for (const t of previous?.tokens ?? []) expected.set(t.mint, t.programId === TOKEN_2022_PROGRAM_ID.toBase58());
    const request = new AccountRequest();
    for (const [mint, token2022] of expected) this.#keysFor(request, mint, token2022, network, pools, names);

    const [balance, tokens, tokens2022, epochInfo, stakes, ...accountAnswers] = await this.rpc.batch([
      rpcCall('getBalance', [owner]),
      rpcCall('getTokenAccountsByOwner', [owner, { programId: TOKEN_PROGRAM_ID.toBase58() }, { encoding: 'jsonParsed' }]),
      rpcCall('getTokenAccountsByOwner', [owner, { programId: TOKEN_2022_PROGRAM_ID.toBase58() }, { encoding: 'jsonParsed' }]),
      rpcCall('getEpochInfo', []),
      rpcCall('getProgramAccounts', [StakeProgram.programId.toBase58(), {
        encoding: 'base64', filters: [{ dataSize: STAKE_ACCOUNT_SIZE }, { memcmp: { offset: STAKE_WITHDRAWER_OFFSET, bytes: owner } }],
      }]),
      ...request.calls(),
    ]);
    const reads: AccountsRead[] = [request.read(accountAnswers)];

    const held: HeldToken[] = [...tokens.value, ...tokens2022.value].map((t) => ({
      tokenAccount: t.pubkey, mint: t.account.data.parsed.info.mint, programId: t.account.owner,
      balance: BigInt(t.account.data.parsed.info.tokenAmount.amount), decimals: t.account.data.parsed.info.tokenAmount.decimals,
    }));

    // First sight of a mint: discover its pool (if it is no registry entry) and read its name.
    const fresh = held.filter((t) => !expected.has(t.mint));
    const discovered = new Map<string, ReturnType<typeof decodePool>>();
    if (fresh.length) {
      const second = new AccountRequest();
      for (const t of fresh) this.#keysFor(second, t.mint, t.programId === TOKEN_2022_PROGRAM_ID.toBase58(), network, pools, names);
      const toDiscover = fresh.map((t) => t.mint)
        .filter((mint) => !ADAPTER_KEYS.has(mint) && !registryEntry(mint, network.chain) && pools[mint] === undefined);
      const [found, read] = await Promise.all([
        this.directory.discover([...new Set(toDiscover)], rpcUrl),
        second.size ? this.rpc.batch(second.calls()).then((r) => second.read(r)) : null,
      ]);
      for (const pool of found) discovered.set(pool.poolMint.toBase58(), pool);
      if (read) reads.push(read);
    }
    const account = (address: string) => {
      for (const read of reads) {
        const a = read.get(address);
        if (a !== undefined) return a;
      }
      return undefined;
    };
    for (const t of held) {
      if (!registryEntry(t.mint, network.chain) && names.get(t.mint) === undefined) names.set(t.mint, readName(t.mint, account));
    }

    const splPool = (mint: string): SplPoolLookup => {
      const found = discovered.get(mint);
      if (found) return { ok: true, pool: found };
      const address = knownLstByMint(mint, network.chain)?.pool ?? pools[mint];
      if (!address) return undefined;
      try {
        const pool = decodePool(new PublicKey(address), account(address) ?? null);
        if (pool.poolMint.toBase58() !== mint) return { ok: false, reason: 'Its stake pool now mints another token. Its value is unknown.' };
        return { ok: true, pool };
      } catch (error) {
        return { ok: false, reason: `${(error as Error).message} Its value is unknown.` };
      }
    };

    const now = Date.now();
    const epoch = BigInt(epochInfo.epoch);
    const holdings = valueHoldings(held, {
      chain: network.chain, epoch, epochsPerYear: epochsPerYear(epochInfo.slotsInEpoch, MS_PER_SLOT),
      owner: new PublicKey(owner), slot: Math.max(...reads.map((r) => r.slot)), account, splPool, names,
      annotate: (mint, lamportsPerToken, heldTokens, valueOf) => ({
        history: rates.observe(mint, { at: now, epoch: epochInfo.epoch, lamportsPerToken: lamportsPerToken.toString() }),
        earned: ledger.earned(mint, heldTokens, valueOf),
      }),
    });

    const fromPool = new Set((await delayed).map((r) => r.stakeAccount));
    const stakeAccounts = stakes.flatMap(({ pubkey, account: a }) => {
      const decoded = decodeStakeAccount(Buffer.from(a.data[0], 'base64'));
      return decoded ? [toNativeStakeAccount(pubkey, BigInt(a.lamports), decoded, epoch, fromPool.has(pubkey))] : [];
    });

    const valued = [...holdings.lsts, ...holdings.otherLsts.flatMap((l) => (l.kind === 'unvalued' ? [] : [l]))];
    const total = BigInt(balance.value)
      + valued.reduce((sum, l) => sum + BigInt(l.valueLamports), 0n)
      + stakeAccounts.reduce((sum, s) => sum + BigInt(s.lamports), 0n);
    const portfolio: Portfolio = {
      owner, rpcUrl, epoch: epochInfo.epoch,
      epochEndsInMs: (epochInfo.slotsInEpoch - epochInfo.slotIndex) * MS_PER_SLOT,
      solLamports: String(balance.value), lsts: holdings.lsts, otherLsts: holdings.otherLsts, stakeAccounts, tokens: holdings.tokens,
      totalLamports: total.toString(), fetchedAt: now,
    };
    // Answered now, written behind: a write that fails loses only the saved copy for the next
    // open (the figures on screen are the fresh ones either way) and is retried by the next refresh.
    this.#saving = Promise.all([
      this.storage.set(this.#cacheKey(owner, rpcUrl), portfolio),
      this.#names.save(rpcUrl, names), this.#rates.save(rpcUrl, rates), this.#ledger.save(rpcUrl, owner, ledger),
    ]).then(() => undefined, () => undefined);
    return portfolio;
  }

  /**
   * A stake whose outcome the staking engine read back: the SOL put in and the tokens received,
   * for "earned". Never fails the stake it describes: a write that fails is only lost history.
   */
  async recordStake(stake: StakedOutcome): Promise<void> {
    try {
      const { rpcUrl } = await this.rpc.network();
      await this.#saving; // a refresh's ledger write must not land over this record
      await this.#ledger.record({ ...stake, rpcUrl, at: Date.now() });
    } catch {
      // the stake itself landed; only its place in "earned" is missing
    }
  }

  async delayedUnstakes(): Promise<DelayedUnstakeRecord[]> {
    return (await this.storage.get('delayedUnstakes')) ?? [];
  }

  async recordDelayedUnstake(record: DelayedUnstakeRecord): Promise<void> {
    await this.storage.set('delayedUnstakes', [...(await this.delayedUnstakes()), record].slice(-200));
  }
}
