// Sanctum Infinity's accounts for tests: the consistent June 2025 snapshot in
// ../shared/fixtures/infinity (loaded from there, never copied), and PoolState accounts built from
// upstream's layout (igneous-labs inf-1.5 controller/core/src/accounts/pool_state/v1.rs and v2.rs,
// the field list in that folder's README) for the states no dump holds.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PublicKey } from '@solana/web3.js';
import { readAccountFile } from '../../tools/localnet/account-file.ts';
import { infinityFixturesDir, missingInfinityFiles } from '../../tools/localnet/infinity.ts';
import { INF_MINT, RENT, type AccountEntry } from './lst-fixtures';

/**
 * Whether Infinity's programs and snapshot are beside the repository; prints one SKIPPED line when
 * they are not. In CI (CI=true) a missing file is a failure: the tests on them must run there.
 */
export function infinityOr(skipWhat: string): boolean {
  const missing = missingInfinityFiles();
  if (!missing.length) return true;
  if (process.env.CI === 'true')
    throw new Error(`CI: ${skipWhat} cannot run — missing ${missing.join(', ')}.`);
  console.log(`SKIPPED: ${skipWhat} — missing ${missing.join(', ')}`);
  return false;
}
const INF_POOL_STATE = 'AYhux5gJzCoeoc1PoJ1VxwPDe22RwcvpHviLDD1oCGvW';
const INF_PROGRAM = '5ocnV1qiCgaQR8Jb8xWnVbApfaygJ8tNoZfgPwsgx9kx';

export function infinityDump(file: string): AccountEntry {
  const path = resolve(infinityFixturesDir(), file);
  const { pubkey } = JSON.parse(readFileSync(path, 'utf8')) as { pubkey: string };
  return { address: pubkey, account: readAccountFile(path) };
}

/** Byte offsets of PoolState (repr(C), little endian); v2 keeps v1's fields and appends its own. */
const AT = {
  totalSolValue: 0,
  protocolFeeNanos: 8, // v2; v1 has trading_protocol_fee_bps u16 @8, lp_protocol_fee_bps u16 @10
  version: 12,
  admin: 16,
  rebalanceAuthority: 48,
  protocolFeeBeneficiary: 80,
  pricingProgram: 112,
  lpTokenMint: 144,
  rpsAuthority: 176,
  rps: 208,
  withheldLamports: 216,
  protocolFeeLamports: 224,
  lastReleaseSlot: 232,
} as const;

type Authority =
  'admin' | 'rebalanceAuthority' | 'protocolFeeBeneficiary' | 'pricingProgram' | 'rpsAuthority';

interface InfStateV2 {
  version: 2;
  totalSolValue: bigint;
  protocolFeeNanos: number;
  rps: bigint;
  withheldLamports: bigint;
  protocolFeeLamports: bigint;
  lastReleaseSlot: bigint;
  authorities?: Partial<Record<Authority, string>>;
}
export type InfState = { version: 1; totalSolValue: bigint } | InfStateV2;

/** Upstream's own v2 account (pool-state-v2.json) field by field, as its README gives it. */
export const UPSTREAM_POOL_STATE_V2 = {
  version: 2,
  totalSolValue: 111_440_393_290_220n,
  protocolFeeNanos: 100_000_000,
  rps: 39_328_803_111_936n, // upstream's Rps::DEFAULT: 0.9999 of any yield released over 5 epochs
  withheldLamports: 999_999_999n,
  protocolFeeLamports: 69n,
  lastReleaseSlot: 0n,
  authorities: {
    admin: '8VE2uJkoheDbJd9rCyKzfXmiMqAS4o1B3XGshEh86BGk',
    rebalanceAuthority: 'GFHMc9BegxJXLdHJrABxNVoPRdnmVxXiNeoUCEpgXVHw',
    protocolFeeBeneficiary: 'EeQmNqm1RcQnee8LTyx6ccVG9FnR8TezQuw2JXq2LC1T',
    pricingProgram: 's1b6NRXj6ygNu1QMKXh2H9LUR2aPApAAm1UQ2DjdhNV',
    rpsAuthority: '8VE2uJkoheDbJd9rCyKzfXmiMqAS4o1B3XGshEh86BGk',
  },
} as const satisfies InfStateV2;

/** Infinity's PoolState as the controller lays it out; authorities default to fixed test keys. */
export function infPoolState(state: InfState): AccountEntry {
  const data = Buffer.alloc(state.version === 1 ? 176 : 240);
  data.writeBigUInt64LE(state.totalSolValue, AT.totalSolValue);
  data[AT.version] = state.version;
  const key = (field: Authority, fallback: number) => {
    const given = state.version === 2 ? state.authorities?.[field] : undefined;
    const bytes = given ? new PublicKey(given).toBytes() : new Uint8Array(32).fill(fallback);
    Buffer.from(bytes).copy(data, AT[field]);
  };
  key('admin', 1);
  key('rebalanceAuthority', 2);
  key('protocolFeeBeneficiary', 3);
  key('pricingProgram', 4);
  Buffer.from(new PublicKey(INF_MINT).toBytes()).copy(data, AT.lpTokenMint);
  if (state.version === 1) {
    data.writeUInt16LE(1, 8);
    data.writeUInt16LE(1, 10);
  } else {
    data.writeUInt32LE(state.protocolFeeNanos, AT.protocolFeeNanos);
    key('rpsAuthority', 5);
    data.writeBigUInt64LE(state.rps, AT.rps);
    data.writeBigUInt64LE(state.withheldLamports, AT.withheldLamports);
    data.writeBigUInt64LE(state.protocolFeeLamports, AT.protocolFeeLamports);
    data.writeBigUInt64LE(state.lastReleaseSlot, AT.lastReleaseSlot);
  }
  return {
    address: INF_POOL_STATE,
    account: { lamports: RENT, owner: INF_PROGRAM, data: new Uint8Array(data), executable: false },
  };
}

/** A copy of a v2 PoolState account with some of its u64 fields written anew (e.g. re-stamped). */
export function withPoolStateV2(
  entry: AccountEntry,
  fields: Partial<
    Record<'totalSolValue' | 'rps' | 'withheldLamports' | 'protocolFeeLamports' | 'lastReleaseSlot', bigint>
  >,
): AccountEntry {
  const data = Buffer.from(entry.account.data);
  for (const [field, value] of Object.entries(fields))
    data.writeBigUInt64LE(value, AT[field as keyof typeof fields]);
  return { address: entry.address, account: { ...entry.account, data: new Uint8Array(data) } };
}
