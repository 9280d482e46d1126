// The wallet's own sends that are not a kept quote, in the one order: a transaction with a fresh
// blockhash, simulated first (a refusal signs nothing and costs nothing), then signed, remembered,
// sent and confirmed, and what moved read back from the chain (`outcomeMint`: the token whose
// change the outcome reports, null for SOL only).
import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
import type { TxOutcome } from '../../shared/staking';
import type { RpcClient } from './rpc-client';
import { readOutcome } from './tx-outcome';
import type { TransactionSender } from './tx-sender';

export async function simulateThenSend(
  rpc: RpcClient,
  sender: TransactionSender,
  owner: PublicKey,
  instructions: TransactionInstruction[],
  label: string,
  outcomeMint: PublicKey | null,
): Promise<TxOutcome> {
  const { tx, lastValidBlockHeight } = await sender.build(owner, instructions);
  await sender.simulate(tx);
  const signature = await sender.signSendConfirm(tx, owner, lastValidBlockHeight, label);
  return readOutcome(rpc, signature, owner, outcomeMint);
}
