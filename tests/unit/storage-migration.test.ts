// Storage migrations: transactions and withdrawal alerts as the previous versions wrote them are
// read back by this one. Transactions:
// v1 (pendingTransactions, each naming its RPC URL; tests/fixtures/golden-pending-v1.json holds
// records as a44d099 stored them) and v2 (each naming its network; golden-pending-v2.json, written
// by bbc309a's own TransactionSender) become v3 records under the key's new name, `transactions`,
// each signed and in flight (sent again and watched to its end), and the upgrade is written back
// once, the old key removed. Over the named in-memory FAKE of chrome.storage. That a v1 record
// then confirms on its own network is proven on two real chains (tests/chain/network-switch.test.ts).
// Withdrawal alerts: v1 (tests/fixtures/golden-withdrawal-alerts-v1.json, written by 4b93d90's own
// WithdrawalAlerts, its events still to tell under `pending`) are watched on, under `watched`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TxRecord } from '../../src/background/chain/tx-record';
import { WithdrawalAlerts } from '../../src/background/withdrawal-alerts';
import { BUILTIN_NETWORKS, customNetwork } from '../../src/shared/networks';
import { versionStampKey } from '../../src/shared/storage-schema';
import { MemoryStorage } from '../support/memory-storage';

const golden = (version: 1 | 2): Record<string, unknown> =>
  JSON.parse(readFileSync(join(import.meta.dirname, `../fixtures/golden-pending-v${version}.json`), 'utf8'));
const pendingOf = (version: 1 | 2) =>
  golden(version).pendingTransactions as Record<string, Record<string, unknown>>;

function storedByVersion(version: 1 | 2): MemoryStorage {
  const local = new MemoryStorage();
  for (const [key, value] of Object.entries(golden(version))) local.data.set(key, value);
  return local;
}

describe('transactions written by the previous versions', () => {
  it('v1: every record names the network its RPC URL is, the rest of it unchanged, signed and in flight', async () => {
    const local = storedByVersion(1);
    const read = (await local.get('transactions'))!;
    const old = pendingOf(1);
    expect(Object.keys(read).sort()).toEqual(Object.keys(old).sort());
    for (const [signature, { rpcUrl, owner, ...rest }] of Object.entries(old)) {
      const record = read[signature]!;
      expect(record).toEqual({
        ...rest,
        id: signature,
        status: 'signed',
        owner: owner ?? null,
        network: record.network,
      });
      expect(record.network.rpcUrl).toBe(rpcUrl); // sent to, and watched at, the same node
    }
    const byUrl = (url: string) => Object.values(read).find((r) => r.network.rpcUrl === url)!.network;
    expect(byUrl('https://api.mainnet-beta.solana.com')).toEqual(BUILTIN_NETWORKS.mainnet);
    // A custom URL's cluster is not known from its URL: never mainnet until its node says so.
    const custom = byUrl('https://rpc.example.com/?api-key=KEY');
    expect(custom).toEqual(customNetwork('https://rpc.example.com/?api-key=KEY', null));
    expect(custom.chain).toBe('solana:localnet');
  });

  it('v2: every record keeps its network, signature, bytes and signer (a dApp’s: none), signed and in flight', async () => {
    const local = storedByVersion(2);
    const read = (await local.get('transactions'))!;
    const expected = Object.fromEntries(
      Object.entries(pendingOf(2)).map(([signature, { owner, ...rest }]) => [
        signature,
        { ...rest, id: signature, status: 'signed', owner: owner ?? null },
      ]),
    );
    expect(read).toEqual(expected);
    expect(Object.values(read).filter((r) => r.owner === null)).toHaveLength(1);
  });

  it.each([1, 2] as const)(
    'v%i: written back once as version 3 under the new name, the old key gone, and read the same after',
    async (version) => {
      const local = storedByVersion(version);
      const first = await local.get('transactions');
      expect(local.data.get(versionStampKey('transactions'))).toBe(3);
      expect(local.data.get('transactions')).toEqual(first);
      expect(local.data.has('pendingTransactions')).toBe(false);
      expect(local.data.has('version:pendingTransactions')).toBe(false);
      expect(await local.get('transactions')).toEqual(first);
    },
  );

  it('a record the migration cannot read is dropped, the others kept', async () => {
    const local = new MemoryStorage();
    const [good] = Object.values(pendingOf(1));
    local.data.set('pendingTransactions', {
      a: good,
      b: { signature: 'b' },
      c: { ...good, rpcUrl: 'not a url' },
    });
    expect(Object.keys((await local.get('transactions'))!)).toEqual(['a']);
  });

  it('a write issued while an old value is read is not overwritten by its upgrade', async () => {
    const local = storedByVersion(2);
    const newer: Record<string, TxRecord> = {};
    const reading = local.get('transactions');
    await local.set('transactions', newer); // issued after the read, before it answered
    await reading;
    expect(local.data.get('transactions')).toEqual(newer);
    // The old name is shadowed by the new one, and cleared by the next read.
    expect(await local.get('transactions')).toEqual(newer);
    expect(local.data.has('pendingTransactions')).toBe(false);
  });
});

