// A quote's figures as a live card, and the rows that several quotes share; each screen lays out
// its own card from these and the rows only it has.
import type { ComponentChildren } from 'preact';
import type { Guarantee } from '../../shared/guarantee';
import { Sol, Tokens } from './Amounts';
import { QuoteBound } from './QuoteBound';

/** The card a quote is shown in, read out again as it is re-quoted. */
export function QuoteCard({ testId, children }: { testId: string; children: ComponentChildren }) {
  return (
    <dl class="card quote" data-testid={testId} aria-live="polite">
      {children}
    </dl>
  );
}

/** The network fee every quoted transaction pays. */
export function NetworkFeeRow({ lamports }: { lamports: string }) {
  return (
    <>
      <dt>Network fee</dt>
      <dd>
        <Sol lamports={lamports} digits={6} />
      </dd>
    </>
  );
}

interface DepositQuote {
  symbol: string;
  tokensOut: string;
  depositFeeTokens: string;
  networkFeeLamports: string;
  guarantee: Guarantee;
}

/** A deposit into a pool (SOL staked or a stake account converted): the pool tokens it yields. */
export function TokensReceivedRow({ quote, decimals }: { quote: DepositQuote; decimals: number }) {
  return (
    <>
      <dt>You receive</dt>
      <dd>
        <strong>
          <Tokens amount={quote.tokensOut} decimals={decimals} symbol={quote.symbol} />
        </strong>
      </dd>
    </>
  );
}

/** A deposit's costs (the pool's fee, the network's) and the least it may yield. */
export function DepositCostRows({ quote, decimals }: { quote: DepositQuote; decimals: number }) {
  return (
    <>
      <dt>Deposit fee</dt>
      <dd>
        <Tokens amount={quote.depositFeeTokens} decimals={decimals} symbol={quote.symbol} />
      </dd>
      <NetworkFeeRow lamports={quote.networkFeeLamports} />
      <QuoteBound guarantee={quote.guarantee} decimals={decimals} unit={quote.symbol} />
    </>
  );
}
