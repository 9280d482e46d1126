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
import { ExecuteButton } from '../components/ExecuteButton';
import { OutcomeScreen } from '../components/OutcomeScreen';
import { DepositCostRows, QuoteCard, TokensReceivedRow } from '../components/QuoteCard';
import { loadPortfolio, portfolio } from '../models/portfolio';
import { approvedOf, useQuote } from '../models/quote';
import { go, route } from '../models/route';

/** The pool to stake into: a searchable list, each with its rate and yield. */
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
              1 {p.symbol} = {rateText(p)} SOL · {apyText(p)}
            </span>
          </button>
        ))}
        {!shown.length && <p class="muted">No pool matches.</p>}
      </div>
    </fieldset>
  );
}

type Staked = { quote: StakeQuote; outcome: TxOutcome };

export function Stake() {
  const [result, setResult] = useState<Staked | null>(null);
  const form = useStakeForm();
  const { pools, load, pool, parsed, quote, quoteError, limits, reason } = form;
  const stake = useStakeAction(form, setResult);
  if (result) return <StakeOutcome result={result} pool={pool} again={() => setResult(null)} />;
  return (
    <main class="screen stack">
      <h2>Stake SOL</h2>
      <p class="small muted">
        Into a pool, for a liquid token you can spend or unstake at once. Or{' '}
        <button class="link" onClick={() => go({ name: 'native' })}>
          stake natively with a validator
        </button>
        .
      </p>
      <p class="row small">
        <span class="muted">Not a stake pool:</span>
        <button class="link" onClick={() => go({ name: 'routeStake', into: 'infinity' })}>
          Stake into INF
        </button>
        <button class="link" onClick={() => go({ name: 'routeStake', into: 'marinade' })}>
          Stake into mSOL
        </button>
      </p>
      {!pools && !load.error && (
        <p class="muted" aria-busy="true">
          Loading pools…
        </p>
      )}
      <ErrorText error={load.error} />
      {pools && <PoolPicker pools={pools} selected={form.selected} onSelect={form.setSelected} />}
      {pool?.stale && (
        <p class="warning small">
          This pool has not been updated this epoch; Tidepool adds the update to your transaction when the
          pool is small enough.
        </p>
      )}
      <AmountField
        value={form.text}
        onValue={form.setText}
        decimals={SOL_DECIMALS}
        symbol="SOL"
        error={parsed.error ?? quoteError}
        max={limits ? BigInt(limits.maxLamports) : null}
        hint={
          limits
            ? `Max keeps ${formatLamports(BigInt(limits.reserveLamports), SOL_DECIMALS)} SOL for fees and rent.`
            : undefined
        }
      />
      {quote && pool && <StakeQuoteCard quote={quote} pool={pool} />}
      <ExecuteButton action={stake} reason={reason} label="Stake" busyLabel="Staking…">
        {reason && parsed.units && !quoteError && <p class="muted small">{reason}</p>}
      </ExecuteButton>
    </main>
  );
}

/** The form's state: pools, the chosen one, the amount, its live quote, its Max, why it cannot go yet. */
function useStakeForm() {
  const initial = route.value.name === 'stake' ? route.value.pool : undefined;
  const [pools, setPools] = useState<PoolSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(initial ?? null);
  const [text, setText] = useState('');
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
  } = useQuote(pool && parsed.units ? `${pool.pool}:${parsed.units}` : null, () =>
    call('stake:quote', { pool: pool!.pool, lamports: parsed.units!.toString() }),
  );
  const limits = useQuote(pool ? `${pool.pool}:${portfolio.value?.solLamports}` : null, () =>
    call('stake:limits', { pool: pool!.pool }),
  );
  const reason = !pool
    ? 'Choose a pool'
    : (pool.depositBlocked ??
      parsed.error ??
      (!parsed.units ? 'Enter an amount' : (quoteError ?? (loading || !quote ? 'Getting a quote…' : null))));
  return {
    pools,
    load,
    selected,
    setSelected,
    pool,
    text,
    setText,
    parsed,
    quote,
    quoteError,
    limits: limits.quote,
    reason,
  };
}

/** Stakes as quoted, then clears the amount and refreshes the portfolio. */
function useStakeAction(form: ReturnType<typeof useStakeForm>, done: (result: Staked) => void) {
  const { pool, parsed, quote } = form;
  return useAction(async () => {
    // The quote's own transaction, signed as it is (the background quotes again if it grew stale).
    // The guarantee shown: a fresh quote that gives less is refused and the person sees it.
    done(
      await call('stake:execute', {
        pool: pool!.pool,
        lamports: parsed.units!.toString(),
        quoteId: quote!.quoteId,
        ...approvedOf(quote!.guarantee),
      }),
    );
    form.setText('');
    void loadPortfolio();
  });
}

/** The live quote: what arrives, at what rate, its fees and the least it may be. */
function StakeQuoteCard({ quote, pool }: { quote: StakeQuote; pool: PoolSummary }) {
  return (
    <QuoteCard testId="stake-quote">
      <TokensReceivedRow quote={quote} decimals={pool.decimals} />
      <dt>Rate</dt>
      <dd>
        1 {quote.symbol} = {rateText({ ...quote, decimals: pool.decimals })} SOL
      </dd>
      <DepositCostRows quote={quote} decimals={pool.decimals} />
      {quote.includesPoolUpdate && (
        <>
          <dt>Pool update</dt>
          <dd>included (the rate may rise slightly)</dd>
        </>
      )}
    </QuoteCard>
  );
}

/** What the chain says arrived for what was spent, and a way back to stake more. */
function StakeOutcome({
  result,
  pool,
  again,
}: {
  result: Staked;
  pool: PoolSummary | null;
  again: () => void;
}) {
  const { quote, outcome } = result;
  return (
    <OutcomeScreen
      title="Staked"
      outcome={outcome}
      again={{ label: 'Stake more', onClick: again }}
      recorded={() => (
        <p>
          You received{' '}
          <strong data-testid="received">
            <Tokens
              amount={outcome.tokenChange}
              decimals={pool?.decimals ?? POOL_TOKEN_DECIMALS}
              symbol={quote.symbol}
            />
          </strong>{' '}
          for{' '}
          <span data-testid="spent">
            <Sol lamports={(-BigInt(outcome.solChange)).toString()} digits={6} />
          </span>{' '}
          (network fee and any new token account included).
        </p>
      )}
    />
  );
}
