// The portfolio: total in SOL, SOL itself, every LST valued by its own pool's formula (SPL stake
// pools, Sanctum Infinity, Marinade; those Tidepool cannot value listed and left out of the total),
// and stake accounts. The cached copy paints at once and is marked as such until the fresh one arrives;
// if the node fails, the cached figures stay with a clear error and a retry. Transactions still on
// their way are listed until the chain confirms them.
import { useEffect } from 'preact/hooks';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { useAction } from '../../ui/use-action';
import { Sol } from '../components/Amounts';
import { AssetRow } from '../components/AssetRow';
import { StakeAccountRow } from '../components/StakeAccountRow';
import { WaitingSummary } from '../components/WaitingSummary';
import { network } from '../models/network';
import { assets } from '../models/assets';
import {
  heldLsts,
  loadPortfolio,
  transactionsInFlight,
  portfolio,
  portfolioView,
  refreshing,
  unvaluedLsts,
} from '../models/portfolio';
import { go } from '../models/route';
import { useFirstScreen } from '../first-screen';
import { lazyScreen } from '../lazy-screen';
import { activeAccount } from '../models/wallet';

const IN_FLIGHT_POLL_MS = 2_000;

// An asset's detail is a chunk of its own (the rate chart, the notes): not on the first paint.
const TokenDetail = lazyScreen(
  () => import('./TokenDetail').then((m) => m.TokenDetail),
  () => null,
);

/** `detail`: the asset whose detail is open over the list ('SOL' or a mint), if any. */
export function Home({ detail = null }: { detail?: string | null }) {
  useEffect(() => void loadPortfolio(), [activeAccount.value?.address, network.value?.rpcUrl]);
  const inFlight = transactionsInFlight.value;
  // While something is on its way, look again every few seconds so it is seen landing.
  useEffect(() => {
    if (!inFlight.length) return;
    const timer = setInterval(() => void loadPortfolio({ cacheFirst: false }), IN_FLIGHT_POLL_MS);
    return () => clearInterval(timer);
  }, [inFlight.length > 0]);
  const withdraw = useAction(async (stakeAccount: string, lamports: string) => {
    await call('native:execute', { request: { kind: 'withdraw', stakeAccount, lamports } });
    await loadPortfolio();
  });
  const view = portfolioView.value;
  const p = portfolio.value;
  const rows = useFirstScreen(assets.value, !refreshing.value);
  return (
    <main class="screen stack">
      <section class="card total" aria-live="polite">
        <div class="muted small">Total value</div>
        <div class="big" data-testid="total-value">
          {p ? <Sol lamports={p.totalLamports} /> : '—'}
        </div>
        {p && unvaluedLsts.value.length > 0 && (
          <div class="small muted" data-testid="total-excludes">
            Not counted: {unvaluedLsts.value.map((l) => l.symbol).join(', ')} (value unknown)
          </div>
        )}
        <div class="small muted" data-testid="freshness">
          {!p && refreshing.value && 'Loading…'}
          {p && view?.cached && (refreshing.value ? 'Saved figures · refreshing…' : 'Saved figures')}
          {p && !view?.cached && `Updated ${new Date(p.fetchedAt).toLocaleTimeString()} · epoch ${p.epoch}`}
        </div>
      </section>
      {view?.error && (
        <div class="warning stack" role="alert">
          <span>
            Could not refresh: {view.error}
            {p ? ' Showing the last saved figures.' : ''}
          </span>
          <button onClick={() => void loadPortfolio()} disabled={refreshing.value}>
            Retry
          </button>
        </div>
      )}
      {inFlight.length > 0 && (
        <section class="card stack" role="status" aria-labelledby="in-flight-h" data-testid="in-flight">
          <strong id="in-flight-h">Waiting for confirmation</strong>
          <ul class="stack plain">
            {inFlight.map((t) => (
              <li key={t.signature} class="row small">
                <span class="grow">{t.label}</span>
                <a href={t.explorerUrl} target="_blank" rel="noreferrer noopener">
                  Explorer
                </a>
              </li>
            ))}
          </ul>
          <p class="muted small">
            Tidepool keeps sending and checking these; your balances update when they land.
          </p>
        </section>
      )}
      <div class="row actions">
        <button class="primary" onClick={() => go({ name: 'stake' })}>
          Stake
        </button>
        <button
          onClick={() => go({ name: 'unstake' })}
          disabled={!p?.lsts.length}
          title={p?.lsts.length ? undefined : 'You hold no liquid staking tokens yet'}
        >
          Unstake
        </button>
        <button onClick={() => go({ name: 'send' })}>Send</button>
        <button onClick={() => go({ name: 'receive' })}>Receive</button>
      </div>
      {p && (
        <ul class="plain assets" aria-label="Assets">
          {rows.map((asset) => (
            <AssetRow key={asset.mint} asset={asset} />
          ))}
        </ul>
      )}
      {p && heldLsts.value.length === 0 && (
        <p class="muted">
          Stake SOL into a pool to receive a liquid staking token: it earns staking rewards and stays
          spendable.
        </p>
      )}
      {p && <WaitingSummary />}
      {p && p.stakeAccounts.length > 0 && (
        <section class="stack" aria-labelledby="stake-accounts-h">
          <h3 id="stake-accounts-h">Stake accounts</h3>
          <ul class="stack plain">
            {p.stakeAccounts.map((s) => (
              <StakeAccountRow
                key={s.address}
                account={s}
                epoch={p.epoch}
                epochEndsInMs={p.epochEndsInMs}
                busy={withdraw.busy}
                onWithdraw={() => void withdraw.run(s.address, s.lamports)}
              />
            ))}
          </ul>
          <ErrorText error={withdraw.error} />
        </section>
      )}
      {detail !== null && <TokenDetail key={detail} mint={detail} />}
      <p class="mono muted small" data-testid="active-address">
        {activeAccount.value?.address}
      </p>
      {p && (
        <p data-testid="chain-status" class="muted small">
          Connected to {p.rpcUrl} · epoch {p.epoch}
        </p>
      )}
    </main>
  );
}
