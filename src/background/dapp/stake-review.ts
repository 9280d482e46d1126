// tidepool:stake in the approval window: what any signing window shows (the transaction Tidepool
// built for this very request, decoded and simulated by the one transaction review), plus the
// pool's manager and fees, and the guarantee (shared/guarantee.ts): only what the program enforces,
// the rest named as not guaranteed. A pool the registry does not know is named as such, prominently,
// and blocked when the program would hold less than 99 % of what the simulation shows. The minimum
// returned is stored with the request as shown; execution re-quotes and is held to exactly it.
import {
  PublicKey,
  TransactionMessage,
  VersionedTransaction,
  type TransactionInstruction,
} from '@solana/web3.js';
import {
  advisory,
  blocking,
  type StakeIntentView,
  type StakePoolFacts,
  type TransactionReview,
  type Warning,
} from '../../shared/approval';
import type { DappParams } from '../../shared/dapp-protocol';
import { guaranteeSentence, guaranteeText, heldTo, type Guarantee } from '../../shared/guarantee';
import {
  POOL_TOKEN_DECIMALS,
  SOL_DECIMALS,
  formatLamports,
  formatRatio,
  formatUnits,
} from '../../shared/format';
import type { NetworkInfo } from '../../shared/networks';
import type { RpcClient } from '../chain/rpc-client';
import { MIN_ENFORCED_SHARE_BPS, enforcedPart, weakness } from '../staking/guarantee';
import type { SignatureFee } from '../chain/signature-fee';
import { knownLstByPool } from '../staking/lst-registry';
import type { Fee, PoolState } from '../staking/pool-account';
import type { PreparedStake, PreparedUnstake, StakingService } from '../staking/staking-service';
import { dappRoute } from '../staking/routes/dapp-routes';
import { sideText, type PreparedRoute } from '../staking/routes/route-quotes';
import type { RouteService } from '../staking/routes/route-service';
import type { ShownMinimum } from './approval-types';
import { reviewTransaction } from './tx-review';

/** The stake request in words and, once a transaction could be built for it, that transaction reviewed. */
type StakeView = { intent: StakeIntentView; transaction: TransactionReview | null; warnings: Warning[] };

const percent = (fee: Fee) => `${formatRatio(fee.numerator * 100n, fee.denominator, 2)}%`;

function poolFacts(pool: PoolState, chain: NetworkInfo['chain']): StakePoolFacts {
  return {
    address: pool.address.toBase58(),
    known: !!knownLstByPool(pool.address.toBase58(), chain),
    manager: pool.manager.toBase58(),
    fees: {
      solDeposit: percent(pool.solDepositFee),
      solWithdrawal: percent(pool.solWithdrawalFee),
      stakeWithdrawal: percent(pool.stakeWithdrawalFee),
    },
  };
}

/** How a quote is put to the person: the line, its guarantee, and what the simulation shows arriving. */
interface Described {
  summary: string;
  guarantee: Guarantee | null;
  /** Formats an amount of the quote's output, with its unit. */
  unit: (units: string) => string;
  received: string;
  blocked: string | null;
}

function describeQuote({ quote }: PreparedStake | PreparedUnstake): Described {
  const symbol = quote.symbol;
  if ('tokensOut' in quote) {
    return {
      summary: `Stake ${formatLamports(BigInt(quote.lamportsIn), SOL_DECIMALS)} SOL into ${symbol} → you receive ≈ ${formatUnits(BigInt(quote.tokensOut), POOL_TOKEN_DECIMALS, 4)} ${symbol}`,
      guarantee: quote.guarantee,
      unit: (units) => `${formatUnits(BigInt(units), POOL_TOKEN_DECIMALS)} ${symbol}`,
      received: quote.tokensOut,
      blocked: null,
    };
  }
  const how =
    quote.mode === 'instant'
      ? 'now'
      : `in a stake account, withdrawable from epoch ${quote.withdrawableEpoch}`;
  const where = quote.mode === 'instant' ? '' : ' (in the stake account)';
  return {
    summary: `Unstake ${formatUnits(BigInt(quote.tokensIn), POOL_TOKEN_DECIMALS, 4)} ${symbol} → ≈ ${formatLamports(BigInt(quote.lamportsOut), SOL_DECIMALS)} SOL ${how}`,
    guarantee: quote.guarantee,
    unit: (units) => `${formatLamports(BigInt(units), SOL_DECIMALS)} SOL${where}`,
    received: quote.lamportsOut,
    blocked: quote.blocked,
  };
}

