// A route request → its route (infinity-route.ts, marinade-route.ts) and, from the simulation of
// its exact transaction, the quote: what arrives, when, the fee, and the guarantee (only what the
// program enforces: Infinity's min_out; Marinade's deposit, liquid_unstake and withdraw_stake_account
// take no minimum, said with the worst case where one is known). The transaction is kept with the
// quote, carrying the guarantee as its min_out, with any new account's keypair to sign it.
import { Keypair, PublicKey, Transaction } from '@solana/web3.js';
import { NATIVE_MINT } from '@solana/spl-token';
import { WalletError } from '../../../shared/errors';
import { SOL_DECIMALS, U64_MAX, formatUnits, solText as sol } from '../../../shared/format';
import { heldTo } from '../../../shared/guarantee';
import { SOL_ASSET, type RouteQuote, type RouteRequest } from '../../../shared/routes';
import type { EncodedAccount } from '../../chain/rpc-shapes';
import { simulated, simulationError, type SimulatedTransaction } from '../../chain/tx-sender';
import { msolToLamports } from '../marinade-value';
import { guaranteeOf, wireGuarantee, type Accepted } from '../guarantee';
import { INFINITY_PROGRAM } from '../infinity-instructions';
import { marinadeRefusal } from '../marinade-refusals';
import { stamp } from '../stake-quotes';
import {
  INF,
  infinityRefusal,
  infinityRoute,
  type InfinityAction,
  type InfinityState,
} from './infinity-route';
import { marinadeRoute, newSplitAccount, type MarinadeRouteState } from './marinade-route';
import type { Route, RouteResult, Simulated } from './route-quoter';
import { encodedTokenAmount } from '../../chain/token-account';

/** What a quoted route keeps for the click: the exact transaction and who else signs it. */
export interface PreparedRoute {
  quote: RouteQuote;
  /** Its exact transaction, as simulated, on the blockhash of the quote's batch. */
  transaction: SimulatedTransaction;
  /** New accounts' keypairs (Marinade's split stake account): they sign here, never leave the background. */
  signers: Keypair[];
  /** The token whose change the outcome reports (what was bought or sold besides SOL). */
  outcomeMint: PublicKey | null;
  /** A delayed route's new stake account. */
  stakeAccount: PublicKey | null;
  /** Who can change the route's program state (Infinity's pool admin, Marinade's admin authority). */
  authority: PublicKey | null;
  /** The epoch the quote's batch read (its record's quotedEpoch). */
  epoch: bigint;
}

export interface RouteDeps {
  /** The stake pool whose mint `mint` is (Infinity's stake-pool calculators need it). */
  poolOf(mint: PublicKey): Promise<PublicKey | null>;
  /** The symbol and decimals to show for a mint, as `owner`'s portfolio names it. */
  nameOf(owner: PublicKey, mint: PublicKey): Promise<{ symbol: string; decimals: number }>;
}

const MSOL_DECIMALS = 9;
const SOL_SIDE = { symbol: 'SOL', decimals: SOL_DECIMALS };
const lamportsOf = (a: EncodedAccount | null | undefined) => BigInt(a?.lamports ?? 0);

function amountOf(text: string, what: string): bigint {
  const amount = BigInt(text);
  if (amount <= 0n) throw new WalletError('invalid_input', `The ${what} must be more than zero.`);
  if (amount > U64_MAX) throw new WalletError('invalid_input', `The ${what} is larger than any balance.`);
  return amount;
}

const leg = (asset: string) =>
  asset === SOL_ASSET ? ({ asset: 'SOL' } as const) : ({ asset: 'lst', mint: new PublicKey(asset) } as const);

function infinityAction(r: Extract<RouteRequest, { kind: `infinity${string}` }>): InfinityAction {
  const amount = amountOf(r.amount, 'amount');
  if (r.kind === 'infinityAdd') return { kind: 'add', from: leg(r.from), amount };
  if (r.kind === 'infinityRemove') return { kind: 'remove', to: leg(r.to), amount };
  return { kind: 'swap', from: new PublicKey(r.from), amount };
}

/** Either route's state: the quoter quotes them side by side. */
export type AnyState = InfinityState | MarinadeRouteState;

