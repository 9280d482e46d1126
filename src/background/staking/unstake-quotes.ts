// Unstake quotes, in two modes that share only their frame. Instant: WithdrawSol from the pool's
// reserve, SOL in the owner's account now. Delayed: WithdrawStake into a new stake account of the
// owner's (split off a validator, deactivated at once, or taken from the reserve), SOL once it
// cools down. Each mode says its own transaction, why it may be refused (in the person's words,
// before anything is simulated or signed), and how much SOL the simulation shows coming out; the
// frame checks the balance, reads the simulation and holds the transaction to the minimum.
import { PublicKey, StakeProgram, SystemProgram, type TransactionInstruction } from '@solana/web3.js';
import type { ValidatorStakeInfo } from '@solana/spl-stake-pool/dist/layouts';
import { WalletError } from '../../shared/errors';
import { SOL_DECIMALS, formatUnits, solText as sol } from '../../shared/format';
import { heldTo, type UnenforcedReason } from '../../shared/guarantee';
import { transferFeeOf } from '../../shared/transfer-fee';
import type { UnstakeMode, UnstakeQuote } from '../../shared/staking';
import { simulationError } from '../chain/tx-sender';
import { bounded } from './bounded-instructions';
import {
  lamportsOf,
  tokensReceived,
  type ChainQuote,
  type ChainQuoter,
  type Simulated,
  type TxPlan,
} from './chain-quote';
import type { Fee } from './pool-account';
import type { PoolContext } from './pool-context';
import { userPoolTokenAccount, validatorStakeOf, withdrawSolIx, withdrawStakeIx } from './pool-instructions';
import { guaranteeOf, wireGuarantee, type Accepted } from './guarantee';
import { withdraw } from './pool-math';
import { finish, stamp, symbolOf, u64, updateFor, type PreparedUnstake } from './stake-quotes';
import { unstakeSeed } from './stake-account';
import { encodedTokenAmount } from '../chain/token-account';

type ModeFields =
  | Pick<Extract<UnstakeQuote, { mode: 'instant' }>, 'mode' | 'reserveAvailableLamports'>
  | Pick<Extract<UnstakeQuote, { mode: 'delayed' }>, 'mode' | 'withdrawableEpoch'>;

/** What differs between instant and delayed unstake; the frame in quoteUnstake does the rest. */
export interface UnstakeKind {
  /** The transaction for `ctx`; null when no source can pay it (delayed only). */
  plan(ctx: PoolContext): TxPlan | null;
  withdrawalFee(ctx: PoolContext): Fee;
  /** Why the unstake cannot go ahead (the pool-math estimate `lamports` out, by `plan`), or null. */
  blockedReason(ctx: PoolContext, lamports: bigint, plan: TxPlan | null): string | null;
  /** The quote's mode and its own fields: what the reserve can pay now, or when the SOL can be withdrawn. */
  timing(ctx: PoolContext, plan: TxPlan | null): ModeFields;
  /** The SOL the simulation shows coming out to the owner (the first watched account is where it lands). */
  lamportsOut(sim: Extract<Simulated, { ok: true }>, ctx: PoolContext): bigint;
  /** Why the program would not hold `plan`, paying `lamports`, to a minimum, or null when it would. */
  unenforced(ctx: PoolContext, plan: TxPlan, lamports: bigint): UnenforcedReason | null;
  /** Delayed: the new stake account the SOL goes into. */
  stakeAccount?: PublicKey;
}

function instant(owner: PublicKey, tokens: bigint): UnstakeKind {
  return {
    plan(ctx) {
      const update = updateFor(ctx, 'withdrawals');
      const plain = () => withdrawSolIx(ctx.pool, owner, tokens);
      return {
        watch: [owner, userPoolTokenAccount(ctx.pool, owner), ctx.pool.managerFeeAccount],
        build: (min) => [...update, min === null ? plain() : bounded(plain(), 'withdrawSol', min)],
      };
    },
    withdrawalFee: (ctx) => ctx.pool.solWithdrawalFee,
    blockedReason(ctx, lamports) {
      if (ctx.pool.solWithdrawAuthority && !ctx.pool.solWithdrawAuthority.equals(owner))
        return 'This pool pays out SOL only to its withdraw authority; use delayed unstake.';
      if (lamports === 0n) return 'That amount is too small to pay out any SOL.';
      if (lamports > ctx.reserveAvailable) {
        return `The pool’s reserve can pay ${sol(ctx.reserveAvailable)} right now, less than ${sol(lamports)}. Unstake less, or choose delayed unstake.`;
      }
      if (ctx.solLamports < ctx.networkFee) return `You need ${sol(ctx.networkFee)} for the network fee.`;
      return null;
    },
    timing: (ctx) => ({ mode: 'instant', reserveAvailableLamports: ctx.reserveAvailable.toString() }),
    // The owner's SOL after the simulation, plus the fee it paid.
    lamportsOut: (sim, ctx) => lamportsOf(sim.after[0]) - lamportsOf(sim.before[0]) + ctx.networkFee,
    unenforced: () => null,
  };
}

