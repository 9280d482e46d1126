// A finished stake, unstake or conversion: what the chain recorded for its signature (never the
// quote), or plainly that the node has not returned it yet; and, where the screen offers it, a
// button to do another.
import type { ComponentChildren } from 'preact';
import type { TxOutcome } from '../../shared/staking';
import { TxResult } from './TxResult';

export function OutcomeScreen({
  title,
  outcome,
  again,
  recorded,
}: {
  title: string;
  outcome: TxOutcome;
  again?: { label: string; onClick: () => void };
  /** The amounts as the chain recorded them; called only once they were read. */
  recorded: () => ComponentChildren;
}) {
  return (
    <main class="screen stack">
      <TxResult title={title} outcome={outcome}>
        {outcome.amountsUnread ? (
          <p data-testid="unread">
            Confirmed. The network has not returned the transaction’s details yet, so the amounts cannot be
            shown here; the explorer link has them.
          </p>
        ) : (
          recorded()
        )}
      </TxResult>
      {again && <button onClick={again.onClick}>{again.label}</button>}
    </main>
  );
}
