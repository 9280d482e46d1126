// Program-derived addresses of a stake pool, for whichever of the three programs owns it.
// (@solana/spl-stake-pool derives these for SPoo1… only.) Pure derivations, shared by the background
// and the pool operator's tools (tools/ imports only src/shared); the popup does not import them.
import { PublicKey } from '@solana/web3.js';
import { Buffer } from 'buffer';

const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u64le = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
};
const find = (seeds: Uint8Array[], programId: PublicKey) =>
  PublicKey.findProgramAddressSync(seeds, programId)[0];

export const withdrawAuthorityAddress = (programId: PublicKey, pool: PublicKey) =>
  find([pool.toBuffer(), Buffer.from('withdraw')], programId);

export const depositAuthorityAddress = (programId: PublicKey, pool: PublicKey) =>
  find([pool.toBuffer(), Buffer.from('deposit')], programId);

export const validatorStakeAddress = (programId: PublicKey, pool: PublicKey, vote: PublicKey, seed = 0) =>
  find([vote.toBuffer(), pool.toBuffer(), ...(seed ? [u32le(seed)] : [])], programId);

export const transientStakeAddress = (programId: PublicKey, pool: PublicKey, vote: PublicKey, seed: bigint) =>
  find([Buffer.from('transient'), vote.toBuffer(), pool.toBuffer(), u64le(seed)], programId);

/**
 * The validator stake account's seed suffix. @solana/spl-stake-pool 1.1.8 decodes the
 * (unused u32, validator_seed_suffix u32) pair as one u64 named transientSeedSuffixEnd.
 */
export const validatorSeedOf = (entry: { transientSeedSuffixEnd: { toString(): string } }) =>
  Number(BigInt(entry.transientSeedSuffixEnd.toString()) >> 32n);
