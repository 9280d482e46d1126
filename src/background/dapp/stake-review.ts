// tidepool:stake in the approval window: what any signing window shows (the transaction Tidepool
// built for this very request, decoded and simulated by the one transaction review), plus the
// pool's manager and fees, and the bound execution will be held to. A pool the registry does not
// know is named as such, prominently. The figures returned are stored with the request as shown;
// execution refuses a fresh quote worse than them.
import { PublicKey, TransactionMessage, VersionedTransaction } from '@solana/web3.js';
import {
  advisory,
  blocking,
  type StakeIntentView,
  type StakePoolFacts,
  type TransactionReview,
  type Warning,
} from '../../shared/approval';
import type { DappParams } from '../../shared/dapp-protocol';
import {
  POOL_TOKEN_DECIMALS,
  SOL_DECIMALS,
  formatLamports,
  formatRatio,
  formatUnits,
} from '../../shared/format';
import type { NetworkInfo } from '../../shared/networks';
import type { RpcClient } from '../chain/rpc-client';
import { knownLstByPool } from '../staking/lst-registry';
import type { Fee, PoolState } from '../staking/pool-account';
import type { PreparedStake, PreparedUnstake, StakingService } from '../staking/staking-service';
import type { StakeFigures } from './approval-types';
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

/** How a quote is put to the person: the line, and the least the transaction accepts (what execution is held to). */
interface Described {
  summary: string;
  minimumOut: bigint;
  least: string;
  blocked: string | null;
}

/**
 * What is promised is the least the transaction itself accepts (the program-enforced minimum on a
 * bounded build; the quote otherwise), and execution refuses a fresh quote below it.
 */
function describeQuote({ quote }: PreparedStake | PreparedUnstake): Described {
  const symbol = quote.symbol;
  if ('tokensOut' in quote) {
    const minimumOut = BigInt(quote.bounded ? quote.minimumTokensOut : quote.tokensOut);
    return {
      summary: `Stake ${formatLamports(BigInt(quote.lamportsIn), SOL_DECIMALS)} SOL into ${symbol} → you receive ≈ ${formatUnits(BigInt(quote.tokensOut), POOL_TOKEN_DECIMALS, 4)} ${symbol}`,
      minimumOut,
      least: `${formatUnits(minimumOut, POOL_TOKEN_DECIMALS)} ${symbol}`,
      blocked: null,
    };
  }
  const minimumOut = BigInt((quote.bounded ? quote.minimumLamportsOut : null) ?? quote.lamportsOut);
  const how =
    quote.mode === 'instant'
      ? 'now'
      : `in a stake account, withdrawable from epoch ${quote.withdrawableEpoch}`;
  return {
    summary: `Unstake ${formatUnits(BigInt(quote.tokensIn), POOL_TOKEN_DECIMALS, 4)} ${symbol} → ≈ ${formatLamports(BigInt(quote.lamportsOut), SOL_DECIMALS)} SOL ${how}`,
    minimumOut,
    least: `${formatLamports(minimumOut, SOL_DECIMALS)} SOL${quote.mode === 'instant' ? '' : ' (in the stake account)'}`,
    blocked: quote.blocked,
  };
}

/**
 * Only a bounded build holds the chain to the minimum; otherwise only Tidepool's own check before
 * signing does, and the pool can still change between signing and landing.
 */
const boundText = (bounded: boolean, least: string) =>
  bounded
    ? `You receive at least ${least}, or nothing is signed.`
    : `Tidepool signs only if a fresh quote just before signing gives at least ${least}. This pool's program does not enforce a minimum: what you receive is set when the transaction runs, and may be less.`;

/** A blocked quote; an unbounded one (blocking for a pool Tidepool does not know); a pool Tidepool does not know. */
function quoteWarnings({ blocked, least }: Described, bounded: boolean, facts: StakePoolFacts): Warning[] {
  const warnings: Warning[] = [];
  if (blocked) warnings.push(blocking('stake_blocked', blocked));
  if (!blocked && !bounded) {
    const text = `This pool's program cannot hold the transaction to the quote: if the pool changes between signing and landing, you may receive less than ${least}.`;
    warnings.push(
      facts.known
        ? advisory('unbounded', text)
        : blocking(
            'unbounded',
            `${text} Tidepool does not sign for a pool it does not know without that bound.`,
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
  prepared: PreparedStake | PreparedUnstake,
  user: PublicKey,
  owner: string,
) {
  const { value } = await rpc.call('getLatestBlockhash', []);
  const message = new TransactionMessage({
    payerKey: user,
    recentBlockhash: value.blockhash,
    instructions: prepared.instructions,
  }).compileToV0Message();
  return reviewTransaction(rpc, new VersionedTransaction(message), owner);
}

export async function reviewStake(
  deps: { rpc: RpcClient; staking: StakingService },
  params: DappParams<'stake'>,
  owner: string,
  /** The request's id: a delayed unstake's stake account is derived from it, so the one shown is the one signed for. */
  requestId: string,
): Promise<{ view: StakeView; figures: StakeFigures | null }> {
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
  let prepared: PreparedStake | PreparedUnstake;
  try {
    user = new PublicKey(owner);
    const pool = new PublicKey(params.pool);
    prepared =
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
  } catch (error) {
    const { summary, reason } = stopped(error);
    return {
      view: {
        intent: { summary, blocked: reason },
        transaction: null,
        warnings: [blocking('stake_blocked', reason)],
      },
      figures: null,
    };
  }
  const facts = poolFacts(prepared.context.pool, deps.rpc.network.chain);
  const described = describeQuote(prepared);
  const { summary, blocked, least, minimumOut } = described;
  const warnings = quoteWarnings(described, prepared.quote.bounded, facts);
  const intent = { summary, blocked, pool: facts, bound: boundText(prepared.quote.bounded, least) };
  if (blocked || !prepared.instructions.length)
    return { view: { intent, transaction: null, warnings }, figures: null };
  let review: Awaited<ReturnType<typeof reviewTransaction>>;
  try {
    review = await reviewPrepared(deps.rpc, prepared, user, owner);
  } catch (error) {
    const { reason } = stopped(error);
    return {
      view: {
        intent: { ...intent, blocked: reason },
        transaction: null,
        warnings: [...warnings, blocking('stake_blocked', reason)],
      },
      figures: null,
    };
  }
  const { warnings: reviewed, ...transaction } = review;
  return {
    view: { intent, transaction, warnings: [...warnings, ...reviewed] },
    figures: { minimumOut: minimumOut.toString() },
  };
}
