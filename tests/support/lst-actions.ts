// The Infinity and Marinade actions a person (or a dApp on their behalf) signs, built with the
// wallet's encoders for one owner on the test chain: SOL staked into INF (wrap, AddLiquidity wSOL),
// INF unstaked to SOL (RemoveLiquidity wSOL, unwrap) or to an LST, an LST bought or sold through
// Infinity, and Marinade's deposit, liquid unstake, withdraw_stake_account, order_unstake and claim.
// Each payout goes to the owner unless `to` names another account: the attacks of the review suites.
// Bounds are 1 base unit: these suites check names and recipients; the routes suites check amounts.
import { Keypair, PublicKey, SystemProgram, type TransactionInstruction } from '@solana/web3.js';
import {
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  createCloseAccountInstruction,
  createSyncNativeInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import {
  addLiquidity,
  removeLiquidity,
  swapExactIn,
} from '../../src/background/staking/infinity-instructions';
import {
  claimIx,
  createTicketAccountIx,
  depositIx,
  liquidUnstakeIx,
  orderUnstakeIx,
  withdrawStakeAccountIx,
  TICKET_ACCOUNT_SIZE,
} from '../../src/background/staking/marinade-instructions';
import { INF, JUPSOL, JUPSOL_POOL, WSOL, readInfinity, routeLst, tokenAmount } from './infinity-routes';
import type { TestChain } from './localnet';
import { chooseSplit, readMarinade } from './marinade';
import { msolToSol } from './marinade-math';

const MIN_OUT = 1n;

/** A token account's amount now (0 when it does not exist). */
export async function tokenBalance(chain: TestChain, account: PublicKey): Promise<bigint> {
  const info = await chain.connection.getAccountInfo(account);
  return info ? tokenAmount(info.data) : 0n;
}

/** Infinity's routes for `owner`, each a list of instructions for one transaction. */
export function infinityActions(chain: TestChain, owner: PublicKey) {
  const ata = (mint: PublicKey, holder = owner) => getAssociatedTokenAddressSync(mint, holder, true);
  const open = (mint: PublicKey, holder = owner) =>
    createAssociatedTokenAccountIdempotentInstruction(owner, ata(mint, holder), holder, mint);
  const wrap = (lamports: bigint) => [
    open(WSOL),
    SystemProgram.transfer({ fromPubkey: owner, toPubkey: ata(WSOL), lamports }),
    createSyncNativeInstruction(ata(WSOL)),
  ];
  const unwrap = () => createCloseAccountInstruction(ata(WSOL), owner, owner);
  const lst = async (mint: PublicKey) =>
    routeLst((await readInfinity(chain, [])).list, mint, mint.equals(JUPSOL) ? JUPSOL_POOL : null);
  const liquidity = async (
    mint: PublicKey,
    amount: bigint,
    lstAccount: PublicKey,
    infAccount: PublicKey,
  ) => ({
    signer: owner,
    lst: await lst(mint),
    lstAccount,
    infAccount,
    infMint: INF,
    infTokenProgram: TOKEN_PROGRAM_ID,
    amount,
    minOut: MIN_OUT,
  });
  /** SwapExactIn `amount` of `input` for `output` into `to`; wSOL in is wrapped first, wSOL out to the owner unwrapped after. */
  const swap = async (
    input: PublicKey,
    output: PublicKey,
    amount: bigint,
    to = ata(output),
  ): Promise<TransactionInstruction[]> => [
    ...(input.equals(WSOL) ? wrap(amount) : []),
    ...(to.equals(ata(output)) ? [open(output)] : []),
    swapExactIn({
      signer: owner,
      input: await lst(input),
      output: await lst(output),
      inputAccount: ata(input),
      outputAccount: to,
      amount,
      minOut: MIN_OUT,
    }),
    ...(output.equals(WSOL) && to.equals(ata(WSOL)) ? [unwrap()] : []),
    ...(input.equals(WSOL) ? [unwrap()] : []),
  ];
  return {
    ata,
    open,
    swap,
    /** SOL → INF: wrap, then AddLiquidity(wSOL) minting INF into `to`. */
    stake: async (lamports: bigint, to = ata(INF)): Promise<TransactionInstruction[]> => [
      ...wrap(lamports),
      ...(to.equals(ata(INF)) ? [open(INF)] : []),
      addLiquidity(await liquidity(WSOL, lamports, ata(WSOL), to)),
      unwrap(),
    ],
    /** INF → `mint` (wSOL unwrapped to SOL when it is the owner's). */
    unstake: async (inf: bigint, mint = WSOL, to = ata(mint)): Promise<TransactionInstruction[]> => [
      ...(to.equals(ata(mint)) ? [open(mint)] : []),
      removeLiquidity(await liquidity(mint, inf, to, ata(INF))),
      ...(mint.equals(WSOL) && to.equals(ata(WSOL)) ? [unwrap()] : []),
    ],
  };
}

/** Marinade's user instructions for `owner`, around the State on the chain now. */
export async function marinadeActions(chain: TestChain, owner: PublicKey) {
  const { state, accounts } = await readMarinade(chain);
  const msolOf = (holder: PublicKey) => getAssociatedTokenAddressSync(state.msolMint, holder);
  const msol = msolOf(owner);
  return {
    state,
    accounts,
    msol,
    msolOf,
    /** Stake `lamports`, mSOL minted into `to` (opened first when it is the owner's). */
    deposit: (lamports: bigint, to = msol) => [
      ...(to.equals(msol)
        ? [createAssociatedTokenAccountIdempotentInstruction(owner, msol, owner, state.msolMint)]
        : []),
      depositIx(accounts, owner, to, lamports),
    ],
    /** mSOL → SOL through the liquidity pool, the SOL to `solTo` (the encoder's transfer_sol_to replaced). */
    liquidUnstake: (amount: bigint, solTo = owner) => {
      const ix = liquidUnstakeIx(accounts, owner, msol, amount);
      ix.keys[7]!.pubkey = solTo;
      return [ix];
    },
    /** withdraw_stake_account into a new stake account `split` (a signer) for `beneficiary` (written over the encoder's argument). */
    withdrawStake: async (amount: bigint, split: Keypair, beneficiary = owner) => {
      const ix = withdrawStakeAccountIx(accounts, {
        owner,
        msolAccount: msol,
        stake: (await chooseSplit(chain, msolToSol(state, amount))).choice!,
        splitStakeAccount: split.publicKey,
        msolAmount: amount,
      });
      beneficiary.toBuffer().copy(ix.data, 24);
      return [ix];
    },
    /** order_unstake burning from `from` (the owner's mSOL, or an account the owner may spend as delegate) into the new `ticket`. */
    orderUnstake: async (amount: bigint, ticket: Keypair, from = msol) => {
      const rent = BigInt(await chain.connection.getMinimumBalanceForRentExemption(TICKET_ACCOUNT_SIZE));
      return [
        createTicketAccountIx(owner, ticket.publicKey, rent),
        orderUnstakeIx(accounts, owner, from, ticket.publicKey, amount),
      ];
    },
    claim: (ticket: PublicKey, beneficiary = owner) => [claimIx(accounts, ticket, beneficiary)],
  };
}
