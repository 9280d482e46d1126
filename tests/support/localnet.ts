// Starts the localnet in the test process (on a free loopback port pair) and gives tests a
// web3.js Connection, a funded keypair and the dev methods.
import { Connection, Keypair, LAMPORTS_PER_SOL, type PublicKey } from '@solana/web3.js';
import { startLocalnet, type Localnet, type LocalnetOptions } from '../../tools/localnet/localnet.ts';
import {
  availableStakePoolBuilds,
  cachedPrograms,
  mergePrograms,
  sharedPrograms,
  stakePoolProgramAvailable,
  STAKE_POOL_MISSING_HINT,
  type StakePoolBuild,
} from '../../tools/localnet/programs.ts';

export interface TestChain {
  node: Localnet;
  connection: Connection;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  fund(to: PublicKey, sol: number): Promise<void>;
  funded(sol?: number): Promise<Keypair>;
  advanceEpoch(rewardsBps?: number): Promise<number>;
  close(): Promise<void>;
}

export async function startTestChain(options: LocalnetOptions = {}): Promise<TestChain> {
  const node = await startLocalnet({ rpcPort: 0, ...options });
  const connection = new Connection(node.rpcUrl, { commitment: 'confirmed', wsEndpoint: node.wsUrl });
  // web3.js reuses a blockhash for 30 s; here every transaction is a block, so 150 of them can
  // pass in far less. Ask for a fresh one each time, as the wallet itself does.
  (connection as unknown as { _disableBlockhashCaching: boolean })._disableBlockhashCaching = true;
  const rpc = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const response = await fetch(node.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const body = (await response.json()) as { result?: T; error?: { message: string } };
    if (body.error) throw new Error(body.error.message);
    return body.result as T;
  };
  const fund = async (to: PublicKey, sol: number) => {
    await rpc('requestAirdrop', [to.toBase58(), sol * LAMPORTS_PER_SOL]);
  };
  return {
    node,
    connection,
    rpc,
    fund,
    async funded(sol = 100) {
      const keypair = Keypair.generate();
      await fund(keypair.publicKey, sol);
      return keypair;
    },
    async advanceEpoch(rewardsBps = 0) {
      return (await rpc<{ epoch: number }>('localnet_advanceEpoch', [{ rewardsBps }])).epoch;
    },
    async close() {
      // web3.js keeps reconnecting a closed socket; drop its subscriptions first.
      (connection as unknown as { _rpcWebSocket?: { close(): void } })._rpcWebSocket?.close();
      await node.close();
    },
  };
}

const announced = new Set<string>();
/**
 * Whether the stake-pool program is loaded; prints one SKIPPED line per suite when it is not.
 * In CI (CI=true) a missing program is a failure: the staking tests must run there.
 */
export function stakePoolProgramOr(skipWhat: string, available: boolean): boolean {
  if (!available && process.env.CI === 'true') {
    throw new Error(
      `CI: ${skipWhat} cannot run — ${STAKE_POOL_MISSING_HINT}. CI loads the builds from ../shared/programs.`,
    );
  }
  if (!available && !announced.has(skipWhat)) {
    announced.add(skipWhat);
    console.log(`SKIPPED: ${skipWhat} — ${STAKE_POOL_MISSING_HINT}`);
  }
  return available;
}

/** Known when the suite is collected, so specs can `describe.skipIf(!STAKE_POOL_AVAILABLE)`. */
export const STAKE_POOL_AVAILABLE = stakePoolProgramAvailable(
  mergePrograms(cachedPrograms(), sharedPrograms()).map((p) => p.programId),
);

/**
 * The stake-pool builds to run the staking suites on: every build in ../shared/programs, or the
 * one named by TIDEPOOL_STAKE_POOL_BUILD (handy while working on one). Empty when none is there.
 */
export function stakePoolBuilds(): StakePoolBuild[] {
  const only = process.env.TIDEPOOL_STAKE_POOL_BUILD as StakePoolBuild | undefined;
  const present = availableStakePoolBuilds();
  return only ? present.filter((b) => b === only) : present;
}
