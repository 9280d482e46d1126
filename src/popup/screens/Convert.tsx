// Convert a stake account into a pool's LST: choose a pool, read the quote (the simulation of the
// exact transaction, bounded where the pool's program can bound it), convert in one click, and see
// what arrived. A pool that does not stake with this account's validator says so in the quote.
import { useEffect, useState } from 'preact/hooks';
import type { ConvertQuote, PoolSummary, TxOutcome } from '../../shared/staking';
import { shortAddress } from '../../shared/format';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { useAction } from '../../ui/use-action';
import { Sol, Tokens } from '../components/Amounts';
import { ExecuteButton } from '../components/ExecuteButton';
import { OutcomeScreen } from '../components/OutcomeScreen';
import { DepositCostRows, QuoteCard, TokensReceivedRow } from '../components/QuoteCard';
import { loadPortfolio } from '../models/portfolio';
import { approvedOf, useQuote } from '../models/quote';

type Converted = { quote: ConvertQuote; outcome: TxOutcome };

export function Convert({
  stakeAccount,
  voter,
  pool: chosen,
}: {
  stakeAccount: string;
  voter: string;
  pool?: string;
}) {
  const [pools, setPools] = useState<PoolSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(chosen ?? null);
  const [result, setResult] = useState<Converted | null>(null);
  const load = useAction(async () => setPools((await call('pools:list')).pools));
  useEffect(() => void load.run(), []);
  const pool = pools?.find((p) => p.pool === selected) ?? null;
  const { quote, error, loading } = useQuote(pool ? `${pool.pool}:${stakeAccount}` : null, () =>
    call('stakeAccount:convertQuote', { address: stakeAccount, pool: pool!.pool, voter }),
  );
  const convert = useAction(async () => {
    setResult(
      await call('stakeAccount:convert', {
        address: stakeAccount,
        pool: pool!.pool,
        quoteId: quote!.quoteId,
        ...approvedOf(quote!.guarantee),
      }),
    );
    void loadPortfolio();
  });

  if (result && pool) return <ConvertOutcome result={result} pool={pool} stakeAccount={stakeAccount} />;
  return (
    <main class="screen stack">
      <h2>
        Convert stake account <span class="mono">{shortAddress(stakeAccount)}</span>
      </h2>
      <p class="muted small">
        Delegated to validator <span class="mono">{shortAddress(voter)}</span>. A pool takes the whole account
        if it stakes with that validator.
      </p>
      {!pools && !load.error && (
        <p class="muted" aria-busy="true">
          Loading pools…
        </p>
      )}
      <ErrorText error={load.error} />
      {pools && (
        <div role="radiogroup" aria-label="Stake pools" class="stack pool-list">
          {pools.map((p) => (
            <button
              key={p.pool}
              role="radio"
              aria-checked={selected === p.pool}
              class="pool-option"
              onClick={() => setSelected(p.pool)}
            >
              <strong>{p.symbol}</strong> <span class="muted small">{p.name}</span>
            </button>
          ))}
        </div>
      )}
      {error && (
        <p class="warning" role="alert">
          {error}
        </p>
      )}
      {quote && pool && <ConvertQuoteCard quote={quote} pool={pool} />}
      <ExecuteButton action={convert} blocked={!quote || loading} label="Convert" busyLabel="Converting…" />
    </main>
  );
}

/** The live quote: what the pool takes, what arrives, the fees and the least it may be. */
function ConvertQuoteCard({ quote, pool }: { quote: ConvertQuote; pool: PoolSummary }) {
  return (
    <QuoteCard testId="convert-quote">
      <dt>The pool takes</dt>
      <dd>
        <Sol lamports={quote.lamportsIn} />
      </dd>
      <TokensReceivedRow quote={quote} decimals={pool.decimals} />
      <DepositCostRows quote={quote} decimals={pool.decimals} />
    </QuoteCard>
  );
}

/** What the chain says the pool took and what arrived. */
function ConvertOutcome({
  result,
  pool,
  stakeAccount,
}: {
  result: Converted;
  pool: PoolSummary;
  stakeAccount: string;
}) {
  return (
    <OutcomeScreen
      title="Converted"
      outcome={result.outcome}
      recorded={() => (
        <p>
          The pool took stake account <span class="mono">{shortAddress(stakeAccount)}</span>; you received{' '}
          <strong data-testid="received">
            <Tokens
              amount={result.outcome.tokenChange}
              decimals={pool.decimals}
              symbol={result.quote.symbol}
            />
          </strong>
          .
        </p>
      )}
    />
  );
}
