// Stake: choose a pool (held LSTs first, searchable), type an amount or press Max, read the live
// quote, stake in one click, and see what arrived.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatLamports, POOL_TOKEN_DECIMALS, SOL_DECIMALS } from '../../shared/format';
import type { PoolSummary, StakeQuote, TxOutcome } from '../../shared/staking';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { useAction } from '../../ui/use-action';
import { AmountField, parseAmount } from '../components/AmountField';
import { Sol, Tokens, apyText, rateText } from '../components/Amounts';
import { QuoteBound } from '../components/QuoteBound';
import { TxResult } from '../components/TxResult';
import { loadPortfolio, portfolio } from '../models/portfolio';
import { QUOTE_REFRESH_MS, useQuote } from '../models/quote';
import { route } from '../models/route';

function PoolPicker({
  pools,
  selected,
  onSelect,
}: {
  pools: PoolSummary[];
  selected: string | null;
  onSelect: (p: string) => void;
}) {
  const [search, setSearch] = useState('');
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return q
      ? pools.filter((p) => `${p.symbol} ${p.name} ${p.pool} ${p.mint}`.toLowerCase().includes(q))
      : pools;
  }, [pools, search]);
  return (
    <fieldset class="stack">
      <legend>Pool</legend>
      <label for="pool-search" class="sr-only">
        Search pools
      </label>
      <input
        id="pool-search"
        type="search"
        placeholder="Search by name, symbol or address"
        value={search}
        onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)}
      />
      <div role="radiogroup" aria-label="Stake pools" class="stack pool-list">
        {shown.map((p) => (
          <button
            key={p.pool}
            role="radio"
            aria-checked={selected === p.pool}
            class="pool-option"
            onClick={() => onSelect(p.pool)}
          >
            <strong>{p.symbol}</strong> <span class="muted small">{p.name}</span>
            <span class="small">
              1 {p.symbol} = {rateText(p)} SOL · {apyText(p.apyBps)}
            </span>
          </button>
        ))}
        {!shown.length && <p class="muted">No pool matches.</p>}
      </div>
    </fieldset>
  );
}

export function Stake() {
  const initial = route.value.name === 'stake' ? route.value.pool : undefined;
  const [pools, setPools] = useState<PoolSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(initial ?? null);
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ quote: StakeQuote; outcome: TxOutcome } | null>(null);
  const load = useAction(async () => {
    const list = await call('pools:list');
    setPools(list.pools);
    if (!selected && list.pools[0]) setSelected(list.pools[0].pool);
  });
  useEffect(() => void load.run(), []);
  const pool = pools?.find((p) => p.pool === selected) ?? null;
  const parsed = parseAmount(text, SOL_DECIMALS);
  const {
    quote,
    error: quoteError,
    loading,
  } = useQuote(
    pool && parsed.units ? `${pool.pool}:${parsed.units}` : null,
    () => call('stake:quote', { pool: pool!.pool, lamports: parsed.units!.toString() }),
    QUOTE_REFRESH_MS,
  );
  const limits = useQuote(pool ? `${pool.pool}:${portfolio.value?.solLamports}` : null, () =>
    call('stake:limits', { pool: pool!.pool }),
  );
  const stake = useAction(async () => {
    // The quote's own transaction, signed as it is (the background quotes again if it grew stale).
    // minimumOut: the least shown; a worse fresh quote is refused and the person sees it.
    setResult(
      await call('stake:execute', {
        pool: pool!.pool,
        lamports: parsed.units!.toString(),
        quoteId: quote!.quoteId,
        minimumOut: quote!.minimumTokensOut,
      }),
    );
    setText('');
    void loadPortfolio();
  });
  const reason = !pool
    ? 'Choose a pool'
    : (pool.depositBlocked ??
      parsed.error ??
      (!parsed.units ? 'Enter an amount' : (quoteError ?? (loading || !quote ? 'Getting a quote…' : null))));

  if (result) {
    return (
      <main class="screen stack">
        <TxResult title="Staked" outcome={result.outcome}>
          {/* What the chain recorded for this signature, not the quote. */}
          {result.outcome.amountsUnread ? (
            <p data-testid="unread">
              Confirmed. The network has not returned the transaction’s details yet, so the amounts cannot be
              shown here; the explorer link has them.
            </p>
          ) : (
            <p>
              You received{' '}
              <strong data-testid="received">
                <Tokens
                  amount={result.outcome.tokenChange}
                  decimals={pool?.decimals ?? POOL_TOKEN_DECIMALS}
                  symbol={result.quote.symbol}
                />
              </strong>{' '}
              for{' '}
              <span data-testid="spent">
                <Sol lamports={(-BigInt(result.outcome.solChange)).toString()} digits={6} />
              </span>{' '}
              (network fee and any new token account included).
            </p>
          )}
        </TxResult>
        <button onClick={() => setResult(null)}>Stake more</button>
      </main>
    );
  }
  return (
    <main class="screen stack">
      <h2>Stake SOL</h2>
      {!pools && !load.error && (
        <p class="muted" aria-busy="true">
          Loading pools…
        </p>
      )}
      <ErrorText error={load.error} />
      {pools && <PoolPicker pools={pools} selected={selected} onSelect={setSelected} />}
      {pool?.stale && (
        <p class="warning small">
          This pool has not been updated this epoch; Tidepool adds the update to your transaction when the
          pool is small enough.
        </p>
      )}
      <AmountField
        value={text}
        onValue={setText}
        decimals={SOL_DECIMALS}
        symbol="SOL"
        error={parsed.error ?? quoteError}
        max={limits.quote ? BigInt(limits.quote.maxLamports) : null}
        hint={
          limits.quote
            ? `Max keeps ${formatLamports(BigInt(limits.quote.reserveLamports), SOL_DECIMALS)} SOL for fees and rent.`
            : undefined
        }
      />
      {quote && pool && (
        <dl class="card quote" data-testid="stake-quote" aria-live="polite">
          <dt>You receive</dt>
          <dd>
            <strong>
              <Tokens amount={quote.tokensOut} decimals={pool.decimals} symbol={quote.symbol} />
            </strong>
          </dd>
          <dt>Rate</dt>
          <dd>
            1 {quote.symbol} = {rateText({ ...quote, decimals: pool.decimals })} SOL
          </dd>
          <dt>Deposit fee</dt>
          <dd>
            <Tokens amount={quote.depositFeeTokens} decimals={pool.decimals} symbol={quote.symbol} />
          </dd>
          <dt>Network fee</dt>
          <dd>
            <Sol lamports={quote.networkFeeLamports} digits={6} />
          </dd>
          <QuoteBound bounded={quote.bounded}>
            <Tokens amount={quote.minimumTokensOut} decimals={pool.decimals} symbol={quote.symbol} />
          </QuoteBound>
          {quote.includesPoolUpdate && (
            <>
              <dt>Pool update</dt>
              <dd>included (the rate may rise slightly)</dd>
            </>
          )}
        </dl>
      )}
      <button
        class="primary"
        disabled={!!reason || stake.busy}
        title={reason ?? undefined}
        onClick={() => stake.run()}
      >
        {stake.busy ? 'Staking…' : 'Stake'}
      </button>
      {reason && parsed.units && !quoteError && <p class="muted small">{reason}</p>}
      <ErrorText error={stake.error} />
    </main>
  );
}
