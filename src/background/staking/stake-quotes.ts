// Stake quotes that check everything the chain would check (balance, fees and rent, pool
// freshness and restrictions, minimum stake) and take their amounts from the simulation of the
// exact transaction (chain-quote.ts), bounded by the *WithSlippage variant where the deployed
// build has it. Each quote holds that transaction, unsigned, with a fresh blockhash: Stake signs
// exactly it. pool-math stays as the independent cross-check. Unstake quotes (unstake-quotes.ts)
// share this frame: the helpers exported below.
import { type PublicKey, Transaction, type TransactionInstruction } from '@solana/web3.js';
import { WalletError } from '../../shared/errors';
import { U64_MAX, solText as sol, tooLargeForAnyBalance } from '../../shared/format';
import type { StakeQuote, UnstakeQuote } from '../../shared/staking';
import type { NetworkInfo } from '../../shared/networks';
import { simulated, simulationError, type SimulatedTransaction } from '../chain/tx-sender';
import { bounded } from './bounded-instructions';
import { type ChainQuote, type ChainQuoter, type TxPlan } from './chain-quote';
import type { PoolContext } from './pool-context';
import { createTokenAccountIx, depositSolIx, poolUpdateIxs, userPoolTokenAccount } from './pool-instructions';
import { depositSol, poolTokensForDeposit, type DepositSolOutcome } from './pool-math';
import { guaranteeOf, wireGuarantee, type Accepted, type Receipt } from './guarantee';
import { heldTo } from '../../shared/guarantee';
import { decodePool, type PoolState } from './pool-account';
import { rawAccount } from '../chain/raw-account';
import { depositBlockedReason, summarizePool } from './pool-summary';
import { encodedTokenAmount } from '../chain/token-account';

/** SOL that stays in the account after a stake, so it can still pay for the next transactions. */
const KEEP_FOR_FEES = 3_000_000n;
/** Pools with at most this many validators are updated inside the user's own transaction. */
const MAX_INLINE_UPDATE_VALIDATORS = 5;

interface Prepared {
  instructions: TransactionInstruction[];
  context: PoolContext;
  /** The network the quote read and simulated on, whose blockhash the transaction carries. */
  network: NetworkInfo;
  roundTrips: number;
}
export interface PreparedStake extends Prepared {
  quote: StakeQuote;
  /** The transaction the quote simulated, unsigned, with the blockhash read in the same batch. */
  transaction: SimulatedTransaction;
}
export interface PreparedUnstake extends Prepared {
  quote: UnstakeQuote;
  /** As a stake's; null when the quote is blocked (nothing to send). */
  transaction: SimulatedTransaction | null;
  stakeAccount?: PublicKey;
}

export function u64(amount: bigint, what: string): bigint {
  if (amount <= 0n) throw new WalletError('invalid_input', `The ${what} must be more than zero.`);
  if (amount > U64_MAX) throw new WalletError('invalid_input', tooLargeForAnyBalance(what));
  return amount;
}

/** When the pool missed this epoch's update: fold it into our transaction, or say why we cannot. */
export function updateFor(ctx: PoolContext, action: string): TransactionInstruction[] {
  if (ctx.pool.lastUpdateEpoch >= ctx.epoch) return [];
  if (ctx.validators.length <= MAX_INLINE_UPDATE_VALIDATORS) return poolUpdateIxs(ctx.pool, ctx.validators);
  throw new WalletError(
    'pool_unavailable',
    `This pool has not been updated for epoch ${ctx.epoch} yet, and it is too large to update in the same transaction. ` +
      `It will accept ${action} once it is updated (anyone may do it; pools are usually updated within minutes of a new epoch).`,
  );
}

/** What any stake (liquid or native) leaves in the wallet for its fee and later ones, at the network's fee per signature. */
export const keptForFees = (networkFee: bigint) => networkFee + KEEP_FOR_FEES;

/** What a stake must leave in the account (fee, a little for later fees, a new token account's rent). */
export function stakeLimits(ctx: PoolContext): { reserve: bigint; max: bigint } {
  const reserve = keptForFees(ctx.networkFee) + (ctx.tokenAccountExists ? 0n : ctx.tokenAccountRent);
  return { reserve, max: ctx.solLamports > reserve ? ctx.solLamports - reserve : 0n };
}

