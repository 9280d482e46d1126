// Every way out of one LST into SOL that the chain offers, quoted side by side in ONE batch once the
// routes' accounts are known: an SPL pool's reserve (WithdrawSol) and a stake account
// (WithdrawStake), Marinade's liquidity pool and a stake account (withdraw_stake_account),
// Infinity's RemoveLiquidity (INF) or SwapExactIn (an LST it holds). Each is a quote kept for the
// click, or the reason it cannot be taken now, in words; the instant one that gives the most is
// preselected. Routes Infinity does not offer for this LST (it does not hold it) are left out.
import { PublicKey } from '@solana/web3.js';
import { formatUnits } from '../../../shared/format';
import { MSOL_MINT } from '../../../shared/marinade';
import { SOL_ASSET, type ExitOption, type RouteRequest } from '../../../shared/routes';
import { WalletError } from '../../../shared/errors';
import type { StakingService } from '../staking-service';
import { INF } from './infinity-route';
import type { Route, RouteQuoter, RouteResult } from './route-quoter';
import { sideText, type RouteDeps } from './route-quotes';
import type { RouteService } from './route-service';

const NOT_HELD_BY_INFINITY = 'Infinity does not hold this LST.';

/** One exit before quoting: its route and what its result becomes on screen. */
interface Part {
  title: string;
  via: ExitOption['via'];
  route: Route<unknown>;
  option(result: RouteResult<unknown>): Promise<ExitOption>;
}

const feeBpsText = (bps: number) => `${(bps / 100).toFixed(2).replace(/\.?0+$/, '')} %`;

export class ExitChooser {
  constructor(
    private readonly quoter: RouteQuoter,
    private readonly staking: StakingService,
    private readonly routes: RouteService,
    private readonly deps: RouteDeps,
  ) {}

  /** Every exit of `amount` base units of `mint`, quoted in one batch; round trips beside them. */
  async exits(
    owner: PublicKey,
    mint: PublicKey,
    amount: bigint,
  ): Promise<{ options: ExitOption[]; expiresAt?: number; roundTrips: number }> {
    const parts = await this.#parts(owner, mint, amount);
    const results = await this.quoter.quoteAll(
      owner,
      parts.map((p) => p.route),
    );
    const options = (
      await Promise.all(
        parts.map(async (part, i) => {
          try {
            return await part.option(results[i]!);
          } catch (error) {
            if (!(error instanceof WalletError)) throw error;
            return { title: part.title, via: part.via, available: false as const, reason: error.message };
          }
        }),
      )
    ).filter((o) => o.available || o.reason !== NOT_HELD_BY_INFINITY);
    let best: ExitOption | null = null;
    for (const o of options)
      if (
        o.available &&
        o.when.kind === 'now' &&
        (!best || (best.available && BigInt(o.receivedLamports) > BigInt(best.receivedLamports)))
      )
        best = o;
    if (best?.available) best.best = true;
    // The exits are asked again before the first of their kept transactions expires.
    const expiries = options.flatMap((o) => (o.available ? [o.quote.expiresAt] : []));
    return {
      options,
      ...(expiries.length ? { expiresAt: Math.min(...expiries) } : {}),
      roundTrips: Math.max(0, ...results.map((r) => r.roundTrips)),
    };
  }

  async #parts(owner: PublicKey, mint: PublicKey, amount: bigint): Promise<Part[]> {
    const a = amount.toString();
    if (mint.equals(INF)) return [this.#route(owner, { kind: 'infinityRemove', to: SOL_ASSET, amount: a })];
    const swap = this.#route(owner, { kind: 'infinitySwap', from: mint.toBase58(), amount: a });
    if (mint.toBase58() === MSOL_MINT)
      return [
        this.#route(owner, { kind: 'marinadeLiquid', amount: a }),
        this.#route(owner, { kind: 'marinadeDelayed', amount: a }),
        swap,
      ];
    const pool = await this.deps.poolOf(mint);
    const own = pool ? await this.#pool(owner, pool, mint, amount) : [];
    return [...own, swap];
  }

  #route(owner: PublicKey, request: RouteRequest): Part {
    const { route, finish } = this.routes.part(owner, request);
    const via = { kind: 'route', request } as const;
    const title = TITLES[request.kind];
    return {
      title,
      via,
      route: route as Route<unknown>,
      async option(result) {
        const { quote } = await finish(result as never);
        const fee = quote.fee ? sideText(quote.fee) : quote.feeBps ? feeBpsText(quote.feeBps) : null;
        return {
          title,
          via,
          available: true,
          receivedLamports: quote.received.amount,
          when: quote.when,
          fee,
          guarantee: quote.guarantee,
          caveat: quote.caveat,
          quote,
          best: false,
        };
      },
    };
  }

  async #pool(owner: PublicKey, pool: PublicKey, mint: PublicKey, amount: bigint): Promise<Part[]> {
    const name = await this.deps.nameOf(owner, mint);
    return (await this.staking.poolExits(owner, pool, amount)).map((exit) => {
      const via = { kind: 'pool', pool: pool.toBase58(), mode: exit.mode } as const;
      const title = exit.mode === 'instant' ? 'Pool reserve (instant)' : 'Stake account (delayed)';
      return {
        title,
        via,
        route: exit.route as Route<unknown>,
        async option(result) {
          const { quote } = await exit.finish(result as never);
          if (quote.blocked || !quote.guarantee)
            throw new WalletError('pool_unavailable', quote.blocked ?? 'Unavailable.');
          return {
            title,
            via,
            available: true,
            receivedLamports: quote.lamportsOut,
            when:
              quote.mode === 'instant' ? { kind: 'now' } : { kind: 'epoch', epoch: quote.withdrawableEpoch },
            fee:
              BigInt(quote.feeTokens) > 0n
                ? `${formatUnits(BigInt(quote.feeTokens), name.decimals)} ${name.symbol}`
                : null,
            guarantee: quote.guarantee,
            caveat: null,
            quote,
            best: false,
          };
        },
      };
    });
  }
}

const TITLES: Record<RouteRequest['kind'], string> = {
  infinityAdd: 'Infinity',
  infinityRemove: 'Infinity (RemoveLiquidity)',
  infinitySwap: 'Infinity swap (instant)',
  marinadeDeposit: 'Marinade',
  marinadeLiquid: 'Marinade liquidity pool (instant)',
  marinadeDelayed: 'Marinade stake account (delayed)',
  marinadeClaim: 'Marinade ticket',
};