/** The route of a request (a delayed Marinade route gets its own new stake account here). */
export function routeFor(
  owner: PublicKey,
  r: RouteRequest,
  deps: RouteDeps,
): { route: Route<AnyState>; split: Keypair | null } {
  const any = <S extends AnyState>(route: Route<S>) => route as unknown as Route<AnyState>;
  switch (r.kind) {
    case 'infinityAdd':
    case 'infinityRemove':
    case 'infinitySwap':
      return { route: any(infinityRoute(owner, infinityAction(r), (m) => deps.poolOf(m))), split: null };
    case 'marinadeDeposit':
      return {
        route: any(marinadeRoute(owner, { kind: 'deposit', lamports: amountOf(r.amount, 'amount') })),
        split: null,
      };
    case 'marinadeLiquid':
      return {
        route: any(marinadeRoute(owner, { kind: 'liquid', msol: amountOf(r.amount, 'amount') })),
        split: null,
      };
    case 'marinadeDelayed': {
      const split = newSplitAccount();
      return {
        route: any(marinadeRoute(owner, { kind: 'delayed', msol: amountOf(r.amount, 'amount') }, split)),
        split,
      };
    }
    case 'marinadeClaim':
      return {
        route: any(marinadeRoute(owner, { kind: 'claim', ticket: new PublicKey(r.ticket) })),
        split: null,
      };
  }
}

/** What the simulation shows, split into the route's figures. */
interface Figures {
  title: string;
  given: { symbol: string; decimals: number; amount: bigint };
  received: { symbol: string; decimals: number; amount: bigint };
  fee: { symbol: string; decimals: number; amount: bigint } | null;
  feeBps: number | null;
  when: RouteQuote['when'];
  /** null: the program holds the transaction to its min_out. */
  unenforced: { worstCase: bigint | null } | null;
  caveat: string | null;
  outcomeMint: PublicKey | null;
}

type Ok = Extract<Simulated, { ok: true }>;

async function infinityFigures(
  owner: PublicKey,
  r: Extract<RouteRequest, { kind: `infinity${string}` }>,
  s: InfinityState,
  sim: Ok,
  networkFee: bigint,
  deps: RouteDeps,
): Promise<Figures> {
  const a = infinityAction(r);
  const name = async (m: PublicKey) => (m.equals(NATIVE_MINT) ? SOL_SIDE : deps.nameOf(owner, m));
  const inf = await deps.nameOf(owner, INF);
  // SOL out: the owner's lamports after, less before, plus the fee, less what their wSOL account held before (closed too).
  const solOut = () => lamportsOf(sim.after[0]) - lamportsOf(sim.before[0]) + networkFee - s.wsolLamports;
  const common = { unenforced: null, caveat: null, when: { kind: 'now' } as const, fee: null };
  if (a.kind === 'add') {
    const from = a.from.asset === 'SOL' ? NATIVE_MINT : a.from.mint;
    const given = await name(from);
    return {
      ...common,
      title: `Infinity: ${given.symbol} → INF`,
      given: { ...given, amount: a.amount },
      received: { ...inf, amount: encodedTokenAmount(sim.after[0]) - encodedTokenAmount(sim.before[0]) },
      feeBps: 0,
      outcomeMint: INF,
    };
  }
  if (a.kind === 'remove') {
    const to = a.to.asset === 'SOL' ? NATIVE_MINT : a.to.mint;
    const out = await name(to);
    const amount =
      a.to.asset === 'SOL' ? solOut() : encodedTokenAmount(sim.after[0]) - encodedTokenAmount(sim.before[0]);
    return {
      ...common,
      title: `Infinity: INF → ${out.symbol}`,
      given: { ...inf, amount: a.amount },
      received: { ...out, amount },
      feeBps: s.lpWithdrawalFeeBps,
      outcomeMint: INF,
    };
  }
  const given = await name(a.from);
  const fees = [s.feeBps.get(a.from.toBase58()), s.feeBps.get(NATIVE_MINT.toBase58())];
  return {
    ...common,
    title: `Infinity: ${given.symbol} → SOL (swap)`,
    given: { ...given, amount: a.amount },
    received: { ...SOL_SIDE, amount: solOut() },
    feeBps: (fees[0]?.inputFeeBps ?? 0) + (fees[1]?.outputFeeBps ?? 0),
    outcomeMint: a.from,
  };
}

