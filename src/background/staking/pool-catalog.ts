// Every pool one can stake into on the engine's network, for the Stake screen: the registry's pools
// on mainnet (read in one batch), every pool of the three stake-pool programs elsewhere (one
// getProgramAccounts per program). A pool account that does not decode is left out, never shown
// half-read. Pools the person holds come first, then the largest. The reads are calls for a batch
// (poolReads), so the validator picker reads the pools in the same round trip as the validators.
import { PublicKey } from '@solana/web3.js';
import { SOLANA_MAINNET_CHAIN, type ChainId } from '../../shared/networks';
import type { PoolSummary } from '../../shared/staking';
import { STAKE_POOL_PROGRAMS } from '../../shared/stake-pool-programs';
import type { RpcClient } from '../chain/rpc-client';
import { rpcCall, type RpcCall, type RpcResult } from '../chain/rpc-methods';
import { rawAccount } from '../chain/raw-account';
import { AccountRequest } from '../chain/account-batch';
import { measuredSlotTime, slotTimeCall } from '../chain/slot-time';
import { MAINNET_LSTS } from './lst-registry';
import { decodePool, type PoolState } from './pool-account';
import { STAKE_POOL_TYPE } from './pool-directory';
import { epochYear } from './pool-math';
import { summarizePool } from './pool-summary';

type PoolCall = RpcCall<'getMultipleAccounts'> | RpcCall<'getProgramAccounts'>;
type PoolAnswer = RpcResult<'getMultipleAccounts'> | RpcResult<'getProgramAccounts'>;

const decoded = (address: string, account: Parameters<typeof rawAccount>[0] | null | undefined) => {
  try {
    return [decodePool(new PublicKey(address), account ? rawAccount(account) : null)];
  } catch {
    return []; // absent, or another account type of the program that happens to match
  }
};

/** The calls that read every pool of `chain`, and the pools their answers (in order) hold. */
export function poolReads(chain: ChainId): {
  calls: PoolCall[];
  read(answers: readonly PoolAnswer[]): PoolState[];
} {
  if (chain === SOLANA_MAINNET_CHAIN) {
    // The registry lists more than 100 pools: getMultipleAccounts split by 100 inside the batch.
    const addresses = MAINNET_LSTS.map((l) => l.pool);
    const request = new AccountRequest().add(...addresses);
    return {
      calls: request.calls(),
      read: (answers) => {
        const read = request.read(answers as RpcResult<'getMultipleAccounts'>[]);
        return addresses.flatMap((address) => decoded(address, read.encoded(address)));
      },
    };
  }
  return {
    calls: Object.values(STAKE_POOL_PROGRAMS).map((program) =>
      rpcCall('getProgramAccounts', [
        program.toBase58(),
        { encoding: 'base64', filters: [{ memcmp: { offset: 0, bytes: STAKE_POOL_TYPE } }] },
      ]),
    ),
    read: (answers) =>
      (answers as RpcResult<'getProgramAccounts'>[]).flat().flatMap((a) => decoded(a.pubkey, a.account)),
  };
}

export class PoolCatalog {
  constructor(
    private readonly rpc: RpcClient,
    /** The pools whose tokens `owner` holds (from the saved portfolio), listed first. */
    private readonly heldPools: (owner: string) => Promise<ReadonlySet<string>>,
  ) {}

  async list(owner: PublicKey): Promise<{ pools: PoolSummary[]; epoch: number }> {
    const { network } = this.rpc;
    const reads = poolReads(network.chain);
    const [epochInfo, samples, ...answers] = await this.rpc.batch([
      rpcCall('getEpochInfo', []),
      slotTimeCall(),
      ...reads.calls,
    ]);
    const held = await this.heldPools(owner.toBase58());
    const year = epochYear(epochInfo.slotsInEpoch, measuredSlotTime(samples));
    const pools = reads
      .read(answers)
      .map((p) => summarizePool(p, { chain: network.chain, epoch: BigInt(epochInfo.epoch), year, owner }))
      .sort(
        (a, b) =>
          Number(held.has(b.pool)) - Number(held.has(a.pool)) ||
          (BigInt(b.totalLamports) > BigInt(a.totalLamports) ? 1 : -1),
      );
    return { pools, epoch: epochInfo.epoch };
  }
}
