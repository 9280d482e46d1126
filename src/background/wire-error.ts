// Turns any failure into the typed error both routers (the UI's and the dApps') send back: a
// WalletError or a validation failure keeps its message; anything else becomes one generic message,
// so no internal detail ever reaches a page.
import { WalletError, type WireError } from '../shared/errors';
import { ValidationError } from '../shared/validate';

export function toWireError(error: unknown): WireError {
  if (error instanceof WalletError) return error.toWire();
  if (error instanceof ValidationError)
    return { code: 'invalid_request', message: `Invalid request: ${error.message}` };
  console.error('[tidepool] unexpected error', error);
  return { code: 'internal', message: 'Something went wrong inside Tidepool. Nothing was signed.' };
}