/** A route's quote (INF, mSOL) put to the person, the caveat about its guarantee in its line. */
function describeRoute({ quote }: PreparedRoute): Described {
  const { received } = quote;
  const how =
    quote.when.kind === 'now' ? '' : ` in a stake account, withdrawable from epoch ${quote.when.epoch}`;
  return {
    summary: `${quote.title}: ${sideText(quote.given)} → you receive ≈ ${sideText(received)}${how}${quote.caveat ? `. ${quote.caveat}` : ''}`,
    guarantee: quote.guarantee,
    unit: (units) => sideText({ ...received, amount: units }),
    received: received.amount,
    blocked: null,
  };
}

/** The program behind a route, as the window names a pool: its address, its admin, its fee now. */
function routeFacts(prepared: PreparedRoute, address: string): StakePoolFacts {
  const { quote } = prepared;
  const fee = quote.feeBps === null ? (quote.fee ? sideText(quote.fee) : 'varies') : `${quote.feeBps / 100}%`;
  const stake = quote.request.kind === 'infinityAdd' || quote.request.kind === 'marinadeDeposit';
  return {
    address,
    known: true,
    manager: prepared.authority?.toBase58() ?? quote.program,
    fees: {
      solDeposit: stake ? fee : 'n/a',
      solWithdrawal: !stake && quote.when.kind === 'now' ? fee : 'n/a',
      stakeWithdrawal: quote.when.kind === 'epoch' ? fee : 'n/a',
    },
  };
}

/**
 * A blocked quote; a guarantee too weak (none enforced, or less than MIN_ENFORCED_SHARE_BPS of what
 * the simulation shows), blocking for a pool Tidepool does not know; a pool Tidepool does not know.
 */
function quoteWarnings({ blocked, guarantee, unit, received }: Described, facts: StakePoolFacts): Warning[] {
  const warnings: Warning[] = [];
  if (blocked) warnings.push(blocking('stake_blocked', blocked));
  const weak = !blocked && guarantee ? weakness(guarantee, received) : null;
  if (weak && guarantee) {
    const text =
      guarantee.kind === 'unenforced'
        ? `The pool program does not hold this transaction to the quote: ${guaranteeText(guarantee, unit).headline}. If the pool changes between signing and landing, you may receive less than ${unit(guarantee.checked)}.`
        : `The pool program holds this transaction to ${unit(enforcedPart(guarantee).toString())} of the ≈ ${unit(received)} the simulation shows; the rest is the pool manager’s to change before it lands.`;
    warnings.push(
      facts.known
        ? advisory(weak, text)
        : blocking(
            weak,
            `${text} Tidepool does not sign for a pool it does not know unless the program holds at least ${Number(MIN_ENFORCED_SHARE_BPS) / 100}% of it.`,
          ),
    );
  }
  if (!facts.known) {
    warnings.push(
      advisory(
        'unknown_pool',
        `Tidepool does not know this stake pool (${facts.address}). Its manager ${facts.manager} sets its fees — now ${facts.fees.solDeposit} on SOL deposits, ` +
          `${facts.fees.solWithdrawal} on instant and ${facts.fees.stakeWithdrawal} on delayed unstakes — and can change them. Continue only if you trust this site and this pool.`,
      ),
    );
  }
  return warnings;
}

/**
 * The very instructions execution builds, for the user as fee payer, through the one transaction
 * review, on the network the quote read them from (the engine's).
 */
