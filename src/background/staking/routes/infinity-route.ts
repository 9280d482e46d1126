// Sanctum Infinity's routes (PoolState v1 with the flat-fee pricing program, the only controller
// build that runs here): AddLiquidity (SOL wrapped, or an LST it holds → INF), RemoveLiquidity (INF →
// SOL unwrapped, or an LST it holds), SwapExactIn (an LST → wSOL → SOL). Each reads what decides its
// accounts (the PoolState, the LST list, the mints' token programs, the pricing program's fee
// accounts) and what the person holds, builds the exact transaction, and is quoted by its
// simulation (route-quoter.ts); min_out carries the guarantee. A v2 PoolState (the June 2025
// controller rejects it), another pricing program, a disabled pool or input: unavailable, in words.
import { PublicKey, SystemProgram, type TransactionInstruction } from '@solana/web3.js';
import {
  NATIVE_MINT,
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  createCloseAccountInstruction,
  createSyncNativeInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { rpcCall } from '../../chain/rpc-methods';
import {
  poolAdmin,
  poolRouteBlock,
  decodeFlatFeeAccount,
  decodeFlatFeeState,
  decodeLstStateList,
  type LstState,
} from '../infinity-accounts';
import { calculatorAccounts } from '../infinity-calculators';
import {
  INFINITY_LST_STATE_LIST,
  INF_LP_MINT,
  INFINITY_POOL_STATE,
  addLiquidity,
  flatFeePricing,
  removeLiquidity,
  swapExactIn,
  type InfinityLst,
} from '../infinity-instructions';
import {
  rawOrNull,
  type Answers,
  type Batch,
  type Route,
  type RoutePlan,
  type Unavailable,
} from './route-quoter';
import { tokenAmount } from '../../chain/token-account';

export const INF = INF_LP_MINT;

/** Infinity's custom errors a person can meet (igneous-labs/S, s_controller_interface errors.rs). */
const REFUSALS: Record<number, string> = {
  14: 'Infinity does not take this LST in right now (its input is disabled).',
  21: 'Infinity’s price moved past your guarantee, so the program refused it.',
  22: 'Infinity’s reserve of the token you would receive is too thin for this amount.',
};

type InfinityLeg = { asset: 'SOL' } | { asset: 'lst'; mint: PublicKey };

export type InfinityAction =
  | { kind: 'add'; from: InfinityLeg; amount: bigint }
  | { kind: 'remove'; to: InfinityLeg; amount: bigint }
  | { kind: 'swap'; from: PublicKey; amount: bigint };

/** What an Infinity route knows: the accounts that decide its transaction, and the person's balances. */
export interface InfinityState {
  /** Why no Infinity route can run, or null. */
  problem: string | null;
  /** The pool's admin (who sets its LSTs and fees). */
  admin: PublicKey | null;
  list: LstState[];
  tokenProgram: Map<string, PublicKey>;
  /** The stake pool each stake-pool calculator prices (by LST mint), from the pool directory. */
  calculatorPool: Map<string, PublicKey | null>;
  lpWithdrawalFeeBps: number | null;
  feeBps: Map<string, { inputFeeBps: number; outputFeeBps: number }>;
  /** The person's wSOL account's lamports before (closing it pays them back with what arrives). */
  wsolLamports: bigint;
  /** The person's balance of the token spent. */
  spendable: bigint;
  ownerLamports: bigint;
  tokenAccountRent: bigint;
}

const mintOf = (leg: InfinityLeg) => (leg.asset === 'SOL' ? NATIVE_MINT : leg.mint);

/** The LSTs an action moves through Infinity's reserves (wSOL for SOL), and what the person spends. */
function legs(a: InfinityAction): { lsts: PublicKey[]; spent: PublicKey | null } {
  if (a.kind === 'add') return { lsts: [mintOf(a.from)], spent: a.from.asset === 'SOL' ? null : a.from.mint };
  if (a.kind === 'remove') return { lsts: [mintOf(a.to)], spent: INF };
  return { lsts: [a.from, NATIVE_MINT], spent: a.from };
}

export function infinityRoute(
  owner: PublicKey,
  action: InfinityAction,
  /** The stake pool whose mint `mint` is (the calculator needs it), or null; may cost a discovery. */
  poolOf: (mint: PublicKey) => Promise<PublicKey | null>,
): Route<InfinityState> {
  const { lsts, spent } = legs(action);
  const mints = [INF, ...lsts];
  const ata = (mint: PublicKey, program = TOKEN_PROGRAM_ID) =>
    getAssociatedTokenAddressSync(mint, owner, false, program);
  const programOf = (s: InfinityState, mint: PublicKey) =>
    s.tokenProgram.get(mint.toBase58()) ?? TOKEN_PROGRAM_ID;
  const spentAccount = (s: InfinityState) => (spent ? ata(spent, programOf(s, spent)) : null);
  const feeAccounts = action.kind === 'swap' ? lsts.map((m) => flatFeePricing.feeAccount(m)) : [];

  const reads = (s: InfinityState) => ({
    accounts: [
      INFINITY_POOL_STATE,
      INFINITY_LST_STATE_LIST,
      flatFeePricing.state,
      ...mints,
      ...feeAccounts,
      ata(NATIVE_MINT),
      ...(spent ? [spentAccount(s)!] : []),
    ],
  });

  const decode = (
    got: Pick<Answers, 'account' | 'ownerLamports' | 'tokenAccountRent'>,
    seen: InfinityState | null,
  ): InfinityState => {
    const tokenProgram = new Map(
      mints.map((m) => [m.toBase58(), got.account(m)?.owner ?? TOKEN_PROGRAM_ID] as const),
    );
    const poolAccount = got.account(INFINITY_POOL_STATE);
    const base: InfinityState = {
      problem: null,
      admin: poolAccount && poolAccount.data.length >= 48 ? poolAdmin(poolAccount) : null,
      list: [],
      tokenProgram,
      calculatorPool: seen?.calculatorPool ?? new Map(),
      lpWithdrawalFeeBps: null,
      feeBps: new Map(),
      wsolLamports: got.account(ata(NATIVE_MINT))?.lamports ?? 0n,
      spendable: 0n,
      ownerLamports: got.ownerLamports,
      tokenAccountRent: got.tokenAccountRent,
    };
    const problem = (p: string) => ({ ...base, problem: p });
    const blocked = poolRouteBlock(poolAccount);
    if (blocked) return problem(blocked);
    const list = decodeLstStateList(got.account(INFINITY_LST_STATE_LIST));
    if (!list.ok) return problem(list.reason);
    const state = decodeFlatFeeState(got.account(flatFeePricing.state));
    if (!state.ok) return problem(state.reason);
    const feeBps = new Map<string, { inputFeeBps: number; outputFeeBps: number }>();
    for (const [i, account] of feeAccounts.entries()) {
      const fees = decodeFlatFeeAccount(got.account(account));
      if (!fees.ok) return problem(fees.reason);
      feeBps.set(lsts[i]!.toBase58(), fees.value);
    }
    const held = spent ? tokenAmount(got.account(spentAccount({ ...base, tokenProgram })!)) : 0n;
    return {
      ...base,
      list: list.value,
      lpWithdrawalFeeBps: state.value.lpWithdrawalFeeBps,
      feeBps,
      spendable: spent ? held : got.ownerLamports,
    };
  };

  /** An LST as the instructions name it, or why Infinity cannot take it that way. */
  function lstOf(s: InfinityState, mint: PublicKey, asInput: boolean): InfinityLst | Unavailable {
    const index = s.list.findIndex((l) => l.mint.equals(mint));
    if (index < 0) return { unavailable: 'Infinity does not hold this LST.' };
    const entry = s.list[index]!;
    if (asInput && entry.inputDisabled) return { unavailable: REFUSALS[14]! };
    const calc = calculatorAccounts(entry.calculator, s.calculatorPool.get(mint.toBase58()) ?? null);
    if (!calc.ok) return { unavailable: calc.reason };
    return { mint, index, tokenProgram: programOf(s, mint), calculator: calc.calculator };
  }

  function plan(s: InfinityState): RoutePlan | Unavailable {
    if (s.problem) return { unavailable: s.problem };
    const infLst = { mint: INF, tokenProgram: programOf(s, INF) };
    const wsol = ata(NATIVE_MINT);
    const createAta = (mint: PublicKey) =>
      createAssociatedTokenAccountIdempotentInstruction(
        owner,
        ata(mint, programOf(s, mint)),
        owner,
        mint,
        programOf(s, mint),
      );
    const wrap = (lamports: bigint): TransactionInstruction[] => [
      createAta(NATIVE_MINT),
      SystemProgram.transfer({ fromPubkey: owner, toPubkey: wsol, lamports }),
      createSyncNativeInstruction(wsol),
    ];
    const unwrap = () => createCloseAccountInstruction(wsol, owner, owner);
    if (action.kind === 'add') {
      const lst = lstOf(s, mintOf(action.from), true);
      if ('unavailable' in lst) return lst;
      const sol = action.from.asset === 'SOL';
      const args = (min: bigint) => ({
        signer: owner,
        lst,
        lstAccount: ata(lst.mint, lst.tokenProgram),
        infAccount: ata(INF, infLst.tokenProgram),
        infMint: INF,
        infTokenProgram: infLst.tokenProgram,
        amount: action.amount,
        minOut: min,
      });
      return {
        watch: [ata(INF, infLst.tokenProgram), owner],
        signers: [],
        build: (min) => [
          ...(sol ? wrap(action.amount) : []),
          createAta(INF),
          addLiquidity(args(min)),
          ...(sol ? [unwrap()] : []),
        ],
      };
    }
    if (action.kind === 'remove') {
      const lst = lstOf(s, mintOf(action.to), false);
      if ('unavailable' in lst) return lst;
      const sol = action.to.asset === 'SOL';
      const out = ata(lst.mint, lst.tokenProgram);
      return {
        watch: [sol ? owner : out],
        signers: [],
        build: (min) => [
          createAta(lst.mint),
          removeLiquidity({
            signer: owner,
            lst,
            lstAccount: out,
            infAccount: ata(INF, infLst.tokenProgram),
            infMint: INF,
            infTokenProgram: infLst.tokenProgram,
            amount: action.amount,
            minOut: min,
          }),
          ...(sol ? [unwrap()] : []),
        ],
      };
    }
    const input = lstOf(s, action.from, true);
    if ('unavailable' in input) return input;
    const output = lstOf(s, NATIVE_MINT, false);
    if ('unavailable' in output) return output;
    return {
      watch: [owner],
      signers: [],
      build: (min) => [
        createAta(NATIVE_MINT),
        swapExactIn({
          signer: owner,
          input,
          output,
          inputAccount: ata(input.mint, input.tokenProgram),
          outputAccount: wsol,
          amount: action.amount,
          minOut: min,
        }),
        unwrap(),
      ],
    };
  }

  return {
    key: `infinity ${owner.toBase58()} ${lsts.map((m) => m.toBase58()).join(' ')}`,
    ready: (s) => lsts.every((m) => s.calculatorPool.has(m.toBase58())),
    async learn(batch: Batch, seen) {
      const r = reads(seen ?? emptyState());
      const [answer] = (await batch([
        rpcCall('getMultipleAccounts', [r.accounts.map((k) => k.toBase58()), { encoding: 'base64' }]),
      ])) as [{ value: Parameters<typeof rawOrNull>[0][] }];
      const byKey = new Map(r.accounts.map((k, i) => [k.toBase58(), rawOrNull(answer.value[i])]));
      const state = decode(
        { account: (k) => byKey.get(k.toBase58()) ?? null, ownerLamports: 0n, tokenAccountRent: 0n },
        seen,
      );
      for (const m of lsts) {
        const key = m.toBase58();
        if (!state.calculatorPool.has(key)) state.calculatorPool.set(key, await poolOf(m));
      }
      return state;
    },
    reads,
    decode,
    plan,
  };
}

function emptyState(): InfinityState {
  return {
    problem: null,
    admin: null,
    list: [],
    tokenProgram: new Map(),
    calculatorPool: new Map(),
    lpWithdrawalFeeBps: null,
    feeBps: new Map(),
    wsolLamports: 0n,
    spendable: 0n,
    ownerLamports: 0n,
    tokenAccountRent: 0n,
  };
}

/**
 * Infinity's refusal in words, from a failed simulation's error at its instruction, or null when it
 * is not one Tidepool knows. A reserve paying out more than it holds fails in the token program's
 * transfer inside the controller ("insufficient funds"): the person's own balance is checked before.
 */
export function infinityRefusal(err: unknown, logs: string[] = []): string | null {
  const failure = (err as { InstructionError?: [number, { Custom?: number }] } | null)?.InstructionError;
  const code = failure?.[1]?.Custom;
  if (logs.some((l) => l.includes('Error: insufficient funds'))) return REFUSALS[22]!;
  return typeof code === 'number' ? (REFUSALS[code] ?? null) : null;
}
