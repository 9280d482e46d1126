// The portfolio of one account on the engine's network: SOL, every token account, every LST valued by the
// adapter for its kind, stake accounts and the epoch — in one HTTP round trip (a JSON-RPC batch;
// getMultipleAccounts split by 100 keys inside it) whenever the holdings are those of the last
// refresh: the batch leaves first, with the accounts the last refresh needed (its plan), and what
// is stored (pools, names, rates, ledger) is read while it travels. Every figure comes from a
// direct read of an account; indexes only say which accounts exist (owned-accounts.ts). An
// account or a mint seen for the first time, or one the plan missed, costs another round trip
// (live-read.ts), then it is remembered. The last portfolio is cached so the popup paints at once
// and refreshes behind it.
// A refresh answers before its writes land (they cost as much as the worker's own work); every
// read of what a refresh writes waits for the writes before it, so nothing reads a stale copy.
// The histories (rates seen, what was staked) are the cluster's, kept under its genesis hash (as
// custom-network.ts resolves it: known at once for a public cluster or a custom URL already named).
// What each refresh saw is handed on (onRefreshed: the income ledger's observation).
import { PublicKey, VersionedTransaction } from '@solana/web3.js';
import type { NetworkInfo } from '../../shared/networks';
import type { Portfolio } from '../../shared/staking';
import { portfolioCacheKey, readablePortfolio } from '../../shared/portfolio-cache';
import type { LandedTransaction } from '../chain/tx-sender';
import type { EncodedAccount, EpochInfo } from '../chain/rpc-shapes';
import type { RpcClient } from '../chain/rpc-client';
import type { SignatureFee } from '../chain/signature-fee';
import { epochTiming } from '../chain/slot-time';
import type { StorageArea } from '../storage';
import { registryEntry } from '../staking/lst-registry';
import type { PoolDirectory } from '../staking/pool-directory';
import { epochYear } from '../staking/pool-math';
import { nativeStakeAccounts } from '../staking/stake-account';
import { decodeMint } from './adapters/token-mint';
import { valueHoldings, type HeldToken } from './holdings';
import { readFirst, readRound, type ChainRead } from './live-read';
import { RateHistory, type RateBook } from './rate-history';
import { RefreshPlans, type RefreshPlan } from './refresh-plan';
import { hasAdapter, nameNewTokens, neededKeys, nextPlan } from './refresh-keys';
import type { DelayedUnstakeRecord, StakedOutcome } from '../staking/outcomes';
import { SplPools } from './spl-pools';
import { StakeLedger, type LedgerView } from './stake-ledger';
import { TokenNames, type NameBook } from './token-names';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'portfolio:*': Portfolio;
    delayedUnstakes: DelayedUnstakeRecord[];
  }
}

/** What the refresh builds on from storage: read while the batch travels. */
interface Stored {
  pools: Record<string, string | null>;
  names: NameBook;
  rates: RateBook;
  ledger: LedgerView;
  delayed: DelayedUnstakeRecord[];
}

/** What every round read: the balance, the epoch, the owner's accounts and what values them. */
interface Read extends ChainRead {
  held: HeldToken[];
  stakes: { pubkey: string; account: EncodedAccount }[];
  decimals: Record<string, number>;
}

/** What one refresh saw, for whoever keeps books of it (the income ledger), after its answer left. */
export type RefreshObserver = (seen: {
  owner: string;
  cluster: string;
  portfolio: Portfolio;
  epochInfo: EpochInfo;
}) => Promise<void>;

