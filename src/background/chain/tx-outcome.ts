// What a confirmed transaction did to the wallet, read from the chain (not from our quote): the
// change of the owner's SOL and of its balance of one token.
import type { PublicKey } from '@solana/web3.js';
import { explorerTxUrl } from '../../shared/networks';
import type { TxOutcome } from '../../shared/staking';
import type { RpcClient } from './rpc-client';

interface TokenBalance { mint: string; owner?: string; uiTokenAmount: { amount: string } }
interface ConfirmedTransaction {
  transaction: { message: { accountKeys: string[] } };
  meta: { fee: number; preBalances: number[]; postBalances: number[]; preTokenBalances?: TokenBalance[]; postTokenBalances?: TokenBalance[] } | null;
}

export async function readOutcome(rpc: RpcClient, signature: string, owner: PublicKey, mint: PublicKey | null): Promise<TxOutcome> {
  const network = await rpc.network();
  const tx = await rpc.call<ConfirmedTransaction | null>('getTransaction', [signature, { encoding: 'json', commitment: 'confirmed', maxSupportedTransactionVersion: 0 }]);
  const base = { signature, explorerUrl: explorerTxUrl(signature, network) };
  if (!tx?.meta) return { ...base, solChange: '0', tokenChange: '0' };
  const index = tx.transaction.message.accountKeys.indexOf(owner.toBase58());
  const solChange = index >= 0 ? BigInt(tx.meta.postBalances[index]!) - BigInt(tx.meta.preBalances[index]!) : 0n;
  const sum = (balances: TokenBalance[] | undefined) => (balances ?? [])
    .filter((b) => mint && b.mint === mint.toBase58() && b.owner === owner.toBase58())
    .reduce((total, b) => total + BigInt(b.uiTokenAmount.amount), 0n);
  return {
    ...base, solChange: solChange.toString(), tokenChange: (sum(tx.meta.postTokenBalances) - sum(tx.meta.preTokenBalances)).toString(),
    networkFeeLamports: String(tx.meta.fee),
  };
}
