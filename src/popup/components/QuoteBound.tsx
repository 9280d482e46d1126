// The least a quoted stake, unstake or conversion may yield, as the pool program will enforce it
// (its *WithSlippage instructions), or plainly that it will not: the build lacks them, or the bound
// would round to nothing.
import type { ComponentChildren } from 'preact';

export function QuoteBound({ bounded, children }: { bounded: boolean; children: ComponentChildren }) {
  return (
    <>
      <dt>Guaranteed</dt>
      <dd data-testid="bound">
        {bounded ? (
          <>at least {children}, or the pool program refuses it</>
        ) : (
          <>
            not bounded: the pool program will not enforce a minimum on this one (Tidepool still refuses a
            worse quote before signing)
          </>
        )}
      </dd>
    </>
  );
}
