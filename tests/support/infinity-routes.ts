// What the Infinity route tests need around the wallet's encoders: the pool read from the chain
// into the figures the ported quote math takes (infinity-quote.ts), an LST as the encoders name it,
// and a transaction simulated, then landed, with the accounts it wrote read both times.
import {
  type AccountInfo,
  type Keypair,
  PublicKey,
  TransactionInstruction,
  VersionedTransaction,
  TransactionMessage,
} from '@solana/web3.js';
import { TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { StakePoolLayout } from '@solana/spl-stake-pool';
import {
  decodeLstStateList,
  decodeFlatFeeAccount,
  decodeFlatFeeState,
  type LstState,
} from '../../src/background/staking/infinity-accounts';
import { calculatorAccounts } from '../../src/background/staking/infinity-calculators';
import {
  INFINITY_LST_STATE_LIST,
  INFINITY_POOL_STATE,
  flatFeePricing,
  reservesOf,
  type InfinityLst,
} from '../../src/background/staking/infinity-instructions';
import type { TestChain } from './localnet';
import {
  marinadeCalculator,
  splCalculator,
  wsolCalculator,
  type Calculator,
  type PoolLst,
} from './infinity-quote';

export const WSOL = new PublicKey('So11111111111111111111111111111111111111112');
export const JUPSOL = new PublicKey('jupSoLaHXQiZZTSfEWMTRRgpnyFm8f6sZdosWBjx93v');
export const MSOL = new PublicKey('mSoLzYCxHdYgdzU16g5QSh3i5K3z3KZK7ytfqcJm7So');
export const INF = new PublicKey('5oVNBeEEQvYi1cX3ir8Dx5n1P7pdxydbGF2X4TxVusJm');
export const JUPSOL_POOL = new PublicKey('8VpRhuxa7sUUepdY3kQiTmX9rS5vx4WgaXiAnXq4KCtr');
const MARINADE_STATE = new PublicKey('8szGkuLTAux9XMgZ2vtY39jVSowEcpBfFfD8hXSEqdGC');

const raw = (a: AccountInfo<Buffer>) => ({
  owner: a.owner,
  data: new Uint8Array(a.data),
  lamports: BigInt(a.lamports),
});
const u64At = (data: Uint8Array, at: number) => Buffer.from(data).readBigUInt64LE(at);
/** A token account's amount (the same offset for Token and Token-2022). */
export const tokenAmount = (data: Uint8Array) => u64At(data, 64);

/** Everything a quote reads, as the chain holds it now. */
export interface InfinityView {
  epoch: bigint;
  pool: { totalSolValue: bigint; infSupply: bigint; lpProtocolFeeBps: bigint; tradingProtocolFeeBps: bigint };
  list: LstState[];
  lpWithdrawalFeeBps: bigint;
  accounts: Map<string, AccountInfo<Buffer> | null>;
}

export async function readInfinity(chain: TestChain, mints: PublicKey[]): Promise<InfinityView> {
  const keys = [
    INFINITY_POOL_STATE,
    INFINITY_LST_STATE_LIST,
    INF,
    flatFeePricing.state,
    JUPSOL_POOL,
    MARINADE_STATE,
    ...mints.flatMap((m) => [
      reservesOf({ mint: m, tokenProgram: TOKEN_PROGRAM_ID }),
      flatFeePricing.feeAccount(m),
    ]),
  ];
  const [answers, epoch] = await Promise.all([
    chain.connection.getMultipleAccountsInfo(keys),
    chain.connection.getEpochInfo(),
  ]);
  const accounts = new Map(keys.map((k, i) => [k.toBase58(), answers[i] ?? null]));
  const get = (k: PublicKey) => accounts.get(k.toBase58())!;
  const pool = get(INFINITY_POOL_STATE).data;
  const list = decodeLstStateList(raw(get(INFINITY_LST_STATE_LIST)));
  const state = decodeFlatFeeState(raw(get(flatFeePricing.state)));
  if (!list.ok || !state.ok) throw new Error('Infinity accounts unreadable');
  return {
    epoch: BigInt(epoch.epoch),
    pool: {
      totalSolValue: u64At(pool, 0),
      tradingProtocolFeeBps: BigInt(pool.readUInt16LE(8)),
      lpProtocolFeeBps: BigInt(pool.readUInt16LE(10)),
      infSupply: u64At(get(INF).data, 36),
    },
    list: list.value,
    lpWithdrawalFeeBps: BigInt(state.value.lpWithdrawalFeeBps),
    accounts,
  };
}

function calculatorOf(view: InfinityView, mint: PublicKey): Calculator {
  if (mint.equals(WSOL)) return wsolCalculator;
  const data = view.accounts.get((mint.equals(JUPSOL) ? JUPSOL_POOL : MARINADE_STATE).toBase58())!.data;
  if (mint.equals(JUPSOL)) {
    const p = StakePoolLayout.decode(data);
    const big = (v: { toString(): string }) => BigInt(v.toString());
    return splCalculator(
      {
        totalLamports: big(p.totalLamports),
        poolTokenSupply: big(p.poolTokenSupply),
        lastUpdateEpoch: big(p.lastUpdateEpoch),
        stakeWithdrawalFee: {
          numerator: big(p.stakeWithdrawalFee.numerator),
          denominator: big(p.stakeWithdrawalFee.denominator),
        },
      },
      view.epoch,
    );
  }
  // Marinade's State, field by field (Borsh): its total_virtual_staked_lamports and fees.
  const u = (at: number) => u64At(data, at);
  return marinadeCalculator({
    totalVirtualStakedLamports: u(376) + u(226) + u(568) + u(496) - u(528),
    msolSupply: u(504),
    paused: data[608] !== 0,
    withdrawStakeAccountFeeCents: BigInt(data.readUInt32LE(613)),
    withdrawStakeAccountEnabled: data[617] !== 0,
  });
}

/** One of the pool's LSTs as the quote math takes it, with its flat fees. */
export function poolLst(
  view: InfinityView,
  mint: PublicKey,
): PoolLst & { inputFeeBps: bigint; outputFeeBps: bigint } {
  const state = view.list.find((l) => l.mint.equals(mint))!;
  const reserves = view.accounts.get(reservesOf({ mint, tokenProgram: TOKEN_PROGRAM_ID }).toBase58())!;
  const fees = decodeFlatFeeAccount(raw(view.accounts.get(flatFeePricing.feeAccount(mint).toBase58())!));
  if (!fees.ok) throw new Error(fees.reason);
  return {
    calculator: calculatorOf(view, mint),
    reserves: tokenAmount(reserves.data),
    storedSolValue: state.solValue,
    inputFeeBps: BigInt(fees.value.inputFeeBps),
    outputFeeBps: BigInt(fees.value.outputFeeBps),
  };
}

/** An LST as the wallet's encoders name it: its index in the list and its calculator's accounts. */
export function routeLst(list: LstState[], mint: PublicKey, pool: PublicKey | null = null): InfinityLst {
  const index = list.findIndex((l) => l.mint.equals(mint));
  const calculator = calculatorAccounts(list[index]!.calculator, pool);
  if (index < 0 || !calculator.ok) throw new Error(`no route for ${mint.toBase58()}`);
  return { mint, index, tokenProgram: TOKEN_PROGRAM_ID, calculator: calculator.calculator };
}

export interface Outcome {
  err: unknown;
  logs: string[];
  /** The watched accounts after the transaction (null: closed or never created). */
  after: (AccountInfo<Buffer> | null)[];
}

/** `instructions` in one transaction: simulated (with the watched accounts read from the simulation), then, if it passes, landed. */
export async function simulateThenSend(
  chain: TestChain,
  payer: Keypair,
  instructions: TransactionInstruction[],
  watch: PublicKey[],
): Promise<{ simulated: Outcome; landed: Outcome | null; fee: bigint }> {
  const { blockhash, lastValidBlockHeight } = await chain.connection.getLatestBlockhash();
  const message = new TransactionMessage({
    payerKey: payer.publicKey,
    recentBlockhash: blockhash,
    instructions,
  }).compileToV0Message();
  const tx = new VersionedTransaction(message);
  tx.sign([payer]);
  const fee = BigInt((await chain.connection.getFeeForMessage(message)).value ?? 0);
  const sim = await chain.connection.simulateTransaction(tx, {
    accounts: { addresses: watch.map((k) => k.toBase58()), encoding: 'base64' },
  });
  const simulated: Outcome = {
    err: sim.value.err,
    logs: sim.value.logs ?? [],
    after: (sim.value.accounts ?? []).map((a) =>
      a ? { ...a, data: Buffer.from(a.data[0] ?? '', 'base64'), owner: new PublicKey(a.owner) } : null,
    ),
  };
  if (sim.value.err) return { simulated, landed: null, fee };
  const signature = await chain.connection.sendTransaction(tx);
  const confirmed = await chain.connection.confirmTransaction(
    { signature, blockhash, lastValidBlockHeight },
    'confirmed',
  );
  const landed: Outcome = {
    err: confirmed.value.err,
    logs: [],
    after: await chain.connection.getMultipleAccountsInfo(watch),
  };
  return { simulated, landed, fee };
}
