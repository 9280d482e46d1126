// RPC requests and HTTP round trips for the same work done two ways against the localnet with the
// real stake-pool program: Tidepool's engine, and the straightforward path through
// @solana/spl-stake-pool's helpers and an unmodified web3.js Connection.
import {
  Authorized,
  Connection,
  Keypair,
  Lockup,
  PublicKey,
  StakeProgram,
  Transaction,
  sendAndConfirmTransaction,
} from '@solana/web3.js';
import { TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { depositSol, depositStake, getStakePoolAccount, withdrawSol } from '@solana/spl-stake-pool';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs.ts';
import type { CreatedPool } from '../stake-pool-admin/pool-admin.ts';
import { depositSolAsOperator } from '../stake-pool-admin/pool-admin.ts';
import type { TestChain } from '../../tests/support/localnet.ts';
// Tidepool's side of the comparison runs the background's own services, wired by the chain tests'
// engineFor, on purpose: the bench measures the product's engine, not a copy of it.
import { SOL, activePool, engineFor, nextEpoch } from '../../tests/support/staking.ts';

interface Counts {
  requests: number;
  roundTrips: number;
}
export interface RpcRow {
  work: string;
  tidepool: Counts;
  sdk: Counts;
}

const opened: Connection[] = [];

/** A web3.js Connection whose HTTP traffic is counted (WebSocket confirmation is not HTTP). */
function countingConnection(
  url: string,
  ws: string,
): { connection: Connection; counts: Counts; trace: string[][] } {
  const counts: Counts = { requests: 0, roundTrips: 0 };
  const trace: string[][] = [];
  const connection = new Connection(url, {
    commitment: 'confirmed',
    wsEndpoint: ws,
    fetch: async (input, init) => {
      counts.roundTrips++;
      const body = String(init?.body ?? '');
      trace.push(methodsOf(body));
      counts.requests += body.trimStart().startsWith('[') ? (JSON.parse(body) as unknown[]).length : 1;
      return fetch(input, init);
    },
  });
  opened.push(connection);
  return { connection, counts, trace };
}

async function measure(
  stats: { httpRoundTrips: number; rpcRequests: number },
  work: () => Promise<unknown>,
): Promise<Counts> {
  const before = { ...stats };
  await work();
  return {
    requests: stats.rpcRequests - before.rpcRequests,
    roundTrips: stats.httpRoundTrips - before.httpRoundTrips,
  };
}

/** A fresh Connection each time: web3.js caches a blockhash for 30 s, which a fast local chain outlives. */
async function measureSdk(
  chain: TestChain,
  work: (connection: Connection) => Promise<unknown>,
): Promise<Counts> {
  const counter = countingConnection(chain.node.rpcUrl, chain.node.wsUrl);
  await work(counter.connection);
  return { ...counter.counts };
}

const sum = (a: Counts, b: Counts): Counts => ({
  requests: a.requests + b.requests,
  roundTrips: a.roundTrips + b.roundTrips,
});

/** The JSON-RPC methods of each HTTP round trip, in order. */
type Trace = string[][];
function methodsOf(body: unknown): string[] {
  try {
    const parsed = JSON.parse(String(body ?? '')) as { method?: string } | { method?: string }[];
    return (Array.isArray(parsed) ? parsed : [parsed]).map((r) => r.method ?? '?');
  } catch {
    return ['?'];
  }
}
function countsOf(trace: Trace): { all: Counts; untilSent: Counts } {
  const sentAt = trace.findIndex((trip) => trip.includes('sendTransaction'));
  const upTo = (n: number): Counts => ({
    roundTrips: n,
    requests: trace.slice(0, n).reduce((t, trip) => t + trip.length, 0),
  });
  return { all: upTo(trace.length), untilSent: upTo(sentAt + 1) };
}

/** Tidepool's engine calls the global fetch: every HTTP round trip it makes during `work`, traced. */
async function traced<T>(work: () => Promise<T>): Promise<{ result: T; all: Counts; untilSent: Counts }> {
  const trace: Trace = [];
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    trace.push(methodsOf(init?.body));
    return original(input, init);
  };
  try {
    const result = await work();
    return { result, ...countsOf(trace) };
  } finally {
    globalThis.fetch = original;
  }
}

