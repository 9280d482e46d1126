// The addresses a v0 transaction loads from address lookup tables, resolved as the runtime loads
// them before execution: what the transaction may write besides its static keys.
import type { VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import type { AccountReader } from './accounts.ts';

/** An address lookup table's header before its addresses (the runtime's LOOKUP_TABLE_META_SIZE). */
const LOOKUP_TABLE_META_SIZE = 56;

/** Every index of every table the transaction names that resolves to an address. */
export function lookupTableAddresses(reader: AccountReader, tx: VersionedTransaction): string[] {
  if (tx.version === 'legacy') return [];
  return tx.message.addressTableLookups.flatMap((lookup) => {
    const table = reader.getAccount(lookup.accountKey.toBase58());
    if (!table) return [];
    return [...lookup.writableIndexes, ...lookup.readonlyIndexes].flatMap((i) => {
      const at = LOOKUP_TABLE_META_SIZE + 32 * i;
      return at + 32 <= table.data.length ? [bs58.encode(table.data.subarray(at, at + 32))] : [];
    });
  });
}