/** At most this many rounds in all: the first, a new account with its mint, that mint's pool found, that pool read. */
const MAX_ROUNDS = 4;

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
    const answered = readFirst(this.rpc, this.fees, owner, plan, RefreshPlans.keysAt(plan, now));
    const cluster = this.cluster(); // read while the batch travels
    const stored = cluster.then((c) => this.#readStored(owner, c, network.rpcUrl));
    stored.catch(() => undefined); // awaited next; only keeps a failure while the batch travels from being reported as unhandled
    const [first, known] = [await answered, await stored];
    const chain = await this.#completeReads(first, known, network, plan.decimals);
    nameNewTokens(chain.held, known.names, chain.accounts.account, network);
    const portfolio = this.#assemble(owner, network, chain, known, now);
    const next = {
      ...nextPlan(chain.held, known, network, now),
      watch: chain.owned.nextWatch(),
      decimals: chain.decimals,
      landed: [],
    };
    this.#saveBehind(
      { owner, cluster: await cluster, portfolio, epochInfo: chain.epochInfo },
      known,
      next,
      new Set(plan.landed.map((n) => n.signature)),
    );
    return portfolio;
  }

  /**
   * A transaction of ours landed: the next refresh of each account it was signed for reads what
   * it wrote directly, from its slot on (refresh-plan.ts). Resolves once noted.
   */
  async noteLanded(landed: LandedTransaction): Promise<void> {
    const { message } = VersionedTransaction.deserialize(Buffer.from(landed.wire, 'base64'));
    const { staticAccountKeys: keys, header } = message;
    const written = keys.flatMap((key, i) => (message.isAccountWritable(i) ? [key.toBase58()] : []));
    const signers = keys.slice(0, header.numRequiredSignatures).map((key) => key.toBase58());
    const at = Date.now();
    await Promise.all(
      (landed.owner ? [landed.owner] : signers).map((owner) =>
        this.#plans.note(this.rpc.network.rpcUrl, owner, {
          signature: landed.signature,
          slot: landed.slot,
          accounts: written.filter((account) => account !== owner),
          at,
        }),
      ),
    );
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
   * Further rounds until nothing is missing (live-read.ts): accounts the indexes listed that the
   * plan did not know, what values each held mint, the mint itself while its decimals are unknown,
   * and the pools of mints never seen. Then the owner's token and stake accounts, as read directly.
   */
  async #completeReads(
    chain: ChainRead,
    known: Stored,
    network: NetworkInfo,
    kept: Record<string, number>,
  ): Promise<Read> {
    const decimalsOf = (mint: string) =>
      kept[mint] ?? decodeMint(chain.accounts.account(mint) ?? chain.owned.raw(mint))?.decimals;
    for (let round = 1; round < MAX_ROUNDS; round++) {
      const mints = chain.owned.mints();
      const keys = mints.flatMap((t) => [
        ...neededKeys(t, network, known),
        ...(decimalsOf(t.mint) === undefined ? [t.mint] : []),
      ]);
      const discover = [...new Set(mints.map((t) => t.mint))].filter(
        (mint) => !hasAdapter(mint) && !registryEntry(mint, network.chain) && known.pools[mint] === undefined,
      );
      const learned = await readRound(this.rpc, chain, keys, discover, this.directory);
      if (!learned) break;
      known.pools = { ...known.pools, ...learned };
    }
    const held: HeldToken[] = [];
    const stakes: Read['stakes'] = [];
    const decimals: Record<string, number> = {};
    for (const o of chain.owned.owned()) {
      if (o.kind === 'stake') {
        stakes.push(o);
        continue;
      }
      const d = decimalsOf(o.mint);
      if (d === undefined) continue; // its mint could not be read: no balance can be shown for it
      decimals[o.mint] = d;
      held.push({
        tokenAccount: o.tokenAccount,
        mint: o.mint,
        programId: o.programId,
        balance: o.balance,
        decimals: d,
      });
    }
    return { ...chain, held, stakes, decimals };
  }

  #assemble(owner: string, network: NetworkInfo, chain: Read, known: Stored, now: number): Portfolio {
    const { epochInfo, accounts } = chain;
    const epoch = BigInt(epochInfo.epoch);
    const holdings = valueHoldings(chain.held, {
      chain: network.chain,
      epoch,
      year: epochYear(epochInfo.slotsInEpoch, chain.slotTime),
      owner: new PublicKey(owner),
      ownerKey: owner,
      slotOf: accounts.slotOf,
      account: accounts.account,
      splPool: this.#splPools.lookup(network, known.pools, accounts),
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
      epochEndsInMs: epochTiming(epochInfo, chain.slotTime)?.endsInMs ?? null,
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
  #saveBehind(
    seen: Parameters<RefreshObserver>[0],
    known: Stored,
    plan: RefreshPlan,
    honoured: ReadonlySet<string>,
  ): void {
    const { owner, cluster, portfolio } = seen;
    const { rpcUrl } = this.rpc.network;
    this.#saving = new Promise((resolve) => setTimeout(resolve, 0))
      .then(() =>
        Promise.all([
          this.storage.set(this.#cacheKey(owner, rpcUrl), portfolio),
          this.#names.save(rpcUrl, known.names),
          this.#rates.save(cluster, known.rates),
          this.#ledger.save(cluster, owner, known.ledger),
          this.#plans.save(rpcUrl, owner, plan, honoured),
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
