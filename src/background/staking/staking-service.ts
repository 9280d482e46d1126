// Stake and unstake: a quote that checks everything the chain would check (balance, fees and
// rent, pool freshness and restrictions, reserve capacity, minimum stake), then the transaction
// built from that same quote, simulated before it is signed, and its real outcome read back.
import { PublicKey, StakeProgram, SystemProgram, type TransactionInstruction } from '@solana/web3.js';
import type { ValidatorStakeInfo } from '@solana/spl-stake-pool/dist/layouts';
import { WalletError } from '../../shared/errors';
import { LAMPORTS_PER_SIGNATURE, formatUnits, solText as sol } from '../../shared/format';
import type { StakeQuote, TxOutcome, UnstakeMode, UnstakeQuote } from '../../shared/staking';
import type { RpcClient } from '../chain/rpc-client';
import type { OnSigned, TransactionSender } from '../chain/tx-sender';
import { loadPoolContext, type PoolContext } from './pool-context';
import {
  createTokenAccountIx, depositSolIx, poolUpdateIxs, validatorStakeOf, withdrawSolIx, withdrawStakeIx,
} from './pool-instructions';
import { depositSol, withdraw } from './pool-math';
import { depositBlockedReason, summarizePool } from './pool-summary';
import type { DelayedUnstakeRecord, StakeRecord } from './portfolio';
import { UNSTAKE_SEED_PREFIX, decodeStakeAccount, lockedUp, stakeState } from './stake-account';
import { readOutcome } from '../chain/tx-outcome';

/** SOL that stays in the account after a stake, so it can still pay for the next transactions. */
export const KEEP_FOR_FEES = 3_000_000n;
/** Pools with at most this many validators are updated inside the user's own transaction. */
export const MAX_INLINE_UPDATE_VALIDATORS = 5;
const U64_MAX = 0xffff_ffff_ffff_ffffn;

export interface PreparedStake {
  quote: StakeQuote;
  instructions: TransactionInstruction[];
  context: PoolContext;
}

/**
 * How an execution is held to what the person saw: `minimumOut` is the least it may yield (pool
 * tokens for a stake, lamports for an unstake), from the quote that was shown and approved. A
 * fresh quote that is worse is refused before anything is signed.
 */
export interface ExecuteOptions {
  minimumOut?: bigint;
  onSigned?: OnSigned;
}

/** The pool's price moved against the person since the quote they accepted: nothing is signed. */
export function priceMoved(quoted: bigint, now: bigint, unit: string): WalletError {
  return new WalletError('pool_unavailable',
    `The pool’s price moved since you saw the quote: you would now get ${formatUnits(now, 9)} ${unit}, less than the ${formatUnits(quoted, 9)} ${unit} you approved. Nothing was signed; ask again to see the new quote.`);
}

export interface PreparedUnstake {
  quote: UnstakeQuote;
  instructions: TransactionInstruction[];
  context: PoolContext;
  stakeAccount?: PublicKey;
}


function u64(amount: bigint, what: string): bigint {
  if (amount <= 0n) throw new WalletError('invalid_input', `The ${what} must be more than zero.`);
  if (amount > U64_MAX) throw new WalletError('invalid_input', `That ${what} is larger than any balance can be.`);
  return amount;
}

/** When the pool missed this epoch's update: fold it into our transaction, or say why we cannot. */
function updateFor(ctx: PoolContext, action: string): TransactionInstruction[] {
  if (ctx.pool.lastUpdateEpoch >= ctx.epoch) return [];
  if (ctx.validators.length <= MAX_INLINE_UPDATE_VALIDATORS) return poolUpdateIxs(ctx.pool, ctx.validators);
  throw new WalletError('pool_unavailable',
    `This pool has not been updated for epoch ${ctx.epoch} yet, and it is too large to update in the same transaction. `
    + `It will accept ${action} once it is updated (anyone may do it; pools are usually updated within minutes of a new epoch).`);
}

/** What a stake must leave in the account (fee, a little for later fees, a new token account's rent). */
export function stakeLimits(ctx: PoolContext): { reserve: bigint; max: bigint } {
  const reserve = LAMPORTS_PER_SIGNATURE + KEEP_FOR_FEES + (ctx.tokenAccountExists ? 0n : ctx.tokenAccountRent);
  return { reserve, max: ctx.solLamports > reserve ? ctx.solLamports - reserve : 0n };
}

