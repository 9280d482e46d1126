// Every LST a wallet holds, named and valued in SOL, in one HTTP round trip: real mainnet dumps
// (JitoSOL on SPoo1, jupSOL on SPMBz, pwrSOL on SP12t, Marinade's State) loaded into the localnet,
// Sanctum Infinity's PoolState built from its v1 layout and upstream's own v2 account. Every figure is checked against
// a computation done here from the raw bytes, to the lamport.
import { Keypair, PublicKey } from '@solana/web3.js';
import { StakePoolLayout } from '@solana/spl-stake-pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shortAddress } from '../../src/shared/format';
import type { NetworkInfo } from '../../src/shared/networks';
import type { HeldLst, Portfolio } from '../../src/shared/staking';
import { engineFor } from '../support/staking';
import { startTestChain, type TestChain } from '../support/localnet';
import {
  FIXTURES_AVAILABLE,
  INF_MINT,
  JITOSOL_MINT,
  JITO_POOL,
  JUPSOL_POOL,
  MARINADE_STATE,
  MSOL_MINT,
  PWRSOL_MINT,
  PWR_POOL,
  type AccountEntry,
  clonedPool,
  dump,
  metaplexMetadata,
  mintAccount,
  tokenAccount,
  token2022MintWithMetadata,
} from '../support/lst-fixtures';
import {
  UPSTREAM_POOL_STATE_V2,
  infPoolState,
  infinityDump,
  infinityOr,
  withPoolStateV2,
} from '../support/infinity-fixtures';
import { referenceInfValue } from '../support/infinity-release-reference';

const STSOL_MINT = '7dHbWXmci3dT8UFYWYZweBLXgycu7Y3iL6trKn1Y7ARj'; // Lido: listed, not valued
const U = (s: string) => BigInt(s);

function poolRate(entry: AccountEntry) {
  const p = StakePoolLayout.decode(Buffer.from(entry.account.data));
  return {
    total: U(p.totalLamports.toString()),
    supply: U(p.poolTokenSupply.toString()),
    mint: p.poolMint.toBase58(),
  };
}

/** Marinade's total_virtual_staked_lamports and msol_supply, read here from the State's bytes. */
function marinadeRate(entry: AccountEntry) {
  const d = Buffer.from(entry.account.data);
  const u = (o: number) => d.readBigUInt64LE(o);
  const virtual = u(376) + u(226) + u(568) + u(496) - u(528);
  return { virtual, supply: u(504), price: u(512) };
}

const find = (p: Portfolio, mint: string): HeldLst | undefined =>
  [...p.lsts, ...p.otherLsts].find((l) => l.mint === mint);

