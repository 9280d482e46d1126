// What the staking engine reports after it has read an outcome back from the chain, for whoever
// keeps books of it (the portfolio: earned since staked, stake accounts from delayed unstakes).
// Declared here, beside the engine that produces them, so the engine depends on nothing above it.
import type { PublicKey } from '@solana/web3.js';
import type { TxOutcome } from '../../shared/staking';
import type { RpcClient } from '../chain/rpc-client';

/** One stake or stake-account conversion, as confirmed. */
export interface StakedOutcome {
  owner: string;
  mint: string;
  /** Lamports deposited into the pool (network fee and account rent excluded). */
  lamportsIn: bigint;
  /** Pool tokens the wallet received, read from the confirmed transaction. */
  tokensReceived: bigint;
}

/** Where and when a staking transaction landed, as the chain reports it. */
interface Landed {
  owner: string;
  mint: string;
  symbol: string;
  decimals: number;
  signature: string;
  slot: number;
  /** Unix seconds of its block (null: the node did not say). */
  blockTime: number | null;
  /** The epoch its quote read: it landed in it unless that epoch ended meanwhile (its slot tells). */
  quotedEpoch: number;
  feeLamports: bigint;
}

/**
 * Every staking transaction as confirmed and read back (for the stake ledger and the income
 * ledger): a stake (SOL in), a stake account converted (its SOL in, valued at the pool's rate
 * when quoted), an unstake (tokens out; SOL received, or held in a new stake account).
 */
export type StakingRecord =
  | (Landed & StakedOutcome & { kind: 'stake' })
  | (Landed &
      StakedOutcome & { kind: 'convert'; stakeAccount: string; poolLamports: bigint; poolSupply: bigint })
  | (Landed & {
      kind: 'unstake';
      tokensIn: bigint;
      /** SOL paid to the wallet (instant) or into the new stake account beyond its rent (delayed). */
      lamportsOut: bigint;
      stakeAccount: string | null;
    });

/** A record without where and when it landed: what the staking engine knows before it reads the outcome back. */
export type StakingRecordBody = StakingRecord extends infer R
  ? R extends StakingRecord
    ? Omit<R, keyof Landed>
    : never
  : never;

/** What a record is about, before it landed: whose, which token, and the epoch its quote's batch read. */
export type RecordPosition = Pick<Landed, 'owner' | 'mint' | 'symbol' | 'decimals' | 'quotedEpoch'>;

/**
 * The record of a confirmed outcome, for the books (the engine's one callback, whichever service sent
 * it); null when the node did not return its amounts yet: never booked as zeros.
 */
export function landedRecord(
  outcome: TxOutcome,
  position: RecordPosition,
  what: StakingRecordBody,
): StakingRecord | null {
  if (outcome.amountsUnread || outcome.slot === undefined) return null;
  return {
    ...what,
    ...position,
    signature: outcome.signature,
    slot: outcome.slot,
    blockTime: outcome.blockTime ?? null,
    feeLamports: BigInt(outcome.networkFeeLamports ?? 0),
  } as StakingRecord;
}

/** A delayed unstake's new stake account, so the portfolio can list it until it is withdrawn. */
export interface DelayedUnstakeRecord {
  stakeAccount: string;
  pool: string;
  createdAt: number;
}

/**
 * A delayed unstake landed: its new stake account and the lamports it holds, said in the outcome,
 * and recorded for the portfolio (a pool's or Marinade's, `pool` the one it came from).
 */
export async function recordStakeAccount(
  rpc: RpcClient,
  outcome: TxOutcome,
  stakeAccount: PublicKey,
  pool: PublicKey,
  record: (r: DelayedUnstakeRecord) => Promise<void>,
): Promise<void> {
  outcome.stakeAccount = stakeAccount.toBase58();
  const info = await rpc.call('getAccountInfo', [outcome.stakeAccount, { encoding: 'base64' }]);
  outcome.stakeAccountLamports = String(info.value?.lamports ?? 0);
  await record({ stakeAccount: outcome.stakeAccount, pool: pool.toBase58(), createdAt: Date.now() });
}
