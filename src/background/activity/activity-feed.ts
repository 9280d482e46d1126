// The Activity screen's list: the account's recent transactions as the chain has them
// (activity.ts names them, with the LSTs this network's directory knows named as such), led by the
// wallet's own sends the chain has not confirmed yet, each said to be waiting. A send the chain
// already lists is shown once, as the chain has it. The LSTs known, the chain's list and the
// waiting sends are all of the engine's one network.
import type { ActivityItem } from '../../shared/activity';
import { explorerTxUrl } from '../../shared/networks';
import type { RpcClient } from '../chain/rpc-client';
import type { TransactionSender } from '../chain/tx-sender';
import type { PoolDirectory } from '../staking/pool-directory';
import { recentActivity } from './activity';

export class ActivityFeed {
  constructor(
    private readonly rpc: RpcClient,
    private readonly sender: TransactionSender,
    private readonly directory: PoolDirectory,
  ) {}

  async list(owner: string): Promise<{ items: ActivityItem[] }> {
    const { network } = this.rpc;
    const entries = await this.directory.entries();
    const poolMints = new Set(Object.keys(entries).filter((mint) => entries[mint]));
    const [items, inFlight] = await Promise.all([
      recentActivity(this.rpc, owner, poolMints),
      this.sender.inFlight(),
    ]);
    const unconfirmed = inFlight
      .filter((p) => !items.some((i) => i.signature === p.signature))
      .map((p): ActivityItem => ({
        signature: p.signature,
        explorerUrl: explorerTxUrl(p.signature, network),
        blockTime: Math.floor(p.createdAt / 1000),
        kind: 'other',
        summary: `${p.label} (waiting for confirmation)`,
        failed: false,
        inFlight: true,
      }));
    return { items: [...unconfirmed, ...items] };
  }
}
