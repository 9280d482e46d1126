// The confirmation loop of one sent transaction: rebroadcast the same signed bytes, poll its status
// and the block height (woken early by its signature subscription), until the chain confirms it,
// fails it, or its blockhash expires. Every call asks the client of the record's network,
// the one whose blockhash the transaction carries: another network has never heard of it, and its
// block height says nothing about this blockhash's life (asking it would call a transaction that
// may still land "expired", and send one network's signed bytes to another's node).
import { WalletError } from '../../shared/errors';
import type { RpcClient } from './rpc-client';
import { rpcCall } from './rpc-methods';
import type { watchSignature } from './signature-watch';
import type { InFlight } from './tx-record';

const POLL_MS = 500;
/** With a live signature subscription, status polls only back it up. */
const POLL_WITH_SUBSCRIPTION_MS = 2_000;
const REBROADCAST_MS = 2_000;

/** A transaction that landed and failed there: only the network fee was charged. */
export class FailedOnChain extends WalletError<'transaction_failed'> {
  constructor(
    readonly err: unknown,
    readonly landedSlot: number | undefined,
  ) {
    super(
      'transaction_failed',
      `The transaction failed on chain (${JSON.stringify(err)}). Only the network fee was charged.`,
    );
  }
}

/**
 * Resolves with the slot it landed in once confirmed; throws FailedOnChain, expired, or timeout /
 * rpc_error (it may still land).
 */
export async function watchConfirmation(
  rpc: RpcClient,
  record: InFlight,
  justSent: boolean,
  subscription: ReturnType<typeof watchSignature>,
  confirmTimeoutMs: number,
): Promise<number> {
  const started = Date.now();
  let lastSent = justSent ? Date.now() : 0;
  /** The last block height a node told: unreachable-node errors are transient until it passes the blockhash's life. */
  let knownHeight = 0;
  for (;;) {
    if (Date.now() - lastSent >= REBROADCAST_MS) {
      lastSent = Date.now();
      // A failed rebroadcast changes nothing: the status below is the truth ("already
      // processed" means the chain has it; an unreachable node is tried again).
      await rpc
        .call('sendTransaction', [record.wire, { encoding: 'base64', skipPreflight: true, maxRetries: 0 }])
        .catch(() => undefined);
    }
    let answers;
    try {
      answers = await rpc.batch([
        rpcCall('getSignatureStatuses', [[record.signature], { searchTransactionHistory: true }]),
        rpcCall('getBlockHeight', []),
      ]);
    } catch (error) {
      const transient =
        error instanceof WalletError &&
        (error.code === 'rpc_error' || error.code === 'timeout') &&
        knownHeight <= record.lastValidBlockHeight;
      if (!transient || Date.now() - started > confirmTimeoutMs) throw error;
      await new Promise((r) => setTimeout(r, POLL_MS));
      continue;
    }
    const [statuses, blockHeight] = answers;
    knownHeight = blockHeight;
    const status = statuses.value[0];
    if (status && (status.confirmationStatus === 'confirmed' || status.confirmationStatus === 'finalized')) {
      if (status.err) throw new FailedOnChain(status.err, status.slot);
      return status.slot;
    }
    if (!status && blockHeight > record.lastValidBlockHeight) {
      throw new WalletError(
        'expired',
        'The transaction expired before the network included it. Nothing was sent; try again.',
      );
    }
    if (Date.now() - started > confirmTimeoutMs) {
      throw new WalletError(
        'timeout',
        `The network has not confirmed ${record.signature} yet. Tidepool keeps watching it.`,
      );
    }
    // A live subscription wakes the loop the moment the node confirms; polls only back it up.
    const wait = subscription?.live() ? POLL_WITH_SUBSCRIPTION_MS : POLL_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // `notified` only while the socket is open: once it closed it stays resolved (no busy loop).
    // (Promise.race settles at once on a non-promise, so nothing else is raced without a socket.)
    const sleep = new Promise((r) => (timer = setTimeout(r, wait)));
    await (subscription?.open() ? Promise.race([sleep, subscription.notified]) : sleep);
    clearTimeout(timer);
  }
}
