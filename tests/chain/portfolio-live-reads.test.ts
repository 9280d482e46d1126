// Balances and stake accounts from direct reads, not from an index that lags (issue 23). On a
// localnet whose indexes answer as they were LAG writes ago (--index-lag) and on one whose indexes
// are exact, the same transactions of the wallet's own give the same portfolio, equal to the bank:
// a token account and a stake account it just opened are read directly though no index lists them,
// a balance it moved shows the bank's figure, a stake account it closed is gone though the index
// still lists it. An account someone else opened is found once an index lists it, for one more
// round trip. And every read after a transaction is asked from the slot it landed in on.
import {
  Authorized,
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  StakeProgram,
  SystemProgram,
  Transaction,
  type TransactionInstruction,
} from '@solana/web3.js';
import {
  ACCOUNT_SIZE,
  TOKEN_PROGRAM_ID,
  createInitializeAccount3Instruction,
  createAssociatedTokenAccountIdempotentInstruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LandedTransaction } from '../../src/background/chain/tx-sender';
import { MIN_CONTEXT_SLOT_NOT_REACHED } from '../../src/background/chain/min-context-slot';
import { RpcNodeError } from '../../src/background/chain/rpc-client';
import type { Portfolio } from '../../src/shared/staking';
import { newMintInstructions, send, tokenHolding } from '../support/attacks';
import { startTestChain, type TestChain } from '../support/localnet';
import { engineFor } from '../support/staking';

const LAG = 40;

/** Writes that have nothing to do with the wallet: what moves a lagging index on. */
const unrelatedWrites = async (chain: TestChain, count: number) => {
  for (let i = 0; i < count; i++) await chain.fund(Keypair.generate().publicKey, 1);
};

/** What the bank holds for `owner`, read the way no index can lag: account by account. */
async function bankFigures(
  chain: TestChain,
  owner: PublicKey,
  tokenAccounts: PublicKey[],
  stakes: PublicKey[],
) {
  const [sol, ...accounts] = await Promise.all([
    chain.connection.getBalance(owner),
    ...[...tokenAccounts, ...stakes].map((a) => chain.connection.getAccountInfo(a)),
  ]);
  const tokens = tokenAccounts.flatMap((address, i) => {
    const data = accounts[i]?.data;
    return data ? [{ tokenAccount: address.toBase58(), balance: data.readBigUInt64LE(64).toString() }] : [];
  });
  const stakeAccounts = stakes.flatMap((address, i) => {
    const account = accounts[tokenAccounts.length + i];
    return account ? [{ address: address.toBase58(), lamports: String(account.lamports) }] : [];
  });
  return { sol: String(sol), tokens, stakeAccounts };
}

const shown = (p: Portfolio) => ({
  sol: p.solLamports,
  tokens: p.tokens.map((t) => ({ tokenAccount: t.tokenAccount, balance: t.balance })),
  stakeAccounts: p.stakeAccounts.map((s) => ({ address: s.address, lamports: s.lamports })),
});

