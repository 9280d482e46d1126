// The stake program's instructions for native staking, exact to the lamport. A new stake account
// is made with createAccountWithSeed from the wallet's own address and a seed, so there is no
// extra key to keep: the address is derived, the wallet signs as the base. Amounts are u64 in the
// instruction data, written as bigint (web3.js takes a JS number, which is not exact above 2^53).
// MoveStake (16) and MoveLamports (17) are not in web3.js: encoded from the program's instruction
// enum (solana-program/stake interface/src/instruction.rs: a u32 tag, then the u64 amount).
import {
  Authorized,
  Lockup,
  PublicKey,
  StakeProgram,
  TransactionInstruction,
  type TransactionInstruction as Instruction,
} from '@solana/web3.js';

/** Seeds of the stake accounts Tidepool's native staking creates. */
const STAKE_SEED_PREFIX = 'tidepool-stake-';
/** Seeds are at most 32 bytes. */
const SEED_TAG_LENGTH = 32 - STAKE_SEED_PREFIX.length;

const MOVE_STAKE = 16;
const MOVE_LAMPORTS = 17;

/** A fresh seed per new account (the quote checks that its address is still free). */
export function stakeSeed(tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`): string {
  return `${STAKE_SEED_PREFIX}${tag.replace(/[^0-9A-Za-z]/g, '').slice(0, SEED_TAG_LENGTH)}`;
}

export const seededStakeAddress = (owner: PublicKey, seed: string): Promise<PublicKey> =>
  PublicKey.createWithSeed(owner, seed, StakeProgram.programId);

/** Overwrites the u64 at `at` of an instruction's data (web3.js encoded it from a JS number). */
function withU64(ix: Instruction, at: number, value: bigint): Instruction {
  const data = Buffer.from(ix.data);
  data.writeBigUInt64LE(value, at);
  ix.data = data;
  return ix;
}

/**
 * A new stake account at `stakePubkey` = createWithSeed(owner, seed) holding `lamports` (the
 * delegation plus the rent reserve), the owner its staker and withdrawer, no lockup, delegated to
 * `voter`.
 */
export function createAndDelegate(
  owner: PublicKey,
  stakePubkey: PublicKey,
  seed: string,
  lamports: bigint,
  voter: PublicKey,
): Instruction[] {
  const [create, initialize] = StakeProgram.createAccountWithSeed({
    fromPubkey: owner,
    stakePubkey,
    basePubkey: owner,
    seed,
    lamports: 0,
    authorized: new Authorized(owner, owner),
    lockup: new Lockup(0, 0, PublicKey.default),
  }).instructions;
  // SystemInstruction::CreateAccountWithSeed: tag u32, base (32), seed (u64 length + bytes), lamports u64, …
  const lamportsAt = 4 + 32 + 8 + Buffer.byteLength(seed);
  return [
    withU64(create!, lamportsAt, lamports),
    initialize!,
    ...StakeProgram.delegate({ stakePubkey, authorizedPubkey: owner, votePubkey: voter }).instructions,
  ];
}

export const deactivate = (owner: PublicKey, stakeAccount: PublicKey): Instruction[] =>
  StakeProgram.deactivate({ stakePubkey: stakeAccount, authorizedPubkey: owner }).instructions;

/** Withdraw `lamports` of the account to the owner (its withdraw authority). */
export function withdraw(owner: PublicKey, stakeAccount: PublicKey, lamports: bigint): Instruction[] {
  const [ix] = StakeProgram.withdraw({
    stakePubkey: stakeAccount,
    authorizedPubkey: owner,
    toPubkey: owner,
    lamports: 0,
  }).instructions;
  return [withU64(ix!, 4, lamports)];
}

/** `source` merges into `destination` and closes. */
export const merge = (owner: PublicKey, destination: PublicKey, source: PublicKey): Instruction[] =>
  StakeProgram.merge({ stakePubkey: destination, sourceStakePubKey: source, authorizedPubkey: owner })
    .instructions;

/** MoveStake or MoveLamports: [source (w), destination (w), stake authority (s)], tag u32, amount u64. */
function move(
  tag: typeof MOVE_STAKE | typeof MOVE_LAMPORTS,
  owner: PublicKey,
  source: PublicKey,
  destination: PublicKey,
  lamports: bigint,
): Instruction[] {
  const data = Buffer.alloc(12);
  data.writeUInt32LE(tag, 0);
  data.writeBigUInt64LE(lamports, 4);
  return [
    new TransactionInstruction({
      programId: StakeProgram.programId,
      keys: [
        { pubkey: source, isSigner: false, isWritable: true },
        { pubkey: destination, isSigner: false, isWritable: true },
        { pubkey: owner, isSigner: true, isWritable: false },
      ],
      data,
    }),
  ];
}

export const moveStake = (owner: PublicKey, source: PublicKey, destination: PublicKey, lamports: bigint) =>
  move(MOVE_STAKE, owner, source, destination, lamports);
export const moveLamports = (owner: PublicKey, source: PublicKey, destination: PublicKey, lamports: bigint) =>
  move(MOVE_LAMPORTS, owner, source, destination, lamports);
