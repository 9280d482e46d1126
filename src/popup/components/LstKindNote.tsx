// What each kind of LST row says about its rate: how fresh it is, what it counts, and where the
// token is staked and unstaked when that is not Tidepool.
import { durationText } from '../../shared/format';
import { apyBasisText, apyText } from './Amounts';
import { Sol } from './Amounts';
import type { HeldLst } from '../../shared/staking';

/** `slotMs`: the slot time the network measured (null: not measured, so no slot is turned into time). */
export function LstKindNote({ lst, epoch, slotMs }: { lst: HeldLst; epoch: number; slotMs: number | null }) {
  switch (lst.kind) {
    case 'splStakePool':
      return (
        <>
          <p class="small" style="margin:0" data-testid="lst-apy">
            {apyText(lst)}
          </p>
          {lst.apyBasis && (
            <p class="muted small" style="margin:0" data-testid="lst-apy-basis">
              {apyBasisText(lst.apyBasis)}
            </p>
          )}
          {lst.stale ? (
            <p class="warning small">
              Rate from epoch {lst.lastUpdateEpoch}: this epoch’s ({epoch}) rewards are not in it yet. The
              pool updates it soon.
            </p>
          ) : (
            <p class="muted small">Rate updated this epoch.</p>
          )}
        </>
      );
    case 'infinity': {
      const since = lst.lastReleaseSlot !== null ? lst.readAtSlot - lst.lastReleaseSlot : null;
      return (
        <div class="stack small" data-testid="lst-note">
          <p class="muted" style="margin:0">
            INF’s rate is as fresh as the pool’s last SyncSolValue: the SOL value of the LSTs inside is
            counted when someone syncs them, so rewards since then are not in it yet.{' '}
            {lst.version === 2 && lst.withheldLamports !== null && (
              <>
                Not counted for holders: <Sol lamports={lst.withheldLamports} /> withheld (released over time)
                and <Sol lamports={lst.protocolFeeLamports ?? '0'} /> of protocol fees.{' '}
              </>
            )}
            {since !== null && since >= 0 && (
              <>
                Yield last released{' '}
                {slotMs === null ? `${since.toLocaleString('en-US')} slots` : durationText(since * slotMs)}{' '}
                ago (slot {lst.lastReleaseSlot}).
              </>
            )}
          </p>
          {lst.disabled && (
            <p class="warning" style="margin:0">
              Infinity is disabled by its admin right now.
            </p>
          )}
          <p class="muted" style="margin:0" data-testid="lst-staked-elsewhere">
            Stake and unstake INF here through Sanctum Infinity’s own program: Unstake shows each route to SOL
            and why one is unavailable.
          </p>
        </div>
      );
    }
    case 'marinade':
      return (
        <div class="stack small" data-testid="lst-note">
          <p class="muted" style="margin:0">
            Valued by Marinade’s own formula: the SOL Marinade controls (less unstake tickets not yet claimed)
            ÷ mSOL supply.
          </p>
          {lst.paused && (
            <p class="warning" style="margin:0" data-testid="marinade-paused">
              Marinade is paused: staking and unstaking mSOL are halted until it resumes.
            </p>
          )}
          <p class="muted" style="margin:0" data-testid="lst-staked-elsewhere">
            Stake and unstake mSOL here through Marinade’s own program or Infinity’s swap: Unstake shows every
            route side by side.
          </p>
        </div>
      );
    case 'unvalued':
      return (
        <p class="warning small" data-testid="lst-note">
          {lst.reason}
        </p>
      );
    default: {
      const never: never = lst;
      return never;
    }
  }
}
