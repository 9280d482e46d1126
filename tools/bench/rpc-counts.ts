// RPC requests and HTTP round trips for the same work done two ways against the localnet with the
// real stake-pool program: Tidepool's engine, and the straightforward path through
// @solana/spl-stake-pool's helpers and an unmodified web3.js Connection.
import { Connection, type Keypair, Transaction, sendAndConfirmTransaction } from '@solana/web3.js';
import { TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { depositSol, getStakePoolAccount, withdrawSol } from '@solana/spl-stake-pool';
import { STAKE_POOL_PROGRAMS } from '../../src/background/staking/program-ids.ts';
import type { CreatedPool } from '../stake-pool-admin/pool-admin.ts';
import { depositSolAsOperator } from '../stake-pool-admin/pool-admin.ts';
import type { TestChain } from '../../tests/support/localnet.ts';
import { SOL, activePool, engineFor, nextEpoch } from '../../tests/support/staking.ts';

export interface Counts { requests: number; roundTrips: number }
export interface RpcRow { work: string; tidepool: Counts; sdk: Counts }

const opened: Connection[] = [];

/** A web3.js Connection whose HTTP traffic is counted (WebSocket confirmation is not HTTP). */
function countingConnection(url: string, ws: string): { connection: Connection; counts: Counts } {
  const counts: Counts = { requests: 0, roundTrips: 0 };
  const connection = new Connection(url, {
    commitment: 'confirmed', wsEndpoint: ws,
    fetch: async (input, init) => {
      counts.roundTrips++;
      const body = String(init?.body ?? '');
      counts.requests += body.trimStart().startsWith('[') ? (JSON.parse(body) as unknown[]).length : 1;
      return fetch(input, init);
    },
  });
  opened.push(connection);
  return { connection, counts };
}

async function measure(stats: { httpRoundTrips: number; rpcRequests: number }, work: () => Promise<unknown>): Promise<Counts> {
  const before = { ...stats };
  await work();
  return { requests: stats.rpcRequests - before.rpcRequests, roundTrips: stats.httpRoundTrips - before.httpRoundTrips };
}

/** A fresh Connection each time: web3.js caches a blockhash for 30 s, which a fast local chain outlives. */
async function measureSdk(chain: TestChain, work: (connection: Connection) => Promise<unknown>): Promise<Counts> {
  const counter = countingConnection(chain.node.rpcUrl, chain.node.wsUrl);
  await work(counter.connection);
  return { ...counter.counts };
}

/** A user holding `count` LSTs, each from its own pool. */
export async function holdLsts(chain: TestChain, operator: Keypair, user: Keypair, pools: CreatedPool[], count: number): Promise<void> {
  while (pools.length < count) {
    const pool = await activePool(chain, operator, { programId: STAKE_POOL_PROGRAMS.spl, validators: 1, initialDepositLamports: 2n * SOL, stakePerValidator: 0n });
    await depositSolAsOperator(chain.connection, user, pool, SOL / 10n);
    pools.push(pool);
  }
}

/** A portfolio refresh measured both ways for `holder`, who holds one LST of each of `pools`. */
async function portfolioRow(chain: TestChain, holder: Keypair, pools: CreatedPool[]): Promise<RpcRow> {
  const engine = engineFor(chain, holder);
  const owner = holder.publicKey.toBase58();
  await engine.portfolio.refresh(owner, engine.network); // first sight of new mints: discovery
  const tidepool = await measure(engine.rpc.stats, () => engine.portfolio.refresh(owner, engine.network));
  const naive = await measureSdk(chain, async (connection) => {
    await connection.getBalance(holder.publicKey);
    await connection.getParsedTokenAccountsByOwner(holder.publicKey, { programId: TOKEN_PROGRAM_ID });
    await connection.getEpochInfo();
    for (const pool of pools) await getStakePoolAccount(connection, pool.pool);
  });
  return { work: `portfolio refresh, ${pools.length} LST${pools.length > 1 ? 's' : ''}`, tidepool, sdk: naive };
}

/** Measures on `chain`, leaving `user` holding 50 LSTs (the browser metrics use that portfolio). */
export async function rpcCounts(chain: TestChain, operator: Keypair, user: Keypair): Promise<RpcRow[]> {
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

    // Stake and instant unstake in a pool whose validator holds active stake.
    const pool = await activePool(chain, operator, { programId: STAKE_POOL_PROGRAMS.spl, validators: 1, initialDepositLamports: 50n * SOL });
    await nextEpoch(chain, operator, [pool]);
    const stake = await measure(engine.rpc.stats, () => engine.staking.stake(user.publicKey, pool.pool, SOL));
    const sdkStake = await measureSdk(chain, async (connection) => {
      const { instructions, signers } = await depositSol(connection, pool.pool, user.publicKey, Number(SOL));
      await sendAndConfirmTransaction(connection, new Transaction().add(...instructions), [user, ...signers]);
    });
    rows.push({ work: 'stake 1 SOL', tidepool: stake, sdk: sdkStake });
    const unstake = await measure(engine.rpc.stats, () => engine.staking.unstake(user.publicKey, pool.pool, SOL / 4n, 'instant'));
    const sdkUnstake = await measureSdk(chain, async (connection) => {
      const { instructions, signers } = await withdrawSol(connection, pool.pool, user.publicKey, user.publicKey, 0.25);
      await sendAndConfirmTransaction(connection, new Transaction().add(...instructions), [user, ...signers]);
    });
    rows.push({ work: 'instant unstake', tidepool: unstake, sdk: sdkUnstake });
    return rows;
  } finally {
    for (const connection of opened) (connection as unknown as { _rpcWebSocket?: { close(): void } })._rpcWebSocket?.close();
  }
}
