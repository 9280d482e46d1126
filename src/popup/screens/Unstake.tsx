// Unstake: choose an LST, an amount or Max, and instant (paid now from the pool's reserve, fee
// shown) or delayed (a stake account that becomes SOL after the epoch ends); one click.
import { useState } from 'preact/hooks';
import { POOL_TOKEN_DECIMALS, SOL_DECIMALS } from '../../shared/format';
import type { LstPosition, TxOutcome, UnstakeMode, UnstakeQuote } from '../../shared/staking';
import { call } from '../../ui/client';
import { useAction } from '../../ui/use-action';
import { AmountField, parseAmount } from '../components/AmountField';
import { durationText } from '../../shared/format';
import { Sol, Tokens } from '../components/Amounts';
import { ExecuteButton } from '../components/ExecuteButton';
import { OutcomeScreen } from '../components/OutcomeScreen';
import { QuoteBound } from '../components/QuoteBound';
import { NetworkFeeRow, QuoteCard } from '../components/QuoteCard';
import { loadPortfolio, lsts, portfolio } from '../models/portfolio';
import { approvedOf, useQuote } from '../models/quote';
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

type Unstaked = { quote: UnstakeQuote; outcome: TxOutcome };

export function Unstake() {
  const [result, setResult] = useState<Unstaked | null>(null);
  const form = useUnstakeForm();
  const { lst, parsed, quote, quoteError } = form;
  const unstake = useUnstakeAction(form, setResult);
  if (result && lst) return <UnstakeOutcome result={result} lst={lst} again={() => setResult(null)} />;
  return (
    <main class="screen stack">
      <h2>Unstake</h2>
      {!lsts.value.length && <p class="muted">You hold no liquid staking tokens on this network.</p>}
      <TokenSelect selected={form.selected} onSelect={form.setSelected} />
      <ModeChoice mode={form.mode} onMode={form.setMode} />
      {lst && (
        <AmountField
          value={form.text}
          onValue={form.setText}
          decimals={lst.decimals}
          symbol={lst.symbol}
          error={parsed.error ?? quoteError}
          max={BigInt(lst.balance)}
        />
      )}
      {quote && lst && <UnstakeQuoteCard quote={quote} lst={lst} />}
      {quote?.blocked && (
        <p class="warning" role="alert">
          {quote.blocked}
        </p>
      )}
      <ExecuteButton action={unstake} reason={form.reason} label="Unstake" busyLabel="Unstaking…" />
    </main>
  );
}

/** The form's state: the token, the mode, the amount, its live quote, and why it cannot go ahead yet. */
function useUnstakeForm() {
  const initial = route.value.name === 'unstake' ? route.value.pool : undefined;
  const [selected, setSelected] = useState<string | null>(initial ?? lsts.value[0]?.pool ?? null);
  const [mode, setMode] = useState<UnstakeMode>('instant');
  const [text, setText] = useState('');
  const lst = lsts.value.find((l) => l.pool === selected) ?? null;
  const parsed = parseAmount(text, lst?.decimals ?? POOL_TOKEN_DECIMALS);
  const {
    quote,
    error: quoteError,
    loading,
  } = useQuote(lst && parsed.units ? `${lst.pool}:${parsed.units}:${mode}` : null, () =>
    call('unstake:quote', { pool: lst!.pool, tokens: parsed.units!.toString(), mode }),
  );
  const reason = !lst
    ? 'Choose a token'
    : (parsed.error ??
      (!parsed.units
        ? 'Enter an amount'
        : (quoteError ?? quote?.blocked ?? (loading || !quote ? 'Getting a quote…' : null))));
  return { selected, setSelected, mode, setMode, text, setText, lst, parsed, quote, quoteError, reason };
}

/** Unstakes as quoted, then clears the amount and refreshes the portfolio. */
function useUnstakeAction(form: ReturnType<typeof useUnstakeForm>, done: (result: Unstaked) => void) {
  const { lst, parsed, mode, quote } = form;
  return useAction(async () => {
    done(
      await call('unstake:execute', {
        pool: lst!.pool,
        tokens: parsed.units!.toString(),
        mode,
        quoteId: quote!.quoteId,
        ...approvedOf(quote!.guarantee!),
      }),
    );
    form.setText('');
    void loadPortfolio();
  });
}

