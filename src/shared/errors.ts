// Error codes that cross context boundaries. Messages are written for the person using the
// wallet; the code is for the program on the other side.

export type ErrorCode =
  | 'invalid_request'   // malformed message: wrong shape, unknown method, bad field
  | 'forbidden'         // the sender may not call this
  | 'locked'            // the wallet must be unlocked first
  | 'no_wallet'         // no vault exists yet
  | 'wallet_exists'     // a vault exists already
  | 'wrong_password'
  | 'rate_limited'      // too many wrong passwords: wait
  | 'invalid_input'     // the user's input is wrong (amount, address, phrase, …)
  | 'insufficient_funds'
  | 'pool_unavailable'  // the stake pool cannot take this now (stale, paused, reserve too small)
  | 'rpc_error'         // the RPC node failed or is unreachable
  | 'simulation_failed'
  | 'transaction_failed'
  | 'expired'           // blockhash expired before the transaction landed
  | 'vault_corrupt'
  | 'storage_failed'
  | 'user_rejected'
  | 'timeout'
  | 'interrupted'       // the wallet restarted mid-request; the message says how far it got
  | 'unauthorized'      // dApp not connected
  | 'internal';

export interface WireError {
  code: ErrorCode;
  message: string;
}

export class WalletError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = 'WalletError';
  }

  toWire(): WireError {
    return { code: this.code, message: this.message };
  }
}

export type Result<T> = { ok: true; result: T } | { ok: false; error: WireError };