describe.skipIf(!FIXTURES_AVAILABLE || !infinityOr('portfolio: every LST'))(
  'portfolio: every LST named and valued',
  () => {
    let chain: TestChain;
    const user = Keypair.generate();
    const jito = () => dump('jito-stake-pool.json');
    const marinade = () => dump('marinade-state.json');
    const jup = () => dump('jupsol-stake-pool.json');
    const pwr = () => dump('pwr-pool.json');
    const INF_SUPPLY = 1_900_123_456_789_012n;
    const held = {
      jito: 3_500_000_001n,
      msol: 3_000_000_000n,
      inf: 2_250_000_007n,
      jup: 1_100_000_000n,
      pwr: 700_000_000n,
      stsol: 5_000_000_000n,
    };

    beforeAll(async () => {
      const accounts: AccountEntry[] = [
        jito(),
        dump('jitosol-mint.json'),
        marinade(),
        dump('msol-mint.json'),
        jup(),
        pwr(),
        dump('pwrsol-mint.json'),
        mintAccount(poolRate(jup()).mint, 1n),
        mintAccount(INF_MINT, INF_SUPPLY),
        mintAccount(STSOL_MINT, 1n),
        infPoolState({ version: 1, totalSolValue: 2_478_901_234_567_891n }),
        tokenAccount(user.publicKey, JITOSOL_MINT, held.jito),
        tokenAccount(user.publicKey, MSOL_MINT, held.msol),
        tokenAccount(user.publicKey, INF_MINT, held.inf),
        tokenAccount(user.publicKey, poolRate(jup()).mint, held.jup),
        tokenAccount(user.publicKey, PWRSOL_MINT, held.pwr),
        tokenAccount(user.publicKey, STSOL_MINT, held.stsol),
      ];
      chain = await startTestChain({ accounts });
      await chain.fund(user.publicKey, 5);
    });
    afterAll(async () => chain?.close());

    const mainnetFork = (): NetworkInfo => ({
      id: 'custom',
      label: 'mainnet fork',
      rpcUrl: chain.node.rpcUrl,
      chain: 'solana:mainnet',
    });

    it('values JitoSOL, INF (v1), mSOL, jupSOL and pwrSOL by their own formulas, names them, and totals exactly what is valued — in one round trip', async () => {
      const network = mainnetFork();
      const engine = engineFor(chain, user, { network });
      const owner = user.publicKey.toBase58();
      await engine.portfolio.refresh(owner); // first sight of these mints
      const before = { ...engine.rpc.stats };
      const p = await engine.portfolio.refresh(owner);
      expect(engine.rpc.stats.httpRoundTrips - before.httpRoundTrips).toBe(1);

      const j = poolRate(jito());
      const jitoRow = find(p, JITOSOL_MINT)!;
      expect(jitoRow).toMatchObject({
        kind: 'splStakePool',
        symbol: 'JitoSOL',
        nameSource: 'registry',
        pool: JITO_POOL,
        programKind: 'spl',
      });
      expect(U(jitoRow.kind === 'splStakePool' ? jitoRow.valueLamports : '0')).toBe(
        (held.jito * j.total) / j.supply,
      );

      const jp = poolRate(jup());
      const jupRow = find(p, jp.mint)!;
      expect(jupRow).toMatchObject({
        kind: 'splStakePool',
        pool: JUPSOL_POOL,
        programKind: 'sanctumMulti',
        nameSource: 'registry',
      });
      expect(jupRow.kind === 'splStakePool' && U(jupRow.valueLamports)).toBe(
        (held.jup * jp.total) / jp.supply,
      );
      const pw = poolRate(pwr());
      const pwrRow = find(p, PWRSOL_MINT)!;
      expect(pwrRow).toMatchObject({
        kind: 'splStakePool',
        symbol: 'pwrSOL',
        pool: PWR_POOL,
        programKind: 'sanctumSingle',
      });
      expect(pwrRow.kind === 'splStakePool' && U(pwrRow.valueLamports)).toBe(
        (held.pwr * pw.total) / pw.supply,
      );

      const m = marinadeRate(marinade());
      // The offsets read the State right: Marinade's own crank wrote msol_price = virtual × 2^32 / supply.
      expect((m.virtual * 2n ** 32n) / m.supply).toBe(m.price);
      const msolRow = find(p, MSOL_MINT)!;
      expect(msolRow).toMatchObject({
        kind: 'marinade',
        symbol: 'mSOL',
        nameSource: 'registry',
        paused: false,
      });
      expect(
        msolRow.kind === 'marinade' && [
          U(msolRow.totalLamports),
          U(msolRow.poolTokenSupply),
          U(msolRow.valueLamports),
        ],
      ).toEqual([m.virtual, m.supply, (held.msol * m.virtual) / m.supply]);

      const infRow = find(p, INF_MINT)!;
      expect(infRow).toMatchObject({ kind: 'infinity', symbol: 'INF', version: 1, withheldLamports: null });
      expect(infRow.kind === 'infinity' && U(infRow.valueLamports)).toBe(
        (held.inf * 2_478_901_234_567_891n) / INF_SUPPLY,
      );

      const stsol = find(p, STSOL_MINT)!;
      expect(stsol).toMatchObject({ kind: 'unvalued', symbol: 'stSOL', balance: held.stsol.toString() });
      expect(stsol.kind === 'unvalued' && stsol.reason).toMatch(/cannot value Lido/);

      const sol = U(p.solLamports);
      expect(sol).toBe(5_000_000_000n);
      const valued =
        (held.jito * j.total) / j.supply +
        (held.jup * jp.total) / jp.supply +
        (held.pwr * pw.total) / pw.supply +
        (held.msol * m.virtual) / m.supply +
        (held.inf * 2_478_901_234_567_891n) / INF_SUPPLY;
      expect(U(p.totalLamports)).toBe(sol + valued); // stSOL's balance is not in it
    });

    it('values INF v2 on upstream’s own account at the slot the batch read it: the yield due since last_release_slot released as the program would, and says when Marinade is paused', async () => {
      const network = mainnetFork();
      const engine = engineFor(chain, user, { network });
      const setAccount = (e: AccountEntry) =>
        chain.rpc('localnet_setAccount', [
          e.address,
          {
            lamports: Number(e.account.lamports),
            owner: e.account.owner,
            data: Buffer.from(e.account.data).toString('base64'),
          },
        ]);
      // Nothing lands between here and the refresh, so this is the slot the batch reads at.
      const slot = BigInt(await chain.connection.getSlot());
      const upstream = infinityDump('pool-state-v2.json');
      await setAccount(withPoolStateV2(upstream, { lastReleaseSlot: slot - 10n }));
      const paused = marinade();
      const data = Buffer.from(paused.account.data);
      data[608] = 1;
      await setAccount({
        address: MARINADE_STATE,
        account: { ...paused.account, data: new Uint8Array(data) },
      });

      const fixture = UPSTREAM_POOL_STATE_V2;
      const p = await engine.portfolio.refresh(user.publicKey.toBase58());
      expect(BigInt(await chain.connection.getSlot())).toBe(slot);
      const inf = find(p, INF_MINT)!;
      // 10 slots after its last release: upstream's own SDK test of this account says 999957360 and 4333.
      expect(inf).toMatchObject({
        kind: 'infinity',
        version: 2,
        withheldLamports: '999957360',
        protocolFeeLamports: '4333',
        lastReleaseSlot: Number(slot - 10n),
        readAtSlot: Number(slot),
      });
      const at10 = referenceInfValue({ ...fixture, slotsElapsed: 10n }, INF_SUPPLY, held.inf);
      expect(inf.kind === 'infinity' && U(inf.valueLamports)).toBe(at10);
      expect(find(p, MSOL_MINT)).toMatchObject({ kind: 'marinade', paused: true });

      // The account as upstream holds it (last release at slot 0): every slot since genesis elapsed.
      await setAccount(upstream);
      const all = find(await engine.portfolio.refresh(user.publicKey.toBase58()), INF_MINT)!;
      expect(all).toMatchObject({ withheldLamports: '0', protocolFeeLamports: String(69n + 100_000_000n) });
      expect(all.kind === 'infinity' && U(all.valueLamports)).toBe(
        referenceInfValue({ ...fixture, slotsElapsed: slot }, INF_SUPPLY, held.inf),
      );
    });

    it('off mainnet: names from Metaplex metadata or the Token-2022 metadata extension, else the shortened mint', async () => {
      const t22Mint = Keypair.generate().publicKey.toBase58();
      const t22Pool = clonedPool(jito(), t22Mint);
      const named = [
        metaplexMetadata(JITOSOL_MINT, 'Jito Staked SOL', 'JitoSOL'),
        token2022MintWithMetadata(t22Mint, 1n, 'Tide Test SOL', 'tideSOL'),
        t22Pool,
        tokenAccount(
          user.publicKey,
          t22Mint,
          42_000_000n,
          new PublicKey('TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb'),
        ),
      ];
      for (const e of named) {
        await chain.rpc('localnet_setAccount', [
          e.address,
          {
            lamports: Number(e.account.lamports),
            owner: e.account.owner,
            data: Buffer.from(e.account.data).toString('base64'),
          },
        ]);
      }
      const engine = engineFor(chain, user); // chain: solana:localnet, no registry
      const owner = user.publicKey.toBase58();
      await engine.portfolio.refresh(owner);
      const before = { ...engine.rpc.stats };
      const p = await engine.portfolio.refresh(owner);
      expect(engine.rpc.stats.httpRoundTrips - before.httpRoundTrips).toBe(1);
      expect(find(p, JITOSOL_MINT)).toMatchObject({
        symbol: 'JitoSOL',
        name: 'Jito Staked SOL',
        nameSource: 'metadata',
      });
      const t22 = find(p, t22Mint)!;
      expect(t22).toMatchObject({
        kind: 'splStakePool',
        symbol: 'tideSOL',
        name: 'Tide Test SOL',
        nameSource: 'metadata',
      });
      const j = poolRate(jito());
      expect(t22.kind === 'splStakePool' && U(t22.valueLamports)).toBe((42_000_000n * j.total) / j.supply);
      expect(find(p, MSOL_MINT)).toMatchObject({
        kind: 'marinade',
        symbol: shortAddress(MSOL_MINT),
        nameSource: 'mint',
      });
      // Off mainnet the registry says nothing: stSOL's mint is just a token here.
      expect(find(p, STSOL_MINT)).toBeUndefined();
      expect(p.tokens.map((t) => t.mint)).toContain(STSOL_MINT);
    });
  },
);