function marinadeFigures(
  r: Extract<RouteRequest, { kind: `marinade${string}` }>,
  s: MarinadeRouteState,
  sim: Ok,
  networkFee: bigint,
): Figures {
  const m = s.state!;
  const msol = { symbol: 'mSOL', decimals: MSOL_DECIMALS };
  const pct = (bps: number) => `${bps / 100} %`;
  switch (r.kind) {
    case 'marinadeDeposit':
      return {
        title: 'Marinade: SOL → mSOL',
        given: { ...SOL_SIDE, amount: BigInt(r.amount) },
        received: { ...msol, amount: encodedTokenAmount(sim.after[0]) - encodedTokenAmount(sim.before[0]) },
        fee: null,
        feeBps: 0,
        when: { kind: 'now' },
        unenforced: { worstCase: null },
        caveat:
          'Marinade’s deposit takes no minimum: its price moves when Marinade’s crank runs, and its admin can change the program (a 2026 build adds a deposit fee of up to 0.2 %).',
        outcomeMint: m.msolMint,
      };
    case 'marinadeLiquid': {
      const msolIn = BigInt(r.amount);
      const value = msolToLamports(m, msolIn) ?? 0n;
      const received = lamportsOf(sim.after[0]) - lamportsOf(sim.before[0]) + networkFee;
      const maxFee = m.liquidityPool.lpMaxFeeBps;
      // liquid_unstake charges its fee in mSOL and pays the value of the rest: at lp_max_fee, this.
      const worstCase = msolToLamports(m, msolIn - (msolIn * BigInt(maxFee)) / 10_000n) ?? 0n;
      return {
        title: 'Marinade: mSOL → SOL (liquidity pool)',
        given: { ...msol, amount: msolIn },
        received: { ...SOL_SIDE, amount: received },
        fee: { ...SOL_SIDE, amount: value - received },
        feeBps: value > 0n ? Number(((value - received) * 10_000n) / value) : null,
        when: { kind: 'now' },
        unenforced: { worstCase },
        caveat: `Marinade’s liquid_unstake takes no minimum: its fee grows as others take SOL from its pool first, up to lp_max_fee (${pct(maxFee)} now), and Marinade’s admin can change that cap.`,
        outcomeMint: m.msolMint,
      };
    }
    case 'marinadeDelayed': {
      const received = lamportsOf(sim.after[0]) - s.stakeAccountRent;
      const value = msolToLamports(m, BigInt(r.amount)) ?? 0n;
      return {
        title: 'Marinade: mSOL → stake account (delayed)',
        given: { ...msol, amount: BigInt(r.amount) },
        received: { ...SOL_SIDE, amount: received },
        fee: { ...SOL_SIDE, amount: value - received },
        feeBps: null,
        when: { kind: 'epoch', epoch: Number(s.epoch + 1n) },
        unenforced: { worstCase: null },
        caveat:
          'Marinade’s withdraw_stake_account takes no minimum: its fee is the State’s, which Marinade’s admin can change. The stake account is deactivated in the same transaction; its SOL can be withdrawn next epoch.',
        outcomeMint: m.msolMint,
      };
    }
    case 'marinadeClaim':
      return {
        title: 'Marinade: claim a ticket',
        given: { symbol: 'ticket', decimals: 0, amount: 1n },
        received: { ...SOL_SIDE, amount: s.ticket!.lamports },
        fee: null,
        feeBps: 0,
        when: { kind: 'now' },
        unenforced: null,
        caveat: 'The claim pays the ticket’s SOL and returns its rent, or the program refuses it.',
        outcomeMint: null,
      };
  }
}

/** More than the person holds: said before anything else, in their units. */
function refuseAboveBalance(r: RouteRequest, state: InfinityState | MarinadeRouteState): void {
  if (r.kind === 'marinadeClaim') return;
  const amount = BigInt(r.amount);
  if (r.kind === 'marinadeDeposit' || (r.kind === 'infinityAdd' && r.from === SOL_ASSET)) {
    if (amount >= state.ownerLamports)
      throw new WalletError(
        'insufficient_funds',
        `You have ${sol(state.ownerLamports)}; keep some for the network fee and the new token accounts.`,
      );
    return;
  }
  const held = 'spendable' in state ? state.spendable : state.msolHeld;
  if (amount > held)
    throw new WalletError(
      'insufficient_funds',
      `You hold ${formatUnits(held, 9)} of that token, less than this amount.`,
    );
}

