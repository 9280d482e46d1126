// When blocks were produced, for dating what the chain did at a slot: getBlockTime of each slot,
// in the batch the caller sends anyway where it can (timeCall), else batched on their own
// (blockTimes). A slot that holds no block (skipped) is dated by the first block after it, asked
// in two more round trips only for those slots.
import type { RpcClient, Settled } from './rpc-client';
import { rpcCall } from './rpc-methods';

/** The call that asks a slot's block time, to put in a caller's batch. */
export const timeCall = (slot: number) => rpcCall('getBlockTime', [slot]);

/** A settled getBlockTime answer as ms since 1970, or null when the node gave none. */
export function timeOf(answer: Settled<number | null> | undefined): number | null {
  return answer?.ok && typeof answer.result === 'number' ? answer.result * 1000 : null;
}

/** The time of each slot's block (ms), or of the first block after a skipped slot; absent when unknown. */
export async function blockTimes(
  rpc: RpcClient,
  slots: readonly number[],
  known: ReadonlyMap<number, number> = new Map(),
): Promise<Map<number, number>> {
  const out = new Map(known);
  const asked = [...new Set(slots)].filter((slot) => !out.has(slot));
  if (asked.length) {
    const answers = await rpc.batchSettled(asked.map(timeCall));
    asked.forEach((slot, i) => {
      const ms = timeOf(answers[i] as Settled<number | null>);
      if (ms !== null) out.set(slot, ms);
    });
  }
  const skipped = slots.filter((slot) => !out.has(slot));
  if (!skipped.length) return out;
  const next = await rpc.batchSettled(skipped.map((slot) => rpcCall('getBlocksWithLimit', [slot, 1])));
  const produced = skipped.flatMap((slot, i) => {
    const answer = next[i];
    const block = answer?.ok && Array.isArray(answer.result) ? answer.result[0] : undefined;
    return typeof block === 'number' ? [{ slot, block }] : [];
  });
  if (!produced.length) return out;
  const times = await rpc.batchSettled(produced.map(({ block }) => timeCall(block)));
  produced.forEach(({ slot }, i) => {
    const ms = timeOf(times[i] as Settled<number | null>);
    if (ms !== null) out.set(slot, ms);
  });
  return out;
}
