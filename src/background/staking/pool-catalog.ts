// Every pool one can stake into on the engine's network, for the Stake screen: the registry's pools
// on mainnet (read in one batch), every pool of the three stake-pool programs elsewhere (the
// directory's discovery). A pool account that does not decode is left out, never shown half-read.
// Pools the person holds come first, then the largest.
import { PublicKey } from '@solana/web3.js';
import type { PoolSummary } from '../../shared/staking';
import type { RpcClient } from '../chain/rpc-client';
import { rpcCall } from '../chain/rpc-methods';
import type { EpochInfo, PerformanceSample } from '../chain/rpc-shapes';
import { AccountRequest } from '../chain/account-batch';
import { measuredSlotTime, slotTimeCall } from '../chain/slot-time';
import { MAINNET_LSTS } from './lst-registry';
import { decodePool, type PoolState } from './pool-account';
import type { PoolDirectory } from './pool-directory';
import { epochYear } from './pool-math';
import { summarizePool } from './pool-summary';

export class PoolCatalog {
  constructor(
    private readonly rpc: RpcClient,
    private readonly directory: PoolDirectory,
    /** The pools whose tokens `owner` holds (from the saved portfolio), listed first. */
    private readonly heldPools: (owner: string) => Promise<ReadonlySet<string>>,
  ) {}

  async list(owner: PublicKey): Promise<{ pools: PoolSummary[]; epoch: number }> {
    const { network } = this.rpc;
    const [states, [epochInfo, samples]] =
      network.chain === 'solana:mainnet' ? await this.#registryPools() : await this.#discoveredPools();
    const held = await this.heldPools(owner.toBase58());
    const year = epochYear(epochInfo.slotsInEpoch, measuredSlotTime(samples));
    const pools = states
      .map((p) => summarizePool(p, { chain: network.chain, epoch: BigInt(epochInfo.epoch), year, owner }))
      .sort(
        (a, b) =>
          Number(held.has(b.pool)) - Number(held.has(a.pool)) ||
          (BigInt(b.totalLamports) > BigInt(a.totalLamports) ? 1 : -1),
      );
    return { pools, epoch: epochInfo.epoch };
  }

  /** The registry lists more than 100 pools: getMultipleAccounts split by 100 inside one batch. */
  async #registryPools(): Promise<[PoolState[], Timing]> {
    const addresses = MAINNET_LSTS.map((l) => l.pool);
    const request = new AccountRequest().add(...addresses);
    const [info, samples, ...accounts] = await this.rpc.batch([
      rpcCall('getEpochInfo', []),
      slotTimeCall(),
      ...request.calls(),
    ]);
    const read = request.read(accounts);
    const states = addresses.flatMap((address) => {
      try {
        return [decodePool(new PublicKey(address), read.get(address) ?? null)];
      } catch {
        return [];
      }
    });
    return [states, [info, samples]];
  }

  #discoveredPools(): Promise<[PoolState[], Timing]> {
    return Promise.all([
      this.directory.allPools(),
      this.rpc.batch([rpcCall('getEpochInfo', []), slotTimeCall()]),
    ]);
  }
}

/** The epoch, and the samples the slot time is measured from. */
type Timing = [EpochInfo, PerformanceSample[]];
