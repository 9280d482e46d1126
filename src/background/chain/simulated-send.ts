// The wallet's own sends that are not a kept quote, in the one order: a transaction with a fresh
// blockhash, simulated first (a refusal signs nothing and costs nothing), then signed, remembered,
// sent and confirmed, and what moved read back from the chain (`outcomeMint`: the token whose
// change the outcome reports, null for SOL only). All of it on the one network `rpc` and `sender`
// are bound to (the caller's engine's), the one the caller read its balances from.
import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
import type { TxOutcome } from '../../shared/staking';
import type { RpcClient } from './rpc-client';
import { readOutcome } from './tx-outcome';
import type { Built, TransactionSender } from './tx-sender';

export async function simulateThenSend(
  rpc: RpcClient,
  sender: TransactionSender,
  owner: PublicKey,
  /** The instructions, or the transaction already built on a fresh blockhash of this network. */
  transaction: TransactionInstruction[] | Built,
  label: string,
  outcomeMint: PublicKey | null,
): Promise<TxOutcome> {
  const built = Array.isArray(transaction) ? await sender.build(owner, transaction) : transaction;
  await sender.simulate(built.tx);
  const signature = await sender.signSendConfirm(built, owner, label);
  return readOutcome(rpc, signature, owner, outcomeMint);
}