async function reviewPrepared(
  rpc: RpcClient,
  fees: SignatureFee,
  prepared: { instructions: TransactionInstruction[] },
  user: PublicKey,
  owner: string,
) {
  const { value } = await rpc.call('getLatestBlockhash', []);
  const message = new TransactionMessage({
    payerKey: user,
    recentBlockhash: value.blockhash,
    instructions: prepared.instructions,
  }).compileToV0Message();
  return reviewTransaction(rpc, fees, new VersionedTransaction(message), owner);
}

/** The quote for a stake intent: a route's (INF, mSOL) or an SPL pool's, as the window puts it. */
async function quoteFor(
  deps: { rpc: RpcClient; staking: StakingService; routes: RouteService },
  params: DappParams<'stake'>,
  user: PublicKey,
  requestId: string,
): Promise<{ described: Described; facts: StakePoolFacts; instructions: TransactionInstruction[] }> {
  const route = dappRoute(params);
  if (route) {
    const prepared = await deps.routes.prepare(user, route.request);
    return {
      described: describeRoute(prepared),
      facts: routeFacts(prepared, route.address),
      instructions: prepared.transaction.instructions,
    };
  }
  const pool = new PublicKey(params.pool);
  const prepared =
    params.action === 'stake'
      ? await deps.staking.prepareStake(user, pool, BigInt(params.amount))
      : await deps.staking.prepareUnstake(
          user,
          pool,
          BigInt(params.amount),
          params.mode ?? 'instant',
          undefined,
          requestId,
        );
  return {
    described: describeQuote(prepared),
    facts: poolFacts(prepared.context.pool, deps.rpc.network.chain),
    instructions: prepared.instructions,
  };
}

export async function reviewStake(
  deps: { rpc: RpcClient; fees: SignatureFee; staking: StakingService; routes: RouteService },
  params: DappParams<'stake'>,
  owner: string,
  /** The request's id: a delayed unstake's stake account is derived from it, so the one shown is the one signed for. */
  requestId: string,
): Promise<{ view: StakeView; minimum: ShownMinimum | null }> {
  const stopped = (error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      summary: `${params.action === 'stake' ? 'Stake into' : 'Unstake from'} pool ${params.pool}`,
      reason,
    };
  };
  // Everything that can throw (a key that does not decode, an RPC that fails) ends in a blocked
  // view the window can show and reject, never in an error that leaves it without one.
  let user: PublicKey;
  let quoted: Awaited<ReturnType<typeof quoteFor>>;
  try {
    user = new PublicKey(owner);
    quoted = await quoteFor(deps, params, user, requestId);
  } catch (error) {
    const { summary, reason } = stopped(error);
    return {
      view: {
        intent: { summary, blocked: reason },
        transaction: null,
        warnings: [blocking('stake_blocked', reason)],
      },
      minimum: null,
    };
  }
  const { described, facts } = quoted;
  const { summary, blocked, guarantee, unit } = described;
  const warnings = quoteWarnings(described, facts);
  const intent = {
    summary,
    blocked,
    pool: facts,
    ...(guarantee ? { bound: guaranteeSentence(guarantee, unit) } : {}),
  };
  if (blocked || !guarantee || !quoted.instructions.length)
    return { view: { intent, transaction: null, warnings }, minimum: null };
  let review: Awaited<ReturnType<typeof reviewTransaction>>;
  try {
    review = await reviewPrepared(deps.rpc, deps.fees, quoted, user, owner);
  } catch (error) {
    const { reason } = stopped(error);
    return {
      view: {
        intent: { ...intent, blocked: reason },
        transaction: null,
        warnings: [...warnings, blocking('stake_blocked', reason)],
      },
      minimum: null,
    };
  }
  const { warnings: reviewed, ...transaction } = review;
  return {
    view: { intent, transaction, warnings: [...warnings, ...reviewed] },
    minimum: { amount: heldTo(guarantee), enforced: guarantee.kind === 'enforced' },
  };
}
