// --index-lag N: getProgramAccounts and getTokenAccountsByOwner answer as their index was N writes
// ago (new accounts missing, changed ones stale, closed ones still listed), while getAccountInfo,
// getMultipleAccounts and getBalance read the bank live. And the index reads the wallet makes honour
// a zero-length dataSlice (addresses without data) and minContextSlot (Agave's -32016 while behind).
import { Authorized, Keypair, LAMPORTS_PER_SOL, type PublicKey, StakeProgram } from '@solana/web3.js';
import {
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  createTransferInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlags } from '../../tools/localnet/cli.ts';
import { send, tokenHolding } from '../support/attacks';
import { startTestChain, type TestChain } from '../support/localnet';

const LAG = 3;

let lagging: TestChain;
let live: TestChain;
beforeAll(async () => {
  lagging = await startTestChain({ indexLag: LAG });
  live = await startTestChain();
});
afterAll(async () => {
  await lagging?.close();
  await live?.close();
});

/** One write elsewhere (an airdrop to a fresh address): what moves a lagging index on by one. */
const unrelatedWrites = async (chain: TestChain, count: number) => {
  for (let i = 0; i < count; i++) await chain.fund(Keypair.generate().publicKey, 1);
};

/** The stake accounts whose withdrawer is `owner`, as getProgramAccounts answers: address → lamports and data. */
async function stakesByIndex(chain: TestChain, owner: PublicKey) {
  const found = await chain.connection.getProgramAccounts(StakeProgram.programId, {
    filters: [{ memcmp: { offset: 44, bytes: owner.toBase58() } }],
  });
  return new Map(found.map((a) => [a.pubkey.toBase58(), a.account]));
}

async function createStake(chain: TestChain, owner: Keypair, lamports: number): Promise<PublicKey> {
  const stake = Keypair.generate();
  await send(
    chain,
    owner,
    StakeProgram.createAccount({
      fromPubkey: owner.publicKey,
      stakePubkey: stake.publicKey,
      authorized: new Authorized(owner.publicKey, owner.publicKey),
      lamports,
    }).instructions,
    [stake],
  );
  return stake.publicKey;
}

describe('a lagging index (--index-lag)', () => {
  it('getProgramAccounts misses a new account, shows a changed one stale and a closed one still, until N more writes; direct reads are live', async () => {
    const owner = await lagging.funded(100);
    await unrelatedWrites(lagging, LAG);
    const stake = await createStake(lagging, owner, 3 * LAMPORTS_PER_SOL);
    expect((await stakesByIndex(lagging, owner.publicKey)).has(stake.toBase58())).toBe(false);
    expect((await lagging.connection.getAccountInfo(stake))?.lamports).toBe(3 * LAMPORTS_PER_SOL);
    await unrelatedWrites(lagging, LAG - 1);
    expect((await stakesByIndex(lagging, owner.publicKey)).has(stake.toBase58())).toBe(false);
    await unrelatedWrites(lagging, 1);
    expect((await stakesByIndex(lagging, owner.publicKey)).get(stake.toBase58())?.lamports).toBe(
      3 * LAMPORTS_PER_SOL,
    );

    const withdraw = (lamports: number) =>
      send(
        lagging,
        owner,
        StakeProgram.withdraw({
          stakePubkey: stake,
          authorizedPubkey: owner.publicKey,
          toPubkey: owner.publicKey,
          lamports,
        }).instructions,
      );
    // A withdrawal: the bank has the new balance at once, the index the old one for N writes.
    await withdraw(LAMPORTS_PER_SOL);
    const [viaMultiple] = (await lagging.connection.getMultipleAccountsInfo([stake])) ?? [];
    expect(viaMultiple?.lamports).toBe(2 * LAMPORTS_PER_SOL);
    expect(await lagging.connection.getBalance(stake)).toBe(2 * LAMPORTS_PER_SOL);
    expect((await stakesByIndex(lagging, owner.publicKey)).get(stake.toBase58())?.lamports).toBe(
      3 * LAMPORTS_PER_SOL,
    );

    // Closed: gone from the bank, still in the index.
    await withdraw(2 * LAMPORTS_PER_SOL);
    expect(await lagging.connection.getAccountInfo(stake)).toBeNull();
    expect((await stakesByIndex(lagging, owner.publicKey)).has(stake.toBase58())).toBe(true);
    await unrelatedWrites(lagging, LAG);
    expect((await stakesByIndex(lagging, owner.publicKey)).has(stake.toBase58())).toBe(false);
  });

  it('getTokenAccountsByOwner shows the balance from before a transfer for N writes, and a new holder only after', async () => {
    const payer = await lagging.funded(10);
    const alice = Keypair.generate();
    const bob = Keypair.generate();
    const { mint, account } = await tokenHolding(lagging, payer, alice.publicKey, 1_000n);
    await unrelatedWrites(lagging, LAG);
    const bobAccount = getAssociatedTokenAddressSync(mint, bob.publicKey);
    await send(
      lagging,
      payer,
      [
        createAssociatedTokenAccountIdempotentInstruction(payer.publicKey, bobAccount, bob.publicKey, mint),
        createTransferInstruction(account, bobAccount, alice.publicKey, 400n),
      ],
      [alice],
    );
    const amounts = async (owner: PublicKey) =>
      (
        await lagging.connection.getParsedTokenAccountsByOwner(owner, { programId: TOKEN_PROGRAM_ID })
      ).value.map((a) => a.account.data.parsed.info.tokenAmount.amount as string);
    expect(await amounts(alice.publicKey)).toEqual(['1000']);
    expect(await amounts(bob.publicKey)).toEqual([]);
    expect((await lagging.connection.getTokenAccountBalance(account)).value.amount).toBe('600');
    await unrelatedWrites(lagging, LAG);
    expect(await amounts(alice.publicKey)).toEqual(['600']);
    expect(await amounts(bob.publicKey)).toEqual(['400']);
  });

  it('without the flag the index is exact at once', async () => {
    const owner = await live.funded(10);
    const stake = await createStake(live, owner, 2 * LAMPORTS_PER_SOL);
    expect((await stakesByIndex(live, owner.publicKey)).has(stake.toBase58())).toBe(true);
  });

  it('takes --index-lag on the command line', () => {
    expect(parseFlags(['--index-lag', '5'])).toMatchObject({ indexLag: 5 });
    expect(() => parseFlags(['--index-lag', '-1'])).toThrow(/--index-lag/);
  });
});

