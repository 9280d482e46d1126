// The standard Solana JSON-RPC methods, served from the local chain: one module per family.
import type { LocalChain } from './chain.ts';
import { blockMethods } from './rpc-blocks.ts';
import { accountMethods } from './rpc-accounts.ts';
import { clusterMethods } from './rpc-cluster.ts';
import type { Method } from './rpc-method.ts';
import { stakingMethods } from './rpc-staking.ts';
import { rewardMethods } from './rpc-rewards.ts';
import { transactionMethods } from './rpc-transactions.ts';
import { validatorRpcMethods } from './rpc-validators.ts';

export function standardMethods(chain: LocalChain): Record<string, Method> {
  return {
    ...clusterMethods(chain),
    ...accountMethods(chain),
    ...transactionMethods(chain),
    ...stakingMethods(chain),
    ...blockMethods(chain),
    ...validatorRpcMethods(chain),
    ...rewardMethods(chain),
  };
}
