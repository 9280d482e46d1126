// Unstake: choose an LST, an amount or Max, and instant (paid now from the pool's reserve, fee
// shown) or delayed (a stake account that becomes SOL after the epoch ends); one click.
import { useState } from 'preact/hooks';
import { POOL_TOKEN_DECIMALS, SOL_DECIMALS } from '../../shared/format';
import type { TxOutcome, UnstakeMode, UnstakeQuote } from '../../shared/staking';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { useAction } from '../../ui/use-action';
import { AmountField, parseAmount } from '../components/AmountField';
import { Sol, Tokens, durationText } from '../components/Amounts';
import { QuoteBound } from '../components/QuoteBound';
import { TxResult } from '../components/TxResult';
import { loadPortfolio, lsts, portfolio } from '../models/portfolio';
import { QUOTE_REFRESH_MS, useQuote } from '../models/quote';
import { route } from '../models/route';

const MODES: { mode: UnstakeMode; label: string; explain: string }[] = [
  {
    mode: 'instant',
    label: 'Instant',
    explain: 'SOL now, from the pool’s reserve, minus the pool’s withdrawal fee.',
  },
  {
    mode: 'delayed',
    label: 'Delayed',
    explain:
      'You get a stake account holding your SOL. It stops earning at the end of this epoch and can then be withdrawn to SOL in one click.',
  },
];

export function Unstake() {
  const initial = route.value.name === 'unstake' ? route.value.pool : undefined;
  const [selected, setSelected] = useState<string | null>(initial ?? lsts.value[0]?.pool ?? null);
  const [mode, setMode] = useState<UnstakeMode>('instant');
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ quote: UnstakeQuote; outcome: TxOutcome } | null>(null);
  const lst = lsts.value.find((l) => l.pool === selected) ?? null;
  const parsed = parseAmount(text, lst?.decimals ?? POOL_TOKEN_DECIMALS);
  const {
    quote,
    error: quoteError,
    loading,
  } = useQuote(
    lst && parsed.units ? `${lst.pool}:${parsed.units}:${mode}` : null,
    () => call('unstake:quote', { pool: lst!.pool, tokens: parsed.units!.toString(), mode }),
    QUOTE_REFRESH_MS,
  );
  const unstake = useAction(async () => {
    setResult(
      await call('unstake:execute', {
        pool: lst!.pool,
        tokens: parsed.units!.toString(),
        mode,
        quoteId: quote!.quoteId,
        minimumOut: quote!.minimumLamportsOut ?? quote!.lamportsOut,
      }),
    );
    setText('');
    void loadPortfolio();
  });
  const reason = !lst
    ? 'Choose a token'
    : (parsed.error ??
      (!parsed.units
        ? 'Enter an amount'
        : (quoteError ?? quote?.blocked ?? (loading || !quote ? 'Getting a quote…' : null))));

  if (result && lst) {
    return (
      <main class="screen stack">
        <TxResult title={result.quote.mode === 'instant' ? 'Unstaked' : 'Unstaking'} outcome={result.outcome}>
          {/* What the chain recorded for this signature, not the quote. */}
          {result.outcome.amountsUnread ? (
            <p data-testid="unread">
              Confirmed. The network has not returned the transaction’s details yet, so the amounts cannot be
              shown here; the explorer link has them.
            </p>
          ) : (
            <p>
              You unstaked{' '}
              <Tokens
                amount={(-BigInt(result.outcome.tokenChange)).toString()}
                decimals={lst.decimals}
                symbol={lst.symbol}
              />{' '}
              {result.quote.mode === 'instant' ? (
                <>
                  and received{' '}
                  <strong data-testid="received">
                    <Sol
                      lamports={(
                        BigInt(result.outcome.solChange) + BigInt(result.outcome.networkFeeLamports ?? '0')
                      ).toString()}
                      digits={SOL_DECIMALS}
                    />
                  </strong>{' '}
                  (<Sol lamports={result.outcome.solChange} digits={SOL_DECIMALS} /> after the network fee).
                </>
              ) : (
                <>
                  into a stake account holding{' '}
                  <strong data-testid="received">
                    <Sol lamports={result.outcome.stakeAccountLamports ?? '0'} digits={SOL_DECIMALS} />
                  </strong>{' '}
                  (its rent included), withdrawable from epoch {result.quote.withdrawableEpoch}.
                </>
              )}
            </p>
          )}
        </TxResult>
        <button onClick={() => setResult(null)}>Unstake more</button>
      </main>
    );
  }
  return (
    <main class="screen stack">
      <h2>Unstake</h2>
      {!lsts.value.length && <p class="muted">You hold no liquid staking tokens on this network.</p>}
      <label for="unstake-token">Token</label>
      <select
        id="unstake-token"
        value={selected ?? ''}
        onChange={(e) => setSelected((e.currentTarget as HTMLSelectElement).value)}
      >
        {lsts.value.map((l) => (
          <option key={l.pool} value={l.pool}>
            {l.symbol} — {l.name}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>How</legend>
        {MODES.map((m) => (
          <label key={m.mode} class="choice">
            <input type="radio" name="mode" checked={mode === m.mode} onChange={() => setMode(m.mode)} />
            <span>
              <strong>{m.label}</strong> <span class="muted small">{m.explain}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {lst && (
        <AmountField
          value={text}
          onValue={setText}
          decimals={lst.decimals}
          symbol={lst.symbol}
          error={parsed.error ?? quoteError}
          max={BigInt(lst.balance)}
        />
      )}
      {quote && lst && (
        <dl class="card quote" data-testid="unstake-quote" aria-live="polite">
          <dt>You receive</dt>
          <dd>
            <strong>
              <Sol lamports={quote.lamportsOut} />
            </strong>
            {quote.mode === 'delayed' ? ' in a stake account' : ''}
          </dd>
          <dt>Withdrawal fee</dt>
          <dd>
            <Tokens amount={quote.feeTokens} decimals={lst.decimals} symbol={lst.symbol} />
          </dd>
          <dt>Network fee</dt>
          <dd>
            <Sol lamports={quote.networkFeeLamports} digits={6} />
          </dd>
          {quote.minimumLamportsOut !== null && (
            <QuoteBound bounded={quote.bounded}>
              <Sol lamports={quote.minimumLamportsOut} digits={SOL_DECIMALS} />
            </QuoteBound>
          )}
          {quote.mode === 'instant' && (
            <>
              <dt>Pool reserve</dt>
              <dd>
                <Sol lamports={quote.reserveAvailableLamports} /> available
              </dd>
            </>
          )}
          {quote.mode === 'delayed' && portfolio.value && (
            <>
              <dt>SOL ready</dt>
              <dd>
                epoch {quote.withdrawableEpoch} (~{durationText(portfolio.value.epochEndsInMs)})
              </dd>
            </>
          )}
        </dl>
      )}
      {quote?.blocked && (
        <p class="warning" role="alert">
          {quote.blocked}
        </p>
      )}
      <button
        class="primary"
        disabled={!!reason || unstake.busy}
        title={reason ?? undefined}
        onClick={() => unstake.run()}
      >
        {unstake.busy ? 'Unstaking…' : 'Unstake'}
      </button>
      <ErrorText error={unstake.error} />
    </main>
  );
}
