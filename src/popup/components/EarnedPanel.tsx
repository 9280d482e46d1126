// What staking earned on the tokens this person staked through Tidepool, and how: the SOL put in,
// the same number of tokens still held, and what they are worth at today's rate.
import { SOL_DECIMALS } from '../../shared/format';
import type { EarnedSummary } from '../../shared/staking';
import { Sol, Tokens } from './Amounts';

export function EarnedPanel({
  earned,
  symbol,
  decimals,
  balance,
}: {
  earned: EarnedSummary;
  symbol: string;
  decimals: number;
  balance: string;
}) {
  const gain = BigInt(earned.earnedLamports);
  const sign = gain < 0n ? '−' : '+';
  const abs = gain < 0n ? -gain : gain;
  return (
    <div class="stack small" data-testid="lst-earned">
      {/* Below 0.0001 SOL the four-digit figure would read 0: show it to the lamport instead. */}
      <strong data-testid="lst-earned-amount" style="display:block">
        {sign}
        <Sol lamports={abs} digits={abs < 100_000n ? 9 : 4} /> earned
      </strong>
      <span class="muted" style="display:block" data-testid="lst-earned-how">
        You staked <Sol lamports={earned.stakedLamports} /> through Tidepool
        {earned.stakes > 1 ? ` (${earned.stakes} stakes)` : ''} since{' '}
        {new Date(earned.since).toLocaleDateString()} and received{' '}
        <Tokens amount={earned.tokens} decimals={decimals} symbol={symbol} />.{' '}
        {earned.tokens === balance
          ? 'You still hold exactly those tokens: the count has not changed. '
          : 'Of those, you still hold the part counted here. '}
        At today’s rate they are worth <Sol lamports={earned.valueLamports} />:{' '}
        <Sol lamports={earned.valueLamports} digits={SOL_DECIMALS} /> −{' '}
        <Sol lamports={earned.stakedLamports} digits={SOL_DECIMALS} /> = {sign}
        <Sol lamports={abs} digits={SOL_DECIMALS} />.
      </span>
    </div>
  );
}