describe.skipIf(!FIXTURES_AVAILABLE)('portfolio: 150 LSTs in one round trip', () => {
  let chain: TestChain;
  const user = Keypair.generate();
  const pools: { mint: string; balance: bigint }[] = [];

  beforeAll(async () => {
    const template = dump('jito-stake-pool.json');
    const accounts: AccountEntry[] = [];
    for (let i = 0; i < 150; i++) {
      const mint = Keypair.generate().publicKey.toBase58();
      const balance = 1_000_000_000n + BigInt(i) * 7_777_777n;
      accounts.push(
        clonedPool(template, mint),
        mintAccount(mint, 1n),
        tokenAccount(user.publicKey, mint, balance),
      );
      pools.push({ mint, balance });
    }
    chain = await startTestChain({ accounts });
    await chain.fund(user.publicKey, 1);
  });
  afterAll(async () => chain?.close());

  it('the localnet refuses more than 100 keys in one getMultipleAccounts, as a real node does', async () => {
    const keys = pools.slice(0, 101).map((p) => p.mint);
    await expect(chain.rpc('getMultipleAccounts', [keys, { encoding: 'base64' }])).rejects.toThrow(
      'Too many inputs provided; max 100',
    );
    await expect(
      chain.rpc('getMultipleAccounts', [keys.slice(0, 100), { encoding: 'base64' }]),
    ).resolves.toBeTruthy();
  });

  it('refreshes 150 LSTs in one HTTP round trip (getMultipleAccounts split inside the batch), each valued to the lamport', async () => {
    const engine = engineFor(chain, user);
    const owner = user.publicKey.toBase58();
    await engine.portfolio.refresh(owner); // first sight: discovery
    const before = { ...engine.rpc.stats };
    const p = await engine.portfolio.refresh(owner);
    expect(engine.rpc.stats.httpRoundTrips - before.httpRoundTrips).toBe(1);
    // balance, epoch, the indexes (2 × token accounts, stake accounts: addresses only), the slot
    // time's samples, the fee per signature and a blockhash to ask it on next time, the 150 token
    // accounts read directly in 2 calls of ≤ 100, then the 150 pools' keys in 2 calls
    expect(engine.rpc.stats.rpcRequests - before.rpcRequests).toBe(12);
    expect(p.lsts).toHaveLength(150);
    const j = poolRate(dump('jito-stake-pool.json'));
    let total = U(p.solLamports);
    for (const { mint, balance } of pools) {
      const row = p.lsts.find((l) => l.mint === mint)!;
      expect(U(row.valueLamports)).toBe((balance * j.total) / j.supply);
      expect(row).toMatchObject({ symbol: shortAddress(mint), nameSource: 'mint' });
      total += (balance * j.total) / j.supply;
    }
    expect(U(p.totalLamports)).toBe(total);
  });
});
