// Why an LST is worth more than 1 SOL, in plain words.
import { route, go } from '../models/route';

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
        The pool stakes that SOL with validators. Every epoch (about two days) the network pays staking
        rewards into the pool’s stake accounts — but the pool does <strong>not</strong> mint new tokens for
        them.
      </p>
      <p>
        So the SOL behind each token only grows:{' '}
        <span class="mono">rate = SOL in the pool ÷ tokens in circulation</span>. One {symbol} redeems for
        more SOL every epoch, which is how you earn.
      </p>
      <p class="muted">
        The APY shown is an estimate from the pool’s last epoch, and fees (set by each pool) are taken when
        you stake or unstake.
      </p>
      <button onClick={() => go({ name: 'home' })}>Back</button>
    </main>
  );
}