export class StakingService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly sender: TransactionSender,
    private readonly onDelayedUnstake: (record: DelayedUnstakeRecord) => Promise<void>,
    /** A stake's outcome, read back from the chain (the portfolio's "earned since staked"). */
    private readonly onStaked: (stake: Omit<StakeRecord, 'rpcUrl' | 'at'>) => Promise<void> = async () => {},
  ) {}

  async prepareStake(owner: PublicKey, poolAddress: PublicKey, lamports: bigint): Promise<PreparedStake> {
    u64(lamports, 'amount');
    const ctx = await loadPoolContext(this.rpc, owner, poolAddress);
    const blocked = depositBlockedReason(ctx.pool, owner);
    if (blocked) throw new WalletError('pool_unavailable', blocked);
    const update = updateFor(ctx, 'deposits');
    const symbol = summarizePool(ctx.pool, { chain: (await this.rpc.network()).chain, epoch: ctx.epoch, epochsPerYear: 1, owner }).symbol;
    const networkFee = LAMPORTS_PER_SIGNATURE;
    const { reserve, max } = stakeLimits(ctx);
    if (lamports > max) {
      throw new WalletError('insufficient_funds',
        `You have ${sol(ctx.solLamports)}; keep ${sol(reserve)} for fees${ctx.tokenAccountExists ? '' : ' and the new token account'}. You can stake at most ${sol(max)}.`);
    }
    const outcome = depositSol(ctx.pool, lamports);
    if (outcome.userTokens === 0n) throw new WalletError('invalid_input', 'That amount is too small to buy any pool tokens.');
    const quote: StakeQuote = {
      pool: poolAddress.toBase58(), symbol, lamportsIn: lamports.toString(), tokensOut: outcome.userTokens.toString(),
      depositFeeTokens: outcome.feeTokens.toString(), networkFeeLamports: networkFee.toString(), reserveLamports: reserve.toString(),
      maxLamports: max.toString(), totalLamports: ctx.pool.totalLamports.toString(), poolTokenSupply: ctx.pool.poolTokenSupply.toString(),
      includesPoolUpdate: update.length > 0,
    };
    return { quote, context: ctx, instructions: [...update, createTokenAccountIx(ctx.pool, owner), depositSolIx(ctx.pool, owner, lamports)] };
  }

  async limits(owner: PublicKey, poolAddress: PublicKey): Promise<{ maxLamports: string; reserveLamports: string; tokenBalance: string }> {
    const ctx = await loadPoolContext(this.rpc, owner, poolAddress);
    const { reserve, max } = stakeLimits(ctx);
    return { maxLamports: max.toString(), reserveLamports: reserve.toString(), tokenBalance: ctx.tokenBalance.toString() };
  }

  async prepareUnstake(owner: PublicKey, poolAddress: PublicKey, tokens: bigint, mode: UnstakeMode): Promise<PreparedUnstake> {
    u64(tokens, 'amount');
    const ctx = await loadPoolContext(this.rpc, owner, poolAddress);
    const summary = summarizePool(ctx.pool, { chain: (await this.rpc.network()).chain, epoch: ctx.epoch, epochsPerYear: 1, owner });
    const base = { pool: poolAddress.toBase58(), symbol: summary.symbol, mode, tokensIn: tokens.toString() };
    if (tokens > ctx.tokenBalance) {
      throw new WalletError('insufficient_funds', `You have ${formatUnits(ctx.tokenBalance, summary.decimals)} ${summary.symbol}.`);
    }
    const update = updateFor(ctx, 'withdrawals');
    const blockedQuote = (q: Omit<UnstakeQuote, keyof typeof base | 'blocked' | 'includesPoolUpdate'>, blocked: string | null) =>
      ({ ...base, ...q, includesPoolUpdate: update.length > 0, blocked });

    if (mode === 'instant') {
      const out = withdraw(ctx.pool, tokens, ctx.pool.solWithdrawalFee);
      const networkFee = LAMPORTS_PER_SIGNATURE;
      let blocked: string | null = null;
      if (ctx.pool.solWithdrawAuthority && !ctx.pool.solWithdrawAuthority.equals(owner)) blocked = 'This pool pays out SOL only to its withdraw authority; use delayed unstake.';
      else if (out.lamports === 0n) blocked = 'That amount is too small to pay out any SOL.';
      else if (out.lamports > ctx.reserveAvailable) {
        blocked = `The pool’s reserve can pay ${sol(ctx.reserveAvailable)} right now, less than ${sol(out.lamports)}. Unstake less, or choose delayed unstake.`;
      } else if (ctx.solLamports < networkFee) blocked = `You need ${sol(networkFee)} for the network fee.`;
      const quote = blockedQuote({
        feeTokens: out.feeTokens.toString(), lamportsOut: out.lamports.toString(), networkFeeLamports: networkFee.toString(),
        reserveAvailableLamports: ctx.reserveAvailable.toString(), withdrawableEpoch: null,
      }, blocked);
      return { quote, context: ctx, instructions: blocked ? [] : [...update, withdrawSolIx(ctx.pool, owner, tokens)] };
    }

    const out = withdraw(ctx.pool, tokens, ctx.pool.stakeWithdrawalFee);
    const networkFee = LAMPORTS_PER_SIGNATURE;
    const source = this.#withdrawSource(ctx, out.lamports);
    let blocked: string | null = null;
    if (out.lamports < ctx.minimumDelegation) {
      blocked = `A delayed unstake becomes a stake account, which must hold at least ${sol(ctx.minimumDelegation)} (the network’s minimum stake). Unstake more, or use instant unstake.`;
    } else if (!source) {
      blocked = 'No validator in this pool has enough active stake to split that much off now. Unstake less, or use instant unstake.';
    } else if (ctx.solLamports < networkFee + ctx.stakeAccountRent) {
      blocked = `You need ${sol(networkFee + ctx.stakeAccountRent)} for the fee and the new stake account’s rent (returned when you withdraw it).`;
    }
    const fromValidator = source !== null && source !== 'reserve';
    const quote = blockedQuote({
      feeTokens: out.feeTokens.toString(), lamportsOut: out.lamports.toString(),
      networkFeeLamports: networkFee.toString(), reserveAvailableLamports: null,
      withdrawableEpoch: Number(fromValidator ? ctx.epoch + 1n : ctx.epoch),
    }, blocked);
    if (blocked || !source) return { quote, context: ctx, instructions: [] };

    const seed = `${UNSTAKE_SEED_PREFIX}${Date.now().toString(36)}`;
    const stakeAccount = await PublicKey.createWithSeed(owner, seed, StakeProgram.programId);
    const sourceStake = source === 'reserve' ? ctx.pool.reserveStake : validatorStakeOf(ctx.pool, source);
    const instructions = [
      ...update,
      SystemProgram.createAccountWithSeed({
        fromPubkey: owner, newAccountPubkey: stakeAccount, basePubkey: owner, seed,
        lamports: Number(ctx.stakeAccountRent), space: 200, programId: StakeProgram.programId,
      }),
      withdrawStakeIx(ctx.pool, owner, sourceStake, stakeAccount, tokens),
      // Split off active stake is still delegated: deactivate it now so it is SOL next epoch.
      ...(fromValidator ? StakeProgram.deactivate({ stakePubkey: stakeAccount, authorizedPubkey: owner }).instructions : []),
    ];
    return { quote, context: ctx, instructions, stakeAccount };
  }

  /**
   * Where a stake withdrawal comes from: the pool's preferred withdraw validator if it has room,
   * else the validator with the most active stake; the reserve only when no validator has any.
   */
  #withdrawSource(ctx: PoolContext, lamports: bigint): ValidatorStakeInfo | 'reserve' | null {
    const floor = ctx.stakeAccountRent + ctx.minimumDelegation;
    const active = (v: ValidatorStakeInfo) => BigInt(v.activeStakeLamports.toString());
    const withActive = ctx.validators.filter((v) => active(v) > floor);
    if (!withActive.length) return ctx.reserveAvailable >= lamports ? 'reserve' : null;
    const preferred = ctx.pool.preferredWithdrawValidator;
    const ordered = [...withActive].sort((a, b) => (active(b) > active(a) ? 1 : -1));
    const pick = (preferred && ordered.find((v) => v.voteAccountAddress.equals(preferred))) || ordered[0]!;
    return active(pick) - lamports >= floor ? pick : null;
  }

  async stake(owner: PublicKey, poolAddress: PublicKey, lamports: bigint, { minimumOut, onSigned }: ExecuteOptions = {}): Promise<{ quote: StakeQuote; outcome: TxOutcome }> {
    const prepared = await this.prepareStake(owner, poolAddress, lamports);
    const tokensOut = BigInt(prepared.quote.tokensOut);
    if (minimumOut !== undefined && tokensOut < minimumOut) throw priceMoved(minimumOut, tokensOut, prepared.quote.symbol);
    const outcome = await this.#execute(owner, prepared.instructions, `Stake ${sol(lamports)} → ${prepared.quote.symbol}`, prepared.context, onSigned);
    await this.onStaked({ owner: owner.toBase58(), mint: prepared.context.pool.poolMint.toBase58(), lamportsIn: lamports, tokensReceived: BigInt(outcome.tokenChange) });
    return { quote: prepared.quote, outcome };
  }

  async unstake(owner: PublicKey, poolAddress: PublicKey, tokens: bigint, mode: UnstakeMode, { minimumOut, onSigned }: ExecuteOptions = {}): Promise<{ quote: UnstakeQuote; outcome: TxOutcome }> {
    const prepared = await this.prepareUnstake(owner, poolAddress, tokens, mode);
    if (prepared.quote.blocked) throw new WalletError('pool_unavailable', prepared.quote.blocked);
    const lamportsOut = BigInt(prepared.quote.lamportsOut);
    if (minimumOut !== undefined && lamportsOut < minimumOut) throw priceMoved(minimumOut, lamportsOut, 'SOL');
    const label = `${mode === 'instant' ? 'Instant' : 'Delayed'} unstake of ${prepared.quote.symbol}`;
    const outcome = await this.#execute(owner, prepared.instructions, label, prepared.context, onSigned);
    if (prepared.stakeAccount) {
      outcome.stakeAccount = prepared.stakeAccount.toBase58();
      await this.onDelayedUnstake({ stakeAccount: outcome.stakeAccount, pool: poolAddress.toBase58(), createdAt: Date.now() });
    }
    return { quote: prepared.quote, outcome };
  }

  /** Withdraws all SOL of an inactive stake account the owner controls back to the owner. */
  async withdrawStakeAccount(owner: PublicKey, stakeAccount: PublicKey): Promise<TxOutcome> {
    const [info, epochInfo] = await this.rpc.batch([
      { method: 'getAccountInfo', params: [stakeAccount.toBase58(), { encoding: 'base64', commitment: 'confirmed' }] },
      { method: 'getEpochInfo', params: [{ commitment: 'confirmed' }] },
    ]) as [{ value: { data: [string, string]; owner: string; lamports: number } | null }, { epoch: number }];
    if (!info.value || info.value.owner !== StakeProgram.programId.toBase58()) {
      throw new WalletError('invalid_input', 'That is not a stake account on this network.');
    }
    const stake = decodeStakeAccount(Buffer.from(info.value.data[0], 'base64'));
    if (!stake || !stake.withdrawer.equals(owner)) throw new WalletError('invalid_input', 'This wallet is not the withdraw authority of that stake account.');
    const epoch = BigInt(epochInfo.epoch);
    const state = stakeState(stake, epoch);
    if (state !== 'inactive' && state !== 'initialized') {
      throw new WalletError('invalid_input', `That stake account is ${state}; its SOL can be withdrawn once it is inactive${state === 'deactivating' ? ` (epoch ${stake.deactivationEpoch + 1n})` : ''}.`);
    }
    if (lockedUp(stake, epoch, BigInt(Math.floor(Date.now() / 1000)))) throw new WalletError('invalid_input', 'That stake account is under a lockup and cannot be withdrawn yet.');
    const lamports = BigInt(info.value.lamports);
    const ix = StakeProgram.withdraw({ stakePubkey: stakeAccount, authorizedPubkey: owner, toPubkey: owner, lamports: 0 }).instructions[0]!;
    // [u32 tag][u64 lamports]: the exact amount, not a JS number.
    const data = Buffer.from(ix.data);
    data.writeBigUInt64LE(lamports, 4);
    ix.data = data;
    return this.#execute(owner, [ix], `Withdraw ${sol(lamports)} from a stake account`);
  }

  async #execute(owner: PublicKey, instructions: TransactionInstruction[], label: string, ctx?: PoolContext, onSigned?: OnSigned): Promise<TxOutcome> {
    const { tx, lastValidBlockHeight } = await this.sender.build(owner, instructions);
    await this.sender.simulate(tx);
    const signature = await this.sender.signSendConfirm(tx, owner, lastValidBlockHeight, label, onSigned);
    return readOutcome(this.rpc, signature, owner, ctx?.pool.poolMint ?? null);
  }
}
