// A native stake account converted into a pool's LST (DepositStake): the stake account's staker
// and withdrawer move to the pool's deposit authority and the pool takes the whole account,
// minting tokens for it. Quoted like a stake, from the simulation of the exact transaction, and
// bounded by DepositStakeWithSlippage. Only fully active stake delegated to a validator the pool
// lists can go in; the other cases are explained before anything is built.
import { PublicKey, StakeAuthorizationLayout, StakeProgram, Transaction } from '@solana/web3.js';
import { StakePoolInstruction } from '@solana/spl-stake-pool';
import { WalletError } from '../../shared/errors';
import { shortAddress } from '../../shared/format';
import type { ConvertQuote } from '../../shared/staking';
import type { NetworkInfo } from '../../shared/networks';
import type { RpcClient } from '../chain/rpc-client';
import type { EncodedAccount } from '../chain/rpc-shapes';
import { simulated, simulationError, type SimulatedTransaction } from '../chain/tx-sender';
import { bounded } from './bounded-instructions';
import { type ChainQuoter, type TxPlan } from './chain-quote';
import type { PoolContext } from './pool-context';
import { depositAuthorityAddress, withdrawAuthorityAddress } from '../../shared/pool-addresses';
import { createTokenAccountIx, forPool, userPoolTokenAccount, validatorStakeOf } from './pool-instructions';
import { summarizePool } from './pool-summary';
import { decodeStakeAccount, lockedUp, stakeState, type DecodedStake } from './stake-account';
import { applyFee, poolTokensForDeposit } from './pool-math';
import { guaranteeOf, wireGuarantee, type Accepted, type Receipt } from './guarantee';
import { heldTo } from '../../shared/guarantee';
import { depositorTokensBeforeReferral, stamp } from './stake-quotes';
import { encodedTokenAmount } from '../chain/token-account';

export interface PreparedConvert {
  quote: ConvertQuote;
  instructions: ReturnType<typeof StakeProgram.authorize>['instructions'];
  context: PoolContext;
  transaction: SimulatedTransaction;
  /** The network the quote read and simulated on, whose blockhash `transaction` carries. */
  network: NetworkInfo;
}

/** The stake account as the pool would see it, or the person's reason it cannot go in. */
function decodeOwned(
  owner: PublicKey,
  info: EncodedAccount | null | undefined,
): { stake: DecodedStake; lamports: bigint } {
  if (!info || info.owner !== StakeProgram.programId.toBase58())
    throw new WalletError('not_found', 'That is not a stake account on this network.', {
      what: 'stake_account',
    });
  const stake = decodeStakeAccount(Buffer.from(info.data[0], 'base64'));
  if (!stake || !stake.withdrawer.equals(owner) || !stake.staker.equals(owner)) {
    throw new WalletError(
      'forbidden_account',
      'This wallet must be both the stake and the withdraw authority of that stake account to convert it.',
      { role: 'stake_and_withdraw_authority' },
    );
  }
  return { stake, lamports: BigInt(info.lamports) };
}

/** The validator a stake account is delegated to, read on its own (when the caller does not know it). */
async function readVoter(
  rpc: RpcClient,
  owner: PublicKey,
  stakeAccount: PublicKey,
): Promise<PublicKey | null> {
  const info = await rpc.call('getAccountInfo', [stakeAccount.toBase58(), { encoding: 'base64' }]);
  return decodeOwned(owner, info.value).stake.voter;
}

function refusal(stake: DecodedStake, epoch: bigint, ctx: PoolContext, owner: PublicKey): string | null {
  const state = stakeState(stake, epoch);
  if (state === 'activating') {
    return `This stake account is still activating (delegated in epoch ${stake.activationEpoch}). Pools take only fully active stake: you can convert it from epoch ${stake.activationEpoch + 1n}.`;
  }
  if (state !== 'active')
    return `This stake account is ${state}, not delegated to a validator; withdraw it to SOL and stake that instead.`;
  if (lockedUp(stake, epoch, BigInt(Math.floor(Date.now() / 1000))))
    return 'That stake account is under a lockup; a pool cannot take it until the lockup ends.';
  if (
    !ctx.pool.stakeDepositAuthority.equals(depositAuthorityAddress(ctx.pool.programId, ctx.pool.address)) &&
    !ctx.pool.stakeDepositAuthority.equals(owner)
  ) {
    return 'This pool takes stake accounts only from its own deposit authority.';
  }
  if (!ctx.validators.some((v) => stake.voter && v.voteAccountAddress.equals(stake.voter))) {
    return `This pool does not stake with validator ${shortAddress(stake.voter!.toBase58())}; choose a pool that lists it, or withdraw the stake and stake SOL.`;
  }
  return null;
}

