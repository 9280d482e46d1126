// The wallet's engine on one network: every service that reads the chain, quotes, signs and sends,
// wired in one place and bound to that network for its whole life (its RPC client asks no other).
// The service worker builds one per network it meets (engines.ts) and the Node chain tests
// (tests/support/staking.ts) build theirs here too, so a test runs the services exactly as the
// product wires them. What only a browser has is handed in: the storage area, the signer (the
// vault's keyring); the vault, the auto-lock, the dApp ports and the approval window stay outside.
import type { NetworkInfo } from '../shared/networks';
import { ActivityFeed } from './activity/activity-feed';
import { Transfers } from './chain/transfers';
import { RpcClient } from './chain/rpc-client';
import { SignatureFee } from './chain/signature-fee';
import type { WebSocketFactory } from './chain/signature-watch';
import { TransactionSender, type Signer } from './chain/tx-sender';
import { PortfolioReader } from './portfolio/portfolio-reader';
import { IncomeService } from './income/income-service';
import { PortfolioService } from './portfolio/portfolio-service';
import { StakeLedger } from './portfolio/stake-ledger';
import { CachedArea } from './cached-area';
import { PoolCatalog } from './staking/pool-catalog';
import { PoolDirectory } from './staking/pool-directory';
import { NativeStaking } from './staking/native-staking';
import { StakingService } from './staking/staking-service';
import type { DelayedUnstakeRecord, StakingRecord } from './staking/outcomes';
import { RouteService } from './staking/routes/route-service';
import { RouteQuoter } from './staking/routes/route-quoter';
import { ExitChooser } from './staking/routes/exit-chooser';
import type { RouteDeps } from './staking/routes/route-quotes';
import { PublicKey } from '@solana/web3.js';
import { shortAddress } from '../shared/format';
import { MSOL_MINT } from '../shared/marinade';
import { INF_MINT } from './portfolio/adapters/infinity';
import { ValidatorDirectory } from './staking/validator-list';
import { MarinadeTickets } from './staking/marinade-ticket-source';
import { WaitingList } from './portfolio/waiting-list';
import type { StorageArea } from './storage';

export interface EngineDeps {
  /** The network this engine works on, and only on. */
  network: NetworkInfo;
  /** Its cluster's genesis hash, what its histories are kept under (engines.ts: CustomNetworks.genesisHash). */
  cluster: () => Promise<string>;
  /** Persistent storage (chrome.storage.local in the worker): pending sends, pool directory, portfolio cache. */
  local: StorageArea<'local'>;
  /**
   * The worker's cache of the portfolio's books (cachedBooks), one for all its engines: two
   * copies of one key would each miss the other's writes. Default: a copy of this engine's own.
   */
  books?: StorageArea<'local'>;
  /** Signs a message with the key of `address`; the only way the engine reaches a key. */
  sign: Signer;
  /** The person's tolerance on a quote's guarantee, in basis points (Settings; default the product's). */
  toleranceBps?: () => Promise<number>;
  /** Defaults are the product's; tests shorten them to provoke timeouts. */
  rpcTimeoutMs?: number;
  confirmTimeoutMs?: number;
  /** How confirmations are watched; undefined: the runtime's WebSocket, null: polling only. */
  webSocket?: WebSocketFactory | null;
}

export type Engine = ReturnType<typeof createEngine>;

/**
 * What a portfolio refresh reads on every open of the popup, from memory after the first read
 * (cached-area.ts): keys only the portfolio and the pool directory write. The rest passes through.
 */
export function cachedBooks(local: StorageArea<'local'>): StorageArea<'local'> {
  return new CachedArea(local, [
    'poolDirectory:*',
    'tokenNames:*',
    'lstRates:*',
    'stakeLedger:*',
    'portfolioPlan:*',
    'signatureFee:*',
    'delayedUnstakes',
    'income:*',
  ]);
}

