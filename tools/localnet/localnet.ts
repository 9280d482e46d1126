// Starts a local chain and its RPC node: the one place that turns options into a running node.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LocalChain, type StoredAccount } from './chain.ts';
import { readSnapshot, writeSnapshot } from './ledger-snapshot.ts';
import { cachedPrograms, stakePoolProgramAvailable } from './programs.ts';
import { listen, type HttpMiddleware, type RunningNode } from './server.ts';

export interface LocalnetOptions {
  rpcPort?: number;
  programs?: { programId: string; path: string }[];
  accounts?: { address: string; account: StoredAccount }[];
  /** Load `<id>.so` files from the programs cache (default true). */
  useProgramsCache?: boolean;
  /** Directory for the ledger snapshot; omitted means in-memory only. */
  ledger?: string;
  reset?: boolean;
  middleware?: HttpMiddleware;
}

export interface Localnet extends RunningNode {
  chain: LocalChain;
  stakePoolAvailable: boolean;
}

export async function startLocalnet(options: LocalnetOptions = {}): Promise<Localnet> {
  const explicit = options.programs ?? [];
  const cached = options.useProgramsCache === false ? [] : cachedPrograms();
  // An explicit --bpf-program wins over a cached file for the same id.
  const programs = [...explicit, ...cached.filter((c) => !explicit.some((e) => e.programId === c.programId))];
  const snapshot = options.ledger ? join(options.ledger, 'ledger.json') : undefined;
  const restore = snapshot && !options.reset && existsSync(snapshot) ? readSnapshot(snapshot) : undefined;
  const chain = new LocalChain({ snapshot: restore, programs, accounts: options.accounts });
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
