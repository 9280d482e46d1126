// Every network's sender keeps its signed, unconfirmed transactions in the one stored record set
// (tx-sender.ts): two senders recording at the same moment must both be kept, or a restarted
// worker could not finish the one that was lost. Over the named in-memory FAKE of chrome.storage
// and a FAKE node that answers at once (so both records are written in the same instant) and
// never confirms.
import { describe, expect, it } from 'vitest';
import type { RpcClient } from '../../src/background/chain/rpc-client';
import { TransactionSender } from '../../src/background/chain/tx-sender';
import { BUILTIN_NETWORKS, type NetworkInfo } from '../../src/shared/networks';
import { MemoryStorage } from '../support/memory-storage';

const fakeNode = (network: NetworkInfo) =>
  ({
    network,
    call: async (method: string) => (method === 'getBlockHeight' ? 100 : 'sent'),
    batch: () => new Promise(() => {}), // never confirms: the records stay
  }) as unknown as RpcClient;

describe('pending transaction records', () => {
  it('two networks’ senders recording at once both keep their transaction', async () => {
    const local = new MemoryStorage();
    const sign = () => new Uint8Array(64);
    const onDevnet = new TransactionSender(fakeNode(BUILTIN_NETWORKS.devnet), local, sign, 60_000, null);
    const onLocalnet = new TransactionSender(fakeNode(BUILTIN_NETWORKS.localnet), local, sign, 60_000, null);
    await Promise.all([
      onDevnet.sendSigned('AQ==', 'sig-devnet', 'one', false),
      onLocalnet.sendSigned('Ag==', 'sig-localnet', 'two', false),
    ]);
    const kept = await onDevnet.pending();
    expect(kept.map((p) => [p.signature, p.network.id]).sort()).toEqual([
      ['sig-devnet', 'devnet'],
      ['sig-localnet', 'localnet'],
    ]);
    expect((await onDevnet.pendingHere()).map((p) => p.signature)).toEqual(['sig-devnet']);
  });
});
