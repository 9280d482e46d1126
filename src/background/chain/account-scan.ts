// Which of some addresses were used on the client's network (hold lamports), read in one
// getMultipleAccounts: Settings' scan for accounts of the phrase that were used elsewhere. It is
// handed addresses, never the keyring: keys never meet the network.
import type { RpcClient } from './rpc-client';

export async function fundedAmong<T extends { address: string }>(
  rpc: RpcClient,
  candidates: readonly T[],
): Promise<(T & { lamports: string })[]> {
  if (!candidates.length) return [];
  const { value } = await rpc.call('getMultipleAccounts', [
    candidates.map((c) => c.address),
    { encoding: 'base64' },
  ]);
  return candidates.flatMap((c, i) => {
    const lamports = value[i]?.lamports ?? 0;
    return lamports > 0 ? [{ ...c, lamports: String(lamports) }] : [];
  });
}
