// The transaction records (chain/tx-record.ts), over the named in-memory FAKE of chrome.storage:
// every network's sender keeps its records in the one stored set, so two recording at the same
// moment must both be kept; a record moves only from the status its mover expects (whoever moved
// it first wins, so a restarted worker and a late signer's answer cannot both act on it); settled
// records are kept, the newest few, and never an in-flight one dropped for them.
import { describe, expect, it } from 'vitest';
import { networksInFlight, TxRecords, type TxRecord } from '../../src/background/chain/tx-record';
import { BUILTIN_NETWORKS, type NetworkInfo } from '../../src/shared/networks';
import { MemoryStorage } from '../support/memory-storage';

const approved = (id: string, network: NetworkInfo = BUILTIN_NETWORKS.devnet): TxRecord => ({
  id,
  network,
  owner: 'owner',
  label: id,
  createdAt: 1,
  status: 'approved',
});
const signed = (id: string, network?: NetworkInfo): TxRecord => ({
  ...approved(id, network),
  status: 'signed',
  signature: `sig-${id}`,
  wire: 'AQ==',
  lastValidBlockHeight: 100,
});
const confirmed = (id: string, settledAt: number): TxRecord => ({
  ...approved(id),
  status: 'confirmed',
  signature: `sig-${id}`,
  settledAt,
});

describe('transaction records', () => {
  it('two networks’ senders recording at once both keep their transaction', async () => {
    const local = new MemoryStorage();
    const [onDevnet, onLocalnet] = [new TxRecords(local), new TxRecords(local)];
    await Promise.all([
      onDevnet.move(signed('a', BUILTIN_NETWORKS.devnet), [null]),
      onLocalnet.move(signed('b', BUILTIN_NETWORKS.localnet), [null]),
    ]);
    expect((await onDevnet.all()).map((r) => [r.id, r.network.id]).sort()).toEqual([
      ['a', 'devnet'],
      ['b', 'localnet'],
    ]);
    expect((await networksInFlight(local)).map((n) => n.id).sort()).toEqual(['devnet', 'localnet']);
  });

  it('moves a record only from the status its mover expects: the first mover wins', async () => {
    const records = new TxRecords(new MemoryStorage());
    expect(await records.move(approved('x'), [null])).toBe(true);
    expect(await records.move(approved('x'), [null])).toBe(false); // one record per id
    // A restarted worker ends it (its signature never arrived) ...
    const ended: TxRecord = {
      ...approved('x'),
      status: 'failed',
      signature: null,
      error: { code: 'interrupted', message: 'restarted' },
      settledAt: 2,
    };
    expect(await records.move(ended, ['approved'])).toBe(true);
    // ... so the late answer of the signer it had asked records nothing (and nothing is sent).
    expect(await records.move(signed('x'), ['approved'])).toBe(false);
    expect(await records.get('x')).toEqual(ended);
    await records.removeIf('x', 'approved'); // not approved any more: kept
    expect(await records.get('x')).toEqual(ended);
  });

  it('keeps the newest 32 settled records, and every one still in flight', async () => {
    const local = new MemoryStorage();
    const records = new TxRecords(local);
    await records.move(signed('flying'), [null]);
    for (let i = 0; i < 40; i++) await records.move(confirmed(`c${i}`, 1_000 + i), [null]);
    const ids = (await records.all()).map((r) => r.id);
    expect(ids).toContain('flying');
    expect(ids.filter((id) => id.startsWith('c')).sort()).toEqual(
      Array.from({ length: 32 }, (_, i) => `c${i + 8}`).sort(),
    );
    expect((await networksInFlight(local)).map((n) => n.id)).toEqual(['devnet']);
  });
});