describe.each([
  { lag: LAG, what: 'an index that lags' },
  { lag: 0, what: 'an exact index' },
])('portfolio from direct reads, with $what', ({ lag }) => {
  let chain: TestChain;
  let operator: Keypair;
  beforeAll(async () => {
    chain = await startTestChain({ indexLag: lag });
    operator = await chain.funded(100);
  });
  afterAll(async () => chain?.close());

  async function refreshed(engine: ReturnType<typeof engineFor>) {
    const before = engine.rpc.stats.httpRoundTrips;
    const portfolio = await engine.portfolio.refresh(engine.owner.toBase58());
    await engine.portfolio.saved();
    return { portfolio, trips: engine.rpc.stats.httpRoundTrips - before };
  }

  it('shows what the wallet’s own transactions did at once, equal to the bank, whatever the index says', async () => {
    const user = await chain.funded(20);
    const engine = engineFor(chain, user);
    const owner = user.publicKey;
    const landed: LandedTransaction[] = [];
    engine.sender.onLanded(async (l) => void landed.push(l));
    // A mint the wallet may mint (made by someone else, long enough ago for any index).
    const mint = Keypair.generate();
    await send(chain, operator, await newMintInstructions(chain, operator.publicKey, mint.publicKey, owner), [
      mint,
    ]);
    await unrelatedWrites(chain, lag);
    expect((await refreshed(engine)).portfolio.tokens).toEqual([]);

    // The wallet's own transaction opens a token account (1,000 tokens) and a 2 SOL stake account.
    const tokenAccount = getAssociatedTokenAddressSync(mint.publicKey, owner);
    const stake = await PublicKey.createWithSeed(owner, 'live-reads', StakeProgram.programId);
    const ours = (instructions: TransactionInstruction[]) =>
      engine.sender.send({ owner, label: 'test' }, instructions);
    const signature = await ours([
      createAssociatedTokenAccountIdempotentInstruction(owner, tokenAccount, owner, mint.publicKey),
      createMintToInstruction(mint.publicKey, tokenAccount, owner, 1_000_000_000n),
      ...StakeProgram.createAccountWithSeed({
        fromPubkey: owner,
        stakePubkey: stake,
        basePubkey: owner,
        seed: 'live-reads',
        authorized: new Authorized(owner, owner),
        lamports: 2 * LAMPORTS_PER_SOL,
      }).instructions,
    ]);
    // The sender tells the slot it landed in, as the chain records it.
    const { value: statuses } = await chain.connection.getSignatureStatuses([signature]);
    expect(landed.map((l) => [l.signature, l.slot])).toEqual([[signature, statuses[0]!.slot]]);
    const listed = await chain.connection.getTokenAccountsByOwner(owner, { mint: mint.publicKey });
    expect(listed.value.length).toBe(lag ? 0 : 1); // a lagging index has not seen it

    const opened = await refreshed(engine);
    expect(shown(opened.portfolio)).toEqual(await bankFigures(chain, owner, [tokenAccount], [stake]));
    expect(opened.portfolio.tokens).toEqual([
      expect.objectContaining({ mint: mint.publicKey.toBase58(), balance: '1000000000', decimals: 6 }),
    ]);
    expect(opened.portfolio.stakeAccounts).toEqual([
      expect.objectContaining({ address: stake.toBase58(), lamports: String(2 * LAMPORTS_PER_SOL) }),
    ]);

    // Tokens sent away: the bank's balance, not the index's.
    await engine.transfers.send(owner, {
      to: Keypair.generate().publicKey.toBase58(),
      amount: '400000000',
      mint: mint.publicKey.toBase58(),
      decimals: 6,
    });
    const moved = await refreshed(engine);
    expect(moved.portfolio.tokens[0]!.balance).toBe('600000000');
    expect(shown(moved.portfolio)).toEqual(await bankFigures(chain, owner, [tokenAccount], [stake]));

    // Once the index has caught up, the stake account is withdrawn (closed): the index still lists
    // it for a while, the refresh drops it.
    await unrelatedWrites(chain, lag);
    expect((await refreshed(engine)).trips).toBe(1);
    await engine.native.execute(owner, {
      kind: 'withdraw',
      stakeAccount: stake.toBase58(),
      lamports: String(await chain.connection.getBalance(stake)),
    });
    const stillListed = await chain.connection.getProgramAccounts(StakeProgram.programId, {
      filters: [{ memcmp: { offset: 44, bytes: owner.toBase58() } }],
    });
    expect(stillListed.length).toBe(lag ? 1 : 0);
    const closed = await refreshed(engine);
    expect(closed.portfolio.stakeAccounts).toEqual([]);
    expect(shown(closed.portfolio)).toEqual(await bankFigures(chain, owner, [tokenAccount], [stake]));

    // Nothing new: one round trip, the same figures, while the index lags and after it caught up.
    const again = await refreshed(engine);
    expect(again.trips).toBe(1);
    expect(shown(again.portfolio)).toEqual(shown(closed.portfolio));
    await unrelatedWrites(chain, lag);
    const caughtUp = await refreshed(engine);
    expect(caughtUp.trips).toBe(1);
    expect(shown(caughtUp.portfolio)).toEqual(shown(closed.portfolio));
  });

  it('an account someone else opened appears once an index lists it, for one more round trip, then in one', async () => {
    const user = await chain.funded(5);
    const engine = engineFor(chain, user);
    await refreshed(engine);
    const { mint, account } = await tokenHolding(chain, operator, user.publicKey, 5_000_000n);
    const early = await refreshed(engine);
    expect(early.portfolio.tokens.length).toBe(lag ? 0 : 1); // not listed yet: not shown
    await unrelatedWrites(chain, lag);
    const found = await refreshed(engine);
    // The refresh that finds it reads it and its mint (decimals, name), and asks whether it is a pool's.
    expect((lag ? found : early).trips).toBe(2);
    expect(found.portfolio.tokens).toEqual([
      expect.objectContaining({
        tokenAccount: account.toBase58(),
        mint: mint.toBase58(),
        balance: '5000000',
      }),
    ]);
    expect((await refreshed(engine)).trips).toBe(1);
  });

  it('a token send takes its tokens from an account read directly, one only the index names (not the associated one) included', async () => {
    const user = await chain.funded(5);
    const engine = engineFor(chain, user);
    const { mint } = await tokenHolding(chain, operator, operator.publicKey, 0n);
    const account = Keypair.generate();
    await send(
      chain,
      operator,
      [
        SystemProgram.createAccount({
          fromPubkey: operator.publicKey,
          newAccountPubkey: account.publicKey,
          lamports: await chain.connection.getMinimumBalanceForRentExemption(ACCOUNT_SIZE),
          space: ACCOUNT_SIZE,
          programId: TOKEN_PROGRAM_ID,
        }),
        createInitializeAccount3Instruction(account.publicKey, mint, user.publicKey),
        createMintToInstruction(mint, account.publicKey, operator.publicKey, 5_000_000n),
      ],
      [account],
    );
    await unrelatedWrites(chain, lag);
    const to = Keypair.generate().publicKey;
    // The decimals are the mint's, read with the source accounts: an amount entered in others signs nothing.
    await expect(
      engine.transfers.send(user.publicKey, {
        to: to.toBase58(),
        amount: '1000',
        mint: mint.toBase58(),
        decimals: 3,
      }),
    ).rejects.toMatchObject({
      code: 'rpc_error',
      message:
        'The RPC node now says this token has 6 decimals, but the amount was entered with 3. Nothing was signed; check your RPC.',
    });
    expect((await chain.connection.getTokenAccountBalance(account.publicKey)).value.amount).toBe('5000000');
    await engine.transfers.send(user.publicKey, {
      to: to.toBase58(),
      amount: '1000000',
      mint: mint.toBase58(),
      decimals: 6,
    });
    expect((await chain.connection.getTokenAccountBalance(account.publicKey)).value.amount).toBe('4000000');
    const { portfolio } = await refreshed(engine);
    expect(portfolio.tokens).toEqual([
      expect.objectContaining({ tokenAccount: account.publicKey.toBase58(), balance: '4000000' }),
    ]);
  });
});

