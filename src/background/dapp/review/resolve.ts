// Every account a transaction will load, as the runtime loads it: static keys, then each lookup
// table's writable entries, then their readonly entries. Accounts are read in as few round trips
// as possible: static writable accounts, lookup tables and candidate pools in the first batch,
// with the question whether the node takes the message's blockhash and the network fee's ask;
// accounts loaded from the tables (and pools among them) in a second batch when there are any. A
// table that cannot be resolved is reported, never guessed at.
import type { VersionedMessage } from '@solana/web3.js';
import type { RpcClient } from '../../chain/rpc-client';
import { rpcCall, type RpcCall, type RpcResult } from '../../chain/rpc-methods';
import type { WithContext } from '../../chain/rpc-shapes';
import { blockhashQuestion } from './blockhash';
import { readLookupTable, type Encoded } from './layouts';

const MAX_PER_CALL = 100;

interface Resolved {
  /** The full account list, or null when a lookup table could not be resolved. */
  keys: string[] | null;
  /** Writable accounts (static + loaded), in key order. */
  writable: string[];
  /** Why each unresolvable table failed: "table 9xQe…: does not exist". */
  unresolved: { table: string; reason: string }[];
  /** Every account read so far, before the transaction. */
  accounts: Map<string, Encoded>;
  /** Whether the node takes the message's blockhash now (a durable nonce's value it never does). */
  blockhashValid: boolean;
  /** The answer to the fee's ask, sent with the first batch. */
  feeAnswer: WithContext<number | null>;
}

/** The getMultipleAccounts calls for the addresses not read yet, and where their answers go. */
function accountReads(accounts: Map<string, Encoded>, addresses: readonly string[]) {
  const wanted = [...new Set(addresses)].filter((a) => !accounts.has(a));
  const chunks: string[][] = [];
  for (let i = 0; i < wanted.length; i += MAX_PER_CALL) chunks.push(wanted.slice(i, i + MAX_PER_CALL));
  return {
    calls: chunks.map((chunk) => rpcCall('getMultipleAccounts', [chunk, { encoding: 'base64' }])),
    keep: (results: readonly RpcResult<'getMultipleAccounts'>[]) =>
      chunks.forEach((chunk, c) =>
        chunk.forEach((address, i) => accounts.set(address, results[c]!.value[i] ?? null)),
      ),
  };
}

/** Reads the given addresses not read yet, in one batch of getMultipleAccounts calls. */
export async function readMissing(
  rpc: RpcClient,
  accounts: Map<string, Encoded>,
  addresses: readonly string[],
): Promise<void> {
  const reads = accountReads(accounts, addresses);
  if (reads.calls.length) reads.keep(await rpc.batch(reads.calls));
}

/**
 * `poolCandidates(keys)` names accounts worth reading with the rest (stake pools), given the
 * keys known so far; it is asked once with the static keys and once with the full list.
 */
export async function resolveAccounts(
  rpc: RpcClient,
  message: VersionedMessage,
  poolCandidates: (keys: readonly string[]) => string[],
  feeAsk: RpcCall<'getFeeForMessage'>,
): Promise<Resolved> {
  const staticKeys = message.staticAccountKeys.map((k) => k.toBase58());
  const staticWritable = staticKeys.filter((_, i) => message.isAccountWritable(i));
  const lookups = message.addressTableLookups;
  const tables = lookups.map((l) => l.accountKey.toBase58());
  const accounts = new Map<string, Encoded>();
  const first = accountReads(accounts, [...staticWritable, ...tables, ...poolCandidates(staticKeys)]);
  const [blockhash, feeAnswer, ...read] = await rpc.batch([
    blockhashQuestion(message),
    feeAsk,
    ...first.calls,
  ]);
  first.keep(read);
  const blockhashValid = blockhash.value === true;

  const unresolved: Resolved['unresolved'] = [];
  const loadedWritable: string[] = [];
  const loadedReadonly: string[] = [];
  lookups.forEach((lookup, i) => {
    const table = readLookupTable(accounts.get(tables[i]!) ?? null);
    if (!table.ok) return void unresolved.push({ table: tables[i]!, reason: table.reason });
    const pick = (indexes: number[], into: string[]) =>
      indexes.forEach((index) => {
        const address = table.addresses[index];
        if (address === undefined)
          unresolved.push({
            table: tables[i]!,
            reason: `has no entry ${index} (it holds ${table.addresses.length})`,
          });
        else into.push(address);
      });
    pick(lookup.writableIndexes, loadedWritable);
    pick(lookup.readonlyIndexes, loadedReadonly);
  });
  if (unresolved.length)
    return { keys: null, writable: staticWritable, unresolved, accounts, blockhashValid, feeAnswer };

  const keys = [...staticKeys, ...loadedWritable, ...loadedReadonly];
  const writable = [...staticWritable, ...loadedWritable];
  await readMissing(rpc, accounts, [...loadedWritable, ...poolCandidates(keys)]);
  return { keys, writable, unresolved, accounts, blockhashValid, feeAnswer };
}
