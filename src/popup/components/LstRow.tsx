// One LST held: balance, what one token is worth in SOL, the value in SOL (or "value unknown"),
// where its name comes from, how fresh its rate is, what staking earned on it and the picture of
// its rate over time — the row that explains why 1 LST is not 1 SOL. SPL stake-pool LSTs can be
// unstaked here; INF and mSOL are valued here and staked elsewhere.
// A row re-renders only when what it shows changed: the fresh portfolio usually repeats the saved
// one, and re-building 50 rows with their charts is most of the popup's work on that answer.
import { Component } from 'preact';
import { shortAddress } from '../../shared/format';
import type { HeldLst } from '../../shared/staking';
import { go } from '../models/route';
import { Sol, Tokens, rateText } from './Amounts';
import { EarnedPanel } from './EarnedPanel';
import { LstKindNote } from './LstKindNote';
import { RateChart } from './RateChart';

function NameSource({ lst }: { lst: HeldLst }) {
  if (lst.nameSource === 'registry') return null;
  return (
    <p class="muted small" data-testid="lst-name-source">
      {lst.nameSource === 'metadata' ? (
        <>
          Name from the token’s own metadata (not a verified list) · mint{' '}
          <span class="mono">{shortAddress(lst.mint)}</span>
        </>
      ) : (
        <>
          No name found for this token: shown by its mint <span class="mono">{lst.mint}</span>
        </>
      )}
    </p>
  );
}

function LstRowView({ lst, epoch }: { lst: HeldLst; epoch: number }) {
  const valued = lst.kind !== 'unvalued';
  return (
    <li
      class="card stack"
      data-testid="lst-row"
      data-kind={lst.kind}
      data-mint={lst.mint}
      aria-label={`${lst.symbol} position`}
    >
      <div class="row">
        <span class="badge" aria-hidden="true">
          {lst.symbol.slice(0, 2)}
        </span>
        <div class="grow">
          <strong data-testid="lst-symbol">{lst.symbol}</strong> <span class="muted small">{lst.name}</span>
          <div data-testid="lst-balance">
            <Tokens amount={lst.balance} decimals={lst.decimals} symbol={lst.symbol} />
          </div>
        </div>
        <div class="right">
          <strong data-testid="lst-value">
            {valued ? <Sol lamports={lst.valueLamports} /> : 'value unknown'}
          </strong>
        </div>
      </div>
      {valued && (
        <div class="row small">
          <span data-testid="lst-rate">
            1 {lst.symbol} = {rateText({ ...lst, decimals: lst.decimals })} SOL
          </span>
        </div>
      )}
      <NameSource lst={lst} />
      <LstKindNote lst={lst} epoch={epoch} />
      {lst.earned && (
        <EarnedPanel earned={lst.earned} symbol={lst.symbol} decimals={lst.decimals} balance={lst.balance} />
      )}
      {valued && (
        <RateChart
          symbol={lst.symbol}
          points={lst.history}
          stakedAt={lst.earned?.since ?? null}
          lastEpochRate={lst.kind === 'splStakePool' ? lst.lastEpochLamportsPerToken : null}
        />
      )}
      {lst.kind === 'splStakePool' && (
        <div class="row">
          <button class="link" onClick={() => go({ name: 'explainer', symbol: lst.symbol })}>
            Why is 1 {lst.symbol} worth more than 1 SOL?
          </button>
          <button
            onClick={() => go({ name: 'unstake', pool: lst.pool })}
            aria-label={`Unstake ${lst.symbol}`}
          >
            Unstake
          </button>
        </div>
      )}
    </li>
  );
}

interface LstRowProps {
  lst: HeldLst;
  epoch: number;
}

/** Same figures (the row's data is plain JSON from the worker), same row: keeps the DOM as it is. */
export class LstRow extends Component<LstRowProps> {
  override shouldComponentUpdate(next: LstRowProps): boolean {
    return (
      next.epoch !== this.props.epoch ||
      (next.lst !== this.props.lst && JSON.stringify(next.lst) !== JSON.stringify(this.props.lst))
    );
  }

  override render({ lst, epoch }: LstRowProps) {
    return <LstRowView lst={lst} epoch={epoch} />;
  }
}
