// The portfolio's small pure parts: the batch split by 100 keys, the bounded rate history, the
// name cache's expiry, metadata decoding that refuses what is not the token's own, and the
// registry (mainnet only, every kind of LST).
import { Keypair, PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import type { RpcResult } from '../../src/background/chain/rpc-methods';
import { AccountRequest, MAX_KEYS_PER_CALL } from '../../src/background/chain/account-batch';
import { MemoryStorage } from '../support/memory-storage';
import { MAX_POINTS, RateBook, RateHistory, SEEN_STEP_MS } from '../../src/background/portfolio/rate-history';
import {
  NameBook,
  decodeMetaplexName,
  decodeToken2022Name,
} from '../../src/background/portfolio/token-names';
import { MAINNET_LSTS, registryEntry } from '../../src/background/staking/lst-registry';
import { lstSymbol } from '../../src/background/staking/pool-summary';
import { metaplexMetadata, token2022MintWithMetadata } from '../support/lst-fixtures';

const raw = (e: { account: { owner: string; data: Uint8Array; lamports: bigint } }) => ({
  owner: new PublicKey(e.account.owner),
  data: e.account.data,
  lamports: e.account.lamports,
});

describe('portfolio parts', () => {
  it('splits 250 keys into getMultipleAccounts calls of at most 100, each key once, and maps answers back', () => {
    const keys = Array.from({ length: 250 }, () => Keypair.generate().publicKey.toBase58());
    const request = new AccountRequest().add(...keys, ...keys.slice(0, 10));
    const calls = request.calls();
    expect(calls.map((c) => c.params[0].length)).toEqual([100, 100, 50]);
    expect(MAX_KEYS_PER_CALL).toBe(100);
    const owner = Keypair.generate().publicKey.toBase58();
    const answers: RpcResult<'getMultipleAccounts'>[] = calls.map((c, n) => ({
      context: { slot: 10 + n },
      value: c.params[0].map((k, i) =>
        i % 2 ? null : { owner, lamports: 7, data: [Buffer.from(k).toString('base64'), 'base64'] },
      ),
    }));
    const read = request.read(answers);
    // Each key carries the slot of the call that answered it, not the batch's latest.
    expect([read.slotOf(keys[0]!), read.slotOf(keys[150]!), read.slotOf(keys[201]!)]).toEqual([10, 11, 12]);
    expect(read.slotOf('not asked')).toBeUndefined();
    expect(Buffer.from(read.get(keys[200]!)!.data).toString()).toBe(keys[200]);
    expect(read.get(keys[201]!)).toBeNull();
    expect(read.get('not asked')).toBeUndefined();
  });

  it('keeps at most MAX_POINTS rates per token, only when the rate moved, with the first one as anchor', () => {
    const book = new RateBook({});
    for (let i = 0; i < MAX_POINTS + 10; i++) {
      book.observe('m', { at: i, epoch: i, lamportsPerToken: String(1_000_000_000 + i) });
      book.observe('m', { at: i + 0.5, epoch: i, lamportsPerToken: String(1_000_000_000 + i) }); // unchanged: not added
    }
    const points = book.stored().m!.points;
    expect(points).toHaveLength(MAX_POINTS);
    expect(points[0]!.lamportsPerToken).toBe('1000000000');
    expect(points[points.length - 1]!.lamportsPerToken).toBe(String(1_000_000_000 + MAX_POINTS + 9));
  });

  it('writes the rates only when one moved or a token was last stored as seen over SEEN_STEP_MS ago', async () => {
    const storage = new MemoryStorage();
    const history = new RateHistory(storage);
    const point = (at: number, lamportsPerToken: string) => ({ at, epoch: 1, lamportsPerToken });
    const observed = async (at: number, rate: string) => {
      const book = await history.load('cluster', 'rpc');
      book.observe('m', point(at, rate));
      await history.save('cluster', book);
      return book.changed;
    };
    expect(await observed(0, '1000')).toBe(true); // first point
    expect(await observed(1000, '1000')).toBe(false); // same rate, seen moments later: nothing written
    expect((await history.load('cluster', 'rpc')).stored().m!.seen).toBe(0);
    expect(await observed(2000, '1001')).toBe(true); // the rate moved
    expect(await observed(2000 + SEEN_STEP_MS, '1001')).toBe(true); // seen an hour later: kept current for eviction
    expect((await history.load('cluster', 'rpc')).stored().m).toEqual({
      seen: 2000 + SEEN_STEP_MS,
      points: [point(0, '1000'), point(2000, '1001')],
    });
  });

  it('re-reads a name after a day, and shows the last one meanwhile', () => {
    const book = new NameBook({});
    book.set('m', { symbol: 'X', name: 'Ex' }, 0);
    expect(book.get('m', 1000)).toEqual({ symbol: 'X', name: 'Ex' });
    expect(book.get('m', 25 * 3600 * 1000)).toBeUndefined();
    expect(book.last('m')).toEqual({ symbol: 'X', name: 'Ex' });
  });

  it('reads Metaplex and Token-2022 names only for their own mint, without control characters', () => {
    const mint = Keypair.generate().publicKey.toBase58();
    expect(decodeMetaplexName(raw(metaplexMetadata(mint, 'Tide\u202e SOL', 'tSOL')), mint)).toEqual({
      symbol: 'tSOL',
      name: 'Tide SOL',
    });
    expect(
      decodeMetaplexName(
        raw(metaplexMetadata(mint, 'Tide SOL', 'tSOL')),
        Keypair.generate().publicKey.toBase58(),
      ),
    ).toBeNull();
    expect(decodeToken2022Name(raw(token2022MintWithMetadata(mint, 1n, 'Tide 22', 't22')), mint)).toEqual({
      symbol: 't22',
      name: 'Tide 22',
    });
    expect(
      decodeToken2022Name(
        raw(token2022MintWithMetadata(mint, 1n, 'Tide 22', 't22')),
        Keypair.generate().publicKey.toBase58(),
      ),
    ).toBeNull();
  });

  it('uses the maintained registry on mainnet only, every LST kind included; unknown mints are named by their mint', () => {
    expect(MAINNET_LSTS.length).toBeGreaterThan(200);
    expect(registryEntry('mSoLzYCxHdYgdzU16g5QSh3i5K3z3KZK7ytfqcJm7So', 'solana:mainnet')).toMatchObject({
      kind: 'marinade',
      symbol: 'mSOL',
    });
    expect(registryEntry('5oVNBeEEQvYi1cX3ir8Dx5n1P7pdxydbGF2X4TxVusJm', 'solana:mainnet')).toMatchObject({
      kind: 'infinity',
      symbol: 'INF',
    });
    expect(registryEntry('7dHbWXmci3dT8UFYWYZweBLXgycu7Y3iL6trKn1Y7ARj', 'solana:mainnet')).toMatchObject({
      kind: 'unsupported',
      program: 'Lido',
    });
    expect(registryEntry('J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn', 'solana:devnet')).toBeUndefined();
    expect(lstSymbol('J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn', 'solana:mainnet')).toBe('JitoSOL');
    expect(lstSymbol('J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn', 'solana:localnet')).toBe('J1to…GCPn');
  });
});
