// Creates real stake pools on a local chain and stakes them, as a pool operator would (the epoch
// crank is pool-crank.ts, the manager's changes pool-manager.ts): the demo and
// the tests use it to have pools on all three program ids. Operator-side only; the wallet never
// needs Initialize or AddValidatorToPool.
import {
  Authorized,
  Connection,
  Keypair,
  Lockup,
  PublicKey,
  StakeProgram,
  SystemProgram,
  Transaction,
  TransactionInstruction,
  VoteInit,
  VoteProgram,
  sendAndConfirmTransaction,
  type Signer,
} from '@solana/web3.js';
import {
  ASSOCIATED_TOKEN_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { StakePoolInstruction, StakePoolLayout } from '@solana/spl-stake-pool';
import {
  transientStakeAddress,
  validatorStakeAddress,
  withdrawAuthorityAddress,
} from '../../src/shared/pool-addresses.ts';
import { createPoolMintIxs, tokenProgramOf, type PoolMintKind } from './pool-mint.ts';

const STAKE_POOL_ACCOUNT_SIZE = 611;
const VALIDATOR_LIST_HEADER = 5 + 4;
const VALIDATOR_INFO_SIZE = 73;
const STAKE_ACCOUNT_SIZE = 200;

export interface Fee {
  numerator: bigint;
  denominator: bigint;
}
const NO_FEE: Fee = { numerator: 0n, denominator: 1n };

export interface CreatePoolOptions {
  programId: PublicKey;
  validators?: number;
  /** SOL deposited after creation, so the pool has a rate and a reserve. */
  initialDepositLamports?: bigint;
  epochFee?: Fee;
  withdrawalFee?: Fee;
  depositFee?: Fee;
  referralFeePercent?: number;
  maxValidators?: number;
  decimals?: number;
  /** The pool mint's program and extensions (default: an SPL Token mint). */
  mint?: PoolMintKind;
}

export interface CreatedPool {
  programId: PublicKey;
  pool: PublicKey;
  mint: PublicKey;
  /** The mint's token program: SPL Token or Token-2022. */
  tokenProgram: PublicKey;
  reserve: PublicKey;
  validatorList: PublicKey;
  withdrawAuthority: PublicKey;
  managerFeeAccount: PublicKey;
  manager: Keypair;
  votes: PublicKey[];
}

export const send = (
  connection: Connection,
  payer: Signer,
  ixs: TransactionInstruction[],
  signers: Signer[] = [],
) =>
  sendAndConfirmTransaction(connection, new Transaction().add(...ixs), [payer, ...signers], {
    commitment: 'confirmed',
  });

export function feeBytes(fee: Fee): Buffer {
  const b = Buffer.alloc(16);
  b.writeBigUInt64LE(fee.denominator, 0);
  b.writeBigUInt64LE(fee.numerator, 8);
  return b;
}

/** StakePoolInstruction::Initialize (tag 0), which the JS SDK does not build. */
function initializeInstruction(p: {
  programId: PublicKey;
  pool: PublicKey;
  manager: PublicKey;
  staker: PublicKey;
  withdrawAuthority: PublicKey;
  validatorList: PublicKey;
  reserve: PublicKey;
  mint: PublicKey;
  managerFeeAccount: PublicKey;
  tokenProgram: PublicKey;
  epochFee: Fee;
  withdrawalFee: Fee;
  depositFee: Fee;
  referralFeePercent: number;
  maxValidators: number;
}): TransactionInstruction {
  const max = Buffer.alloc(4);
  max.writeUInt32LE(p.maxValidators);
  const data = Buffer.concat([
    Buffer.from([0]),
    feeBytes(p.epochFee),
    feeBytes(p.withdrawalFee),
    feeBytes(p.depositFee),
    Buffer.from([p.referralFeePercent]),
    max,
  ]);
  return new TransactionInstruction({
    programId: p.programId,
    data,
    keys: [
      { pubkey: p.pool, isSigner: false, isWritable: true },
      { pubkey: p.manager, isSigner: true, isWritable: false },
      { pubkey: p.staker, isSigner: false, isWritable: false },
      { pubkey: p.withdrawAuthority, isSigner: false, isWritable: false },
      { pubkey: p.validatorList, isSigner: false, isWritable: true },
      { pubkey: p.reserve, isSigner: false, isWritable: false },
      { pubkey: p.mint, isSigner: false, isWritable: true },
      { pubkey: p.managerFeeAccount, isSigner: false, isWritable: true },
      { pubkey: p.tokenProgram, isSigner: false, isWritable: false },
    ],
  });
}

/**
 * The SDK's builders emit SPoo1… and SPL Token; the same instruction targets the pool's own
 * program and, given one, its mint's token program.
 */
export function forProgram(
  programId: PublicKey,
  ix: TransactionInstruction,
  tokenProgram: PublicKey = TOKEN_PROGRAM_ID,
): TransactionInstruction {
  ix.programId = programId;
  ix.keys = ix.keys.map((k) => (k.pubkey.equals(TOKEN_PROGRAM_ID) ? { ...k, pubkey: tokenProgram } : k));
  return ix;
}

export async function createVoteAccount(connection: Connection, payer: Keypair): Promise<PublicKey> {
  const vote = Keypair.generate();
  const node = Keypair.generate();
  const lamports = await connection.getMinimumBalanceForRentExemption(VoteProgram.space);
  const tx = VoteProgram.createAccount({
    fromPubkey: payer.publicKey,
    votePubkey: vote.publicKey,
    lamports,
    voteInit: new VoteInit(node.publicKey, payer.publicKey, payer.publicKey, 0),
  });
  await sendAndConfirmTransaction(connection, tx, [payer, vote, node], { commitment: 'confirmed' });
  return vote.publicKey;
}

export async function createStakePool(
  connection: Connection,
  payer: Keypair,
  options: CreatePoolOptions,
): Promise<CreatedPool> {
  const { programId } = options;
  const maxValidators = options.maxValidators ?? 10;
  const manager = payer;
  const poolKey = Keypair.generate();
  const mintKey = Keypair.generate();
  const reserveKey = Keypair.generate();
  const listKey = Keypair.generate();
  const pool = poolKey.publicKey;
  const withdrawAuthority = withdrawAuthorityAddress(programId, pool);
  const mintKind = options.mint ?? { program: 'token' };
  const tokenProgram = tokenProgramOf(mintKind);
  const managerFeeAccount = getAssociatedTokenAddressSync(
    mintKey.publicKey,
    manager.publicKey,
    false,
    tokenProgram,
  );
  const rent = (size: number) => connection.getMinimumBalanceForRentExemption(size);
  const listSize = VALIDATOR_LIST_HEADER + VALIDATOR_INFO_SIZE * maxValidators;

  await send(
    connection,
    payer,
    [
      ...(await createPoolMintIxs(connection, {
        kind: mintKind,
        payer: payer.publicKey,
        mint: mintKey.publicKey,
        decimals: options.decimals ?? 9,
        withdrawAuthority,
        manager: manager.publicKey,
      })),
      createAssociatedTokenAccountIdempotentInstruction(
        payer.publicKey,
        managerFeeAccount,
        manager.publicKey,
        mintKey.publicKey,
        tokenProgram,
        ASSOCIATED_TOKEN_PROGRAM_ID,
      ),
      ...StakeProgram.createAccount({
        fromPubkey: payer.publicKey,
        stakePubkey: reserveKey.publicKey,
        lamports: await rent(STAKE_ACCOUNT_SIZE),
        authorized: new Authorized(withdrawAuthority, withdrawAuthority),
        lockup: new Lockup(0, 0, PublicKey.default),
      }).instructions,
    ],
    [mintKey, reserveKey],
  );

  await send(
    connection,
    payer,
    [
      SystemProgram.createAccount({
        fromPubkey: payer.publicKey,
        newAccountPubkey: listKey.publicKey,
        lamports: await rent(listSize),
        space: listSize,
        programId,
      }),
      SystemProgram.createAccount({
        fromPubkey: payer.publicKey,
        newAccountPubkey: pool,
        lamports: await rent(STAKE_POOL_ACCOUNT_SIZE),
        space: STAKE_POOL_ACCOUNT_SIZE,
        programId,
      }),
      initializeInstruction({
        programId,
        pool,
        manager: manager.publicKey,
        staker: manager.publicKey,
        withdrawAuthority,
        validatorList: listKey.publicKey,
        reserve: reserveKey.publicKey,
        mint: mintKey.publicKey,
        managerFeeAccount,
        tokenProgram,
        epochFee: options.epochFee ?? NO_FEE,
        withdrawalFee: options.withdrawalFee ?? NO_FEE,
        depositFee: options.depositFee ?? NO_FEE,
        referralFeePercent: options.referralFeePercent ?? 0,
        maxValidators,
      }),
    ],
    [listKey, poolKey],
  );

  const created: CreatedPool = {
    programId,
    pool,
    mint: mintKey.publicKey,
    tokenProgram,
    reserve: reserveKey.publicKey,
    validatorList: listKey.publicKey,
    withdrawAuthority,
    managerFeeAccount,
    manager,
    votes: [],
  };
  const stakeRent = BigInt(await rent(STAKE_ACCOUNT_SIZE));
  const minimumDelegation = BigInt((await connection.getStakeMinimumDelegation()).value);
  const validators = options.validators ?? 1;
  // The pool funds each validator stake account from its reserve: rent plus the minimum delegation.
  const perValidator = stakeRent + minimumDelegation;
  const deposit = (options.initialDepositLamports ?? 0n) + perValidator * BigInt(validators);
  if (deposit > 0n) await depositSolAsOperator(connection, payer, created, deposit);
  for (let i = 0; i < validators; i++) {
    const vote = await createVoteAccount(connection, payer);
    await send(connection, payer, [
      forProgram(
        programId,
        StakePoolInstruction.addValidatorToPool({
          stakePool: pool,
          staker: manager.publicKey,
          reserveStake: created.reserve,
          withdrawAuthority,
          validatorList: created.validatorList,
          validatorStake: validatorStakeAddress(programId, pool, vote),
          validatorVote: vote,
        }),
      ),
    ]);
    created.votes.push(vote);
  }
  return created;
}

/** DepositSol from the operator's own SOL, into the operator's token account. */
export async function depositSolAsOperator(
  connection: Connection,
  payer: Keypair,
  pool: CreatedPool,
  lamports: bigint,
): Promise<void> {
  const destination = getAssociatedTokenAddressSync(pool.mint, payer.publicKey, false, pool.tokenProgram);
  const ix = StakePoolInstruction.depositSol({
    stakePool: pool.pool,
    withdrawAuthority: pool.withdrawAuthority,
    reserveStake: pool.reserve,
    fundingAccount: payer.publicKey,
    destinationPoolAccount: destination,
    managerFeeAccount: pool.managerFeeAccount,
    referralPoolAccount: destination,
    poolMint: pool.mint,
    lamports: Number(lamports),
  });
  await send(connection, payer, [
    createAssociatedTokenAccountIdempotentInstruction(
      payer.publicKey,
      destination,
      payer.publicKey,
      pool.mint,
      pool.tokenProgram,
    ),
    forProgram(pool.programId, ix, pool.tokenProgram),
  ]);
}

/** Moves reserve SOL into a validator's transient stake; it becomes active stake next epoch. */
export async function increaseValidatorStake(
  connection: Connection,
  payer: Keypair,
  pool: CreatedPool,
  vote: PublicKey,
  lamports: bigint,
  seed = 0n,
): Promise<void> {
  await send(
    connection,
    payer,
    [
      forProgram(
        pool.programId,
        StakePoolInstruction.increaseValidatorStake({
          stakePool: pool.pool,
          staker: pool.manager.publicKey,
          withdrawAuthority: pool.withdrawAuthority,
          validatorList: pool.validatorList,
          reserveStake: pool.reserve,
          transientStake: transientStakeAddress(pool.programId, pool.pool, vote, seed),
          validatorStake: validatorStakeAddress(pool.programId, pool.pool, vote),
          validatorVote: vote,
          lamports: Number(lamports),
          transientStakeSeed: Number(seed),
        }),
      ),
    ],
    [pool.manager],
  );
}

export async function readPool(connection: Connection, pool: PublicKey) {
  const info = await connection.getAccountInfo(pool);
  if (!info) throw new Error(`no stake pool at ${pool.toBase58()}`);
  return StakePoolLayout.decode(info.data);
}
