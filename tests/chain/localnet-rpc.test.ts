// The localnet as an unmodified web3.js Connection sees it.
import {
  Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  SystemProgram,
  Transaction,
  TransactionMessage,
  VersionedTransaction,
  sendAndConfirmTransaction,
} from '@solana/web3.js';
import { TOKEN_PROGRAM_ID, createMint, getOrCreateAssociatedTokenAccount, mintTo } from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChain, type TestChain } from '../support/localnet';

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(() => chain.close());

const transfer = (from: Keypair, to: PublicKey, lamports: number) =>
  new Transaction().add(SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports }));

describe('localnet JSON-RPC', () => {
  it('answers health, version, slot, epoch and rent queries', async () => {
    const c = chain.connection;
    expect(await chain.rpc('getHealth')).toBe('ok');
    expect((await c.getVersion())['solana-core']).toMatch(/localnet/);
    const epoch = await c.getEpochInfo();
    expect(epoch.slotsInEpoch).toBe(432_000);
    expect(await c.getSlot()).toBe(epoch.absoluteSlot);
    expect(await c.getMinimumBalanceForRentExemption(0)).toBe(890_880);
    expect((await c.getStakeMinimumDelegation()).value).toBe(LAMPORTS_PER_SOL);
  });

  it('airdrops, transfers with WebSocket confirmation, and records history', async () => {
    const a = await chain.funded(5);
    const b = Keypair.generate();
    const signature = await sendAndConfirmTransaction(
      chain.connection,
      transfer(a, b.publicKey, LAMPORTS_PER_SOL),
      [a],
    );
    expect(await chain.connection.getBalance(b.publicKey)).toBe(LAMPORTS_PER_SOL);
    expect(await chain.connection.getBalance(a.publicKey)).toBe(4 * LAMPORTS_PER_SOL - 5000);
    const tx = await chain.connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
    expect(tx?.meta?.fee).toBe(5000);
    expect(tx?.meta?.postBalances[1]).toBe(LAMPORTS_PER_SOL);
    const history = await chain.connection.getSignaturesForAddress(a.publicKey);
    expect(history.map((h) => h.signature)[0]).toBe(signature);
    expect(history).toHaveLength(2);
    const [status] = (await chain.connection.getSignatureStatuses([signature])).value;
    expect(status?.err).toBeNull();
  });

  it('hands out a fresh blockhash per call, so identical transactions do not collide', async () => {
    const a = await chain.funded(5);
    const b = Keypair.generate().publicKey;
    const first = await chain.connection.getLatestBlockhash();
    const second = await chain.connection.getLatestBlockhash();
    expect(first.blockhash).not.toBe(second.blockhash);
    const build = (blockhash: string) => {
      const tx = transfer(a, b, LAMPORTS_PER_SOL);
      tx.recentBlockhash = blockhash;
      tx.feePayer = a.publicKey;
      tx.sign(a);
      return tx.serialize();
    };
    const s1 = await chain.connection.sendRawTransaction(build(first.blockhash));
    const s2 = await chain.connection.sendRawTransaction(build(second.blockhash));
    expect(s1).not.toBe(s2);
    // The very same bytes twice are the same transaction: the node refuses the duplicate.
    await expect(chain.connection.sendRawTransaction(build(first.blockhash))).rejects.toThrow(
      /AlreadyProcessed/,
    );
  });

  it('rejects with preflight errors and program logs, and expires old blockhashes', async () => {
    const a = await chain.funded(1);
    const tx = transfer(a, Keypair.generate().publicKey, 10 * LAMPORTS_PER_SOL);
    const error = await sendAndConfirmTransaction(chain.connection, tx, [a]).catch((e) => e);
    expect(String(error.message)).toMatch(/custom program error: 0x1/);
    expect(error.transactionLogs.join('\n')).toMatch(/insufficient lamports/);

    const { blockhash } = await chain.connection.getLatestBlockhash();
    await chain.rpc('localnet_advanceSlots', [151]);
    expect((await chain.connection.isBlockhashValid(blockhash)).value).toBe(false);
    const late = transfer(a, Keypair.generate().publicKey, 1000);
    late.recentBlockhash = blockhash;
    late.feePayer = a.publicKey;
    late.sign(a);
    await expect(chain.connection.sendRawTransaction(late.serialize())).rejects.toThrow(/BlockhashNotFound/);
  });

  it('simulates v0 transactions and returns the accounts asked for', async () => {
    const a = await chain.funded(3);
    const b = Keypair.generate().publicKey;
    const { blockhash } = await chain.connection.getLatestBlockhash();
    const message = new TransactionMessage({
      payerKey: a.publicKey,
      recentBlockhash: blockhash,
      instructions: [
        SystemProgram.transfer({ fromPubkey: a.publicKey, toPubkey: b, lamports: LAMPORTS_PER_SOL }),
      ],
    }).compileToV0Message();
    const tx = new VersionedTransaction(message);
    const sim = await chain.connection.simulateTransaction(tx, {
      sigVerify: false,
      accounts: { encoding: 'base64', addresses: [b.toBase58()] },
    });
    expect(sim.value.err).toBeNull();
    expect(sim.value.accounts?.[0]?.lamports).toBe(LAMPORTS_PER_SOL);
    expect(await chain.connection.getBalance(b)).toBe(0);
    tx.sign([a]);
    const signature = await chain.connection.sendTransaction(tx);
    const fetched = await chain.connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
    expect(fetched?.version).toBe(0);
    expect(await chain.connection.getFeeForMessage(message)).toMatchObject({ value: 5000 });
  });

  it('filters program accounts and serves JSON-RPC batches in one round trip', async () => {
    const owner = await chain.funded(2);
    const filtered = await chain.connection.getProgramAccounts(SystemProgram.programId, {
      filters: [{ dataSize: 0 }, { memcmp: { offset: 0, bytes: '' } }],
      dataSlice: { offset: 0, length: 0 },
    });
    expect(filtered.some((a) => a.pubkey.equals(owner.publicKey))).toBe(true);

    const response = await fetch(chain.node.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'getBalance', params: [owner.publicKey.toBase58()] },
        { jsonrpc: '2.0', id: 2, method: 'getEpochInfo' },
        { jsonrpc: '2.0', id: 3, method: 'noSuchMethod' },
      ]),
    });
    const batch = (await response.json()) as {
      id: number;
      result?: { value?: number };
      error?: { code: number };
    }[];
    expect(batch.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(batch[0]!.result!.value).toBe(2 * LAMPORTS_PER_SOL);
    expect(batch[2]!.error!.code).toBe(-32601);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves SPL token accounts parsed, and token balances in transaction history', async () => {
    // A fresh Connection: the shared one caches a blockhash that an earlier test's 151-block jump expired.
    const c = new Connection(chain.node.rpcUrl, 'confirmed');
    const payer = await chain.funded(5);
    const holder = Keypair.generate();
    const mint = await createMint(c, payer, payer.publicKey, null, 6);
    const account = await getOrCreateAssociatedTokenAccount(c, payer, mint, holder.publicKey);
    const signature = await mintTo(c, payer, mint, account.address, payer, 1_234_567n);
    const parsed = await c.getParsedTokenAccountsByOwner(holder.publicKey, { programId: TOKEN_PROGRAM_ID });
    expect(parsed.value).toHaveLength(1);
    expect(parsed.value[0]!.account.data.parsed.info).toMatchObject({
      mint: mint.toBase58(),
      owner: holder.publicKey.toBase58(),
      tokenAmount: { amount: '1234567', decimals: 6 },
    });
    const tx = await c.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
    expect(tx?.meta?.preTokenBalances?.[0]?.uiTokenAmount.amount).toBe('0');
    expect(tx?.meta?.postTokenBalances?.[0]).toMatchObject({
      mint: mint.toBase58(),
      owner: holder.publicKey.toBase58(),
      uiTokenAmount: { amount: '1234567' },
    });
  });

  it('answers malformed requests with JSON-RPC errors', async () => {
    const post = (body: string) => fetch(chain.node.rpcUrl, { method: 'POST', body }).then((r) => r.json());
    expect(await post('{not json')).toMatchObject({ error: { code: -32700 } });
    expect(await post('{"jsonrpc":"2.0","id":1,"method":"getBalance","params":["nope"]}')).toMatchObject({
      error: { code: -32602 },
    });
    expect(await post('{"jsonrpc":"2.0","id":1,"method":"__proto__"}')).toMatchObject({
      error: { code: -32601 },
    });
  });

  it('moves to the next epoch only when asked', async () => {
    const before = (await chain.connection.getEpochInfo()).epoch;
    expect(await chain.advanceEpoch()).toBe(before + 1);
    expect((await chain.connection.getEpochInfo()).epoch).toBe(before + 1);
  });
});