/** The pool's name on the network it was read on (not whichever is current by now). */
export const symbolOf = (network: NetworkInfo, ctx: PoolContext, owner: PublicKey) =>
  summarizePool(ctx.pool, { chain: network.chain, epoch: ctx.epoch, year: null, owner });

/** The transaction of a quote, carrying `minimum` in its *WithSlippage instruction where the build has one. */
export function finish<P extends TxPlan>(owner: PublicKey, q: ChainQuote<P>, minimum: bigint) {
  const instructions = q.plan!.build(q.bounded ? minimum : null);
  const { blockhash, lastValidBlockHeight } = q.blockhash;
  const transaction = new Transaction({ feePayer: owner, blockhash, lastValidBlockHeight }).add(
    ...instructions,
  );
  const simulation = q.simulation;
  if (!simulation?.ok) throw new Error('a quote is finished only from its successful simulation');
  return {
    instructions,
    context: q.ctx,
    transaction: simulated(simulation, transaction),
    network: q.network,
    roundTrips: q.roundTrips,
  };
}

/**
 * What the program's slippage check compares for a deposit: the depositor's tokens WITHOUT the
 * referral share (minted − whole fee), though the referral share lands in the same account. The
 * simulation shows the account's gain (user + referral) and the manager's (fee − referral); the
 * referral is floor(fee × percent / 100). Of the fees consistent with those, the largest is taken,
 * so the bound is never stricter than what the simulated deposit itself pays.
 */
export function depositorTokensBeforeReferral(
  accountGain: bigint,
  managerGain: bigint,
  referralPercent: number,
  feeIfAllReferred: bigint,
): bigint {
  const pct = BigInt(referralPercent);
  if (pct === 0n) return accountGain;
  if (pct >= 100n) return accountGain - feeIfAllReferred;
  const kept = (fee: bigint) => fee - (fee * pct) / 100n;
  let fee = (managerGain * 100n) / (100n - pct);
  fee = fee > 3n ? fee - 3n : 0n;
  while (kept(fee) < managerGain) fee++;
  while (kept(fee + 1n) === managerGain) fee++;
  return accountGain - (fee - managerGain);
}

/**
 * A DepositSol of `lamports` as the program computed it, from the pool account after the
 * simulated transaction. Just before the deposit (after any update in the same transaction) the
 * pool held `lamports` fewer and a supply S with S + floor(lamports × S / total) = supply after;
 * that function of S is increasing, so S is found from its estimate in a few steps. Null when no
 * supply fits. `feeRoundsDown`: the build floors the fee (the caller keeps the variant the
 * simulation agrees with).
 */
function depositFromPostState(
  after: PoolState,
  lamports: bigint,
  feeRoundsDown = false,
): DepositSolOutcome | null {
  const total = after.totalLamports - lamports;
  if (total <= 0n) return null;
  const supplyAfter = after.poolTokenSupply;
  const f = (supply: bigint) =>
    supply + poolTokensForDeposit({ totalLamports: total, poolTokenSupply: supply }, lamports);
  let supply = (supplyAfter * total) / (total + lamports);
  for (let steps = 0; steps < 64 && supply > 0n && f(supply) > supplyAfter; steps++) supply--;
  for (let steps = 0; steps < 64 && f(supply) < supplyAfter; steps++) supply++;
  if (supply <= 0n || f(supply) !== supplyAfter) return null;
  return depositSol(
    { ...after, totalLamports: total, poolTokenSupply: supply },
    lamports,
    true,
    feeRoundsDown,
  );
}

/** A quote's transaction is signed as it is only this long after it was simulated; after, a click quotes again. */
const QUOTE_TTL_MS = 30_000;

/** A new quote's id, when it was made, and until when its transaction is sent as it is. */
export function stamp() {
  const preparedAt = Date.now();
  return { quoteId: crypto.randomUUID(), preparedAt, expiresAt: preparedAt + QUOTE_TTL_MS };
}