/**
 * Where a stake withdrawal comes from: the pool's preferred withdraw validator if it has room,
 * else the validator with the most active stake; the reserve only when no validator has any.
 */
function withdrawSource(ctx: PoolContext, lamports: bigint): ValidatorStakeInfo | 'reserve' | null {
  const { stakeAccountRent: rent, recordedStakeReserve: recorded } = ctx;
  // What must stay in the validator's account: the stake program's rent and minimum delegation,
  // and the builds' own floor, its recorded reserve (pool-context.ts), when that is the higher.
  const floor = (recorded > rent ? recorded : rent) + ctx.minimumDelegation;
  const active = (v: ValidatorStakeInfo) => BigInt(v.activeStakeLamports.toString());
  const withActive = ctx.validators.filter((v) => active(v) > floor);
  if (!withActive.length) return ctx.reserveAvailable >= lamports ? 'reserve' : null;
  const preferred = ctx.pool.preferredWithdrawValidator;
  const ordered = [...withActive].sort((a, b) => (active(b) > active(a) ? 1 : -1));
  const pick = (preferred && ordered.find((v) => v.voteAccountAddress.equals(preferred))) || ordered[0]!;
  return active(pick) - lamports >= floor ? pick : null;
}

/** Split-off active stake is still delegated: the plan deactivates it, so it is SOL next epoch. */
const deactivates = (plan: TxPlan) =>
  plan.build(null).some((ix) => ix.programId.equals(StakeProgram.programId));

/**
 * WithdrawStakeWithSlippage checks its minimum, then, when the withdrawal empties a validator's
 * stake account (the program's ValidatorRemoval branch), pays what that account holds, up to one
 * pool token's worth less (solana-program/stake-pool #882; no build on chain says it has the fix).
 * The branch needs every validator's active stake at most rent + 2 × the pool's minimum delegation
 * + one pool token's worth (the 2024 builds: one minimum delegation) and the withdrawal at most what
 * the account holds plus one token's worth. A withdrawal that other withdrawals landing first can
 * bring there is exposed: from a validator, and at most rent + 2 × minimum + 2 × one token's worth.
 */
function emptiesValidator(ctx: PoolContext, plan: TxPlan, lamports: bigint): boolean {
  if (!deactivates(plan)) return false; // from the reserve: no validator account to empty
  const { totalLamports: total, poolTokenSupply: supply } = ctx.pool;
  const perToken = supply > 0n ? (total + supply - 1n) / supply : total;
  // The program's floor on a pool's minimum delegation (MINIMUM_ACTIVE_STAKE), a layout constant of it.
  const minimum = ctx.minimumDelegation > 1_000_000n ? ctx.minimumDelegation : 1_000_000n;
  return lamports <= ctx.stakeAccountRent + 2n * minimum + 2n * perToken;
}

function delayed(owner: PublicKey, tokens: bigint, stakeAccount: PublicKey, seed: string): UnstakeKind {
  return {
    stakeAccount,
    plan(ctx) {
      const update = updateFor(ctx, 'withdrawals');
      const source = withdrawSource(ctx, withdraw(ctx.pool, tokens, ctx.pool.stakeWithdrawalFee).lamports);
      if (!source) return null;
      const from = source === 'reserve' ? ctx.pool.reserveStake : validatorStakeOf(ctx.pool, source);
      const plain = () => withdrawStakeIx(ctx.pool, owner, from, stakeAccount, tokens);
      const createStakeAccount = () =>
        SystemProgram.createAccountWithSeed({
          fromPubkey: owner,
          newAccountPubkey: stakeAccount,
          basePubkey: owner,
          seed,
          lamports: Number(ctx.stakeAccountRent),
          space: 200,
          programId: StakeProgram.programId,
        });
      const deactivate = (): TransactionInstruction[] =>
        source === 'reserve'
          ? []
          : StakeProgram.deactivate({ stakePubkey: stakeAccount, authorizedPubkey: owner }).instructions;
      return {
        watch: [stakeAccount, userPoolTokenAccount(ctx.pool, owner), ctx.pool.managerFeeAccount],
        build: (min) => [
          ...update,
          createStakeAccount(),
          min === null ? plain() : bounded(plain(), 'withdrawStake', min),
          ...deactivate(),
        ],
      };
    },
    withdrawalFee: (ctx) => ctx.pool.stakeWithdrawalFee,
    blockedReason(ctx, lamports, plan) {
      // Split off a validator, the new stake account stays delegated, and the stake program splits
      // no less than its minimum delegation; from the reserve it is inactive SOL, which it splits freely.
      if ((!plan || deactivates(plan)) && lamports < ctx.minimumDelegation) {
        return `A delayed unstake splits stake off one of the pool’s validators, and the network’s stake program splits no less than ${sol(ctx.minimumDelegation)}: unstake more, or use instant unstake.`;
      }
      if (!plan)
        return 'No validator in this pool has enough active stake to split that much off now. Unstake less, or use instant unstake.';
      if (ctx.solLamports < ctx.networkFee + ctx.stakeAccountRent) {
        return `You need ${sol(ctx.networkFee + ctx.stakeAccountRent)} for the fee and the new stake account’s rent (returned when you withdraw it).`;
      }
      return null;
    },
    timing: (ctx, plan) => ({
      mode: 'delayed',
      withdrawableEpoch: Number(plan && deactivates(plan) ? ctx.epoch + 1n : ctx.epoch),
    }),
    // The new stake account's lamports beyond the rent the transaction itself put there.
    lamportsOut: (sim, ctx) => lamportsOf(sim.after[0]) - ctx.stakeAccountRent,
    unenforced: (ctx, plan, lamports) => (emptiesValidator(ctx, plan, lamports) ? 'validator_removal' : null),
  };
}

