// The popup's money methods: each one call on a service of the current network's engine (read once
// for the request, and held to its end), for the active account.
import { PublicKey } from '@solana/web3.js';
import type { Engine } from '../engine';
import type { Engines } from '../engines';
import type { UiHandlers } from '../ui/router';
import type { Vault } from '../vault/vault';
import { stakeAccountsWaiting } from '../../shared/waiting';
import type { WithdrawalAlerts } from '../withdrawal-alerts';
import { activeOwner } from './active-account';

export function stakingHandlers(
  vault: Vault,
  engines: Pick<Engines, 'current'>,
  /** Told of what the person waits for, whenever a fresh portfolio or "where is my SOL" shows it. */
  alerts: Pick<WithdrawalAlerts, 'watch'>,
) {
  /** The handler, for the active account (so it needs unlock first) on the network the settings pick now. */
  const money =
    <P, R>(run: (params: P, engine: Engine, owner: PublicKey) => Promise<R>) =>
    async (params: P): Promise<R> => {
      const owner = activeOwner(vault);
      return run(params, await engines.current(), owner);
    };
  return {
    'portfolio:get': money(async ({ refresh }, e, owner) => {
      const view = await e.portfolioReader.read(owner.toBase58(), refresh);
      const p = view.portfolio;
      if (p && !view.cached) {
        const now = { epoch: p.epoch, endsInMs: p.epochEndsInMs, epochMs: null };
        void alerts
          .watch(e.network, p.owner, stakeAccountsWaiting(p.stakeAccounts, now), p.fetchedAt)
          .catch(() => {});
      }
      return view;
    }),
    'pools:list': money((_, e, owner) => e.pools.list(owner)),
    'stake:limits': money(({ pool }, e, owner) => e.staking.limits(owner, new PublicKey(pool))),
    'stake:quote': money(
      async ({ pool, lamports }, e, owner) =>
        (await e.staking.prepareStake(owner, new PublicKey(pool), BigInt(lamports))).quote,
    ),
    'stake:execute': money(({ pool, lamports, quoteId, minimumOut, enforced }, e, owner) =>
      e.staking.stake(owner, new PublicKey(pool), BigInt(lamports), {
        quoteId,
        approved: { minimum: BigInt(minimumOut), enforced },
      }),
    ),
    'unstake:quote': money(
      async ({ pool, tokens, mode }, e, owner) =>
        (await e.staking.prepareUnstake(owner, new PublicKey(pool), BigInt(tokens), mode)).quote,
    ),
    'unstake:execute': money(({ pool, tokens, mode, quoteId, minimumOut, enforced }, e, owner) =>
      e.staking.unstake(owner, new PublicKey(pool), BigInt(tokens), mode, {
        quoteId,
        approved: { minimum: BigInt(minimumOut), enforced },
      }),
    ),
    'route:quote': money(async ({ request }, e, owner) => (await e.routes.prepare(owner, request)).quote),
    'route:execute': money(({ request, quoteId, minimumOut, enforced }, e, owner) =>
      e.routes.execute(owner, request, { quoteId, approved: { minimum: BigInt(minimumOut), enforced } }),
    ),
    'exits:quote': money(async ({ mint, amount }, e, owner) => {
      const { options, expiresAt } = await e.exits.exits(owner, new PublicKey(mint), BigInt(amount));
      return { options, ...(expiresAt === undefined ? {} : { expiresAt }) };
    }),
    'validators:list': money(({ epoch }, e) => e.validators.list(epoch)),
    'native:quote': money(async ({ request }, e, owner) => (await e.native.prepare(owner, request)).quote),
    'native:execute': money(({ request, quoteId }, e, owner) =>
      e.native.execute(owner, request, { quoteId }),
    ),
    'stakeAccount:convertQuote': money(
      async ({ address, pool, voter }, e, owner) =>
        (
          await e.staking.prepareConvert(
            owner,
            new PublicKey(address),
            new PublicKey(pool),
            undefined,
            voter ? new PublicKey(voter) : undefined,
          )
        ).quote,
    ),
    'stakeAccount:convert': money(({ address, pool, quoteId, minimumOut, enforced }, e, owner) =>
      e.staking.convert(owner, new PublicKey(address), new PublicKey(pool), {
        quoteId,
        approved: { minimum: BigInt(minimumOut), enforced },
      }),
    ),
    'waiting:list': money(async (_, e, owner) => {
      const view = await e.waiting.list(owner);
      void alerts.watch(e.network, owner.toBase58(), view.items, view.readAt).catch(() => {});
      return view;
    }),
    'waiting:act': money(({ source, id }, e, owner) => e.waiting.act(owner, source, id)),
    'send:execute': money((request, e, owner) => e.transfers.send(owner, request)),
    'activity:list': money((_, e, owner) => e.activity.list(owner.toBase58())),
  } satisfies Partial<UiHandlers>;
}
