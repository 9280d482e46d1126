// Which stake pool (if any) mints each token, on its client's network (stored per RPC URL). The
// mainnet registry answers without RPC; anything else is discovered once on chain (getProgramAccounts with a memcmp on the pool's
// mint field, on each of the three programs, in the refresh's own batch) and remembered, "not a
// pool" included, so later refreshes know every pool address up front and stay within one round trip.
import type { RpcClient } from '../chain/rpc-client';
import { rpcCall } from '../chain/rpc-methods';
import type { ProgramAccount } from '../chain/rpc-shapes';
import type { StorageArea } from '../storage';
import { knownLstByMint } from './lst-registry';
import { POOL_MINT_OFFSET } from './pool-account';
import { STAKE_POOL_PROGRAMS } from '../../shared/stake-pool-programs';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'poolDirectory:*': PoolByMint;
  }
}

export type PoolByMint = Record<string, string | null>; // mint → pool address, or null: not a pool mint

const PROGRAMS = Object.values(STAKE_POOL_PROGRAMS);
/** base58 of the byte 1: AccountType::StakePool, the first byte of a pool account. */
export const STAKE_POOL_TYPE = '2';

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

  /**
   * The index reads that find the pools of `mints` never seen before (for the caller's batch): on
   * each program, its pool accounts (AccountType::StakePool) with the mint at pool_mint. Addresses
   * only: what a pool holds is read directly, never from an index that may lag.
   */
  discoveryCalls(mints: readonly string[]) {
    return mints.flatMap((mint) =>
      PROGRAMS.map((program) =>
        rpcCall('getProgramAccounts', [
          program.toBase58(),
          {
            encoding: 'base64',
            dataSlice: { offset: 0, length: 0 },
            filters: [
              { memcmp: { offset: 0, bytes: STAKE_POOL_TYPE } },
              { memcmp: { offset: POOL_MINT_OFFSET, bytes: mint } },
            ],
          },
        ]),
      ),
    );
  }

  /** Remembers what discoveryCalls(`mints`) answered (in order), "not a pool" included; returns the new entries. */
  async learn(mints: readonly string[], results: readonly ProgramAccount[][]): Promise<PoolByMint> {
    const learned: PoolByMint = {};
    mints.forEach((mint, m) => {
      const found = PROGRAMS.flatMap((_, p) => results[m * PROGRAMS.length + p] ?? []);
      learned[mint] = found[0]?.pubkey ?? null;
    });
    if (mints.length) await this.storage.set(this.#key, { ...(await this.entries()), ...learned });
    return learned;
  }
}
