// Sanctum Infinity's controller instructions a route needs, encoded from the program's public
// source (igneous-labs inf-1.5 at the June 2025 snapshot, controller/core/src/instructions and
// core/src/instructions): AddLiquidity (3), RemoveLiquidity (4), SwapExactIn (1). Each takes a fixed
// prefix of accounts, then the calculator of each LST it prices (program id, then its accounts,
// their count written in the data), then the pricing program and its accounts. The pricing program
// PoolState v1 names is the flat-fee one; its accounts per instruction are in flatFeePricing below.
// Pure: keys and amounts in, an instruction out; which LST sits at which index is read elsewhere.
import { PublicKey, TransactionInstruction, type AccountMeta } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import type { CalculatorAccounts } from './infinity-calculators';
import { u32, u64 } from './instruction-data';

export const INFINITY_PROGRAM = new PublicKey('5ocnV1qiCgaQR8Jb8xWnVbApfaygJ8tNoZfgPwsgx9kx');
export const FLAT_FEE_PROGRAM = new PublicKey('f1tUoNEKrDp1oeGn4zxr7bh41eN6VcfHjfrL3ZqQday');
/** INF, the pool's LP token. */
export const INF_LP_MINT = new PublicKey('5oVNBeEEQvYi1cX3ir8Dx5n1P7pdxydbGF2X4TxVusJm');

const pda = (program: PublicKey, ...seeds: Buffer[]) => PublicKey.findProgramAddressSync(seeds, program)[0];
export const INFINITY_POOL_STATE = pda(INFINITY_PROGRAM, Buffer.from('state'));
export const INFINITY_LST_STATE_LIST = pda(INFINITY_PROGRAM, Buffer.from('lst-state-list'));
const PROTOCOL_FEE = pda(INFINITY_PROGRAM, Buffer.from('protocol-fee'));

/** The flat-fee pricing program's accounts, as each controller instruction hands them over. */
export const flatFeePricing = {
  state: pda(FLAT_FEE_PROGRAM, Buffer.from('state')),
  /** An LST's input and output fees: the PDA ["fee", mint]. */
  feeAccount: (mint: PublicKey) => pda(FLAT_FEE_PROGRAM, Buffer.from('fee'), mint.toBuffer()),
  /** Minting INF is priced without accounts (no fee). */
  mintLp: (): PublicKey[] => [],
  /** Redeeming INF reads the LP withdrawal fee in the program's state. */
  redeemLp: (): PublicKey[] => [flatFeePricing.state],
  /** A swap reads the input LST's input fee and the output LST's output fee. */
  exactIn: (input: PublicKey, output: PublicKey): PublicKey[] => [
    flatFeePricing.feeAccount(input),
    flatFeePricing.feeAccount(output),
  ],
};

/** One of Infinity's LSTs as an instruction names it. */
export interface InfinityLst {
  mint: PublicKey;
  /** Its position in the LST state list, which the controller checks against the mint. */
  index: number;
  tokenProgram: PublicKey;
  calculator: CalculatorAccounts;
}

/** The pool's reserve of an LST and its protocol-fee accumulator: associated token accounts of PDAs. */
export const reservesOf = (lst: Pick<InfinityLst, 'mint' | 'tokenProgram'>) =>
  getAssociatedTokenAddressSync(lst.mint, INFINITY_POOL_STATE, true, lst.tokenProgram);
export const protocolFeeAccumulatorOf = (lst: Pick<InfinityLst, 'mint' | 'tokenProgram'>) =>
  getAssociatedTokenAddressSync(lst.mint, PROTOCOL_FEE, true, lst.tokenProgram);

const meta = (pubkey: PublicKey, isWritable: boolean, isSigner = false): AccountMeta => ({
  pubkey,
  isSigner,
  isWritable,
});
const readOnly = (keys: PublicKey[]) => keys.map((k) => meta(k, false));
const calculatorMetas = (c: CalculatorAccounts) => readOnly([c.program, ...c.accounts]);
/** How many accounts the controller hands the calculator: its program id and its own. */
const calculatorCount = (c: CalculatorAccounts) => c.accounts.length + 1;

interface LiquidityArgs {
  signer: PublicKey;
  lst: InfinityLst;
  /** The signer's token account of the LST (debited by Add, credited by Remove). */
  lstAccount: PublicKey;
  /** The signer's INF token account (credited by Add, debited by Remove). */
  infAccount: PublicKey;
  infMint: PublicKey;
  infTokenProgram: PublicKey;
  /** LST tokens for Add, INF for Remove. */
  amount: bigint;
  /** The least the program may pay out: INF for Add, LST tokens for Remove. */
  minOut: bigint;
}

function liquidity(tag: 3 | 4, a: LiquidityArgs, pricing: PublicKey[]): TransactionInstruction {
  return new TransactionInstruction({
    programId: INFINITY_PROGRAM,
    keys: [
      meta(a.signer, false, true),
      meta(a.lst.mint, false),
      meta(a.lstAccount, true),
      meta(a.infAccount, true),
      meta(a.infMint, true),
      meta(protocolFeeAccumulatorOf(a.lst), true),
      meta(a.lst.tokenProgram, false),
      meta(a.infTokenProgram, false),
      meta(INFINITY_POOL_STATE, true),
      meta(INFINITY_LST_STATE_LIST, true),
      meta(reservesOf(a.lst), true),
      ...calculatorMetas(a.lst.calculator),
      ...readOnly([FLAT_FEE_PROGRAM, ...pricing]),
    ],
    data: Buffer.concat([
      Buffer.from([tag, calculatorCount(a.lst.calculator)]),
      u32(a.lst.index),
      u64(a.amount),
      u64(a.minOut),
    ]),
  });
}

/** Deposit `amount` of an LST, receive at least `minOut` INF. */
export const addLiquidity = (a: LiquidityArgs) => liquidity(3, a, flatFeePricing.mintLp());

/** Burn `amount` INF, receive at least `minOut` of the LST. */
export const removeLiquidity = (a: LiquidityArgs) => liquidity(4, a, flatFeePricing.redeemLp());

interface SwapArgs {
  signer: PublicKey;
  input: InfinityLst;
  output: InfinityLst;
  inputAccount: PublicKey;
  outputAccount: PublicKey;
  amount: bigint;
  minOut: bigint;
}

/** Swap exactly `amount` of one LST for at least `minOut` of another. */
export function swapExactIn(a: SwapArgs): TransactionInstruction {
  return new TransactionInstruction({
    programId: INFINITY_PROGRAM,
    keys: [
      meta(a.signer, false, true),
      meta(a.input.mint, false),
      meta(a.output.mint, false),
      meta(a.inputAccount, true),
      meta(a.outputAccount, true),
      meta(protocolFeeAccumulatorOf(a.output), true),
      meta(a.input.tokenProgram, false),
      meta(a.output.tokenProgram, false),
      meta(INFINITY_POOL_STATE, true),
      meta(INFINITY_LST_STATE_LIST, true),
      meta(reservesOf(a.input), true),
      meta(reservesOf(a.output), true),
      ...calculatorMetas(a.input.calculator),
      ...calculatorMetas(a.output.calculator),
      ...readOnly([FLAT_FEE_PROGRAM, ...flatFeePricing.exactIn(a.input.mint, a.output.mint)]),
    ],
    data: Buffer.concat([
      Buffer.from([1, calculatorCount(a.input.calculator), calculatorCount(a.output.calculator)]),
      u32(a.input.index),
      u32(a.output.index),
      u64(a.minOut),
      u64(a.amount),
    ]),
  });
}
