// A native stake account (delayed unstakes included): its state, its SOL, and when it can be
// withdrawn; a ready one is withdrawn in one click.
import type { NativeStakeAccount } from '../../shared/staking';
import { shortAddress } from '../../shared/format';
import { go } from '../models/route';
import { durationText } from '../../shared/format';
import { Sol } from './Amounts';

export const STATE_TEXT: Record<NativeStakeAccount['state'], string> = {
  activating: 'Activating (earns from next epoch)',
  active: 'Active, earning rewards',
  deactivating: 'Unstaking',
  inactive: 'Ready to withdraw',
  initialized: 'Not delegated: ready to withdraw',
};

interface Props {
  account: NativeStakeAccount;
  epoch: number;
  /** Null: the slot time is not measured, so no time is said. */
  epochEndsInMs: number | null;
  onWithdraw: () => void;
  busy: boolean;
}

export function StakeAccountRow({ account, epoch, epochEndsInMs, onWithdraw, busy }: Props) {
  const ready = account.state === 'inactive' || account.state === 'initialized';
  return (
    <li class="card stack" data-testid="stake-account-row">
      <div class="row">
        <span>
          {account.fromPool ? 'Delayed unstake' : 'Stake account'}{' '}
          <span class="mono muted small">{shortAddress(account.address)}</span>
        </span>
        <strong>
          <Sol lamports={account.lamports} />
        </strong>
      </div>
      <div class="row small">
        <span data-testid="stake-state">{STATE_TEXT[account.state]}</span>
        {account.withdrawableEpoch !== null && (
          <span class="muted">
            Withdrawable from epoch {account.withdrawableEpoch}
            {account.withdrawableEpoch === epoch + 1 && epochEndsInMs !== null
              ? ` (in ~${durationText(epochEndsInMs)})`
              : ''}
          </span>
        )}
      </div>
      <button onClick={() => go({ name: 'stakeAccount', address: account.address })}>Manage</button>
      {account.state === 'active' && account.voter && !account.fromPool && (
        <button onClick={() => go({ name: 'convert', stakeAccount: account.address, voter: account.voter! })}>
          Convert to an LST
        </button>
      )}
      {ready && (
        <button class="primary" disabled={busy} onClick={onWithdraw}>
          Withdraw <Sol lamports={account.lamports} />
        </button>
      )}
    </li>
  );
}
