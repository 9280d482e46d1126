// One LST held: balance, what one token is worth in SOL, the value in SOL, the estimated APY and
// how fresh the rate is — the row that explains why 1 LST is not 1 SOL.
import type { LstPosition } from '../../shared/staking';
import { go } from '../models/route';
import { Sol, Tokens, apyText, rateText } from './Amounts';

export function LstRow({ lst, epoch }: { lst: LstPosition; epoch: number }) {
  return (
    <li class="card stack" data-testid="lst-row" aria-label={`${lst.symbol} position`}>
      <div class="row">
        <span class="badge" aria-hidden="true">{lst.symbol.slice(0, 2)}</span>
        <div class="grow">
          <strong>{lst.symbol}</strong> <span class="muted small">{lst.name}</span>
          <div><Tokens amount={lst.balance} decimals={lst.decimals} symbol={lst.symbol} /></div>
        </div>
        <div class="right">
          <strong data-testid="lst-value"><Sol lamports={lst.valueLamports} /></strong>
        </div>
      </div>
      <div class="row small">
        <span data-testid="lst-rate">1 {lst.symbol} = {rateText(lst)} SOL</span>
        <span class="muted">{apyText(lst.apyBps)}</span>
      </div>
      {lst.stale
        ? <p class="warning small">Rate from epoch {lst.lastUpdateEpoch}: this epoch’s ({epoch}) rewards are not in it yet. The pool updates it soon.</p>
        : <p class="muted small">Rate updated this epoch.</p>}
      <div class="row">
        <button class="link" onClick={() => go({ name: 'explainer', symbol: lst.symbol })}>Why is 1 {lst.symbol} worth more than 1 SOL?</button>
        <button onClick={() => go({ name: 'unstake', pool: lst.pool })} aria-label={`Unstake ${lst.symbol}`}>Unstake</button>
      </div>
    </li>
  );
}