/** Why a simulation failed, in words: the program's own refusal where Tidepool knows it. */
function simulationRefusal(result: Extract<RouteResult<unknown>, { plan: unknown }>): WalletError {
  const sim = result.simulation as Extract<Simulated, { ok: false }>;
  const ixs = result.plan.build(0n);
  const failed = (sim.err as { InstructionError?: [number, unknown] } | null)?.InstructionError?.[0];
  const program = failed === undefined ? null : ixs[failed]?.programId;
  const infinity = program?.equals(INFINITY_PROGRAM) ? infinityRefusal(sim.err, sim.logs) : null;
  const marinade = marinadeRefusal(sim.err);
  const words = infinity ?? (marinade?.kind === 'refused' ? marinade.sentence : null);
  if (words) return new WalletError('pool_unavailable', `${words} Nothing was signed.`);
  return simulationError(sim.err, sim.logs);
}

/** The quote of `request`, from the route's result (one route of a quoteAll). */
export async function quoteFrom(
  owner: PublicKey,
  request: RouteRequest,
  result: RouteResult<AnyState>,
  split: Keypair | null,
  accepted: Accepted,
  deps: RouteDeps,
): Promise<PreparedRoute> {
  if ('unavailable' in result) throw new WalletError('pool_unavailable', result.unavailable);
  // Infinity's and Marinade's routes ask the batch's shared reads, the epoch among them.
  if (result.epoch === null) throw new Error('A route was quoted from a batch that did not read the epoch.');
  refuseAboveBalance(request, result.state);
  if (!result.simulation.ok) throw simulationRefusal(result);
  // The network's fee per signature, learned in the quote's batch; new accounts sign too.
  const networkFee = result.signatureFee * BigInt(1 + result.plan.signers.length);
  const f = request.kind.startsWith('infinity')
    ? await infinityFigures(
        owner,
        request as never,
        result.state as InfinityState,
        result.simulation,
        networkFee,
        deps,
      )
    : marinadeFigures(request as never, result.state as MarinadeRouteState, result.simulation, networkFee);
  if (f.received.amount <= 0n)
    throw new WalletError('invalid_input', 'That amount is too small to receive anything by this route.');
  const unit = { symbol: f.received.symbol, decimals: f.received.decimals };
  const guarantee = guaranteeOf(
    { enforced: f.received.amount, extras: [] },
    accepted,
    !f.unenforced
      ? null
      : f.unenforced.worstCase === null
        ? 'route_takes_no_minimum'
        : { why: 'route_takes_no_minimum', worstCase: f.unenforced.worstCase },
    unit,
  );
  const g = wireGuarantee(guarantee);
  const instructions = result.plan.build(heldTo(guarantee));
  const { blockhash, lastValidBlockHeight } = result.blockhash;
  const transaction = new Transaction({ feePayer: owner, blockhash, lastValidBlockHeight }).add(
    ...instructions,
  );
  const side = (x: { symbol: string; decimals: number; amount: bigint }) => ({
    ...x,
    amount: x.amount.toString(),
  });
  const quote: RouteQuote = {
    request,
    title: f.title,
    program: request.kind.startsWith('infinity') ? 'Sanctum Infinity' : 'Marinade',
    given: side(f.given),
    received: side(f.received),
    fee: f.fee && side(f.fee),
    feeBps: f.feeBps,
    when: f.when,
    networkFeeLamports: networkFee.toString(),
    guarantee: g,
    caveat: f.caveat,
    ...stamp(),
  };
  return {
    quote,
    transaction: simulated(result.simulation, transaction),
    signers: result.plan.signers,
    outcomeMint: f.outcomeMint,
    stakeAccount: split?.publicKey ?? null,
    authority:
      'spendable' in result.state ? result.state.admin : (result.state.state?.adminAuthority ?? null),
    epoch: result.epoch,
  };
}

/** "1.5 mSOL" for a side of a quote. */
export const sideText = (s: { symbol: string; decimals: number; amount: string }) =>
  s.symbol === 'SOL' ? sol(BigInt(s.amount)) : `${formatUnits(BigInt(s.amount), s.decimals)} ${s.symbol}`;
