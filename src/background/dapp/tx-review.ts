// What a dApp's transaction would do, for the approval window: its instructions in words, a
// simulation turned into balance changes for the user's SOL and tokens, and the warnings that
// should stop a careless click. Costs two or three round trips: accounts, the simulation, and the
// decimals of any token whose balance would move.
import { PublicKey, type VersionedTransaction } from '@solana/web3.js';
import { advisory, type ApprovalView, type BalanceChange } from '../../shared/approval';
import { LAMPORTS_PER_SIGNATURE, formatUnits, shortAddress } from '../../shared/format';
import type { NetworkInfo } from '../../shared/networks';
import { failureReason } from '../chain/program-logs';
import type { EncodedAccount, RpcClient } from '../chain/rpc-client';
import { decodePool } from '../staking/pool-account';
import { rawAccount } from '../staking/pool-directory';
import { lamportsForPoolTokens, poolTokensForDeposit } from '../staking/pool-math';
import { lstSymbol } from '../staking/pool-summary';
import { STAKE_POOL_PROGRAMS } from '../staking/program-ids';
import { decodeInstructions, rawInstructions, type PoolInfo } from './tx-decoder';

type Encoded = EncodedAccount | null;
const POOL_PROGRAMS = new Set(Object.values(STAKE_POOL_PROGRAMS).map((p) => p.toBase58()));
/** Simulated SOL loss beyond what the instructions show that still counts as rent for new accounts. */
const RENT_SLACK = 3_000_000n;

type Review = Pick<ApprovalView, 'instructions' | 'balanceChanges' | 'networkFeeLamports' | 'simulationError' | 'warnings'>;

export async function reviewTransaction(rpc: RpcClient, tx: VersionedTransaction, user: string, network: NetworkInfo): Promise<Review> {
  const message = tx.message;
  const raw = rawInstructions(message);
  const keys = message.staticAccountKeys.map((k) => k.toBase58());
  const poolAddresses = [...new Set(raw.filter((ix) => POOL_PROGRAMS.has(ix.programId)).map((ix) => ix.accounts[0]!).filter(Boolean))];
  const writable = keys.filter((_, i) => message.isAccountWritable(i)).slice(0, 64);
  const [poolAccounts, before] = await rpc.batch([
    { method: 'getMultipleAccounts', params: [poolAddresses, { encoding: 'base64', commitment: 'confirmed' }] },
    { method: 'getMultipleAccounts', params: [writable, { encoding: 'base64', commitment: 'confirmed' }] },
  ]) as [{ value: Encoded[] }, { value: Encoded[] }];

  const pools = new Map<string, PoolInfo>();
  const poolMintSymbols = new Map<string, string>();
  poolAccounts.value.forEach((account, i) => {
    try {
      const pool = decodePool(new PublicKey(poolAddresses[i]!), account ? rawAccount(account) : null);
      const symbol = lstSymbol(pool.poolMint.toBase58(), network.chain);
      poolMintSymbols.set(pool.poolMint.toBase58(), symbol);
      pools.set(poolAddresses[i]!, {
        symbol, decimals: 9,
        lamportsFor: (t) => lamportsForPoolTokens(pool, t), tokensFor: (l) => poolTokensForDeposit(pool, l),
      });
    } catch {
      // not a pool we can read: the instruction is described without amounts in SOL
    }
  });
  const decoded = decodeInstructions(raw, { user, pools });
  const warnings = [...decoded.warnings];
  if (keys[0] !== user) warnings.unshift(advisory('fee_payer_other', `Another account (${shortAddress(keys[0] ?? '?')}) pays the fee: this transaction was built for someone else, or to make your signature part of a larger scheme.`));

  const fee = LAMPORTS_PER_SIGNATURE * BigInt(message.header.numRequiredSignatures);
  // Every writable account's state after the transaction: the user's SOL, and token accounts the
  // user owns before or after (a deposit may open the user's LST account in the same transaction).
  const simulation = await rpc.call<{ value: { err: unknown; logs: string[] | null; accounts?: Encoded[] } }>('simulateTransaction', [
    Buffer.from(tx.serialize()).toString('base64'),
    { encoding: 'base64', sigVerify: false, replaceRecentBlockhash: true, commitment: 'confirmed', accounts: { encoding: 'base64', addresses: writable } },
  ]).catch((error: Error) => ({ value: { err: error.message, logs: [] as string[], accounts: undefined } }));
  if (simulation.value.err) {
    const said = failureReason(simulation.value.logs ?? []);
    return { instructions: decoded.instructions, warnings, networkFeeLamports: fee.toString(),
      simulationError: `${said ?? JSON.stringify(simulation.value.err)}. This transaction would most likely fail.`, balanceChanges: [] };
  }
  const after = simulation.value.accounts ?? [];
  const tokenAmount = (account: Encoded) => {
    if (!account || !isTokenAccountOf(account, user)) return null;
    const data = Buffer.from(account.data[0], 'base64');
    return { mint: new PublicKey(data.subarray(0, 32)).toBase58(), amount: data.readBigUInt64LE(64) };
  };
  const tokenDeltas = new Map<string, bigint>();
  writable.forEach((_, i) => {
    const pre = tokenAmount(before.value[i] ?? null);
    const post = tokenAmount(after[i] ?? null);
    const mint = pre?.mint ?? post?.mint;
    if (mint) tokenDeltas.set(mint, (tokenDeltas.get(mint) ?? 0n) + (post?.amount ?? 0n) - (pre?.amount ?? 0n));
  });
  const moved = [...tokenDeltas].filter(([, delta]) => delta !== 0n);
  const mints = moved.map(([mint]) => mint);
  const mintAccounts = mints.length ? await rpc.call<{ value: Encoded[] }>('getMultipleAccounts', [mints, { encoding: 'base64', commitment: 'confirmed' }]) : { value: [] };
  const decimalsOf = (i: number) => (mintAccounts.value[i] ? Buffer.from(mintAccounts.value[i]!.data[0], 'base64')[44] ?? 0 : 0);

  const changes: BalanceChange[] = [];
  const userIndex = writable.indexOf(user);
  // The simulated accounts already carry the fee debit when the user pays fees.
  const solDelta = userIndex < 0 ? 0n : BigInt(after[userIndex]?.lamports ?? 0) - BigInt(before.value[userIndex]?.lamports ?? 0);
  if (solDelta !== 0n) changes.push({ asset: 'SOL', change: signed(solDelta, 9) });
  moved.forEach(([mint, delta], i) => changes.push({ asset: poolMintSymbols.get(mint) ?? `token ${shortAddress(mint)}`, change: signed(delta, decimalsOf(i)) }));
  const spent = -solDelta - (keys[0] === user ? fee : 0n);
  if (spent > decoded.visibleSolOut + RENT_SLACK) {
    warnings.push(advisory('sol_beyond_instructions', `Your SOL would drop by ${formatUnits(spent, 9)} SOL, more than the instructions above show (${formatUnits(decoded.visibleSolOut, 9)} SOL).`));
  }
  return { instructions: decoded.instructions, warnings, balanceChanges: changes, networkFeeLamports: fee.toString(), simulationError: null };
}

function isTokenAccountOf(account: NonNullable<Encoded>, user: string): boolean {
  if (!account.owner.startsWith('Token')) return false;
  const data = Buffer.from(account.data[0], 'base64');
  return data.length >= 165 && new PublicKey(data.subarray(32, 64)).toBase58() === user;
}

const signed = (amount: bigint, decimals: number) => `${amount > 0n ? '+' : '-'}${formatUnits(amount < 0n ? -amount : amount, decimals)}`;