/** The SDK path through a fresh counting Connection, traced the same way. */
async function tracedSdk(
  chain: TestChain,
  work: (connection: Connection) => Promise<unknown>,
): Promise<{ all: Counts; untilSent: Counts }> {
  const { connection, trace } = countingConnection(chain.node.rpcUrl, chain.node.wsUrl);
  await work(connection);
  return countsOf(trace);
}

/** A 2 SOL stake account of `user`, delegated to `vote`. */
async function delegatedStake(chain: TestChain, user: Keypair, vote: PublicKey): Promise<PublicKey> {
  const account = Keypair.generate();
  await sendAndConfirmTransaction(
    chain.connection,
    new Transaction().add(
      ...StakeProgram.createAccount({
        fromPubkey: user.publicKey,
        stakePubkey: account.publicKey,
        lamports: Number(2n * SOL),
        authorized: new Authorized(user.publicKey, user.publicKey),
        lockup: new Lockup(0, 0, PublicKey.default),
      }).instructions,
      ...StakeProgram.delegate({
        stakePubkey: account.publicKey,
        authorizedPubkey: user.publicKey,
        votePubkey: vote,
      }).instructions,
    ),
    [user, account],
    { commitment: 'confirmed' },
  );
  return account.publicKey;
}

/** A user holding `count` LSTs, each from its own pool. */
export async function holdLsts(
  chain: TestChain,
  operator: Keypair,
  user: Keypair,
  pools: CreatedPool[],
  count: number,
): Promise<void> {
  while (pools.length < count) {
    const pool = await activePool(chain, operator, {
      programId: STAKE_POOL_PROGRAMS.spl,
      validators: 1,
      initialDepositLamports: 2n * SOL,
      stakePerValidator: 0n,
    });
    await depositSolAsOperator(chain.connection, user, pool, SOL / 10n);
    pools.push(pool);
  }
}

/** A portfolio refresh measured both ways for `holder`, who holds one LST of each of `pools`. */
async function portfolioRow(chain: TestChain, holder: Keypair, pools: CreatedPool[]): Promise<RpcRow> {
  const engine = engineFor(chain, holder);
  const owner = holder.publicKey.toBase58();
  await engine.portfolio.refresh(owner); // first sight of new mints: discovery
  const tidepool = await measure(engine.rpc.stats, () => engine.portfolio.refresh(owner));
  const naive = await measureSdk(chain, async (connection) => {
    await connection.getBalance(holder.publicKey);
    await connection.getParsedTokenAccountsByOwner(holder.publicKey, { programId: TOKEN_PROGRAM_ID });
    await connection.getEpochInfo();
    for (const pool of pools) await getStakePoolAccount(connection, pool.pool);
  });
  return {
    work: `portfolio refresh, ${pools.length} LST${pools.length > 1 ? 's' : ''}`,
    tidepool,
    sdk: naive,
  };
}

/**
 * Measures on `chain`, leaving `user` holding 50 LSTs (the browser metrics use that portfolio) and
 * returning the holder of 150 (the popup's longest task is measured on that one).
 */
