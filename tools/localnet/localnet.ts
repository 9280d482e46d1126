// Starts a local chain and its RPC node: the one place that turns options into a running node.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredAccount } from './accounts.ts';
import { LocalChain } from './chain.ts';
import { InfinityChain, infinityAccounts, infinityPrograms, missingInfinityFiles } from './infinity.ts';
import { readSnapshot, writeSnapshot } from './ledger-snapshot.ts';
import { loadMarinade } from './marinade.ts';
import {
  cachedPrograms,
  mergePrograms,
  sharedPrograms,
  stakePoolProgramAvailable,
  type StakePoolBuild,
} from './programs.ts';
import { listen, type HttpMiddleware, type RunningNode } from './server.ts';

export interface LocalnetOptions {
  rpcPort?: number;
  programs?: { programId: string; path: string }[];
  accounts?: { address: string; account: StoredAccount }[];
  /** Load `<id>.so` files from the programs cache (default true). */
  useProgramsCache?: boolean;
  /**
   * Which stake-pool build of ../shared/programs to load at the three ids when neither a flag nor
   * the cache names one (default: the 2026 build). Naming a build here makes it win over the cache.
   */
  stakePoolBuild?: StakePoolBuild;
  /** Load nothing from ../shared/programs (default false). */
  noSharedPrograms?: boolean;
  /** Directory for the ledger snapshot; omitted means in-memory only. */
  ledger?: string;
  reset?: boolean;
  /**
   * Start the chain at this slot (solana-test-validator's --warp-slot), e.g. the epoch a dumped
   * mainnet pool was last updated in. Wins over the saved ledger's slot.
   */
  warpSlot?: bigint;
  /** Marinade at its mainnet addresses, around the June 2025 State (tools/localnet/marinade.ts). */
  marinade?: boolean;
  /**
   * Load Sanctum Infinity as mainnet ran it in June 2025 (programs from ../shared/programs, accounts
   * from ../shared/fixtures/infinity; see infinity.ts). A missing file is an error, never a skip.
   * Its SPMBz and Marinade builds win over the cache and the stake-pool build; --bpf-program still wins.
   */
  infinity?: boolean;
  /**
   * The chain's genesis hash (base58 of 32 bytes; `--genesis-hash`). Default: the saved ledger's,
   * else a fresh random one, so two localnets are two clusters unless a test says otherwise.
   */
  genesisHash?: string;
  /**
   * Serve getProgramAccounts and getTokenAccountsByOwner as their index was this many writes ago
   * (`--index-lag N`), as providers' lagging indexes do; account reads stay live. Default 0.
   */
  indexLag?: number;
  /** How many epochs of rewards getInflationReward serves (`--reward-epochs N`, default 16); older ones are refused as cleaned up. */
  rewardEpochs?: number;
  /** How long a slot lasts in milliseconds (`--slot-ms`, default 400): block times and the Clock sysvar follow it. */
  slotMs?: number;
  /** What every blockhash derives from (`--blockhash-seed`); default: the ledger's, else the genesis hash. */
  blockhashSeed?: string;
  middleware?: HttpMiddleware;
}

export interface Localnet extends RunningNode {
  chain: LocalChain;
  stakePoolAvailable: boolean;
}

export async function startLocalnet(options: LocalnetOptions = {}): Promise<Localnet> {
  const missing = options.infinity ? missingInfinityFiles() : [];
  if (missing.length) throw new Error(`--infinity needs ${missing.join(', ')}`);
  const explicit = [...(options.programs ?? []), ...(options.infinity ? infinityPrograms() : [])];
  const cached = options.useProgramsCache === false ? [] : cachedPrograms();
  const shared = options.noSharedPrograms ? [] : sharedPrograms(options.stakePoolBuild);
  // An explicit --bpf-program wins over everything; a build named in the options wins over the cache.
  const programs = options.stakePoolBuild
    ? mergePrograms(explicit, shared, cached)
    : mergePrograms(explicit, cached, shared);
  const snapshot = options.ledger ? join(options.ledger, 'ledger.json') : undefined;
  const restore = snapshot && !options.reset && existsSync(snapshot) ? readSnapshot(snapshot) : undefined;
  const restored = new Set(restore?.accounts.map((a) => a.address));
  const chainOptions = {
    snapshot: restore,
    programs,
    // A saved ledger already holds the snapshot as it was left: only what it lacks is loaded anew.
    accounts: [
      ...(options.infinity ? infinityAccounts().filter((a) => !restored.has(a.address)) : []),
      ...(options.accounts ?? []),
    ],
    warpSlot: options.warpSlot,
    genesisHash: options.genesisHash,
    blockhashSeed: options.blockhashSeed,
    slotMs: options.slotMs,
    indexLag: options.indexLag,
    rewardEpochs: options.rewardEpochs,
  };
  const chain = options.infinity ? new InfinityChain(chainOptions) : new LocalChain(chainOptions);
  if (options.marinade) await loadMarinade(chain);
  const node = await listen(chain, options.rpcPort ?? 0, options.middleware);
  return {
    ...node,
    chain,
    stakePoolAvailable: stakePoolProgramAvailable(chain.loadedPrograms),
    close: async () => {
      await node.close();
      if (snapshot) writeSnapshot(snapshot, chain.snapshot());
    },
  };
}
