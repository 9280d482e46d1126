// Which stake pool (if any) mints each token, on its client's network (stored per RPC URL). The
// mainnet registry answers without RPC; anything else is discovered once on chain (getProgramAccounts with a memcmp on the pool's
// mint field, on each of the three programs) and remembered, "not a pool" included, so later
// refreshes know every pool address up front and stay within one round trip.
import { PublicKey } from '@solana/web3.js';
import type { RpcClient } from '../chain/rpc-client';
import { rpcCall } from '../chain/rpc-methods';
import { rawAccount } from '../chain/raw-account';
import type { StorageArea } from '../storage';
import { knownLstByMint } from './lst-registry';
import { POOL_MINT_OFFSET, decodePool, type PoolState } from './pool-account';
import { STAKE_POOL_PROGRAMS } from '../../shared/stake-pool-programs';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'poolDirectory:*': PoolByMint;
  }
}

export type PoolByMint = Record<string, string | null>; // mint → pool address, or null: not a pool mint

export class PoolDirectory {
  constructor(
    private readonly storage: StorageArea<'local'>,
    private readonly rpc: RpcClient,
  ) {}

  get #key(): `poolDirectory:${string}` {
    return `poolDirectory:${this.rpc.network.rpcUrl}`;
  }

  async entries(): Promise<PoolByMint> {
    return (await this.storage.get(this.#key)) ?? {};
  }

  /** The pool for `mint`: registry, then what was discovered before; undefined = never looked. */
  async poolFor(mint: string): Promise<string | null | undefined> {
    const known = knownLstByMint(mint, this.rpc.network.chain);
    if (known) return known.pool;
    return (await this.entries())[mint];
  }

  /** Looks up every mint never seen before in one batch, and remembers the answers. */
  async discover(mints: string[]): Promise<PoolState[]> {
    if (!mints.length) return [];
    const programs = Object.values(STAKE_POOL_PROGRAMS);
    const calls = mints.flatMap((mint) =>
      programs.map((program) =>
        rpcCall('getProgramAccounts', [
          program.toBase58(),
          {
            encoding: 'base64',
            filters: [{ memcmp: { offset: POOL_MINT_OFFSET, bytes: mint } }],
          },
        ]),
      ),
    );
    const results = await this.rpc.batch(calls);
    const entries = await this.entries();
    const pools: PoolState[] = [];
    mints.forEach((mint, m) => {
      const found = programs
        .flatMap((_, p) => results[m * programs.length + p] ?? [])
        .flatMap((item) => {
          try {
            const pool = decodePool(new PublicKey(item.pubkey), rawAccount(item.account));
            return pool.poolMint.toBase58() === mint ? [pool] : [];
          } catch {
            return []; // another account type of the program that happens to match the bytes
          }
        });
      entries[mint] = found[0]?.address.toBase58() ?? null;
      if (found[0]) pools.push(found[0]);
    });
    await this.storage.set(this.#key, entries);
    return pools;
  }

  /** Every pool of the three programs on this cluster (for choosing where to stake off mainnet). */
  async allPools(): Promise<PoolState[]> {
    const programs = Object.values(STAKE_POOL_PROGRAMS);
    const results = await this.rpc.batch(
      programs.map((program) =>
        rpcCall('getProgramAccounts', [
          program.toBase58(),
          {
            encoding: 'base64',
            filters: [{ memcmp: { offset: 0, bytes: '2' } }],
          },
        ]),
      ),
    );
    return results.flat().flatMap((item) => {
      try {
        return [decodePool(new PublicKey(item.pubkey), rawAccount(item.account))];
      } catch {
        return [];
      }
    });
  }
}
