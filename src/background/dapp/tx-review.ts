// What a dApp's transaction would do, for the approval window, derived from the exact bytes to be
// signed: every account resolved (lookup tables included; an unresolvable table blocks), every
// instruction decoded, the simulation run with every writable account, and the user's SOL, tokens
// and stake accounts diffed before/after. Claims about what the user receives come only from the
// simulation. Round trips: accounts (+1 when lookup tables load accounts), the simulation with the
// known mints, and the decimals of mints first seen in the simulation.
import { PublicKey, type VersionedTransaction } from '@solana/web3.js';
import { ASSOCIATED_TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { advisory, type BalanceChange, type TransactionReview, type Warning } from '../../shared/approval';
import { POOL_TOKEN_DECIMALS, SOL_DECIMALS, shortAddress } from '../../shared/format';
import type { NetworkInfo } from '../../shared/networks';
import { failureReason } from '../chain/program-logs';
import type { RpcClient } from '../chain/rpc-client';
import type { SignatureFee } from '../chain/signature-fee';
import { decodePool } from '../staking/pool-account';
import { rawAccount } from '../chain/raw-account';
import { lamportsForPoolTokens, poolTokensForDeposit } from '../staking/pool-math';
import { lstSymbol } from '../staking/pool-summary';
import { STAKE_POOL_PROGRAM_ADDRESSES } from '../../shared/stake-pool-programs';
import { describeStakeChanges, diffAccounts, signedUnits, type Diff } from './review/diff';
import { blockhashWarnings, canLand, heldSignatureWarning } from './review/blockhash';
import { networkFee } from './review/fee';
import { mintChargesTransferFee, readMintDecimals, readTokenAccount, type Encoded } from './review/layouts';
import { readMissing, resolveAccounts } from './review/resolve';
import { simulate } from './review/simulate';
import {
  contradictionWarnings,
  priorityFeeWarning,
  simulatedWarnings,
  unresolvedTableWarnings,
} from './review/warnings';
import {
  decodeInstructions,
  namedMints,
  rawInstructions,
  type PoolInfo,
  type RawInstruction,
} from './tx-decoder';

const ASSOCIATED_TOKEN = ASSOCIATED_TOKEN_PROGRAM_ID.toBase58();
/** The balance line for lamports held in the user's token, nonce and program accounts. */
export const OTHER_ACCOUNTS_SOL = 'SOL in your other accounts';
const POOL_PROGRAMS = STAKE_POOL_PROGRAM_ADDRESSES;

type Review = TransactionReview & { warnings: Warning[] };

/** What is known of a transaction before it is simulated: its accounts, pools, fee and first warnings. */
interface Reading {
  user: string;
  resolved: Awaited<ReturnType<typeof resolveAccounts>>;
  raw: RawInstruction[];
  pools: Map<string, PoolInfo>;
  poolMints: Map<string, string>;
  writable: Set<string>;
  feePayerIsUser: boolean;
  fee: ReturnType<typeof networkFee>;
  network: NetworkInfo;
  /** Warnings that hold whatever the simulation says (blockhash, lookup tables, fee payer, priority fee). */
  head: Warning[];
}

export async function reviewTransaction(
  rpc: RpcClient,
  fees: SignatureFee,
  tx: VersionedTransaction,
  user: string,
  {
    firstLook = false,
    handsOver = false,
  }: {
    /** Not shown before: a blockhash the node does not know yet is asked about again before it is final. */
    firstLook?: boolean;
    /** The signed bytes go to the site (signTransaction): a durable nonce must be ticked as read. */
    handsOver?: boolean;
  } = {},
): Promise<Review> {
  const reading = await readTransaction(rpc, fees, tx, user, firstLook);
  const review = await reviewRead(rpc, tx, reading);
  if (handsOver) {
    const held = heldSignatureWarning(tx.message, reading.resolved.accounts, user);
    review.warnings = review.warnings.map((w) => (w.code === 'durable_nonce' ? held : w));
  }
  return review;
}

async function reviewRead(rpc: RpcClient, tx: VersionedTransaction, reading: Reading): Promise<Review> {
  if (!reading.resolved.keys)
    return unsimulated(
      reading,
      'A lookup table of this transaction could not be read, so it cannot be simulated.',
    );
  const { resolved, poolMints } = reading;
  const knownMints = [
    ...new Set([
      ...poolMints.values(),
      ...namedMints(reading.raw),
      ...[...resolved.accounts.values()].flatMap((a) => readTokenAccount(a)?.mint ?? []),
    ]),
  ];
  const { simulation, read: mints } = await simulate(rpc, tx, resolved.writable, knownMints);
  if (!simulation.ok)
    return unsimulated(
      reading,
      `${failureReason(simulation.logs) ?? simulation.err}. This transaction would most likely fail.`,
      decimalsOf(mints),
    );
  return simulated(rpc, reading, simulation.after, mints);
}

async function readTransaction(
  rpc: RpcClient,
  fees: SignatureFee,
  tx: VersionedTransaction,
  user: string,
  firstLook: boolean,
): Promise<Reading> {
  const message = tx.message;
  const poolCandidates = (keys: readonly string[]) =>
    rawInstructions(message, keys)
      .filter((ix) => POOL_PROGRAMS.has(ix.programId) && keys.includes(ix.accounts[0] ?? ''))
      .map((ix) => ix.accounts[0]!);
  const asker = new PublicKey(user);
  const feeAsk = await fees.ask(asker, message.recentBlockhash);
  const resolved = await resolveAccounts(rpc, message, poolCandidates, feeAsk);
  const keys = resolved.keys ?? message.staticAccountKeys.map((k) => k.toBase58());
  const raw = rawInstructions(message, keys);
  const perSignature = await fees.lamports(asker, resolved.feeAnswer);
  const fee = networkFee(raw, message.header.numRequiredSignatures, perSignature);
  const feePayerIsUser = keys[0] === user;
  const head = [
    ...blockhashWarnings(
      canLand(message, resolved.blockhashValid, resolved.accounts),
      rpc.network,
      firstLook,
    ),
    ...unresolvedTableWarnings(resolved.unresolved),
    ...(feePayerIsUser
      ? []
      : [
          advisory(
            'fee_payer_other',
            `Another account (${shortAddress(keys[0] ?? '?')}) pays the fee: this transaction was built for someone else, or to make your signature part of a larger scheme.`,
          ),
        ]),
    ...priorityFeeWarning(BigInt(fee.breakdown.priorityLamports)),
  ];
  return {
    user,
    resolved,
    raw,
    ...readPools(resolved.accounts, raw, rpc.network),
    writable: new Set(resolved.writable),
    feePayerIsUser,
    fee,
    network: rpc.network,
    head,
  };
}

/** What every review says whether or not it simulated: the fee, and whose simulation it would be. */
const commonFields = ({ fee, network }: Reading) => ({
  networkFeeLamports: fee.total.toString(),
  networkFee: fee.breakdown,
  simulatedBy: network.id === 'custom' ? new URL(network.rpcUrl).host : null,
});

/** No simulation to go by (a table unread, or the simulation failed): the instructions, and why. */
function unsimulated(
  reading: Reading,
  simulationError: string,
  decimals?: ReadonlyMap<string, number>,
): Review {
  const { user, resolved, raw, pools, poolMints, writable } = reading;
  // Without a simulation, the user's token accounts are those read with the user as owner, and
  // those opened for the user here.
  const userTokenAccounts = new Set([
    ...[...resolved.accounts]
      .filter(([, a]) => readTokenAccount(a)?.owner === user)
      .map(([address]) => address),
    ...openedFor(user, raw),
  ]);
  const decoded = decodeInstructions(raw, {
    user,
    pools,
    poolMints,
    userTokenAccounts,
    writable,
    chain: reading.network.chain,
    tokenAccounts: tokenAccountsOf([...resolved.accounts]),
    ...(decimals ? { decimals } : {}),
  });
  return {
    ...commonFields(reading),
    instructions: decoded.instructions,
    warnings: [...reading.head, ...decoded.warnings],
    balanceChanges: [],
    stakeAccountChanges: [],
    unreadableChanges: decoded.unreadableChanges,
    simulationError,
  };
}

/** The simulation ran: what the user's accounts gain and lose, and the warnings it backs. */
async function simulated(
  rpc: RpcClient,
  reading: Reading,
  after: Map<string, Encoded>,
  mints: Map<string, Encoded>,
): Promise<Review> {
  const { user, resolved, raw, pools, poolMints, writable, fee } = reading;
  const diff = diffAccounts(user, resolved.writable, resolved.accounts, after);
  const moved = [...diff.tokenDeltas].filter(([, delta]) => delta !== 0n);
  await readMissing(
    rpc,
    mints,
    moved.map(([mint]) => mint),
  );
  const decoded = decodeInstructions(raw, {
    user,
    pools,
    poolMints,
    // An account opened and closed again within the transaction (wSOL unwrapped) is in neither state.
    userTokenAccounts: new Set([...diff.userTokenAccounts, ...openedFor(user, raw)]),
    userAccounts: diff.userAccounts,
    writable,
    chain: reading.network.chain,
    creditedByMint: new Map(moved.filter(([, d]) => d > 0n)),
    tokenAccounts: tokenAccountsOf([...resolved.accounts, ...after]),
    decimals: decimalsOf(mints),
    transferFeeMints: new Set([...mints].filter(([, a]) => mintChargesTransferFee(a)).map(([mint]) => mint)),
  });
  const warnings = [...reading.head, ...decoded.warnings];
  warnings.push(
    ...simulatedWarnings(diff, user, fee.total, reading.feePayerIsUser, decoded.visibleSolOut, warnings),
    ...contradictionWarnings(diff, fee.total, reading.feePayerIsUser, decoded, decimalsOf(mints)),
  );
  return {
    ...commonFields(reading),
    instructions: decoded.instructions,
    warnings,
    balanceChanges: balanceChanges(diff, moved, reading, mints, decoded.tokenNames),
    stakeAccountChanges: describeStakeChanges(user, diff.stake),
    unreadableChanges: decoded.unreadableChanges,
    simulationError: null,
  };
}

/**
 * SOL first, then the SOL in the user's other accounts, then each token that moved, by its symbol
 * where a pool names it, else by the name the instructions gave it.
 */
function balanceChanges(
  diff: Diff,
  moved: [string, bigint][],
  { pools, poolMints }: Reading,
  mints: ReadonlyMap<string, Encoded>,
  named: ReadonlyMap<string, string>,
): BalanceChange[] {
  const symbols = new Map([
    ...named,
    ...[...poolMints].map(
      ([pool, mint]) => [mint, pools.get(pool)?.symbol ?? `token ${shortAddress(mint)}`] as const,
    ),
  ]);
  const changes: BalanceChange[] = [];
  if (diff.solDelta !== 0n) changes.push({ asset: 'SOL', change: signedUnits(diff.solDelta, SOL_DECIMALS) });
  if (diff.otherSolDelta !== 0n)
    changes.push({ asset: OTHER_ACCOUNTS_SOL, change: signedUnits(diff.otherSolDelta, SOL_DECIMALS) });
  for (const [mint, delta] of moved) {
    changes.push({
      asset: symbols.get(mint) ?? `token ${shortAddress(mint)}`,
      change: signedUnits(delta, readMintDecimals(mints.get(mint) ?? null) ?? 0),
    });
  }
  return changes;
}

/** Token accounts the Associated Token program opens for `user` here (it enforces their owner and address). */
const openedFor = (user: string, raw: readonly RawInstruction[]) =>
  raw
    .filter(
      (ix) =>
        ix.programId === ASSOCIATED_TOKEN &&
        (ix.data.length === 0 || ix.data[0]! <= 1) &&
        ix.accounts[2] === user,
    )
    .map((ix) => ix.accounts[1]!);

const decimalsOf = (mints: ReadonlyMap<string, Encoded>) =>
  new Map(
    [...mints].flatMap(([mint, account]) => {
      const d = readMintDecimals(account);
      return d === null ? [] : [[mint, d] as const];
    }),
  );

/** Mint and owner field of every token account among `entries` (the first reading of each wins). */
function tokenAccountsOf(entries: [string, Encoded][]): Map<string, { mint: string; owner: string }> {
  const out = new Map<string, { mint: string; owner: string }>();
  for (const [address, account] of entries) {
    const token = readTokenAccount(account);
    if (token && !out.has(address)) out.set(address, { mint: token.mint, owner: token.owner });
  }
  return out;
}

function readPools(
  accounts: ReadonlyMap<string, Encoded>,
  raw: ReturnType<typeof rawInstructions>,
  network: NetworkInfo,
) {
  const pools = new Map<string, PoolInfo>();
  const poolMints = new Map<string, string>();
  for (const ix of raw) {
    const address = ix.accounts[0];
    if (!POOL_PROGRAMS.has(ix.programId) || !address || pools.has(address)) continue;
    const account = accounts.get(address);
    try {
      const pool = decodePool(new PublicKey(address), account ? rawAccount(account) : null);
      const mint = pool.poolMint.toBase58();
      poolMints.set(address, mint);
      pools.set(address, {
        symbol: lstSymbol(mint, network.chain),
        decimals: POOL_TOKEN_DECIMALS,
        lamportsFor: (t) => lamportsForPoolTokens(pool, t),
        tokensFor: (l) => poolTokensForDeposit(pool, l),
      });
    } catch {
      // not a pool we can read: its instructions are described without amounts in SOL
    }
  }
  return { pools, poolMints };
}