/** DepositStake's total fee (stake fee on the delegated part, SOL fee on the rest), for a 100% referral. */
function convertFeeIfAllReferred(ctx: PoolContext, stake: DecodedStake, lamports: bigint): bigint {
  const minted = poolTokensForDeposit(ctx.pool, lamports);
  const fromStake = poolTokensForDeposit(ctx.pool, stake.delegated);
  return applyFee(ctx.pool.stakeDepositFee, fromStake) + applyFee(ctx.pool.solDepositFee, minted - fromStake);
}

/**
 * The transaction that hands the stake account to the pool: both authorities to the pool's deposit
 * authority, then DepositStake (bounded by `min` where the build allows). Null when the pool does not
 * hold the account's validator or is not updated for this epoch.
 */
function convertPlan(owner: PublicKey, stakeAccount: PublicKey, voter: PublicKey | null) {
  return (ctx: PoolContext): TxPlan | null => {
    const entry = ctx.validators.find((v) => voter && v.voteAccountAddress.equals(voter));
    if (!entry || ctx.pool.lastUpdateEpoch < ctx.epoch) return null;
    const depositAuthority = ctx.pool.stakeDepositAuthority;
    const destination = userPoolTokenAccount(ctx.pool, owner);
    const authorize = (type: 0 | 1) =>
      StakeProgram.authorize({
        stakePubkey: stakeAccount,
        authorizedPubkey: owner,
        newAuthorizedPubkey: depositAuthority,
        stakeAuthorizationType:
          type === 0 ? StakeAuthorizationLayout.Staker : StakeAuthorizationLayout.Withdrawer,
      }).instructions;
    const deposit = () => {
      const ix = StakePoolInstruction.depositStake({
        stakePool: ctx.pool.address,
        validatorList: ctx.pool.validatorList,
        depositAuthority,
        withdrawAuthority: withdrawAuthorityAddress(ctx.pool.programId, ctx.pool.address),
        depositStake: stakeAccount,
        validatorStake: validatorStakeOf(ctx.pool, entry),
        reserveStake: ctx.pool.reserveStake,
        destinationPoolAccount: destination,
        managerFeeAccount: ctx.pool.managerFeeAccount,
        referralPoolAccount: destination,
        poolMint: ctx.pool.poolMint,
      });
      forPool(ix, ctx.pool);
      // A restricted pool whose deposit authority is this wallet: it signs as the authority.
      if (depositAuthority.equals(owner)) ix.keys[2] = { pubkey: owner, isSigner: true, isWritable: false };
      return ix;
    };
    return {
      watch: [destination, ctx.pool.managerFeeAccount, stakeAccount],
      build: (min: bigint | null) => [
        createTokenAccountIx(ctx.pool, owner),
        ...authorize(0),
        ...authorize(1),
        min === null ? deposit() : bounded(deposit(), 'depositStake', min),
      ],
    };
  };
}

/** Why this stake account cannot go into this pool now, as the person should read it; nothing when it can. */
function checkConvertible(
  ctx: PoolContext,
  owner: PublicKey,
  stake: DecodedStake,
  voter: PublicKey | null,
): void {
  if (stake.voter && voter && !stake.voter.equals(voter))
    throw new WalletError(
      'stale',
      'That stake account is delegated elsewhere than the list showed; refresh and try again.',
      { what: 'stake_account' },
    );
  const reason =
    refusal(stake, ctx.epoch, ctx, owner) ??
    (ctx.pool.lastUpdateEpoch < ctx.epoch
      ? `This pool has not been updated for epoch ${ctx.epoch} yet; it takes stake accounts once it is.`
      : null);
  if (reason) throw new WalletError('pool_unavailable', reason);
  if (ctx.solLamports < ctx.networkFee + (ctx.tokenAccountExists ? 0n : ctx.tokenAccountRent)) {
    throw new WalletError(
      'insufficient_funds',
      'You need a little SOL for the network fee (and the new token account) to convert a stake account.',
    );
  }
}

