// What a confirmed transaction did to the wallet, read from the chain (not from our quote): the
// change of the owner's SOL and of its balance of one token. Right after confirmation a
// load-balanced RPC may not have the transaction yet: it is asked again (from the confirmed slot
// on), and if it still has none the outcome says its amounts are unread, never that they are 0.
// Read on the network the transaction was sent on (the client's), and linked to that network's explorer.
import type { PublicKey } from '@solana/web3.js';
import { explorerTxUrl } from '../../shared/networks';
import type { TxOutcome } from '../../shared/staking';
import { RpcNodeError, type RpcClient } from './rpc-client';
import type { ConfirmedTransaction, TokenBalance } from './rpc-shapes';

const READ_ATTEMPTS = 4;
const READ_PAUSE_MS = 300;

export async function readOutcome(
  rpc: RpcClient,
  signature: string,
  owner: PublicKey,
  mint: PublicKey | null,
): Promise<TxOutcome> {
  return (await readOutcomeWith(rpc, signature, owner, mint, [])).outcome;
}

/**
 * The outcome, and the lamports `accounts` held before the transaction (0 when absent or unread):
 * an account it closes into the owner pays those back too, and they are not what the route paid.
 */
export async function readOutcomeWith(
  rpc: RpcClient,
  signature: string,
  owner: PublicKey,
  mint: PublicKey | null,
  accounts: PublicKey[],
): Promise<{ outcome: TxOutcome; lamportsBefore: bigint[] }> {
  let tx: ConfirmedTransaction | null = null;
  let slot: number | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      tx = await rpc.call('getTransaction', [
        signature,
        {
          encoding: 'json',
          maxSupportedTransactionVersion: 0,
          ...(slot !== undefined ? { minContextSlot: slot } : {}),
        },
      ]);
    } catch (error) {
      if (!(error instanceof RpcNodeError)) throw error; // e.g. "minimum context slot not reached": a node behind
      tx = null;
    }
    if (tx?.meta || attempt >= READ_ATTEMPTS) break;
    if (slot === undefined) {
      const {
        value: [status],
      } = await rpc.call('getSignatureStatuses', [[signature], { searchTransactionHistory: true }]);
      slot = status?.slot;
    }
    await new Promise((r) => setTimeout(r, READ_PAUSE_MS * attempt));
  }
  const base = { signature, explorerUrl: explorerTxUrl(signature, rpc.network) };
  if (!tx?.meta)
    return {
      outcome: { ...base, solChange: '0', tokenChange: '0', amountsUnread: true },
      lamportsBefore: accounts.map(() => 0n),
    };
  const { accountKeys } = tx.transaction.message;
  const { preBalances, postBalances } = tx.meta;
  const before = (key: PublicKey) => {
    const i = accountKeys.indexOf(key.toBase58());
    return i >= 0 ? BigInt(preBalances[i]!) : 0n;
  };
  const index = accountKeys.indexOf(owner.toBase58());
  const solChange = index >= 0 ? BigInt(postBalances[index]!) - before(owner) : 0n;
  const sum = (balances: TokenBalance[] | undefined) =>
    (balances ?? [])
      .filter((b) => mint && b.mint === mint.toBase58() && b.owner === owner.toBase58())
      .reduce((total, b) => total + BigInt(b.uiTokenAmount.amount), 0n);
  const outcome: TxOutcome = {
    ...base,
    solChange: solChange.toString(),
    tokenChange: (sum(tx.meta.postTokenBalances) - sum(tx.meta.preTokenBalances)).toString(),
    networkFeeLamports: String(tx.meta.fee),
    slot: tx.slot,
    blockTime: tx.blockTime,
  };
  return { outcome, lamportsBefore: accounts.map(before) };
}
