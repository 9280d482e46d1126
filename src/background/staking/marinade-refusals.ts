// Marinade's refusals, in words: a simulation or a landed transaction that the program refused names
// its error as { InstructionError: [i, { Custom: code }] } (Anchor numbers the program's own errors
// from 6000; error.rs). A stale route choice (an index into the State's lists that no longer names
// the stake it did, or a stake the crank has not yet updated) is a retry, not a refusal.
import type { TransactionError } from '../chain/rpc-shapes';

type Refusal =
  | { kind: 'refused'; code: number; name: string; sentence: string }
  | { kind: 'stale_choice'; code: number; name: string };

const REFUSED: Record<number, [name: string, sentence: string]> = {
  6020: [
    'TicketNotDue',
    'This ticket is not due yet: it can be claimed from the epoch after it was ordered.',
  ],
  6021: [
    'TicketNotReady',
    'This ticket is due but Marinade’s reserve is not ready yet: it can be claimed about 30 minutes into the epoch.',
  ],
  6026: ['InsufficientLiquidity', 'Marinade’s liquidity pool does not hold enough SOL for this amount.'],
  6034: ['StakingIsCapped', 'Marinade is at its staking cap and takes no more SOL now.'],
  6038: ['WithdrawAmountIsTooLow', 'This amount is below the smallest withdrawal Marinade accepts.'],
  6039: ['DepositAmountIsTooLow', 'This amount is below the smallest deposit Marinade accepts.'],
  6040: ['NotEnoughUserFunds', 'You do not hold that much.'],
  6077: [
    'ProgramIsPaused',
    'Marinade is paused by its operators: nothing can be staked or unstaked there now.',
  ],
  6081: ['WithdrawStakeAccountIsNotEnabled', 'Marinade has turned off unstaking to a stake account.'],
  6084: [
    'WithdrawStakeLamportsIsTooLow',
    'This amount is below the smallest stake account Marinade splits off (Marinade’s minimum stake).',
  ],
};

const STALE: Record<number, string> = {
  6023: 'StakeAccountNotUpdatedYet',
  6025: 'StakeAccountIsEmergencyUnstaking',
  6044: 'RequiredActiveStake',
  6049: 'WrongValidatorAccountOrIndex',
  6050: 'WrongStakeAccountOrIndex',
  6073: 'ListIndexOutOfBounds',
  6079: 'SelectedStakeAccountHasNotEnoughFunds',
  6085: 'StakeAccountRemainderTooLow',
};

/** The program's custom error code in a transaction error, if it is one. */
function customCode(err: TransactionError | null): number | null {
  if (!err || typeof err !== 'object') return null;
  const failure = (err as { InstructionError?: unknown }).InstructionError;
  if (!Array.isArray(failure)) return null;
  const detail = failure[1] as { Custom?: unknown } | undefined;
  return typeof detail?.Custom === 'number' ? detail.Custom : null;
}

/** What Marinade's refusal means for the person (or for the route's cached choice); null if it is not one of these. */
export function marinadeRefusal(err: TransactionError | null): Refusal | null {
  const code = customCode(err);
  if (code === null) return null;
  const refused = REFUSED[code];
  if (refused) return { kind: 'refused', code, name: refused[0], sentence: refused[1] };
  const stale = STALE[code];
  return stale ? { kind: 'stale_choice', code, name: stale } : null;
}