describe('index reads: dataSlice and minContextSlot', () => {
  it('a zero-length dataSlice answers addresses with empty data, from both indexes', async () => {
    const owner = await live.funded(10);
    const stake = await createStake(live, owner, 2 * LAMPORTS_PER_SOL);
    const { account } = await tokenHolding(live, owner, owner.publicKey, 5n);
    const stakes = await live.rpc<{ pubkey: string; account: { data: [string, string]; space: number } }[]>(
      'getProgramAccounts',
      [
        StakeProgram.programId.toBase58(),
        {
          encoding: 'base64',
          dataSlice: { offset: 0, length: 0 },
          filters: [{ memcmp: { offset: 44, bytes: owner.publicKey.toBase58() } }],
        },
      ],
    );
    expect(stakes).toEqual([
      expect.objectContaining({
        pubkey: stake.toBase58(),
        account: expect.objectContaining({ data: ['', 'base64'], space: 200 }),
      }),
    ]);
    const tokens = await live.rpc<{ value: { pubkey: string; account: { data: [string, string] } }[] }>(
      'getTokenAccountsByOwner',
      [
        owner.publicKey.toBase58(),
        { programId: TOKEN_PROGRAM_ID.toBase58() },
        { encoding: 'base64', dataSlice: { offset: 0, length: 0 } },
      ],
    );
    expect(tokens.value.map((t) => [t.pubkey, t.account.data])).toEqual([
      [account.toBase58(), ['', 'base64']],
    ]);
    await expect(
      live.rpc('getProgramAccounts', [
        StakeProgram.programId.toBase58(),
        { dataSlice: { offset: -1, length: 0 } },
      ]),
    ).rejects.toThrow(/dataSlice/);
  });

  it('refuses a read whose minContextSlot is ahead of the node, and serves it once the node is there', async () => {
    const owner = await live.funded(1);
    const slot = await live.connection.getSlot();
    const ahead = { minContextSlot: slot + 2 };
    const reads: [string, unknown[]][] = [
      ['getProgramAccounts', [StakeProgram.programId.toBase58(), ahead]],
      [
        'getTokenAccountsByOwner',
        [owner.publicKey.toBase58(), { programId: TOKEN_PROGRAM_ID.toBase58() }, ahead],
      ],
      ['getMultipleAccounts', [[owner.publicKey.toBase58()], ahead]],
      ['getAccountInfo', [owner.publicKey.toBase58(), ahead]],
      ['getBalance', [owner.publicKey.toBase58(), ahead]],
      ['getLatestBlockhash', [ahead]],
      ['getSlot', [ahead]],
    ];
    for (const [method, params] of reads) {
      const response = (await fetch(live.node.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      }).then((r) => r.json())) as { error?: { code: number; message: string; data: unknown } };
      expect(response.error, method).toEqual({
        code: -32016,
        message: 'Minimum context slot has not been reached',
        data: { contextSlot: slot },
      });
    }
    await live.rpc('localnet_advanceSlots', [2]);
    for (const [method, params] of reads)
      await expect(live.rpc(method, params), method).resolves.toBeDefined();
    expect(await live.connection.getBalance(owner.publicKey, { minContextSlot: slot + 2 })).toBe(
      LAMPORTS_PER_SOL,
    );
  });
});
