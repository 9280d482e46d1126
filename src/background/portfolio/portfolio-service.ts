// The portfolio of one account on the engine's network: SOL, every token account, every LST valued by the
// adapter for its kind, stake accounts and the epoch — in one HTTP round trip (a JSON-RPC batch;
// getMultipleAccounts split by 100 keys inside it) whenever the holdings are those of the last
// refresh: the batch leaves first, with the accounts the last refresh needed (its plan), and what
// is stored (pools, names, rates, ledger) is read while it travels. A mint seen for the first time,
// or an account the plan missed, costs one more round trip (pool discovery, its name), then it is
// remembered. The last portfolio is cached so the popup paints at once and refreshes behind it.
// A refresh answers before its writes land (they cost as much as the worker's own work); every
// read of what a refresh writes waits for the writes before it, so nothing reads a stale copy.
// The histories (rates seen, what was staked) are the cluster's, kept under its genesis hash (as
// custom-network.ts resolves it: known at once for a public cluster or a custom URL already named).
// What each refresh saw is handed on (onRefreshed: the income ledger's observation).
import { PublicKey } from '@solana/web3.js';
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import type { NetworkInfo } from '../../shared/networks';
import type { Portfolio } from '../../shared/staking';
import { portfolioCacheKey, readablePortfolio } from '../../shared/portfolio-cache';
import type { RpcClient } from '../chain/rpc-client';
import { rpcCall } from '../chain/rpc-methods';
import type { EncodedAccount, EpochInfo } from '../chain/rpc-shapes';
import type { SignatureFee } from '../chain/signature-fee';
import { measuredSlotTime, slotTimeCall, type SlotTime } from '../chain/slot-time';
import type { StorageArea } from '../storage';
import { registryEntry } from '../staking/lst-registry';
import type { PoolState } from '../staking/pool-account';
import type { PoolDirectory } from '../staking/pool-directory';
import { epochYear } from '../staking/pool-math';
import { nativeStakeAccounts, ownerStakeAccountsCall } from '../staking/stake-account';
import { AccountRequest, type AccountsRead } from '../chain/account-batch';
import { valueHoldings, type HeldToken } from './holdings';
import { RateHistory, type RateBook } from './rate-history';
import { RefreshPlans, type RefreshPlan } from './refresh-plan';
import { hasAdapter, nameNewTokens, neededKeys, nextPlan } from './refresh-keys';
import type { DelayedUnstakeRecord, StakedOutcome } from '../staking/outcomes';
import { SplPools, type ReadAccounts } from './spl-pools';
import { StakeLedger, type LedgerView } from './stake-ledger';
import { TokenNames, type NameBook } from './token-names';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'portfolio:*': Portfolio;
    delayedUnstakes: DelayedUnstakeRecord[];
  }
}

/** What the refresh's batch answered. */
interface ChainRead {
  lamports: number;
  held: HeldToken[];
  epochInfo: EpochInfo;
  /** The slot time the node measured (null: no samples yet). */
  slotTime: SlotTime | null;
  /** What a signature costs, as this network last said. */
  lamportsPerSignature: bigint | null;
  stakes: { pubkey: string; account: EncodedAccount }[];
  accounts: AccountsRead;
  /** Every account the batch asked for (present or not). */
  asked: ReadonlySet<string>;
}

/** What the refresh builds on from storage: read while the batch travels. */
interface Stored {
  pools: Record<string, string | null>;
  names: NameBook;
  rates: RateBook;
  ledger: LedgerView;
  delayed: DelayedUnstakeRecord[];
}

/** Every account read, first batch and second, and the pools discovered on the way. */
interface Lookup extends ReadAccounts {
  slotOf(address: string): number | undefined;
}

/** What one refresh saw, for whoever keeps books of it (the income ledger), after its answer left. */
export type RefreshObserver = (seen: {
  owner: string;
  cluster: string;
  portfolio: Portfolio;
  epochInfo: EpochInfo;
}) => Promise<void>;

