// Recent transactions of an account in the user's words, with staking named (Infinity's and
// Marinade's actions by lst-activity.ts): two round trips
// (the signatures, then every transaction in one batch). What a transaction did is read from the
// chain's balance changes for this account, so the summary cannot disagree with the ledger. Both
// trips ask `network`, the one whose explorer the links open: a switch between them mixes nothing.
import { StakeProgram } from '@solana/web3.js';
import type { ActivityItem, ActivityKind } from '../../shared/activity';
import { formatUnits, shortAddress, solText } from '../../shared/format';
import { explorerTxUrl, type NetworkInfo } from '../../shared/networks';
import { STAKE_POOL_PROGRAM_ADDRESSES } from '../../shared/stake-pool-programs';
import { knownLstByMint } from '../staking/lst-registry';
import { lstSymbol } from '../staking/pool-summary';
import type { RpcClient } from '../chain/rpc-client';
import { rpcCall } from '../chain/rpc-methods';
import type { ConfirmedTransaction, TokenBalance } from '../chain/rpc-shapes';
import { describeLstAction, type TokenDelta } from './lst-activity';

const LIMIT = 20;
const STAKE = StakeProgram.programId.toBase58();

function tokenDeltas(tx: ConfirmedTransaction, owner: string): TokenDelta[] {
  const deltas = new Map<string, { delta: bigint; decimals: number }>();
  const add = (list: TokenBalance[] | undefined, sign: bigint) => {
    for (const b of list ?? []) {
      if (b.owner !== owner) continue;
      const entry = deltas.get(b.mint) ?? { delta: 0n, decimals: b.uiTokenAmount.decimals };
      entry.delta += sign * BigInt(b.uiTokenAmount.amount);
      deltas.set(b.mint, entry);
    }
  };
  add(tx.meta?.preTokenBalances, -1n);
  add(tx.meta?.postTokenBalances, 1n);
  return [...deltas].filter(([, d]) => d.delta !== 0n).map(([mint, d]) => ({ mint, ...d }));
}

/**
 * The rent a transaction put into a token account of `mint` it opened for `owner`: that account's
 * lamports after, as the ledger records them (it had none before); 0 when it opened none.
 */
function rentOfOpened(tx: ConfirmedTransaction, owner: string, mint: string): bigint {
  const before = new Set((tx.meta?.preTokenBalances ?? []).map((b) => b.accountIndex));
  const opened = (tx.meta?.postTokenBalances ?? []).find(
    (b) => b.owner === owner && b.mint === mint && !before.has(b.accountIndex),
  );
  if (!opened || !tx.meta) return 0n;
  const at = opened.accountIndex;
  return BigInt(tx.meta.postBalances[at] ?? 0) - BigInt(tx.meta.preBalances[at] ?? 0);
}

/** `poolMints`: mints known to be LSTs on this network (registry and discovered), named as such. */
export function describe(
  tx: ConfirmedTransaction,
  owner: string,
  network: NetworkInfo,
  poolMints: ReadonlySet<string> = new Set(),
): { kind: ActivityKind; summary: string } {
  const keys = tx.transaction.message.accountKeys;
  const index = keys.indexOf(owner);
  const fee = index === 0 ? BigInt(tx.meta?.fee ?? 0) : 0n;
  const solDelta =
    index >= 0 && tx.meta ? BigInt(tx.meta.postBalances[index]!) - BigInt(tx.meta.preBalances[index]!) : 0n;
  const solMoved = solDelta + fee; // what moved, apart from the network fee
  const tokens = tokenDeltas(tx, owner);
  const sol = (l: bigint) => solText(l, 4);
  const pool = keys.some((k) => STAKE_POOL_PROGRAM_ADDRESSES.has(k));
  // Only a token known to be a pool's, or that went through a stake pool, is named as an LST.
  const name = (mint: string) =>
    pool || poolMints.has(mint) || knownLstByMint(mint, network.chain)
      ? lstSymbol(mint, network.chain)
      : `token ${shortAddress(mint)}`;
  // Every token an Infinity or Marinade instruction moves is an LST (Infinity's list checks its own).
  const lst = describeLstAction(tx, owner, tokens, (mint) => lstSymbol(mint, network.chain));
  if (lst) return lst;
  const token = (t: TokenDelta) =>
    `${formatUnits(t.delta < 0n ? -t.delta : t.delta, t.decimals, 4)} ${name(t.mint)}`;
  const got = tokens.find((t) => t.delta > 0n);
  const gave = tokens.find((t) => t.delta < 0n);
  if (pool && got && solMoved < 0n) {
    // A token account opened by this deposit took rent; that SOL was not staked.
    return {
      kind: 'stake',
      summary: `Staked ${sol(solMoved + rentOfOpened(tx, owner, got.mint))} → ${token(got)}`,
    };
  }
  if (pool && gave && keys.includes(STAKE) && solMoved <= 0n)
    return { kind: 'unstake-delayed', summary: `Unstaked ${token(gave)} → a stake account (delayed)` };
  if (pool && gave) return { kind: 'unstake-instant', summary: `Unstaked ${token(gave)} → ${sol(solMoved)}` };
  if (keys.includes(STAKE) && solMoved > 0n)
    return { kind: 'withdraw-stake', summary: `Withdrew ${sol(solMoved)} from a stake account` };
  if (gave) return { kind: 'send', summary: `Sent ${token(gave)}` };
  if (got) return { kind: 'receive', summary: `Received ${token(got)}` };
  if (solMoved < 0n) return { kind: 'send', summary: `Sent ${sol(solMoved)}` };
  if (solMoved > 0n) return { kind: 'receive', summary: `Received ${sol(solMoved)}` };
  return { kind: 'other', summary: 'Transaction' };
}

export async function recentActivity(
  rpc: RpcClient,
  owner: string,
  poolMints: ReadonlySet<string>,
): Promise<ActivityItem[]> {
  const { network } = rpc;
  const signatures = await rpc.call('getSignaturesForAddress', [owner, { limit: LIMIT }]);
  if (!signatures.length) return [];
  const txs = await rpc.batch(
    signatures.map((s) =>
      rpcCall('getTransaction', [s.signature, { encoding: 'json', maxSupportedTransactionVersion: 0 }]),
    ),
  );
  return signatures.map((s, i) => {
    const tx = txs[i];
    const described = tx
      ? describe(tx, owner, network, poolMints)
      : { kind: 'other' as const, summary: 'Transaction' };
    return {
      signature: s.signature,
      explorerUrl: explorerTxUrl(s.signature, network),
      blockTime: s.blockTime,
      failed: !!s.err,
      ...described,
    };
  });
}