export async function quoteUnstake(
  quoter: ChainQuoter,
  owner: PublicKey,
  poolAddress: PublicKey,
  tokens: bigint,
  mode: UnstakeMode,
  accepted: Accepted,
  seedTag?: string,
): Promise<PreparedUnstake> {
  const kind = await unstakeKind(owner, tokens, mode, seedTag);
  return unstakeQuoteFrom(
    await quoter.quote(owner, poolAddress, (ctx) => kind.plan(ctx)),
    kind,
    owner,
    poolAddress,
    tokens,
    accepted,
  );
}

/** What differs by mode, for a route of the pool (ChainQuoter.route) quoted beside others. */
export async function unstakeKind(
  owner: PublicKey,
  tokens: bigint,
  mode: UnstakeMode,
  seedTag?: string,
): Promise<UnstakeKind> {
  u64(tokens, 'amount');
  if (mode === 'instant') return instant(owner, tokens);
  const seed = unstakeSeed(seedTag);
  return delayed(owner, tokens, await PublicKey.createWithSeed(owner, seed, StakeProgram.programId), seed);
}

/** The unstake quote from the pool route's result: checks, figures from the simulation, the guarantee. */
export function unstakeQuoteFrom(
  q: ChainQuote<TxPlan>,
  kind: UnstakeKind,
  owner: PublicKey,
  poolAddress: PublicKey,
  tokens: bigint,
  accepted: Accepted,
): PreparedUnstake {
  const ctx = q.ctx;
  const summary = symbolOf(q.network, ctx, owner);
  if (tokens > ctx.tokenBalance)
    throw new WalletError(
      'insufficient_funds',
      `You have ${formatUnits(ctx.tokenBalance, summary.decimals)} ${summary.symbol}.`,
    );
  const math = withdraw(ctx.pool, tokens, kind.withdrawalFee(ctx));
  const blocked = kind.blockedReason(ctx, math.lamports, q.plan);
  const base = {
    pool: poolAddress.toBase58(),
    symbol: summary.symbol,
    tokensIn: tokens.toString(),
    networkFeeLamports: ctx.networkFee.toString(),
    ...kind.timing(ctx, q.plan),
    includesPoolUpdate: ctx.pool.lastUpdateEpoch < ctx.epoch,
    ...stamp(),
    poolMathLamportsOut: math.lamports.toString(),
  };
  if (blocked || !q.plan) {
    const quote: UnstakeQuote = {
      ...base,
      blocked,
      feeTokens: math.feeTokens.toString(),
      feeWithheldTokens: transferFeeOf(ctx.transferFee, math.feeTokens).toString(),
      lamportsOut: math.lamports.toString(),
      guarantee: null,
    };
    return {
      quote,
      instructions: [],
      context: ctx,
      transaction: null,
      network: q.network,
      roundTrips: q.roundTrips,
    };
  }
  const sim = q.simulation!;
  if (!sim.ok) throw simulationError(sim.err, sim.logs);
  const lamportsOut = kind.lamportsOut(sim, ctx);
  // The withdrawal fee is transferred to the manager's account: a transfer fee of the mint is
  // withheld from it there, so the fee the person pays is what arrived plus what was withheld.
  const feeTokens = tokensReceived(sim.after[2]) - tokensReceived(sim.before[2]);
  const feeWithheld = feeTokens - (encodedTokenAmount(sim.after[2]) - encodedTokenAmount(sim.before[2]));
  // The program compares its minimum with the SOL it pays out, all of which is the person's.
  const guarantee = guaranteeOf(
    { enforced: lamportsOut, extras: [] },
    accepted,
    q.bounded ? kind.unenforced(ctx, q.plan, lamportsOut) : 'build_has_no_bound',
    { decimals: SOL_DECIMALS, symbol: 'SOL' },
  );
  const prepared = finish(owner, q, heldTo(guarantee));
  const quote: UnstakeQuote = {
    ...base,
    blocked: null,
    feeTokens: feeTokens.toString(),
    feeWithheldTokens: feeWithheld.toString(),
    lamportsOut: lamportsOut.toString(),
    guarantee: wireGuarantee(guarantee),
  };
  return { quote, ...prepared, ...(kind.stakeAccount ? { stakeAccount: kind.stakeAccount } : {}) };
}
