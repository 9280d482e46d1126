// Reads that must not be older than a slot the chain is known to have reached (one of our
// transactions landed there): each read carries minContextSlot, and a node that has not reached
// that slot yet (a load-balanced RPC can route a read to one a few slots behind) answers Agave's
// -32016 instead of older state. That is asked again after a pause; a node still behind after a
// few tries fails the read with a sentence, so nothing older than the transaction is ever shown.
import { WalletError } from '../../shared/errors';
import { RpcNodeError } from './rpc-client';

/** Agave's "Minimum context slot has not been reached". */
export const MIN_CONTEXT_SLOT_NOT_REACHED = -32016;
const ATTEMPTS = 5;
const PAUSE_MS = 200;

/** The config fields that make a read answer from `slot` on (none without a slot). */
export const fromSlot = (slot: number | undefined): { minContextSlot?: number } =>
  slot === undefined ? {} : { minContextSlot: slot };

/** Runs `read` (whose calls carry `fromSlot(slot)`) until the node has reached `slot`. */
export async function readFromSlot<T>(slot: number | undefined, read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof RpcNodeError) || error.rpcCode !== MIN_CONTEXT_SLOT_NOT_REACHED) throw error;
      if (attempt >= ATTEMPTS)
        throw new WalletError(
          'rpc_error',
          `The RPC node has not reached slot ${slot}, where your last transaction landed, so its figures would be from before it. Try again in a moment.`,
        );
      await new Promise((r) => setTimeout(r, PAUSE_MS * attempt));
    }
  }
}
