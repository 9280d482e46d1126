import type { TxOutcome } from '../../shared/staking';
import { shortAddress } from '../../shared/format';

/** What happened, in the chain's own numbers, with a link out to an explorer for this cluster. */
export function TxResult({
  title,
  outcome,
  children,
}: {
  title: string;
  outcome: TxOutcome;
  children?: preact.ComponentChildren;
}) {
  return (
    <section class="card stack" role="status" aria-live="polite">
      <h3>{title}</h3>
      {children}
      <p class="muted">
        Signature <span class="mono">{shortAddress(outcome.signature)}</span>
      </p>
      <a href={outcome.explorerUrl} target="_blank" rel="noreferrer noopener">
        View on Solana Explorer
      </a>
    </section>
  );
}