describe('withdrawal alerts written by the previous version', () => {
  const v1 = () =>
    JSON.parse(
      readFileSync(join(import.meta.dirname, '../fixtures/golden-withdrawal-alerts-v1.json'), 'utf8'),
    ) as { withdrawalAlerts: { pending: { id: string; dueAt: number }[]; notified: string[] } };
  function storedV1(): MemoryStorage {
    const local = new MemoryStorage();
    for (const [key, value] of Object.entries(v1())) local.data.set(key, value);
    return local;
  }
  /** The alerts over `local`, the browser's alarm a FAKE that records when it was set for; no RPC is asked. */
  function alertsOver(local: MemoryStorage) {
    const alarms: (number | null)[] = [];
    const alerts = new WithdrawalAlerts(
      local,
      { notify: async () => {}, schedule: async (when) => void alarms.push(when), onAlarm: () => {} },
      () => {
        throw new Error('no RPC in this test');
      },
      async () => true,
    );
    return { alerts, alarms };
  }

  it('v1: the events still to tell are watched, those told stay told, written back once as version 2', async () => {
    const local = storedV1();
    const { pending, notified } = v1().withdrawalAlerts;
    expect(await local.get('withdrawalAlerts')).toEqual({ watched: pending, notified });
    expect(local.data.get(versionStampKey('withdrawalAlerts'))).toBe(2);
    expect(local.data.get('withdrawalAlerts')).toEqual({ watched: pending, notified });
  });

  it('v1: the alarm is set for its earliest event, an event told is not watched again, one watched is not doubled', async () => {
    const local = storedV1();
    const { pending, notified } = v1().withdrawalAlerts;
    const { alerts, alarms } = alertsOver(local);
    await alerts.rearm();
    expect(alarms).toEqual([Math.min(...pending.map((a) => a.dueAt))]);
    const [, owner, told] = notified[0]!.split('|');
    const [, , again] = pending[0]!.id.split('|');
    const item = {
      kind: 'deactivating' as const,
      fromPool: false,
      lamports: '1',
      readyEpoch: 900,
      readyInMs: 1,
      action: null,
    };
    await alerts.watch(
      customNetwork('https://rpc.example.com/?api-key=KEY', null),
      owner!,
      [{ ...item, id: told!, kind: 'ticket' as const, address: told!.slice('ticket:'.length) }],
      0,
    );
    await alerts.watch(
      BUILTIN_NETWORKS.mainnet,
      owner!,
      [{ ...item, id: again!, address: again!.split(':')[1]! }],
      0,
    );
    const book = (await local.get('withdrawalAlerts'))!;
    expect(book.notified).toEqual(notified);
    expect(book.watched.map((a) => a.id)).toEqual(pending.map((a) => a.id));
    expect(book.watched[0]!.dueAt).toBe(1); // the same event, timed again
  });

  it('a v1 value the migration cannot read is an empty book', async () => {
    const local = new MemoryStorage();
    local.data.set('withdrawalAlerts', 'not a book');
    expect(await local.get('withdrawalAlerts')).toEqual({ watched: [], notified: [] });
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
