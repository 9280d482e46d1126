// A refresh sends its one batch before reading anything large from storage: it asks for the
// accounts its plan names (what the last refresh of this account needed) and never reads the saved
// portfolio. The plan survives a worker restart (it is stored), and a plan that misses something
// (new holdings, a lost or tampered plan, names due again) costs one more round trip, never a wrong
// figure: every LST is still valued to the lamport.
import { Keypair } from '@solana/web3.js';
import { StakePoolLayout } from '@solana/spl-stake-pool';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { portfolioCacheKey } from '../../src/shared/portfolio-cache';
import type { Portfolio } from '../../src/shared/staking';
import { MemoryStorage } from '../support/memory-storage';
import { engineFor } from '../support/staking';
import { startTestChain, type TestChain } from '../support/localnet';
import {
  FIXTURES_AVAILABLE,
  type AccountEntry,
  clonedPool,
  dump,
  mintAccount,
  tokenAccount,
} from '../support/lst-fixtures';

const U = (s: string) => BigInt(s);

describe.skipIf(!FIXTURES_AVAILABLE)('portfolio refresh plan', () => {
  let chain: TestChain;
  const user = Keypair.generate();
  const template = dump('jito-stake-pool.json');
  const rate = (() => {
    const p = StakePoolLayout.decode(Buffer.from(template.account.data));
    return { total: U(p.totalLamports.toString()), supply: U(p.poolTokenSupply.toString()) };
  })();
  const held = new Map<string, bigint>();
  const poolOf = new Map<string, AccountEntry>();
  const lst = (balance: bigint): AccountEntry[] => {
    const mint = Keypair.generate().publicKey.toBase58();
    held.set(mint, balance);
    poolOf.set(mint, clonedPool(template, mint));
    return [poolOf.get(mint)!, mintAccount(mint, 1n), tokenAccount(user.publicKey, mint, balance)];
  };
  const setAccounts = (entries: AccountEntry[]) =>
    Promise.all(
      entries.map((e) =>
        chain.rpc('localnet_setAccount', [
          e.address,
          {
            lamports: Number(e.account.lamports),
            owner: e.account.owner,
            data: Buffer.from(e.account.data).toString('base64'),
          },
        ]),
      ),
    );

  beforeAll(async () => {
    chain = await startTestChain({
      accounts: [...lst(1_000_000_007n), ...lst(2_500_000_000n), ...lst(333_333_333n)],
    });
    await chain.fund(user.publicKey, 1);
  });
  afterAll(async () => chain?.close());

  /** Every LST held is in the portfolio, valued to the lamport. */
  function expectExact(p: Portfolio): void {
    expect(p.lsts.map((l) => l.mint).sort()).toEqual([...held.keys()].sort());
    for (const l of p.lsts) expect(U(l.valueLamports)).toBe((held.get(l.mint)! * rate.total) / rate.supply);
  }

  /** One refresh: its HTTP round trips and the storage keys it read. */
  async function refreshed(engine: ReturnType<typeof engineFor>) {
    const reads: string[] = [];
    const get = engine.storage.get.bind(engine.storage);
    engine.storage.get = (key) => {
      reads.push(key);
      return get(key);
    };
    const before = engine.rpc.stats.httpRoundTrips;
    try {
      const portfolio = await engine.portfolio.refresh(engine.owner.toBase58());
      await engine.portfolio.saved();
      return { portfolio, trips: engine.rpc.stats.httpRoundTrips - before, reads };
    } finally {
      engine.storage.get = get;
    }
  }

  it('after a worker restart: one round trip, and the saved portfolio is never read', async () => {
    const storage = new MemoryStorage();
    // First sight, no plan: the batch, then pool discovery and the names, side by side (2 requests, one wait).
    const first = await refreshed(engineFor(chain, user, { storage }));
    expect(first.trips).toBe(3);
    expectExact(first.portfolio);

    const restarted = await refreshed(engineFor(chain, user, { storage })); // a new service: nothing in memory
    expect(restarted.trips).toBe(1);
    expect(restarted.reads).not.toContain(portfolioCacheKey(user.publicKey.toBase58(), chain.node.rpcUrl));
    expectExact(restarted.portfolio);
  });

  it('new holdings, and a lost plan, cost one more round trip, then one again, figures exact throughout', async () => {
    const storage = new MemoryStorage();
    const engine = engineFor(chain, user, { storage });
    await refreshed(engine);
    expect((await refreshed(engine)).trips).toBe(1);

    await setAccounts(lst(4_200_000_000n)); // a fourth LST arrives: its pool is not in the plan
    const grown = await refreshed(engine);
    expect(grown.trips).toBe(3); // discovery and its name, side by side
    expectExact(grown.portfolio);
    expect((await refreshed(engine)).trips).toBe(1);

    // The stored plan lost (a new worker finds none): the batch asks only the balances; the rest follows.
    for (const key of [...storage.data.keys()])
      if (key.startsWith('portfolioPlan:')) storage.data.delete(key);
    const lost = await refreshed(engineFor(chain, user, { storage }));
    expect(lost.trips).toBe(2);
    expectExact(lost.portfolio);
  });

  it('names due again a day later are asked in the same one batch', async () => {
    const engine = engineFor(chain, user, { storage: new MemoryStorage() });
    await refreshed(engine);
    const metadataAsked = () => {
      const sent: string[] = [];
      const batch = engine.rpc.batch.bind(engine.rpc);
      engine.rpc.batch = async (calls) => {
        for (const c of calls)
          if (c.method === 'getMultipleAccounts') sent.push(...(c.params[0] as string[]));
        return batch(calls);
      };
      return sent;
    };
    const asked = metadataAsked();
    expect((await refreshed(engine)).trips).toBe(1);
    const today = asked.length;
    const dayLater = Date.now() + 25 * 3600 * 1000;
    vi.useFakeTimers({ toFake: ['Date'], now: dayLater });
    try {
      const tomorrow = metadataAsked();
      const late = await refreshed(engine);
      expect(late.trips).toBe(1);
      // The same pools and token accounts, plus each LST's metadata account (its name is read again).
      expect(tomorrow.length).toBe(today + held.size);
      expectExact(late.portfolio);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a pool account that changed since the last refresh is decoded anew: its new rate, or why it cannot be valued', async () => {
    const engine = engineFor(chain, user, { storage: new MemoryStorage() });
    await refreshed(engine);
    expectExact((await refreshed(engine)).portfolio); // the pools decoded, and reused once
    const [mint, balance] = [...held][0]!;
    const pool = poolOf.get(mint)!;
    const withData = (data: Buffer): AccountEntry => ({
      ...pool,
      account: { ...pool.account, data: new Uint8Array(data) },
    });
    const richer = Buffer.from(pool.account.data);
    richer.writeBigUInt64LE(rate.total * 2n, 258); // total_lamports
    await setAccounts([withData(richer)]);
    const row = (await refreshed(engine)).portfolio.lsts.find((l) => l.mint === mint)!;
    expect(U(row.valueLamports)).toBe((balance * rate.total * 2n) / rate.supply);

    const elsewhere = Buffer.from(richer);
    Keypair.generate().publicKey.toBuffer().copy(elsewhere, 162); // pool_mint: another token now
    await setAccounts([withData(elsewhere)]);
    const moved = (await refreshed(engine)).portfolio;
    expect(moved.lsts.some((l) => l.mint === mint)).toBe(false);
    expect(moved.otherLsts.find((l) => l.mint === mint)).toMatchObject({
      kind: 'unvalued',
      reason: 'Its stake pool now mints another token. Its value is unknown.',
    });

    await setAccounts([pool]);
    expectExact((await refreshed(engine)).portfolio);
  });
});
