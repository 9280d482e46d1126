// A native staking quote as the simulation showed it: what happens and when, your SOL change and
// the fee it charged, each stake account after, and the warnings (advisory: the person may go on).
import { Fragment } from 'preact';
import { shortAddress } from '../../shared/format';
import type { NativeQuote } from '../../shared/native-staking';
import { Sol } from './Amounts';
import { NetworkFeeRow, QuoteCard } from './QuoteCard';

const STATE_AFTER: Record<NonNullable<NativeQuote['accounts'][number]['stateAfter']>, string> = {
  activating: 'activating',
  active: 'active',
  deactivating: 'deactivating',
  inactive: 'inactive',
  initialized: 'not delegated',
};

export function NativeQuoteCard({ quote }: { quote: NativeQuote }) {
  const change = BigInt(quote.solChange);
  return (
    <>
      {quote.warnings.length > 0 && (
        <ul class="warning plain stack" role="alert" data-testid="native-warnings">
          {quote.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <QuoteCard testId="native-quote">
        <dt>Your SOL</dt>
        <dd>
          {change < 0n ? '−' : '+'}
          <Sol lamports={change < 0n ? -change : change} digits={9} />
        </dd>
        <NetworkFeeRow lamports={quote.networkFeeLamports} />
        {quote.accounts.map((a) => (
          <Fragment key={a.address}>
            <dt>
              Stake account <span class="mono">{shortAddress(a.address)}</span>
            </dt>
            <dd>
              {a.lamportsAfter === null ? (
                'closes'
              ) : (
                <>
                  <Sol lamports={a.lamportsAfter} />
                  {a.stateAfter && `, ${STATE_AFTER[a.stateAfter]}`}
                  {BigInt(a.delegatedAfter) > 0n && (
                    <>
                      {' '}
                      (<Sol lamports={a.delegatedAfter} /> staked)
                    </>
                  )}
                </>
              )}
            </dd>
          </Fragment>
        ))}
      </QuoteCard>
      <p class="small" data-testid="native-effect">
        {quote.effect}
      </p>
    </>
  );
}
