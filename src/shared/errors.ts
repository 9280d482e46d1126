// Error codes that cross context boundaries. Messages are written for the person using the
// wallet; the code is for the program on the other side, so each says what happened, not only that
// something failed: the popup, the approval window and dApps branch on it. A code with a context
// (ErrorContext) always carries it, typed per code; the rest carry only their message.

export type ErrorCode =
  | 'invalid_request' // malformed message: wrong shape, unknown method, bad field
  | 'forbidden' // the sender may not call this
  | 'locked' // the wallet must be unlocked first
  | 'no_wallet' // no vault exists yet
  | 'wallet_exists' // a vault exists already
  | 'wrong_password'
  | 'rate_limited' // too many wrong passwords: wait
  | 'invalid_input' // the user's input is malformed or out of range (amount, address, phrase, …)
  | 'not_found' // what the call names is not there (an account, a stake account, the phrase)
  | 'not_pending' // the approval request was answered, expired or closed, or is being carried out
  | 'forbidden_account' // the account named is not one this wallet may act for
  | 'stale' // what was shown changed since (the request, a stake account): look again
  | 'not_ready' // it exists but cannot be done yet (stake still deactivating, approve too soon)
  | 'blocked' // Tidepool refuses to sign this request (a blocking warning says why)
  | 'insufficient_funds'
  | 'pool_unavailable' // the stake pool cannot take this now (stale, paused, reserve too small)
  | 'rpc_error' // the RPC node failed or is unreachable
  | 'simulation_failed'
  | 'transaction_failed'
  | 'expired' // blockhash expired before the transaction landed
  | 'vault_corrupt'
  | 'storage_failed'
  | 'user_rejected'
  | 'timeout'
  | 'interrupted' // the wallet restarted mid-request; the message says how far it got
  | 'unauthorized' // dApp not connected
  | 'internal';

/** What a program can branch on beyond the code, per code. */
export interface ErrorContext {
  not_found: { what: 'account' | 'stake_account' | 'recovery_phrase' };
  /** `approved`: being carried out now (its answer will come); `gone`: answered, expired or closed. */
  not_pending: { what: 'approval'; now: 'approved' | 'gone' };
  /** What the wallet would have to be for the account the call named: its key holder, its authority. */
  forbidden_account: { role: 'key_holder' | 'withdraw_authority' | 'stake_and_withdraw_authority' };
  stale: { what: 'approval' | 'stake_account' };
  not_ready: { what: 'stake_account' | 'approval' };
}

type ContextArgs<C extends ErrorCode> = C extends keyof ErrorContext ? [context: ErrorContext[C]] : [];

/** An error as it crosses a boundary: the context, for the codes that have one. */
export type WireError = {
  [C in ErrorCode]: C extends keyof ErrorContext
    ? { code: C; message: string; context: ErrorContext[C] }
    : { code: C; message: string };
}[ErrorCode];

export class WalletError<C extends ErrorCode = ErrorCode> extends Error {
  readonly context: ContextArgs<C>[0];

  constructor(
    readonly code: C,
    message: string,
    ...[context]: ContextArgs<C>
  ) {
    super(message);
    this.name = 'WalletError';
    this.context = context;
  }

  toWire(): WireError {
    return wireError(this.code, this.message, this.context);
  }
}

function wireError(
  code: ErrorCode,
  message: string,
  context: ErrorContext[keyof ErrorContext] | undefined,
): WireError {
  // The constructor took exactly the context the code's entry names (ContextArgs), so the pair is
  // one of WireError's members; TypeScript cannot see that across the generic, hence the one cast.
  return (context === undefined ? { code, message } : { code, message, context }) as WireError;
}

export type Result<T> = { ok: true; result: T } | { ok: false; error: WireError };
