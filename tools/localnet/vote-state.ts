// Vote accounts as the vote program stores them (bincode of VoteStateVersions; ported by reading
// solana-sdk vote-interface/src/state: vote_state_v4.rs, vote_state_deserialize.rs). Read: v1.14.11,
// v3 and v4, converted to v4 as the runtime converts them (SIMD-0185: the vote account collects
// inflation rewards, the node block revenue, commission in basis points). Written: v4 only, which is
// what the vote program litesvm runs writes (tag 3, 3762 bytes).
import bs58 from 'bs58';

/** VoteStateVersions discriminants. */
const V1_14_11 = 1;
const V3 = 2;
const V4 = 3;
/** VoteStateV4::size_of(): every vote account is this long. */
export const VOTE_ACCOUNT_SIZE = 3762;
/** MAX_EPOCH_CREDITS_HISTORY: the vote program keeps this many epochs of credits. */
const MAX_EPOCH_CREDITS_HISTORY = 64;
/** v1.14.11 and v3 keep 32 prior voters (pubkey, from, until), an index and an is-empty flag. */
const PRIOR_VOTERS_SIZE = 32 * (32 + 8 + 8) + 8 + 1;
const BLS_PUBKEY_SIZE = 48;

export interface EpochCredits {
  epoch: bigint;
  credits: bigint;
  prevCredits: bigint;
}

export interface VoteState {
  nodePubkey: string;
  authorizedWithdrawer: string;
  inflationRewardsCollector: string;
  blockRevenueCollector: string;
  inflationRewardsCommissionBps: number;
  blockRevenueCommissionBps: number;
  pendingDelegatorRewards: bigint;
  blsPubkeyCompressed: Uint8Array | null;
  votes: { latency: number; slot: bigint; confirmationCount: number }[];
  rootSlot: bigint | null;
  authorizedVoters: { epoch: bigint; voter: string }[];
  epochCredits: EpochCredits[];
  lastTimestamp: { slot: bigint; timestamp: bigint };
}

class Reader {
  #at = 0;
  constructor(private readonly data: Buffer) {}
  #take(n: number): number {
    const at = this.#at;
    if (at + n > this.data.length) throw new Error('vote account data ends early');
    this.#at += n;
    return at;
  }
  u8 = () => this.data.readUInt8(this.#take(1));
  u16 = () => this.data.readUInt16LE(this.#take(2));
  u32 = () => this.data.readUInt32LE(this.#take(4));
  u64 = () => this.data.readBigUInt64LE(this.#take(8));
  i64 = () => this.data.readBigInt64LE(this.#take(8));
  pubkey = () => bs58.encode(this.data.subarray(this.#take(32), this.#at));
  bytes = (n: number) => new Uint8Array(this.data.subarray(this.#take(n), this.#at));
  skip = (n: number) => void this.#take(n);
  count = () => Number(this.u64());
  optionU64 = () => (this.u8() === 1 ? this.u64() : null);
}

/** A vote account's state as v4, or null for data that is not an initialized vote state. */
export function decodeVoteState(votePubkey: string, data: Uint8Array): VoteState | null {
  const r = new Reader(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  try {
    const version = r.u32();
    if (version !== V1_14_11 && version !== V3 && version !== V4) return null;
    const nodePubkey = r.pubkey();
    const authorizedWithdrawer = r.pubkey();
    const head =
      version === V4
        ? {
            inflationRewardsCollector: r.pubkey(),
            blockRevenueCollector: r.pubkey(),
            inflationRewardsCommissionBps: r.u16(),
            blockRevenueCommissionBps: r.u16(),
            pendingDelegatorRewards: r.u64(),
            blsPubkeyCompressed: r.u8() === 1 ? r.bytes(BLS_PUBKEY_SIZE) : null,
          }
        : {
            // SIMD-0185's conversion of the older versions.
            inflationRewardsCollector: votePubkey,
            blockRevenueCollector: nodePubkey,
            inflationRewardsCommissionBps: r.u8() * 100,
            blockRevenueCommissionBps: 10_000,
            pendingDelegatorRewards: 0n,
            blsPubkeyCompressed: null,
          };
    const votes = Array.from({ length: r.count() }, () => {
      const latency = version === V1_14_11 ? 0 : r.u8();
      return { latency, slot: r.u64(), confirmationCount: r.u32() };
    });
    const rootSlot = r.optionU64();
    const authorizedVoters = Array.from({ length: r.count() }, () => ({ epoch: r.u64(), voter: r.pubkey() }));
    if (authorizedVoters.length === 0) return null;
    if (version !== V4) r.skip(PRIOR_VOTERS_SIZE);
    const epochCredits = Array.from({ length: r.count() }, () => ({
      epoch: r.u64(),
      credits: r.u64(),
      prevCredits: r.u64(),
    }));
    const lastTimestamp = { slot: r.u64(), timestamp: r.i64() };
    return {
      nodePubkey,
      authorizedWithdrawer,
      ...head,
      votes,
      rootSlot,
      authorizedVoters,
      epochCredits,
      lastTimestamp,
    };
  } catch {
    return null;
  }
}

/** The account data of `state` as a v4 vote state, VOTE_ACCOUNT_SIZE bytes. */
export function encodeVoteState(state: VoteState): Uint8Array {
  const out = Buffer.alloc(VOTE_ACCOUNT_SIZE);
  let at = 0;
  const u8 = (v: number) => (at = out.writeUInt8(v, at));
  const u16 = (v: number) => (at = out.writeUInt16LE(v, at));
  const u32 = (v: number) => (at = out.writeUInt32LE(v, at));
  const u64 = (v: bigint) => (at = out.writeBigUInt64LE(v, at));
  const i64 = (v: bigint) => (at = out.writeBigInt64LE(v, at));
  const pubkey = (v: string) => {
    out.set(bs58.decode(v), at);
    at += 32;
  };
  u32(V4);
  pubkey(state.nodePubkey);
  pubkey(state.authorizedWithdrawer);
  pubkey(state.inflationRewardsCollector);
  pubkey(state.blockRevenueCollector);
  u16(state.inflationRewardsCommissionBps);
  u16(state.blockRevenueCommissionBps);
  u64(state.pendingDelegatorRewards);
  if (state.blsPubkeyCompressed) {
    u8(1);
    out.set(state.blsPubkeyCompressed, at);
    at += BLS_PUBKEY_SIZE;
  } else u8(0);
  u64(BigInt(state.votes.length));
  for (const vote of state.votes) {
    u8(vote.latency);
    u64(vote.slot);
    u32(vote.confirmationCount);
  }
  if (state.rootSlot === null) u8(0);
  else {
    u8(1);
    u64(state.rootSlot);
  }
  u64(BigInt(state.authorizedVoters.length));
  for (const { epoch, voter } of state.authorizedVoters) {
    u64(epoch);
    pubkey(voter);
  }
  const credits = state.epochCredits.slice(-MAX_EPOCH_CREDITS_HISTORY);
  u64(BigInt(credits.length));
  for (const c of credits) {
    u64(c.epoch);
    u64(c.credits);
    u64(c.prevCredits);
  }
  u64(state.lastTimestamp.slot);
  i64(state.lastTimestamp.timestamp);
  return new Uint8Array(out);
}

/** The vote program's credits(): the running total of the newest epoch entry. */
export const totalCredits = (state: VoteState): bigint => state.epochCredits.at(-1)?.credits ?? 0n;

/** The slot of the newest vote, or null when it never voted. */
export const lastVotedSlot = (state: VoteState): bigint | null => state.votes.at(-1)?.slot ?? null;
