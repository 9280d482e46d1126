// The simulation of the exact transaction to be signed (signatures not checked, the blockhash
// replaced so an old one still simulates), returning every writable account's state after it,
// static and lookup-table-loaded alike. Mint accounts already known are read in the same batch.
import type { VersionedTransaction } from '@solana/web3.js';
import type { RpcClient } from '../../chain/rpc-client';
import { rpcCall } from '../../chain/rpc-methods';
import type { Encoded } from './layouts';

export type Simulation =
  { ok: true; after: Map<string, Encoded>; logs: string[] } | { ok: false; err: string; logs: string[] };

export async function simulate(
  rpc: RpcClient,
  tx: VersionedTransaction,
  writable: readonly string[],
  alsoRead: readonly string[],
): Promise<{ simulation: Simulation; read: Map<string, Encoded> }> {
  const simulateCall = rpcCall('simulateTransaction', [
    Buffer.from(tx.serialize()).toString('base64'),
    {
      encoding: 'base64',
      sigVerify: false,
      replaceRecentBlockhash: true,
      accounts: { encoding: 'base64', addresses: writable },
    },
  ]);
  const read = new Map<string, Encoded>();
  let answers;
  try {
    answers = await rpc.batch(
      alsoRead.length
        ? [simulateCall, rpcCall('getMultipleAccounts', [alsoRead, { encoding: 'base64' }])]
        : [simulateCall],
    );
  } catch (error) {
    return { simulation: { ok: false, err: (error as Error).message, logs: [] }, read };
  }
  const [sim, mints] = answers;
  alsoRead.forEach((address, i) => read.set(address, mints?.value[i] ?? null));
  if (sim.value.err)
    return {
      simulation: { ok: false, err: JSON.stringify(sim.value.err), logs: sim.value.logs ?? [] },
      read,
    };
  const accounts = sim.value.accounts ?? [];
  if (accounts.length !== writable.length) {
    return {
      simulation: {
        ok: false,
        err: 'the node did not return the accounts after the simulation',
        logs: sim.value.logs ?? [],
      },
      read,
    };
  }
  return {
    simulation: {
      ok: true,
      after: new Map(writable.map((address, i) => [address, accounts[i] ?? null])),
      logs: sim.value.logs ?? [],
    },
    read,
  };
}
