// Stake SOL into INF (Sanctum Infinity's AddLiquidity, SOL wrapped in the same transaction) or mSOL
// (Marinade's deposit): the amount, the live quote from the simulation of the exact transaction, its
// guarantee in the guarantee's own words (Marinade's deposit takes no minimum: said, with why), one click.
import { useState } from 'preact/hooks';
import { SOL_DECIMALS, formatUnits } from '../../shared/format';
import { SOL_ASSET, type RouteQuote, type RouteRequest } from '../../shared/routes';
import type { TxOutcome } from '../../shared/staking';
import { call } from '../../ui/client';
import { useAction } from '../../ui/use-action';
import { AmountField, parseAmount } from '../components/AmountField';
import { Sol, Tokens } from '../components/Amounts';
import { ExecuteButton } from '../components/ExecuteButton';
import { OutcomeScreen } from '../components/OutcomeScreen';
import { QuoteBound } from '../components/QuoteBound';
import { NetworkFeeRow, QuoteCard } from '../components/QuoteCard';
import { loadPortfolio, portfolio } from '../models/portfolio';
import { approvedOf, useQuote } from '../models/quote';

export type StakeInto = 'infinity' | 'marinade';
const NAMES: Record<StakeInto, string> = { infinity: 'INF (Sanctum Infinity)', marinade: 'mSOL (Marinade)' };

const requestFor = (into: StakeInto, lamports: bigint): RouteRequest =>
  into === 'infinity'
    ? { kind: 'infinityAdd', from: SOL_ASSET, amount: lamports.toString() }
    : { kind: 'marinadeDeposit', amount: lamports.toString() };

export function RouteStake({ into }: { into: StakeInto }) {
  const [text, setText] = useState('');
  const [done, setDone] = useState<{ quote: RouteQuote; outcome: TxOutcome } | null>(null);
  const parsed = parseAmount(text, SOL_DECIMALS);
  const request = parsed.units ? requestFor(into, parsed.units) : null;
  const { quote, error, loading } = useQuote(request ? `${into}:${parsed.units}` : null, () =>
    call('route:quote', { request: request! }),
  );
  const stake = useAction(async () => {
    setDone(
      await call('route:execute', {
        request: quote!.request,
        quoteId: quote!.quoteId,
        ...approvedOf(quote!.guarantee),
      }),
    );
    setText('');
    void loadPortfolio();
  });
  if (done)
    return (
      <OutcomeScreen
        title="Staked"
        outcome={done.outcome}
        again={{ label: 'Stake more', onClick: () => setDone(null) }}
        recorded={() => (
          <p>
            You received{' '}
            <strong data-testid="received">
              <Tokens
                amount={done.outcome.tokenChange}
                decimals={done.quote.received.decimals}
                symbol={done.quote.received.symbol}
              />
            </strong>
            .
          </p>
        )}
      />
    );
  const balance = portfolio.value ? BigInt(portfolio.value.solLamports) : null;
  const reason =
    parsed.error ??
    (!parsed.units ? 'Enter an amount' : (error ?? (loading || !quote ? 'Getting a quote…' : null)));
  return (
    <main class="screen stack">
      <h2>Stake into {NAMES[into]}</h2>
      <AmountField
        value={text}
        onValue={setText}
        decimals={SOL_DECIMALS}
        symbol="SOL"
        error={parsed.error ?? error}
        max={balance}
      />
      {quote && (
        <QuoteCard testId="route-quote">
          <dt>You receive</dt>
          <dd>
            <strong data-testid="route-received">
              <Tokens
                amount={quote.received.amount}
                decimals={quote.received.decimals}
                symbol={quote.received.symbol}
              />
            </strong>
          </dd>
          <dt>Fee</dt>
          <dd>
            {quote.fee
              ? `${formatUnits(BigInt(quote.fee.amount), quote.fee.decimals)} ${quote.fee.symbol}`
              : 'none'}
          </dd>
          <NetworkFeeRow lamports={quote.networkFeeLamports} />
          <QuoteBound
            guarantee={quote.guarantee}
            decimals={quote.received.decimals}
            unit={quote.received.symbol}
          />
          {quote.caveat && (
            <>
              <dt>Note</dt>
              <dd class="small">{quote.caveat}</dd>
            </>
          )}
          <dt>Program</dt>
          <dd>{quote.program}</dd>
        </QuoteCard>
      )}
      <ExecuteButton action={stake} reason={reason} label="Stake" busyLabel="Staking…" />
      {balance !== null && (
        <p class="muted small">
          You have <Sol lamports={balance} />.
        </p>
      )}
    </main>
  );
}
