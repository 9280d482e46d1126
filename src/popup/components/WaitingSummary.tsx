// Home's line for SOL waiting to be collected, from the portfolio already on screen (no round
// trip): what the stake accounts hold that is withdrawable now or on its way, and the way to the
// screen that lists everything (Marinade tickets too) with its one-click actions.
import { stakeAccountsWaiting, waitingTotals } from '../../shared/waiting';
import { portfolio } from '../models/portfolio';
import { go } from '../models/route';
import { Sol } from './Amounts';

export function WaitingSummary() {
  const p = portfolio.value!;
  const { ready, later } = waitingTotals(
    stakeAccountsWaiting(p.stakeAccounts, { epoch: p.epoch, endsInMs: p.epochEndsInMs, epochMs: null }),
  );
  return (
    <button
      class="card row waiting-summary"
      data-testid="waiting-summary"
      onClick={() => go({ name: 'waiting' })}
    >
      <span class="grow">Where is my SOL?</span>
      {ready > 0n && (
        <span class="small">
          <Sol lamports={ready} /> ready
        </span>
      )}
      {later > 0n && (
        <span class="small muted">
          <Sol lamports={later} /> on its way
        </span>
      )}
    </button>
  );
}