/**
 * What the program holds a conversion to: the depositor's tokens before the referral share
 * (process_deposit_stake: minted − total fee; stake_referral_fee of the TOTAL fee, stake and SOL parts
 * alike, then lands in the same account). When the pool's fee account is the person's own, the whole
 * fee lands there too, and the largest fee the deposit can carry is taken off.
 */
function convertReceipt(
  ctx: PoolContext,
  destination: PublicKey,
  stake: DecodedStake,
  lamports: bigint,
  tokensOut: bigint,
  feeTokens: bigint,
): Receipt {
  const allReferred = convertFeeIfAllReferred(ctx, stake, lamports);
  if (ctx.pool.managerFeeAccount.equals(destination)) {
    const enforced = tokensOut > allReferred ? tokensOut - allReferred : 0n;
    return { enforced, extras: [{ what: 'fee_account_share', amount: tokensOut - enforced }] };
  }
  const enforced = depositorTokensBeforeReferral(
    tokensOut,
    feeTokens,
    ctx.pool.stakeReferralFeePercent,
    allReferred,
  );
  return { enforced, extras: [{ what: 'referral_share', amount: tokensOut - enforced }] };
}

/**
 * `voter`: the validator the stake account is delegated to, as the stake accounts list showed it;
 * the batch reads the account itself and the quote is refused if it says otherwise. Without it,
 * one more round trip reads it first.
 */
export async function quoteConvert(
  rpc: RpcClient,
  quoter: ChainQuoter,
  owner: PublicKey,
  stakeAccount: PublicKey,
  poolAddress: PublicKey,
  accepted: Accepted,
  voterHint?: PublicKey,
): Promise<PreparedConvert> {
  const { network } = rpc;
  const voter = voterHint ?? (await readVoter(rpc, owner, stakeAccount));
  const q = await quoter.quote(owner, poolAddress, convertPlan(owner, stakeAccount, voter));
  const ctx = q.ctx;
  // The stake account as read in the quote's own batch (the simulation's pre-state).
  const before = q.simulation?.ok
    ? q.simulation.before[2]
    : (await rpc.call('getAccountInfo', [stakeAccount.toBase58(), { encoding: 'base64' }])).value;
  const { stake, lamports } = decodeOwned(owner, before);
  checkConvertible(ctx, owner, stake, voter);
  const sim = q.simulation;
  if (!q.plan || !sim)
    throw new WalletError('pool_unavailable', 'This pool cannot take that stake account now.');
  if (!sim.ok) throw simulationError(sim.err, sim.logs);
  const tokensOut = encodedTokenAmount(sim.after[0]) - encodedTokenAmount(sim.before[0]);
  const feeTokens = encodedTokenAmount(sim.after[1]) - encodedTokenAmount(sim.before[1]);
  const summary = summarizePool(ctx.pool, {
    chain: network.chain,
    epoch: ctx.epoch,
    year: null,
    owner,
  });
  const destination = userPoolTokenAccount(ctx.pool, owner);
  const receipt = convertReceipt(ctx, destination, stake, lamports, tokensOut, feeTokens);
  const guarantee = guaranteeOf(receipt, accepted, q.bounded ? null : 'build_has_no_bound', summary);
  const instructions = q.plan.build(q.bounded ? heldTo(guarantee) : null);
  const { blockhash, lastValidBlockHeight } = q.blockhash;
  const transaction = new Transaction({ feePayer: owner, blockhash, lastValidBlockHeight }).add(
    ...instructions,
  );
  const quote: ConvertQuote = {
    pool: poolAddress.toBase58(),
    symbol: summary.symbol,
    stakeAccount: stakeAccount.toBase58(),
    lamportsIn: lamports.toString(),
    tokensOut: tokensOut.toString(),
    depositFeeTokens: (ctx.pool.managerFeeAccount.equals(destination) ? 0n : feeTokens).toString(),
    networkFeeLamports: ctx.networkFee.toString(),
    ...stamp(),
    guarantee: wireGuarantee(guarantee),
  };
  return { quote, instructions, context: ctx, transaction: simulated(sim, transaction), network };
}
