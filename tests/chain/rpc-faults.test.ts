// A misbehaving RPC node, injected in front of the localnet: rate limits, server errors, hangs,
// refusals, malformed or mismatched answers, a slow node, and a node that drops transactions.
// The wallet retries where it is safe, fails with a clear error where it is not, never sends two
// different transactions for one intent, reports an expired blockhash as expired, and a restarted
// worker finishes confirming what was sent before. A signer may answer late (a device): the record
// waits for it, and a worker stop while it is asked, or after it answered, never signs twice.
import { Keypair, LAMPORTS_PER_SOL, SystemProgram } from '@solana/web3.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RpcClient } from '../../src/background/chain/rpc-client';
import { TxRecords } from '../../src/background/chain/tx-record';
import type { Signer } from '../../src/background/chain/tx-sender';
import { FaultInjector } from '../support/faults';
import { startTestChain, type TestChain } from '../support/localnet';
import { MemoryStorage } from '../support/memory-storage';
import { engineFor, signerOf } from '../support/staking';

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
  /** A SOL transfer through the wallet's own sender: build, simulate, sign, record, send, confirm. */
  const transfer = (engine: ReturnType<typeof engineFor>, lamports = 1_000_000, id?: string) =>
    engine.sender.send({ owner: user.publicKey, label: 'test transfer', ...(id ? { id } : {}) }, [
      SystemProgram.transfer({
        fromPubkey: user.publicKey,
        toPubkey: Keypair.generate().publicKey,
        lamports,
      }),
    ]);

  /** The next worker's engine over `storage`, whose signer counts how often it is asked (never, it must be). */
  const restarted = (storage: MemoryStorage) => {
    const asked = { times: 0 };
    const engine = engineFor(chain, user, {
      storage,
      sign: async () => {
        asked.times++;
        throw new Error('nothing may be signed again after a restart');
      },
    });
    return { sender: engine.sender, asked };
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
    expect(await engine.sender.inFlight()).toEqual([]);
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
    expect(await engine.sender.inFlight()).toEqual([]);
  });

  it('a restarted worker finishes confirming what was sent, without signing anything new', async () => {
    const storage = new MemoryStorage();
    const first = engineFor(chain, user, { storage, confirmTimeoutMs: 800 });
    faults.fault = { kind: 'drop-sends' };
    await expect(transfer(first)).rejects.toMatchObject({ code: 'timeout' });
    const [pending] = await first.sender.inFlight();
    expect(pending).toMatchObject({ status: 'submitted' });

    faults.fault = { kind: 'none' };
    faults.sends.clear();
    const second = restarted(storage);
    await second.sender.resume();
    expect(second.asked.times).toBe(0);
    expect([...faults.sends.keys()]).toEqual([pending!.signature]);
    const status = await chain.connection.getSignatureStatus(pending!.signature, {
      searchTransactionHistory: true,
    });
    expect(status.value?.err).toBeNull();
    expect(await second.sender.inFlight()).toEqual([]);
    expect(await new TxRecords(storage).get(pending!.id)).toMatchObject({
      status: 'confirmed',
      landedSlot: status.value!.slot,
    });
    // Asked again how it ended (a dApp waits for the answer), the record has it: confirmed.
    await expect(second.sender.settle(pending!.id)).resolves.toBe(pending!.signature);
  });

  describe('a signer that answers late (a device)', () => {
    /** A signer holding each request until the test answers it: never a time, always a step. */
    function device() {
      const asked: { answer: () => void }[] = [];
      let waiting: (() => void) | null = null;
      const sign: Signer = (address, message) =>
        new Promise((resolve, reject) => {
          asked.push({ answer: () => void signerOf(user)(address, message).then(resolve, reject) });
          waiting?.();
        });
      return {
        sign,
        asked,
        /** Resolves once the signer has been asked `n` times. */
        askedTimes: (n: number) =>
          asked.length >= n ? Promise.resolve() : new Promise<void>((r) => (waiting = r)),
      };
    }
    const balance = () => chain.connection.getBalance(user.publicKey);

    it('the record waits as approved, nothing sent, until the signature arrives; then it lands once', async () => {
      const signer = device();
      const storage = new MemoryStorage();
      const engine = engineFor(chain, user, { storage, sign: signer.sign });
      faults.sends.clear();
      const sending = transfer(engine, 1_000_000, 'late-1');
      await signer.askedTimes(1);
      expect(await new TxRecords(storage).get('late-1')).toMatchObject({ status: 'approved' });
      expect(faults.sends.size).toBe(0);
      signer.asked[0]!.answer();
      const signature = await sending;
      expect(signer.asked).toHaveLength(1);
      expect([...faults.sends.get(signature)!]).toHaveLength(1);
      expect(await new TxRecords(storage).get('late-1')).toMatchObject({ status: 'confirmed', signature });
    });

    it('the worker stops while the signer is asked: the next one ends the record, never asks again, and the late answer sends nothing', async () => {
      const signer = device();
      const storage = new MemoryStorage();
      const before = await balance();
      faults.sends.clear();
      const first = engineFor(chain, user, { storage, sign: signer.sign });
      const sending = transfer(first, 1_000_000, 'late-2');
      await signer.askedTimes(1);
      // The worker stops; the next one resumes the records (its own signer must not be asked).
      const next = restarted(storage);
      await next.sender.resume();
      expect(await next.sender.settle('late-2')).toBeNull(); // never signed here: nothing was sent
      expect(await new TxRecords(storage).get('late-2')).toMatchObject({
        status: 'failed',
        signature: null,
        error: { code: 'interrupted' },
      });
      // The device answers the stopped worker late: what it signed is never sent.
      signer.asked[0]!.answer();
      await expect(sending).rejects.toMatchObject({ code: 'interrupted', message: /nothing was sent/ });
      expect(next.asked.times).toBe(0);
      expect(faults.sends.size).toBe(0);
      expect(await balance()).toBe(before);
    });

    it('the worker stops after the signature arrived, before sending: the next one sends those bytes, never signs again', async () => {
      const signer = device();
      const storage = new MemoryStorage();
      faults.sends.clear();
      const first = engineFor(chain, user, { storage, sign: signer.sign });
      faults.fault = { kind: 'hold', method: 'sendTransaction' };
      const sending = transfer(first, 1_000_000, 'late-3');
      sending.catch(() => {}); // the stopped worker's own watch is gone with it
      await signer.askedTimes(1);
      signer.asked[0]!.answer();
      await faults.held(); // signed and recorded; its send never reached the node
      const record = await new TxRecords(storage).get('late-3');
      expect(record).toMatchObject({ status: 'signed' });
      faults.fault = { kind: 'none' };
      faults.dropHeld();
      const next = restarted(storage);
      await next.sender.resume();
      const signature = record!.status === 'signed' ? record!.signature : '';
      await expect(next.sender.settle('late-3')).resolves.toBe(signature);
      expect(next.asked.times).toBe(0);
      expect(signer.asked).toHaveLength(1);
      expect([...faults.sends.get(signature)!]).toHaveLength(1); // the one signed transaction, sent again
    });
  });
});
