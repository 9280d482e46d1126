// Staking as the cluster decides it: the minimum delegation, asked of the stake program itself.
import {
  PublicKey,
  StakeProgram,
  TransactionInstruction,
  TransactionMessage,
  VersionedTransaction,
} from '@solana/web3.js';
import { STAKE_PROGRAM_ID } from './accounts.ts';
import type { LocalChain } from './chain.ts';
import { programDataOf } from './program-loader.ts';
import { RPC, RpcError } from './rpc-errors.ts';
import { contextOf, readConfig, type Method } from './rpc-method.ts';
import { describeRpcError } from './tx-errors.ts';

/** StakeInstruction::GetMinimumDelegation, a u32 discriminant: it takes no accounts. */
const GET_MINIMUM_DELEGATION = 13;

/**
 * What the running stake program answers to GetMinimumDelegation (its return data, a u64),
 * simulated as Agave's own RPC derives the figure from the cluster rather than from a constant.
 */
function stakeMinimumDelegation(chain: LocalChain): bigint {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(GET_MINIMUM_DELEGATION);
  const message = new TransactionMessage({
    payerKey: new PublicKey(chain.nodeIdentity),
    // Replaced in the simulation: the node asks itself, with no blockhash of anyone's.
    recentBlockhash: chain.nodeIdentity,
    instructions: [new TransactionInstruction({ programId: StakeProgram.programId, keys: [], data })],
  }).compileToLegacyMessage();
  const sim = chain.simulate(new VersionedTransaction(message).serialize(), { replaceRecentBlockhash: true });
  const returned = sim.returnData;
  if (
    sim.err ||
    !returned ||
    returned.programId !== StakeProgram.programId.toBase58() ||
    returned.data.length !== 8
  )
    throw new RpcError(
      RPC.internal,
      `the stake program did not answer GetMinimumDelegation${sim.err ? `: ${describeRpcError(sim.err)}` : ''}`,
    );
  return Buffer.from(returned.data).readBigUInt64LE(0);
}

/**
 * The minimum delegation, simulated once and again only after a write to the stake program's
 * accounts (a deploy, or localnet_setAccount): simulating costs milliseconds, and wallets ask in
 * every quote.
 */
function cachedStakeMinimumDelegation(chain: LocalChain): () => bigint {
  let answer: bigint | null = null;
  let programAccounts = new Set<string>();
  chain.onWritten((addresses) => {
    if (addresses.some((a) => programAccounts.has(a))) answer = null;
  });
  return () => {
    if (answer === null) {
      programAccounts = new Set([STAKE_PROGRAM_ID, ...programDataOf(chain, STAKE_PROGRAM_ID)]);
      answer = stakeMinimumDelegation(chain);
    }
    return answer;
  };
}

export function stakingMethods(chain: LocalChain): Record<string, Method> {
  const withContext = contextOf(chain);
  const minimumDelegation = cachedStakeMinimumDelegation(chain);
  return {
    getStakeMinimumDelegation: ([config]) => {
      readConfig(chain, config);
      return withContext(Number(minimumDelegation()));
    },
  };
}
