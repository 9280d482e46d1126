// A landed transaction as the RPC API returns it: its status, and getTransaction's json or base64 form.
import { VersionedMessage } from '@solana/web3.js';
import bs58 from 'bs58';
import type { Json } from './encoding.ts';
import type { TransactionRecord } from './transaction-history.ts';

/**
 * With Alpenglow a block is either not yet finalized (processed) or finalized, which is also what
 * confirmed means: Agave's commitment cache sets the confirmed and finalized slots together when a
 * block is rooted. The localnet finalizes each block as it is produced (a transaction's, when it
 * lands), so every landed transaction reports finalized, and with no confirmation count, at once.
 */
export const LANDED_STATUS = 'finalized';

export function transactionStatus(record: TransactionRecord): Json {
  return {
    slot: Number(record.slot),
    confirmations: null,
    err: record.err as Json,
    status: record.err ? { Err: record.err as Json } : { Ok: null },
    confirmationStatus: LANDED_STATUS,
  };
}

export function transactionJson(record: TransactionRecord, encoding: unknown): Json {
  const meta = {
    err: record.err as Json,
    status: record.err ? { Err: record.err as Json } : { Ok: null },
    fee: Number(record.fee),
    preBalances: record.preBalances.map(Number),
    postBalances: record.postBalances.map(Number),
    preTokenBalances: record.preTokenBalances as unknown as Json,
    postTokenBalances: record.postTokenBalances as unknown as Json,
    logMessages: record.logs,
    innerInstructions: [],
    loadedAddresses: { writable: [], readonly: [] },
    rewards: [],
    computeUnitsConsumed: Number(record.computeUnits),
  };
  let transaction: Json;
  if (encoding === 'base64') {
    transaction = [Buffer.from(record.wire).toString('base64'), 'base64'];
  } else {
    // json: signatures plus the message with its compiled instructions, base58 data.
    const message = VersionedMessage.deserialize(record.wire.subarray(1 + 64 * record.wire[0]!));
    transaction = {
      signatures: Array.from({ length: record.wire[0]! }, (_, i) =>
        bs58.encode(record.wire.subarray(1 + 64 * i, 65 + 64 * i)),
      ),
      message: {
        header: message.header as unknown as Json,
        accountKeys: message.staticAccountKeys.map((k) => k.toBase58()),
        recentBlockhash: message.recentBlockhash,
        instructions: message.compiledInstructions.map((ix) => ({
          programIdIndex: ix.programIdIndex,
          accounts: ix.accountKeyIndexes,
          data: bs58.encode(ix.data),
          stackHeight: null,
        })),
        ...(message.version === 0
          ? {
              addressTableLookups: message.addressTableLookups.map((l) => ({
                accountKey: l.accountKey.toBase58(),
                writableIndexes: l.writableIndexes,
                readonlyIndexes: l.readonlyIndexes,
              })),
            }
          : {}),
      },
    };
  }
  return {
    slot: Number(record.slot),
    blockTime: record.blockTime,
    version: record.version,
    transaction,
    meta,
  };
}
