// Native and liquid staking side by side for the SOL about to be staked: what each earns a year at
// its estimated APY, how you get out (a cooldown to the next epoch boundary, or an instant unstake
// at the pool's fee), and what the next epoch boundary does to each.
import { durationText } from '../../shared/format';
import type { NativeVsLiquid as Comparison } from '../../shared/native-vs-liquid';
import { validatorApyText } from '../models/validators';
import { Sol, apyText } from './Amounts';
import { nameOf } from './ValidatorPicker';

export function NativeVsLiquid({
  comparison,
  epochEndsInMs,
}: {
  comparison: Comparison;
  epochEndsInMs: number | null;
}) {
  const { native, liquid } = comparison;
  const boundary =
    epochEndsInMs === null
      ? 'the next epoch boundary'
      : `the next epoch boundary (in about ${durationText(epochEndsInMs)})`;
  return (
    <section class="card stack" aria-labelledby="compare-h" data-testid="native-vs-liquid">
      <h3 id="compare-h">Native or liquid?</h3>
      <div>
        <strong>Natively with {nameOf(native.validator)}</strong>
        <div class="small">
          {validatorApyText(native.validator)}
          {native.yearlyLamports !== null && (
            <>
              {' '}
              · about <Sol lamports={native.yearlyLamports} /> a year
            </>
          )}
        </div>
        <div class="small muted">
          Activates at {boundary} (epoch {native.activatesEpoch}) and earns from then: its first rewards
          arrive one boundary later. To get out: deactivate, then withdraw after the following boundary (about
          one epoch); nothing to pay but the network fee.
        </div>
      </div>
      {liquid.map((o) => (
        <div key={o.pool.pool} data-testid="liquid-option">
          <strong>
            {o.pool.symbol} {o.withValidator ? '(stakes with this validator)' : '(among the best pools)'}
          </strong>
          <div class="small">
            {apyText(o.pool)} · about <Sol lamports={o.yearlyLamports} /> a year
            {o.depositFeeLamports > 0n && (
              <>
                {' '}
                after a <Sol lamports={o.depositFeeLamports} /> deposit fee
              </>
            )}
          </div>
          <div class="small muted">
            Your tokens share the pool’s active stake at once: this epoch’s rewards raise their value at the
            next boundary, once the pool is updated. To get out: unstake instantly (costs about{' '}
            <Sol lamports={o.instantExitFeeLamports} /> now, while the pool’s reserve can pay), sell the
            token, or unstake with a delay of about one epoch.
          </div>
        </div>
      ))}
      {!liquid.length && <p class="small muted">No stake pool on this network takes SOL deposits now.</p>}
    </section>
  );
}
