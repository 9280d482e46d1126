// Why an LST is worth more than 1 SOL, in plain words. How long an epoch lasts is the network's:
// its slots per epoch at the slot time it measured (the portfolio's), never a figure of our own.
import { durationText } from '../../shared/format';
import { slotText } from '../components/Amounts';
import { portfolio } from '../models/portfolio';
import { route, go } from '../models/route';

/** The epoch's slots and, at the slot time the network measured, how long they last; or just the slots. */
function epochLength(): string {
  const p = portfolio.value;
  if (!p) return '';
  const slots = `${p.slotsInEpoch.toLocaleString('en-US')} slots`;
  return p.slotTime
    ? ` (${slots}: about ${durationText(p.slotsInEpoch * p.slotTime.ms)} at the ${slotText(p.slotTime.ms)} a slot the network measured over the last ${durationText(p.slotTime.periodSecs * 1000)})`
    : ` (${slots})`;
}

export function Explainer() {
  const symbol = (route.value.name === 'explainer' && route.value.symbol) || 'your LST';
  return (
    <main class="screen stack">
      <h2>Why is 1 {symbol} worth more than 1 SOL?</h2>
      <p>
        When you stake SOL in a pool, the pool gives you pool tokens ({symbol}) for it, at the pool’s current
        rate.
      </p>
      <p>
        The pool stakes that SOL with validators. Every epoch{epochLength()} the network pays staking rewards
        into the pool’s stake accounts — but the pool does <strong>not</strong> mint new tokens for them.
      </p>
      <p>
        So the SOL behind each token only grows:{' '}
        <span class="mono">rate = SOL in the pool ÷ tokens in circulation</span>. One {symbol} redeems for
        more SOL every epoch, which is how you earn.
      </p>
      <p class="muted">
        The APY shown is an estimate: the growth the pool counted at its last update (one epoch’s rewards),
        compounded over a year of epochs at the slot time the network measured. Fees (set by each pool) are
        taken when you stake or unstake.
      </p>
      <button onClick={() => go({ name: 'home' })}>Back</button>
    </main>
  );
}
