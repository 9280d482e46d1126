// tidepool:stake: the request in words, the pool behind it (manager and fees, as they are now),
// and the bound execution is held to. The transaction Tidepool built for it is shown below this,
// decoded and simulated like any other.
import type { StakeIntentView } from '../shared/approval';

export function StakeIntent({ intent }: { intent: StakeIntentView }) {
  const pool = intent.pool;
  return (
    <section class="card stack" aria-labelledby="stake-h">
      <h2 id="stake-h">Staking request</h2>
      <p data-testid="intent">
        <strong>{intent.summary}</strong>
      </p>
      {intent.bound && (
        <p data-testid="stake-bound">
          <strong>{intent.bound}</strong>
        </p>
      )}
      {pool && (
        <dl class="small pool-facts" data-testid="stake-pool">
          <dt>Pool</dt>
          <dd class="mono">
            {pool.address}
            {pool.known ? '' : ' (unknown to Tidepool)'}
          </dd>
          <dt>Manager</dt>
          <dd class="mono">{pool.manager}</dd>
          <dt>Fees now</dt>
          <dd>
            deposit {pool.fees.solDeposit} · instant unstake {pool.fees.solWithdrawal} · delayed unstake{' '}
            {pool.fees.stakeWithdrawal}
          </dd>
        </dl>
      )}
      <p class="muted small">
        Tidepool builds this transaction itself with its staking engine; nothing else is signed.
      </p>
    </section>
  );
}