export async function quoteStake(
  quoter: ChainQuoter,
  owner: PublicKey,
  poolAddress: PublicKey,
  lamports: bigint,
  accepted: Accepted,
): Promise<PreparedStake> {
  u64(lamports, 'amount');
  const q = await quoter.quote(owner, poolAddress, (ctx) => {
    const update = updateFor(ctx, 'deposits');
    const deposit = () => depositSolIx(ctx.pool, owner, lamports);
    return {
      watch: [userPoolTokenAccount(ctx.pool, owner), ctx.pool.managerFeeAccount, ctx.pool.address],
      build: (min: bigint | null) => [
        ...update,
        createTokenAccountIx(ctx.pool, owner),
        min === null ? deposit() : bounded(deposit(), 'depositSol', min),
      ],
    };
  });
  const ctx = q.ctx;
  const blocked = depositBlockedReason(ctx.pool, owner);
  if (blocked) throw new WalletError('pool_unavailable', blocked);
  const { reserve, max } = stakeLimits(ctx);
  if (lamports > max) {
    throw new WalletError(
      'insufficient_funds',
      `You have ${sol(ctx.solLamports)}; keep ${sol(reserve)} for fees${ctx.tokenAccountExists ? '' : ' and the new token account'}. You can stake at most ${sol(max)}.`,
    );
  }
  const sim = q.simulation!;
  if (!sim.ok) throw simulationError(sim.err, sim.logs);
  const tokensOut = encodedTokenAmount(sim.after[0]) - encodedTokenAmount(sim.before[0]);
  if (tokensOut <= 0n)
    throw new WalletError('invalid_input', 'That amount is too small to buy any pool tokens.');
  // Fee and referral from the pool as the deposit met it (after any epoch update this same
  // transaction runs: the manager account's gain would also hold the epoch fee that update mints).
  const poolAfter = decodePool(ctx.pool.address, sim.after[2] ? rawAccount(sim.after[2]) : null);
  const managerIsUser = ctx.pool.managerFeeAccount.equals(userPoolTokenAccount(ctx.pool, owner));
  const math = [false, true]
    .map((down) => depositFromPostState(poolAfter, lamports, down))
    .find((m) => m && (managerIsUser ? m.minted : m.userTokens) === tokensOut);
  if (!math) {
    throw new WalletError(
      'pool_unavailable',
      'Tidepool could not reproduce this pool’s deposit arithmetic from its simulation; nothing was signed.',
    );
  }
  const summary = symbolOf(q.network, ctx, owner);
  // The program bounds the depositor's own tokens (minted − whole fee); the referral share, and the
  // manager's share when the fee account is the person's, land in the same account unguaranteed.
  const receipt: Receipt = {
    enforced: math.minted - math.feeTokens - math.referralTokens,
    extras: [
      { what: 'referral_share', amount: math.referralTokens },
      ...(managerIsUser ? [{ what: 'fee_account_share' as const, amount: math.feeTokens }] : []),
    ],
  };
  const guarantee = guaranteeOf(receipt, accepted, q.bounded ? null : 'build_has_no_bound', summary);
  const prepared = finish(owner, q, heldTo(guarantee));
  const quote: StakeQuote = {
    pool: poolAddress.toBase58(),
    symbol: summary.symbol,
    lamportsIn: lamports.toString(),
    tokensOut: tokensOut.toString(),
    depositFeeTokens: (managerIsUser ? 0n : math.feeTokens).toString(),
    networkFeeLamports: ctx.networkFee.toString(),
    reserveLamports: reserve.toString(),
    maxLamports: max.toString(),
    totalLamports: ctx.pool.totalLamports.toString(),
    poolTokenSupply: ctx.pool.poolTokenSupply.toString(),
    includesPoolUpdate: ctx.pool.lastUpdateEpoch < ctx.epoch,
    ...stamp(),
    guarantee: wireGuarantee(guarantee),
    poolMathTokensOut: depositSol(ctx.pool, lamports).userTokens.toString(),
  };
  return { quote, ...prepared };
}