export class PortfolioService {
  readonly #names: TokenNames;
  readonly #rates: RateHistory;
  readonly #ledger: StakeLedger;
  readonly #plans: RefreshPlans;
  readonly #splPools = new SplPools();
  /** The last refresh's writes (cache, names, rates, ledger, plan): settled, never rejected. */
  #saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly rpc: RpcClient,
    private readonly storage: StorageArea<'local'>,
    private readonly directory: PoolDirectory,
    private readonly fees: SignatureFee,
    /** The cluster's genesis hash (the engine's). */
    private readonly cluster: () => Promise<string>,
    private readonly onRefreshed: RefreshObserver = async () => {},
  ) {
    this.#names = new TokenNames(storage);
    this.#rates = new RateHistory(storage);
    this.#ledger = new StakeLedger(storage);
    this.#plans = new RefreshPlans(storage);
  }

  #cacheKey = portfolioCacheKey;

  /** Resolves once every write a refresh started has landed (or failed). */
  saved(): Promise<void> {
    return this.#saving;
  }

  async cached(owner: string): Promise<Portfolio | null> {
    await this.#saving;
    const { rpcUrl } = this.rpc.network;
    return readablePortfolio(await this.storage.get(this.#cacheKey(owner, rpcUrl)), owner, rpcUrl);
  }

  async refresh(owner: string): Promise<Portfolio> {
    await this.#saving; // the previous refresh's names, rates, ledger and plan are what this one builds on
    const { network } = this.rpc;
    const now = Date.now();
    const plan = await this.#plans.load(network.rpcUrl, owner);
    const answered = this.#readChain(owner, RefreshPlans.keysAt(plan, now));
    const cluster = this.cluster(); // read while the batch travels
    const stored = cluster.then((c) => this.#readStored(owner, c, network.rpcUrl));
    stored.catch(() => undefined); // awaited next; only keeps a failure while the batch travels from being reported as unhandled
    const [chain, known] = [await answered, await stored];
    const lookup = await this.#completeReads(chain, known, network);
    nameNewTokens(chain.held, known.names, lookup.account, network);
    const portfolio = this.#assemble(owner, network, chain, known, lookup, now);
    this.#saveBehind(
      { owner, cluster: await cluster, portfolio, epochInfo: chain.epochInfo },
      known,
      nextPlan(chain.held, known, lookup.discovered, network, now),
    );
    return portfolio;
  }

  /**
   * The one batch: balances, token accounts, epoch, stake accounts, the accounts the plan names, the
   * samples the slot time is measured from, and what a signature costs (asked on the blockhash the
   * node last handed out; the batch asks a fresh one for the next ask).
   */
  async #readChain(owner: string, keys: string[]): Promise<ChainRead> {
    const request = new AccountRequest().add(...keys);
    const feeAsk = await this.fees.ask(new PublicKey(owner));
    const [balance, tokens, tokens2022, epochInfo, samples, fee, , stakes, ...accountAnswers] =
      await this.rpc.batch([
        rpcCall('getBalance', [owner]),
        rpcCall('getTokenAccountsByOwner', [
          owner,
          { programId: TOKEN_PROGRAM_ID.toBase58() },
          { encoding: 'jsonParsed' },
        ]),
        rpcCall('getTokenAccountsByOwner', [
          owner,
          { programId: TOKEN_2022_PROGRAM_ID.toBase58() },
          { encoding: 'jsonParsed' },
        ]),
        rpcCall('getEpochInfo', []),
        slotTimeCall(),
        feeAsk,
        rpcCall('getLatestBlockhash', []),
        ownerStakeAccountsCall(owner),
        ...request.calls(),
      ]);
    const held: HeldToken[] = [...tokens.value, ...tokens2022.value].map((t) => ({
      tokenAccount: t.pubkey,
      mint: t.account.data.parsed.info.mint,
      programId: t.account.owner,
      balance: BigInt(t.account.data.parsed.info.tokenAmount.amount),
      decimals: t.account.data.parsed.info.tokenAmount.decimals,
    }));
    return {
      lamports: balance.value,
      held,
      epochInfo,
      slotTime: measuredSlotTime(samples),
      lamportsPerSignature: await this.fees.learn(fee),
      stakes,
      accounts: request.read(accountAnswers),
      asked: new Set(keys),
    };
  }

  async #readStored(owner: string, cluster: string, rpcUrl: string): Promise<Stored> {
    const [pools, names, rates, ledger, delayed] = await Promise.all([
      this.directory.entries(),
      this.#names.load(rpcUrl),
      this.#rates.load(cluster, rpcUrl),
      this.#ledger.load(cluster, rpcUrl, owner),
      this.delayedUnstakes(),
    ]);
    return { pools, names, rates, ledger, delayed };
  }

  /**
   * What the held tokens need that the batch did not ask (the plan was stale, or a mint is new):
   * read in a second round trip, along with discovering the pools of mints never seen.
   */
  async #completeReads(chain: ChainRead, known: Stored, network: NetworkInfo): Promise<Lookup> {
    const reads: AccountsRead[] = [chain.accounts];
    const discovered = new Map<string, PoolState>();
    const missing = new AccountRequest();
    for (const t of chain.held)
      missing.add(...neededKeys(t, network, known).filter((key) => !chain.asked.has(key)));
    const toDiscover = [...new Set(chain.held.map((t) => t.mint))].filter(
      (mint) => !hasAdapter(mint) && !registryEntry(mint, network.chain) && known.pools[mint] === undefined,
    );
    if (missing.size || toDiscover.length) {
      const second = missing;
      const [found, read] = await Promise.all([
        this.directory.discover(toDiscover),
        second.size ? this.rpc.batch(second.calls()).then((r) => second.read(r)) : null,
      ]);
      for (const pool of found) discovered.set(pool.poolMint.toBase58(), pool);
      if (read) reads.push(read);
    }
    const first = <T>(get: (read: AccountsRead) => T | undefined): T | undefined => {
      for (const read of reads) {
        const a = get(read);
        if (a !== undefined) return a;
      }
      return undefined;
    };
    return {
      account: (address) => first((r) => r.get(address)),
      encoded: (address) => first((r) => r.encoded(address)),
      discovered,
      slotOf: (address) => first((r) => r.slotOf(address)),
    };
  }

  #assemble(
    owner: string,
    network: NetworkInfo,
    chain: ChainRead,
    known: Stored,
    lookup: Lookup,
    now: number,
  ): Portfolio {
    const { epochInfo } = chain;
    const epoch = BigInt(epochInfo.epoch);
    const holdings = valueHoldings(chain.held, {
      chain: network.chain,
      epoch,
      year: epochYear(epochInfo.slotsInEpoch, chain.slotTime),
      owner: new PublicKey(owner),
      ownerKey: owner,
      slotOf: lookup.slotOf,
      account: lookup.account,
      splPool: this.#splPools.lookup(network, known.pools, lookup),
      names: known.names,
      annotate: (mint, lamportsPerToken, heldTokens, valueOf) => ({
        history: known.rates.observe(mint, {
          at: now,
          epoch: epochInfo.epoch,
          lamportsPerToken: lamportsPerToken.toString(),
        }),
        earned: known.ledger.earned(mint, heldTokens, valueOf),
      }),
    });
    const stakeAccounts = nativeStakeAccounts(
      chain.stakes,
      epoch,
      new Set(known.delayed.map((r) => r.stakeAccount)),
    );
    const valued = [
      ...holdings.lsts,
      ...holdings.otherLsts.flatMap((l) => (l.kind === 'unvalued' ? [] : [l])),
    ];
    const total =
      BigInt(chain.lamports) +
      valued.reduce((sum, l) => sum + BigInt(l.valueLamports), 0n) +
      stakeAccounts.reduce((sum, s) => sum + BigInt(s.lamports), 0n);
    return {
      owner,
      rpcUrl: network.rpcUrl,
      epoch: epochInfo.epoch,
      slotsInEpoch: epochInfo.slotsInEpoch,
      slotTime: chain.slotTime && { ms: chain.slotTime.ms, periodSecs: chain.slotTime.periodSecs },
      epochEndsInMs: chain.slotTime
        ? Math.round((epochInfo.slotsInEpoch - epochInfo.slotIndex) * chain.slotTime.ms)
        : null,
      lamportsPerSignature: chain.lamportsPerSignature?.toString() ?? null,
      solLamports: String(chain.lamports),
      lsts: holdings.lsts,
      otherLsts: holdings.otherLsts,
      stakeAccounts,
      tokens: holdings.tokens,
      totalLamports: total.toString(),
      fetchedAt: now,
    };
  }

  /**
   * Answered now, written behind — after the answer has left (a task later): a write that fails
   * loses only the saved copy for the next open (the figures on screen are the fresh ones either
   * way) and is retried by the next refresh.
   */
  #saveBehind(seen: Parameters<RefreshObserver>[0], known: Stored, plan: RefreshPlan): void {
    const { owner, cluster, portfolio } = seen;
    const { rpcUrl } = this.rpc.network;
    this.#saving = new Promise((resolve) => setTimeout(resolve, 0))
      .then(() =>
        Promise.all([
          this.storage.set(this.#cacheKey(owner, rpcUrl), portfolio),
          this.#names.save(rpcUrl, known.names),
          this.#rates.save(cluster, known.rates),
          this.#ledger.save(cluster, owner, known.ledger),
          this.#plans.save(rpcUrl, owner, plan),
          this.onRefreshed(seen),
        ]),
      )
      .then(
        () => undefined,
        () => undefined,
      );
  }

  /**
   * A stake whose outcome the staking engine read back: the SOL put in and the tokens received,
   * for "earned". Never fails the stake it describes: a write that fails is only lost history.
   */
  async recordStake(stake: StakedOutcome): Promise<void> {
    try {
      const { rpcUrl } = this.rpc.network;
      const cluster = await this.cluster();
      await this.#saving; // a refresh's ledger write must not land over this record
      await this.#ledger.record({ ...stake, cluster, rpcUrl, at: Date.now() });
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
