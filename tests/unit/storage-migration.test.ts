// The first storage migration: pending transactions as the previous version wrote them (v1, each
// naming its RPC URL; tests/fixtures/golden-pending-v1.json holds records as a44d099 stored them)
// are read back by this one, each naming its network (v2), and the upgrade is written back once.
// Over the named in-memory FAKE of chrome.storage. That a v1 record then confirms on its own
// network is proven on two real chains (tests/chain/network-switch.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PendingTransaction } from '../../src/background/chain/confirm-watch';
import { BUILTIN_NETWORKS, customNetwork } from '../../src/shared/networks';
import { versionStampKey } from '../../src/shared/storage-schema';
import { MemoryStorage } from '../support/memory-storage';

const GOLDEN: Record<string, unknown> = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/golden-pending-v1.json'), 'utf8'),
);
const V1 = GOLDEN.pendingTransactions as Record<string, Record<string, unknown>>;

function storedByTheLastVersion(): MemoryStorage {
  const local = new MemoryStorage();
  for (const [key, value] of Object.entries(GOLDEN)) local.data.set(key, value);
  return local;
}

describe('pending transactions written by the previous version (v1)', () => {
  it('are read back, every record naming the network its RPC URL is, the rest of it unchanged', async () => {
    const local = storedByTheLastVersion();
    const read = (await local.get('pendingTransactions'))!;
    expect(Object.keys(read).sort()).toEqual(Object.keys(V1).sort());
    const networkOf = (signature: string) => read[signature]!.network;
    for (const [signature, old] of Object.entries(V1)) {
      const { rpcUrl, ...rest } = old;
      expect(read[signature]).toEqual({ ...rest, network: networkOf(signature) });
      expect(networkOf(signature).rpcUrl).toBe(rpcUrl); // sent to, and watched at, the same node
    }
    const byUrl = (url: string) => Object.values(read).find((p) => p.network.rpcUrl === url)!.network;
    expect(byUrl('https://api.mainnet-beta.solana.com')).toEqual(BUILTIN_NETWORKS.mainnet);
    // A custom URL's cluster is not known from its URL: never mainnet until its node says so.
    const custom = byUrl('https://rpc.example.com/?api-key=KEY');
    expect(custom).toEqual(customNetwork('https://rpc.example.com/?api-key=KEY', null));
    expect(custom.chain).toBe('solana:localnet');
  });

  it('are written back as version 2 once, and read the same after', async () => {
    const local = storedByTheLastVersion();
    const first = await local.get('pendingTransactions');
    expect(local.data.get(versionStampKey('pendingTransactions'))).toBe(2);
    expect(local.data.get('pendingTransactions')).toEqual(first);
    expect(await local.get('pendingTransactions')).toEqual(first);
  });

  it('a record the migration cannot read is dropped, the others kept', async () => {
    const local = new MemoryStorage();
    const [good] = Object.values(V1);
    local.data.set('pendingTransactions', {
      a: good,
      b: { signature: 'b' },
      c: { ...good, rpcUrl: 'not a url' },
    });
    expect(Object.keys((await local.get('pendingTransactions'))!)).toEqual(['a']);
  });

  it('a write issued while an old value is read is not overwritten by its upgrade', async () => {
    const local = storedByTheLastVersion();
    const newer: Record<string, PendingTransaction> = {};
    const reading = local.get('pendingTransactions');
    await local.set('pendingTransactions', newer); // issued after the read, before it answered
    await reading;
    expect(local.data.get('pendingTransactions')).toEqual(newer);
  });
});

describe('a custom RPC URL is the cluster its genesis hash names', () => {
  const url = 'https://rpc.example.com/';
  it.each([
    [
      '5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d',
      'solana:mainnet',
      'Custom (rpc.example.com) · Mainnet Beta',
    ],
    ['EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG', 'solana:devnet', 'Custom (rpc.example.com) · Devnet'],
    ['4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY', 'solana:testnet', 'Custom (rpc.example.com) · Testnet'],
    ['TidepooLocaLnet11111111111111111111111111111', 'solana:localnet', 'Custom (rpc.example.com)'],
    [null, 'solana:localnet', 'Custom (rpc.example.com)'],
  ])('%s → %s', (hash, chain, label) => {
    expect(customNetwork(url, hash)).toEqual({ id: 'custom', label, rpcUrl: url, chain });
  });
});
