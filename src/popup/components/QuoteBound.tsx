// The least a quoted stake, unstake or conversion may yield, as the pool program will enforce it
// (its *WithSlippage instructions), or plainly that this pool's program cannot.
import type { ComponentChildren } from 'preact';

export function QuoteBound({ bounded, children }: { bounded: boolean; children: ComponentChildren }) {
  return (
    <>
      <dt>Guaranteed</dt>
      <dd data-testid="bound">{bounded
        ? <>at least {children}, or the pool program refuses it</>
        : <>not bounded: this pool’s program cannot enforce a minimum</>}</dd>
    </>
  );
}