/** The LST to unstake, among those held. */
function TokenSelect({ selected, onSelect }: { selected: string | null; onSelect: (pool: string) => void }) {
  return (
    <>
      <label for="unstake-token">Token</label>
      <select
        id="unstake-token"
        value={selected ?? ''}
        onChange={(e) => onSelect((e.currentTarget as HTMLSelectElement).value)}
      >
        {lsts.value.map((l) => (
          <option key={l.pool} value={l.pool}>
            {l.symbol} — {l.name}
          </option>
        ))}
      </select>
    </>
  );
}

/** Instant or delayed, each with what it means. */
function ModeChoice({ mode, onMode }: { mode: UnstakeMode; onMode: (mode: UnstakeMode) => void }) {
  return (
    <fieldset>
      <legend>How</legend>
      {MODES.map((m) => (
        <label key={m.mode} class="choice">
          <input type="radio" name="mode" checked={mode === m.mode} onChange={() => onMode(m.mode)} />
          <span>
            <strong>{m.label}</strong> <span class="muted small">{m.explain}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** The live quote: the SOL out, the fees, the least it may be, and the mode's own figure. */
function UnstakeQuoteCard({ quote, lst }: { quote: UnstakeQuote; lst: LstPosition }) {
  return (
    <QuoteCard testId="unstake-quote">
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
        {BigInt(quote.feeWithheldTokens) > 0n && (
          <span class="muted small">
            {' '}
            (of which <Tokens
              amount={quote.feeWithheldTokens}
              decimals={lst.decimals}
              symbol={lst.symbol}
            />{' '}
            withheld by the token’s transfer fee on its way to the pool’s manager)
          </span>
        )}
      </dd>
      <NetworkFeeRow lamports={quote.networkFeeLamports} />
      {quote.guarantee && (
        <QuoteBound
          guarantee={quote.guarantee}
          decimals={SOL_DECIMALS}
          unit={quote.mode === 'delayed' ? 'SOL in the stake account' : 'SOL'}
        />
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
            epoch {quote.withdrawableEpoch}
            {portfolio.value.epochEndsInMs !== null && ` (~${durationText(portfolio.value.epochEndsInMs)})`}
          </dd>
        </>
      )}
    </QuoteCard>
  );
}

/** What the chain says was unstaked and where the SOL went, and a way back to unstake more. */
function UnstakeOutcome({ result, lst, again }: { result: Unstaked; lst: LstPosition; again: () => void }) {
  const { quote, outcome } = result;
  return (
    <OutcomeScreen
      title={quote.mode === 'instant' ? 'Unstaked' : 'Unstaking'}
      outcome={outcome}
      again={{ label: 'Unstake more', onClick: again }}
      recorded={() => (
        <p>
          You unstaked{' '}
          <Tokens
            amount={(-BigInt(outcome.tokenChange)).toString()}
            decimals={lst.decimals}
            symbol={lst.symbol}
          />{' '}
          {quote.mode === 'instant' ? (
            <>
              and received{' '}
              <strong data-testid="received">
                <Sol
                  lamports={(
                    BigInt(outcome.solChange) + BigInt(outcome.networkFeeLamports ?? '0')
                  ).toString()}
                  digits={SOL_DECIMALS}
                />
              </strong>{' '}
              (<Sol lamports={outcome.solChange} digits={SOL_DECIMALS} /> after the network fee).
            </>
          ) : (
            <>
              into a stake account holding{' '}
              <strong data-testid="received">
                <Sol lamports={outcome.stakeAccountLamports ?? '0'} digits={SOL_DECIMALS} />
              </strong>{' '}
              (its rent included), withdrawable from epoch {quote.withdrawableEpoch}.
            </>
          )}
        </p>
      )}
    />
  );
}