export async function rpcCounts(
  chain: TestChain,
  operator: Keypair,
  user: Keypair,
): Promise<{ rows: RpcRow[]; heavy: Keypair }> {
  try {
    const engine = engineFor(chain, user);
    const rows: RpcRow[] = [];
    const pools: CreatedPool[] = [];

    for (const count of [1, 50]) {
      await holdLsts(chain, operator, user, pools, count);
      rows.push(await portfolioRow(chain, user, pools));
    }
    // 150 LSTs (getMultipleAccounts split by 100 inside the one batch) on another holder, so that
    // `user` keeps the 50-LST portfolio the browser metrics measure.
    const heavy = await chain.funded(100);
    for (const pool of pools) await depositSolAsOperator(chain.connection, heavy, pool, SOL / 10n);
    const heavyPools = [...pools];
    await holdLsts(chain, operator, heavy, heavyPools, 150);
    rows.push(await portfolioRow(chain, heavy, heavyPools));

    // Stake and instant unstake in a pool whose validator holds active stake: the quote shown,
    // click → sent (round trips up to and including the one that carries sendTransaction), and
    // the whole path with confirmation and the outcome read back, next to the SDK helpers' path.
    const pool = await activePool(chain, operator, {
      programId: STAKE_POOL_PROGRAMS.spl,
      validators: 1,
      initialDepositLamports: 50n * SOL,
    });
    await nextEpoch(chain, operator, [pool]);
    await engine.staking.prepareStake(user.publicKey, pool.pool, SOL); // the pool is known from here on (held, listed or quoted before)

    const stakeQuote = await traced(() => engine.staking.prepareStake(user.publicKey, pool.pool, SOL));
    const stakeSent = await traced(() =>
      engine.staking.stake(user.publicKey, pool.pool, SOL, { quoteId: stakeQuote.result.quote.quoteId }),
    );
    const sdkStakeQuote = await measureSdk(chain, (connection) => getStakePoolAccount(connection, pool.pool));
    const sdkStake = await tracedSdk(chain, async (connection) => {
      const { instructions, signers } = await depositSol(connection, pool.pool, user.publicKey, Number(SOL));
      await sendAndConfirmTransaction(connection, new Transaction().add(...instructions), [user, ...signers]);
    });
    rows.push({ work: 'stake 1 SOL: quote shown', tidepool: stakeQuote.all, sdk: sdkStakeQuote });
    rows.push({ work: 'stake 1 SOL: click → sent', tidepool: stakeSent.untilSent, sdk: sdkStake.untilSent });
    rows.push({
      work: 'stake 1 SOL: quote → confirmed, outcome read',
      tidepool: sum(stakeQuote.all, stakeSent.all),
      sdk: sum(sdkStakeQuote, sdkStake.all),
    });

    const unstakeQuote = await traced(() =>
      engine.staking.prepareUnstake(user.publicKey, pool.pool, SOL / 4n, 'instant'),
    );
    const unstakeSent = await traced(() =>
      engine.staking.unstake(user.publicKey, pool.pool, SOL / 4n, 'instant', {
        quoteId: unstakeQuote.result.quote.quoteId,
      }),
    );
    const sdkUnstakeQuote = await measureSdk(chain, (connection) =>
      getStakePoolAccount(connection, pool.pool),
    );
    const sdkUnstake = await tracedSdk(chain, async (connection) => {
      const { instructions, signers } = await withdrawSol(
        connection,
        pool.pool,
        user.publicKey,
        user.publicKey,
        0.25,
      );
      await sendAndConfirmTransaction(connection, new Transaction().add(...instructions), [user, ...signers]);
    });
    rows.push({ work: 'instant unstake: quote shown', tidepool: unstakeQuote.all, sdk: sdkUnstakeQuote });
    rows.push({
      work: 'instant unstake: click → sent',
      tidepool: unstakeSent.untilSent,
      sdk: sdkUnstake.untilSent,
    });
    rows.push({
      work: 'instant unstake: quote → confirmed, outcome read',
      tidepool: sum(unstakeQuote.all, unstakeSent.all),
      sdk: sum(sdkUnstakeQuote, sdkUnstake.all),
    });

    // A stake account delegated to the pool's validator, converted into its LST (DepositStake).
    const [mine, theirs] = [
      await delegatedStake(chain, user, pool.votes[0]!),
      await delegatedStake(chain, user, pool.votes[0]!),
    ];
    await nextEpoch(chain, operator, [pool]); // the stake is active from here on
    const convertQuote = await traced(() =>
      engine.staking.prepareConvert(user.publicKey, mine, pool.pool, undefined, pool.votes[0]),
    );
    const convertSent = await traced(() =>
      engine.staking.convert(user.publicKey, mine, pool.pool, { quoteId: convertQuote.result.quote.quoteId }),
    );
    const sdkConvertQuote = await measureSdk(chain, (connection) =>
      getStakePoolAccount(connection, pool.pool),
    );
    const sdkConvert = await tracedSdk(chain, async (connection) => {
      const { instructions, signers } = await depositStake(
        connection,
        pool.pool,
        user.publicKey,
        pool.votes[0]!,
        theirs,
      );
      await sendAndConfirmTransaction(connection, new Transaction().add(...instructions), [user, ...signers]);
    });
    rows.push({ work: 'stake account → LST: quote shown', tidepool: convertQuote.all, sdk: sdkConvertQuote });
    rows.push({
      work: 'stake account → LST: click → sent',
      tidepool: convertSent.untilSent,
      sdk: sdkConvert.untilSent,
    });
    rows.push({
      work: 'stake account → LST: quote → confirmed, outcome read',
      tidepool: sum(convertQuote.all, convertSent.all),
      sdk: sum(sdkConvertQuote, sdkConvert.all),
    });
    return { rows, heavy };
  } finally {
    for (const connection of opened)
      (connection as unknown as { _rpcWebSocket?: { close(): void } })._rpcWebSocket?.close();
  }
}
