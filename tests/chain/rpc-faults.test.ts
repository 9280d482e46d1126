// A misbehaving RPC node, injected in front of the localnet: rate limits, server errors, hangs,
// refusals, malformed or mismatched answers, a slow node, and a node that drops transactions.
// The wallet retries where it is safe, fails with a clear error where it is not, never sends two
// different transactions for one intent, reports an expired blockhash as expired, and a restarted
// worker finishes confirming what was sent before.
import { Keypair, LAMPORTS_PER_SOL, SystemProgram } from '@solana/web3.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RpcClient } from '../../src/background/chain/rpc-client';
import { FaultInjector } from '../support/faults';
import { startTestChain, type TestChain } from '../support/localnet';
import { MemoryStorage } from '../support/memory-storage';
import { engineFor } from '../support/staking';

describe('RPC faults', () => {
  const faults = new FaultInjector();
  let chain: TestChain;
  let user: Keypair;

  beforeAll(async () => {
    chain = await startTestChain({ middleware: faults.middleware });
    user = await chain.funded(20);
  });
  afterAll(() => chain?.close());
  beforeEach(() => {
    faults.fault = { kind: 'none' };
  });

  const refresh = (engine: ReturnType<typeof engineFor>) =>
    engine.portfolio.refresh(user.publicKey.toBase58());
  /** A SOL transfer through the wallet's own sender: simulate, sign, remember, send, confirm. */
  const transfer = async (engine: ReturnType<typeof engineFor>, lamports = 1_000_000) => {
    const built = await engine.sender.build(user.publicKey, [
      SystemProgram.transfer({
        fromPubkey: user.publicKey,
        toPubkey: Keypair.generate().publicKey,
        lamports,
      }),
    ]);
    await engine.sender.simulate(built.tx);
    return engine.sender.signSendConfirm(built, user.publicKey, 'test transfer');
  };

  it('waits out HTTP 429 with Retry-After, then succeeds', async () => {
    const engine = engineFor(chain, user);
    faults.fault = { kind: 'status', status: 429, times: 2, retryAfterSeconds: 1 };
    const portfolio = await refresh(engine);
    expect(portfolio.solLamports).toBe(String(20 * LAMPORTS_PER_SOL));
    expect(engine.rpc.stats.httpRoundTrips).toBe(3);
  });

  it('retries 500s, and gives a clear error when they do not stop', async () => {
    const engine = engineFor(chain, user);
    faults.fault = { kind: 'status', status: 500, times: 1 };
    await expect(refresh(engine)).resolves.toBeTruthy();
    faults.fault = { kind: 'status', status: 503, times: 10 };
    await expect(refresh(engine)).rejects.toMatchObject({
      code: 'rpc_error',
      message: 'The RPC node answered HTTP 503.',
    });
    faults.fault = { kind: 'status', status: 429, times: 10 };
    await expect(refresh(engine)).rejects.toThrow(/rate-limiting Tidepool \(HTTP 429\)/);
  });

  it('names a timeout, a refused connection, malformed JSON and an answer to the wrong request', async () => {
    faults.fault = { kind: 'hang' };
    await expect(refresh(engineFor(chain, user, { rpcTimeoutMs: 300 }))).rejects.toThrow(
      /did not answer in time/,
    );
    faults.fault = { kind: 'malformed' };
    await expect(refresh(engineFor(chain, user))).rejects.toThrow(/not JSON/);
    faults.fault = { kind: 'wrong-id' };
    await expect(refresh(engineFor(chain, user))).rejects.toThrow(/did not answer getBalance/);
    const closed = new RpcClient({
      id: 'custom',
      label: 'closed',
      rpcUrl: 'http://127.0.0.1:9/',
      chain: 'solana:localnet',
    });
    await expect(closed.call('getHealth', [])).rejects.toThrow(/127\.0\.0\.1:9 could not be reached/);
  });

  it('works with a slow node (5 s per answer)', async () => {
    faults.fault = { kind: 'slow', ms: 5_000 };
    const engine = engineFor(chain, user);
    await expect(refresh(engine)).resolves.toMatchObject({ owner: user.publicKey.toBase58() });
  });

  it('resends only the same signed bytes when sends fail, and the transfer lands once', async () => {
    const engine = engineFor(chain, user);
    const before = (await chain.connection.getSignaturesForAddress(user.publicKey)).length;
    faults.sends.clear();
    // The first two attempts of everything fail; the sender's retries and rebroadcasts must
    // carry the one signed transaction through.
    faults.fault = { kind: 'status', status: 502, times: 2 };
    const signature = await transfer(engine);
    expect([...faults.sends.get(signature)!]).toHaveLength(1);
    expect(faults.sends.size).toBe(1);
    expect((await chain.connection.getSignaturesForAddress(user.publicKey)).length).toBe(before + 1);
    expect(await engine.sender.pending()).toEqual([]);
  });

  it('reports a transaction the node dropped as expired once its blockhash is too old', async () => {
    const engine = engineFor(chain, user);
    const balance = await chain.connection.getBalance(user.publicKey);
    faults.fault = { kind: 'drop-sends' };
    const sending = transfer(engine);
    await new Promise((r) => setTimeout(r, 700));
    await chain.rpc('localnet_advanceSlots', [200]);
    await expect(sending).rejects.toMatchObject({ code: 'expired' });
    expect(await chain.connection.getBalance(user.publicKey)).toBe(balance);
    expect(await engine.sender.pending()).toEqual([]);
  });

  it('a restarted worker finishes confirming what was sent, without signing anything new', async () => {
    const storage = new MemoryStorage();
    const first = engineFor(chain, user, { storage, confirmTimeoutMs: 800 });
    faults.fault = { kind: 'drop-sends' };
    await expect(transfer(first)).rejects.toMatchObject({ code: 'timeout' });
    const [pending] = await first.sender.pending();
    expect(pending).toBeDefined();

    faults.fault = { kind: 'none' };
    faults.sends.clear();
    let signed = 0;
    const second = engineFor(chain, user, { storage });
    (second.sender as unknown as { sign: unknown }).sign = () => {
      signed++;
      throw new Error('nothing may be signed on resume');
    };
    await second.sender.resumePending();
    expect(signed).toBe(0);
    expect([...faults.sends.keys()]).toEqual([pending!.signature]);
    const status = await chain.connection.getSignatureStatus(pending!.signature, {
      searchTransactionHistory: true,
    });
    expect(status.value?.err).toBeNull();
    expect(await second.sender.pending()).toEqual([]);
    // Asked again how it ended (a dApp waits for the answer), the chain has it: confirmed.
    await expect(second.sender.settle(pending!.signature)).resolves.toBeUndefined();
  });

  it('tells "signed but never sent" from "sent" when a restart leaves only a signature', async () => {
    const engine = engineFor(chain, user);
    let signature = '';
    const built = await engine.sender.build(user.publicKey, [
      SystemProgram.transfer({
        fromPubkey: user.publicKey,
        toPubkey: Keypair.generate().publicKey,
        lamports: 5_000_000,
      }),
    ]);
    // The worker stops right after signing: the signature was recorded, nothing was sent.
    await expect(
      engine.sender.signSendConfirm(built, user.publicKey, 'test', async (s) => {
        signature = s;
        throw new Error('worker stopped');
      }),
    ).rejects.toThrow('worker stopped');
    expect(await engine.sender.pending()).toEqual([]);
    await expect(engineFor(chain, user).sender.settle(signature)).rejects.toMatchObject({
      code: 'interrupted',
      message: expect.stringContaining('never sent'),
    });
    expect(faults.sends.has(signature)).toBe(false);
  });
});
