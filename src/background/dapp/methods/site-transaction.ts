// What solana:signTransaction and solana:signAndSendTransaction share: the site's own transaction,
// read (it must deserialize before it is queued) and reviewed from its exact bytes. Before signing,
// each asks again whether the network it was shown on takes its blockhash (review/blockhash.ts).
import { VersionedTransaction } from '@solana/web3.js';
import type { TransactionReview, Warning } from '../../../shared/approval';
import { WalletError } from '../../../shared/errors';
import { reviewTransaction } from '../tx-review';
import type { DappEngine } from './method';

export function parseTransaction(base64: string): VersionedTransaction {
  try {
    return VersionedTransaction.deserialize(Buffer.from(base64, 'base64'));
  } catch {
    throw new WalletError(
      'invalid_request',
      'The transaction could not be read (it does not deserialize as a legacy or v0 transaction).',
    );
  }
}

/** The transaction reviewed for `account`; `handsOver`: the signed transaction goes back to the site, unsent. */
export async function reviewSiteTransaction(
  engine: DappEngine,
  base64: string,
  account: string,
  { firstLook, handsOver }: { firstLook: boolean; handsOver: boolean },
): Promise<{ transaction: TransactionReview; warnings: Warning[] }> {
  const { warnings, ...transaction } = await reviewTransaction(
    engine.rpc,
    engine.fees,
    parseTransaction(base64),
    account,
    { firstLook, handsOver },
  );
  return { transaction, warnings };
}
