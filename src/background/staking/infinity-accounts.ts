// What an Infinity route reads besides the PoolState (portfolio/adapters/infinity.ts): the LST
// state list and the flat-fee pricing program's accounts, decoded from their layouts (igneous-labs
// inf-1.5 at the June 2025 snapshot: controller/core/src/typedefs/lst_state.rs, a packed list with no
// header; pricing/flatfee/core/src/accounts/fee.rs and program_state.rs; all little endian).
import { PublicKey } from '@solana/web3.js';
import type { RawAccount } from '../chain/raw-account';
import { INFINITY_PROGRAM, FLAT_FEE_PROGRAM } from './infinity-instructions';

/** PoolState's version byte, flags and pricing program (inf-1.5 pool_state v1.rs/v2.rs, repr(C)). */
const POOL = {
  version: 12,
  isDisabled: 13,
  isRebalancing: 14,
  admin: 16,
  pricingProgram: 112,
  v1Size: 176,
} as const;

const LST_STATE_SIZE = 80;
const LST = { inputDisabled: 0, solValue: 8, mint: 16, calculator: 48 } as const;
const FEE_ACCOUNT_SIZE = 6;
const PROGRAM_STATE_SIZE = 34;

export interface LstState {
  /** The admin stopped this LST being added or swapped in (it can still be taken out). */
  inputDisabled: boolean;
  /** The SOL value of the pool's reserve of this LST, as of its last sync. */
  solValue: bigint;
  mint: PublicKey;
  calculator: PublicKey;
}

type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

const view = (data: Uint8Array) => new DataView(data.buffer, data.byteOffset, data.byteLength);

function owned(account: RawAccount | null | undefined, program: PublicKey, what: string): string | null {
  if (!account) return `${what} is not on this network.`;
  if (!account.owner.equals(program)) return `${what} does not belong to the program it should.`;
  return null;
}

/** Infinity's list of LSTs, in the order whose index the instructions name. */
export function decodeLstStateList(account: RawAccount | null | undefined): Read<LstState[]> {
  const wrong = owned(account, INFINITY_PROGRAM, 'Infinity’s LST list');
  if (wrong) return { ok: false, reason: wrong };
  const data = account!.data;
  if (data.length % LST_STATE_SIZE !== 0)
    return { ok: false, reason: 'Infinity’s LST list has a layout Tidepool does not know.' };
  const v = view(data);
  const value: LstState[] = [];
  for (let at = 0; at < data.length; at += LST_STATE_SIZE) {
    value.push({
      inputDisabled: data[at + LST.inputDisabled] !== 0,
      solValue: v.getBigUint64(at + LST.solValue, true),
      mint: new PublicKey(data.subarray(at + LST.mint, at + LST.mint + 32)),
      calculator: new PublicKey(data.subarray(at + LST.calculator, at + LST.calculator + 32)),
    });
  }
  return { ok: true, value };
}

/** An LST's flat fees in basis points (signed: a negative fee is a rebate). */
export interface FlatFees {
  inputFeeBps: number;
  outputFeeBps: number;
}

export function decodeFlatFeeAccount(account: RawAccount | null | undefined): Read<FlatFees> {
  const wrong = owned(account, FLAT_FEE_PROGRAM, 'This LST’s fee account in Infinity’s pricing program');
  if (wrong) return { ok: false, reason: wrong };
  if (account!.data.length !== FEE_ACCOUNT_SIZE)
    return { ok: false, reason: 'An Infinity fee account has a layout Tidepool does not know.' };
  const v = view(account!.data);
  return { ok: true, value: { inputFeeBps: v.getInt16(2, true), outputFeeBps: v.getInt16(4, true) } };
}

/** The fee the pricing program takes from INF redeemed (RemoveLiquidity), in basis points. */
export function decodeFlatFeeState(
  account: RawAccount | null | undefined,
): Read<{ lpWithdrawalFeeBps: number }> {
  const wrong = owned(account, FLAT_FEE_PROGRAM, 'Infinity’s pricing state');
  if (wrong) return { ok: false, reason: wrong };
  if (account!.data.length !== PROGRAM_STATE_SIZE)
    return { ok: false, reason: 'Infinity’s pricing state has a layout Tidepool does not know.' };
  return { ok: true, value: { lpWithdrawalFeeBps: view(account!.data).getUint16(32, true) } };
}

/**
 * Whether a route can run through this PoolState, or why not in words: only a v1 pool priced by the
 * flat-fee program is one the controller build here takes (the June 2025 controller refuses a v2
 * PoolState); a disabled or rebalancing pool takes nothing. Valuing INF is the portfolio's (it reads v2 too).
 */
export function poolRouteBlock(account: RawAccount | null | undefined): string | null {
  const wrong = owned(account, INFINITY_PROGRAM, 'Infinity’s pool account');
  if (wrong) return wrong;
  const data = account!.data;
  if (data[POOL.version] === 2)
    return 'Infinity’s pool is a version-2 PoolState, which the controller build Tidepool can check against refuses; INF stays valued, but Tidepool offers no Infinity route for it.';
  if (data[POOL.version] !== 1 || data.length !== POOL.v1Size)
    return 'Infinity’s pool account has a layout Tidepool does not know.';
  const pricing = new PublicKey(data.subarray(POOL.pricingProgram, POOL.pricingProgram + 32));
  if (!pricing.equals(FLAT_FEE_PROGRAM))
    return 'Infinity prices with a pricing program Tidepool does not know; it offers no route through it.';
  if (data[POOL.isDisabled] !== 0) return 'Infinity’s pool is disabled by its admin.';
  if (data[POOL.isRebalancing] !== 0) return 'Infinity is rebalancing right now; try again in a moment.';
  return null;
}

/** The pool's admin, who sets its LSTs and fees (a route's window names it). */
export const poolAdmin = (account: RawAccount): PublicKey =>
  new PublicKey(account.data.subarray(POOL.admin, POOL.admin + 32));
