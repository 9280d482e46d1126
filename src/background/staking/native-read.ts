// The one batch a native staking quote costs: every account the planned transaction touches, the
// epoch, the minimum delegation, a stake account's rent, a blockhash, the slot time, the fee per
// signature (signature-fee.ts, as every other quote asks it), the validator
// (for a stake) and the simulation of exactly that transaction, with the accounts after it.
import { PublicKey } from '@solana/web3.js';
import type { RpcClient } from '../chain/rpc-client';
import type { SignatureFee } from '../chain/signature-fee';
import { rpcCall } from '../chain/rpc-methods';
import type { VoteAccounts } from '../chain/rpc-shapes';
import { epochTiming, measuredSlotTime, slotTimeCall } from '../chain/slot-time';
import type { NativePlan } from './native-plan';
import { STAKE_ACCOUNT_SIZE, decodeStakeAccount } from './stake-account';
import { simulationWire } from '../chain/simulation-wire';

/** The one batch: the touched accounts, the cluster's figures, a blockhash, the slot time, the simulation. */
export async function readAndSimulate(
  rpc: RpcClient,
  fees: SignatureFee,
  owner: PublicKey,
  plan: NativePlan,
) {
  const watch = [owner, ...plan.stakeAccounts].map((a) => a.toBase58());
  const voter = plan.voter?.toBase58();
  const [accounts, epochInfo, minimum, rent, blockhash, samples, fee, simulation, ...vote] = await rpc.batch([
    rpcCall('getMultipleAccounts', [watch, { encoding: 'base64' }]),
    rpcCall('getEpochInfo', []),
    rpcCall('getStakeMinimumDelegation', []),
    rpcCall('getMinimumBalanceForRentExemption', [STAKE_ACCOUNT_SIZE]),
    rpcCall('getLatestBlockhash', []),
    slotTimeCall(),
    await fees.ask(owner),
    rpcCall('simulateTransaction', [
      simulationWire(owner, plan.instructions),
      {
        encoding: 'base64',
        sigVerify: false,
        replaceRecentBlockhash: true,
        accounts: { encoding: 'base64', addresses: watch },
      },
    ]),
    ...(voter ? [rpcCall('getVoteAccounts', [{ votePubkey: voter, keepUnstakedDelinquents: true }])] : []),
  ]);
  return {
    before: accounts.value,
    epochInfo,
    minimumDelegation: BigInt(minimum.value),
    rent: BigInt(rent),
    blockhash: blockhash.value,
    timing: epochTiming(epochInfo, measuredSlotTime(samples)),
    networkFee: await fees.lamports(owner, fee),
    simulation: simulation.value,
    vote: vote[0] as VoteAccounts | undefined,
  };
}
export type Read = Awaited<ReturnType<typeof readAndSimulate>>;

/** The rent reserve the program wrote into a stake's new account, in the simulation (undefined if it failed). */
export function createdReserve(read: Read): bigint | undefined {
  const account = read.simulation.err ? null : read.simulation.accounts?.[1];
  return account ? decodeStakeAccount(Buffer.from(account.data[0], 'base64'))?.rentExemptReserve : undefined;
}