describe('reads after a transaction are asked from the slot it landed in', () => {
  let chain: TestChain;
  beforeAll(async () => {
    chain = await startTestChain();
  });
  afterAll(async () => chain?.close());

  /** A landed transaction of `user` noted `ahead` slots past the node (a node behind a load balancer's other nodes). */
  async function noteAhead(engine: ReturnType<typeof engineFor>, ahead: number) {
    await engine.portfolio.refresh(engine.owner.toBase58()); // the account is one this wallet shows here
    await engine.portfolio.saved();
    const { blockhash, lastValidBlockHeight } = await chain.connection.getLatestBlockhash();
    const tx = new Transaction({ feePayer: engine.owner, blockhash, lastValidBlockHeight }).add(
      SystemProgram.transfer({ fromPubkey: engine.owner, toPubkey: engine.owner, lamports: 1 }),
    );
    const slot = (await chain.connection.getSlot()) + ahead;
    await engine.portfolio.noteLanded({
      id: 'noted',
      status: 'submitted',
      signature: 'noted',
      wire: tx.serialize({ requireAllSignatures: false }).toString('base64'), // only its signers are read
      lastValidBlockHeight,
      network: engine.network,
      label: 'test',
      createdAt: Date.now(),
      owner: engine.owner.toBase58(),
      slot,
    });
    return slot;
  }

  /**
   * Every read of the account's state the engine sends, with whether the node said it had not
   * reached its minContextSlot. The cluster's figures the refresh also asks (slot time, fee per
   * signature, a blockhash to ask it on) are no transaction's to change.
   */
  function watchReads(engine: ReturnType<typeof engineFor>) {
    const seen = { minContextSlots: [] as (number | undefined)[], behind: 0 };
    const clusterFigures = new Set(['getRecentPerformanceSamples', 'getFeeForMessage', 'getLatestBlockhash']);
    const batch = engine.rpc.batch.bind(engine.rpc);
    engine.rpc.batch = async (calls) => {
      for (const { method, params } of calls) {
        if (clusterFigures.has(method)) continue;
        const config = params.filter((p) => typeof p === 'object' && p !== null && !Array.isArray(p)).at(-1);
        seen.minContextSlots.push((config as { minContextSlot?: number } | undefined)?.minContextSlot);
      }
      try {
        return await batch(calls);
      } catch (error) {
        if (error instanceof RpcNodeError && error.rpcCode === MIN_CONTEXT_SLOT_NOT_REACHED) seen.behind++;
        throw error;
      }
    };
    return seen;
  }

  it('a node behind that slot is asked again until it has reached it; the next refresh asks no slot', async () => {
    const user = await chain.funded(5);
    const engine = engineFor(chain, user);
    const slot = await noteAhead(engine, 3);
    const seen = watchReads(engine);
    const refreshing = engine.portfolio.refresh(user.publicKey.toBase58());
    await vi.waitFor(() => expect(seen.behind).toBeGreaterThan(0));
    await chain.rpc('localnet_advanceSlots', [3]);
    const portfolio = await refreshing;
    expect(portfolio.solLamports).toBe(String(await chain.connection.getBalance(user.publicKey)));
    expect(seen.minContextSlots.every((s) => s === slot)).toBe(true);
    await engine.portfolio.saved();
    seen.minContextSlots.length = 0;
    await engine.portfolio.refresh(user.publicKey.toBase58());
    expect(seen.minContextSlots.every((s) => s === undefined)).toBe(true);
  });

  it('a node that does not reach it fails the refresh with a sentence; the note lapses after two minutes', async () => {
    const user = await chain.funded(5);
    const engine = engineFor(chain, user);
    const slot = await noteAhead(engine, 1_000);
    await expect(engine.portfolio.refresh(user.publicKey.toBase58())).rejects.toMatchObject({
      code: 'rpc_error',
      message: `The RPC node has not reached slot ${slot}, where your last transaction landed, so its figures would be from before it. Try again in a moment.`,
    });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 121_000 });
    try {
      const portfolio = await engine.portfolio.refresh(user.publicKey.toBase58());
      expect(portfolio.solLamports).toBe(String(await chain.connection.getBalance(user.publicKey)));
    } finally {
      vi.useRealTimers();
    }
  });
});
