// What a dApp's transaction would do, for the approval window: its instructions in words, a
// simulation turned into balance changes for the user's SOL and tokens, and the warnings that
// should stop a careless click. Costs two round trips (accounts, then the simulation).
import { PublicKey, type VersionedTransaction } from '@solana/web3.js';
import type { ApprovalView, BalanceChange } from '../../shared/approval';
import { formatUnits, shortAddress } from '../../shared/format';
import type { NetworkInfo } from '../../shared/networks';
import type { RpcClient } from '../chain/rpc-client';
import { decodePool } from '../staking/pool-account';
import { rawAccount } from '../staking/pool-directory';
import { lamportsForPoolTokens, poolTokensForDeposit } from '../staking/pool-math';
import { lstSymbol } from '../staking/pool-summary';
import { STAKE_POOL_PROGRAMS } from '../staking/program-ids';
import { decodeInstructions, rawInstructions, type PoolInfo } from './tx-decoder';

type Encoded = { data: [string, string]; owner: string; lamports: number } | null;
const POOL_PROGRAMS = new Set(Object.values(STAKE_POOL_PROGRAMS).map((p) => p.toBase58()));
const LAMPORTS_PER_SIGNATURE = 5_000n;
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
  if (keys[0] !== user) warnings.unshift(`Another account (${shortAddress(keys[0] ?? '?')}) pays the fee: this transaction was built for someone else, or to make your signature part of a larger scheme.`);

  // The balances that matter to the user: its SOL, and the token accounts it owns.
  const userBefore = BigInt(before.value[writable.indexOf(user)]?.lamports ?? 0);
  const tokens = writable.flatMap((address, i) => {
    const account = before.value[i];
    if (!account || !isTokenAccountOf(account, user)) return [];
    const data = Buffer.from(account.data[0], 'base64');
    return [{ address, mint: new PublicKey(data.subarray(0, 32)).toBase58(), before: data.readBigUInt64LE(64) }];
  });
  const mints = [...new Set(tokens.map((t) => t.mint))];
  const fee = LAMPORTS_PER_SIGNATURE * BigInt(message.header.numRequiredSignatures);
  const [simulation, mintAccounts] = await rpc.batch([
    { method: 'simulateTransaction', params: [Buffer.from(tx.serialize()).toString('base64'), {
      encoding: 'base64', sigVerify: false, replaceRecentBlockhash: true, commitment: 'confirmed',
      accounts: { encoding: 'base64', addresses: [user, ...tokens.map((t) => t.address)] },
    }] },
    { method: 'getMultipleAccounts', params: [mints, { encoding: 'base64', commitment: 'confirmed' }] },
  ]).catch((error: Error) => [{ value: { err: error.message, logs: [] } }, { value: [] }]) as [
    { value: { err: unknown; logs: string[] | null; accounts?: Encoded[] } }, { value: Encoded[] },
  ];

  if (simulation.value.err) {
    const said = (simulation.value.logs ?? []).filter((l) => /Error|failed|insufficient/i.test(l)).pop();
    return { instructions: decoded.instructions, warnings, networkFeeLamports: fee.toString(),
      simulationError: `${said ?? JSON.stringify(simulation.value.err)}. This transaction would most likely fail.`, balanceChanges: [] };
  }
  const after = simulation.value.accounts ?? [];
  const decimalsOf = new Map(mints.map((m, i) => [m, mintAccounts.value[i] ? Buffer.from(mintAccounts.value[i]!.data[0], 'base64')[44] ?? 0 : 0]));
  const changes: BalanceChange[] = [];
  // Simulation leaves the fee out of the accounts; the user pays it when the user pays fees.
  const feeForUser = keys[0] === user ? fee : 0n;
  const solDelta = BigInt(after[0]?.lamports ?? 0) - userBefore - feeForUser;
  if (solDelta !== 0n) changes.push({ asset: 'SOL', change: signed(solDelta, 9) });
  tokens.forEach((t, i) => {
    const account = after[i + 1];
    const now = account ? Buffer.from(account.data[0], 'base64').readBigUInt64LE(64) : 0n;
    if (now !== t.before) changes.push({ asset: poolMintSymbols.get(t.mint) ?? `token ${shortAddress(t.mint)}`, change: signed(now - t.before, decimalsOf.get(t.mint) ?? 0) });
  });
  const spent = -(solDelta + feeForUser);
  if (spent > decoded.visibleSolOut + RENT_SLACK) {
    warnings.push(`Your SOL would drop by ${formatUnits(spent, 9)} SOL, more than the instructions above show (${formatUnits(decoded.visibleSolOut, 9)} SOL).`);
  }
  return { instructions: decoded.instructions, warnings, balanceChanges: changes, networkFeeLamports: fee.toString(), simulationError: null };
}

function isTokenAccountOf(account: NonNullable<Encoded>, user: string): boolean {
  if (!account.owner.startsWith('Token')) return false;
  const data = Buffer.from(account.data[0], 'base64');
  return data.length >= 165 && new PublicKey(data.subarray(32, 64)).toBase58() === user;
}

const signed = (amount: bigint, decimals: number) => `${amount > 0n ? '+' : '-'}${formatUnits(amount < 0n ? -amount : amount, decimals)}`;