/**
 * What a route needs from the rest of the engine: the stake pool an Infinity calculator prices (the
 * directory: the registry on mainnet, discovered once elsewhere) and the names the person's portfolio
 * gives the tokens (INF and mSOL by their own names where it has none but the mint's).
 */
function routeDeps(rpc: RpcClient, directory: PoolDirectory, portfolio: PortfolioService): RouteDeps {
  const fixed: Record<string, string> = { [INF_MINT]: 'INF', [MSOL_MINT]: 'mSOL' };
  return {
    async poolOf(mint) {
      const known = await directory.poolFor(mint.toBase58());
      if (known !== undefined) return known ? new PublicKey(known) : null;
      const mints = [mint.toBase58()];
      const learned = await directory.learn(mints, await rpc.batch(directory.discoveryCalls(mints)));
      const found = learned[mint.toBase58()];
      return found ? new PublicKey(found) : null;
    },
    async nameOf(owner, mint) {
      const p = await portfolio.cached(owner.toBase58());
      const held = p && [...p.lsts, ...p.otherLsts].find((l) => l.mint === mint.toBase58());
      // A mint's short address is no name: INF and mSOL keep theirs, so every row of one position says the same.
      const own = fixed[mint.toBase58()];
      if (held && !(own && held.nameSource === 'mint'))
        return { symbol: held.symbol, decimals: held.decimals };
      return { symbol: own ?? shortAddress(mint.toBase58()), decimals: held?.decimals ?? 9 };
    },
  };
}

export function createEngine({
  network,
  cluster,
  local,
  books = cachedBooks(local),
  sign,
  toleranceBps,
  rpcTimeoutMs,
  confirmTimeoutMs,
  webSocket,
}: EngineDeps) {
  const rpc = new RpcClient(network, rpcTimeoutMs);
  const sender = new TransactionSender(rpc, local, sign, confirmTimeoutMs, webSocket);
  const fees = new SignatureFee(rpc, books);
  const directory = new PoolDirectory(books, rpc);
  const income = new IncomeService(rpc, books, cluster, new StakeLedger(books));
  const portfolio = new PortfolioService(rpc, books, directory, fees, cluster, income.observe);
  // What a landed transaction wrote is read directly, from its slot on, by the next refresh.
  sender.onLanded((landed) => portfolio.noteLanded(landed));
  const quoter = new RouteQuoter(rpc, fees);
  // Every staking outcome read back from the chain, booked one way whichever service sent it (SPL pools, routes).
  const book = async (record: StakingRecord) => {
    if (record.kind !== 'unstake') await portfolio.recordStake(record);
    await income.record(record).catch(() => undefined); // the transaction landed; only its row is missing
  };
  const delayed = (record: DelayedUnstakeRecord) => portfolio.recordDelayedUnstake(record);
  const staking = new StakingService(rpc, sender, fees, delayed, book, toleranceBps, quoter);
  const native = new NativeStaking(rpc, sender, fees);
  const deps = routeDeps(rpc, directory, portfolio);
  const routes = new RouteService(rpc, sender, quoter, deps, delayed, book, toleranceBps);
  return {
    network,
    rpc,
    sender,
    fees,
    directory,
    portfolio,
    income,
    staking,
    routes,
    exits: new ExitChooser(quoter, staking, routes, deps),
    native,
    validators: new ValidatorDirectory(rpc, local, native.facts, fees, cluster),
    portfolioReader: new PortfolioReader(network, sender, portfolio),
    pools: new PoolCatalog(
      rpc,
      async (owner) => new Set((await portfolio.cached(owner))?.lsts.map((l) => l.pool)),
    ),
    transfers: new Transfers(rpc, sender, fees),
    activity: new ActivityFeed(rpc, sender, directory),
    /** "Where is my SOL": the stake accounts from the portfolio, and every other source's holdings. */
    waiting: new WaitingList(rpc, portfolio, [
      new MarinadeTickets(
        async (owner, ticket) => (await routes.execute(owner, { kind: 'marinadeClaim', ticket })).outcome,
      ),
    ]),
  };
}
