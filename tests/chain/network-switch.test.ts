// What was begun on one network is finished on it, whatever the settings pick by then. Each engine
// is bound to one network (the type holds that: nothing in it takes a network), so what is left to
// prove is the choosing: the settings pick the engine once per request (engines.ts), a custom
// URL is the cluster its genesis hash names, an approved dApp request runs on the network it was
// shown for, and a transaction sent before a switch (and a worker restart) confirms on its own.
// Two real chains: A, where the wallet sends, and B, far ahead (warped to a mainnet-like slot, so
// its block height is past any blockhash A hands out: asking B would call A's transaction expired).
import type { IncomingMessage, ServerResponse } from 'node:http';
import bs58 from 'bs58';
import { Keypair, LAMPORTS_PER_SOL, type PublicKey, SystemProgram } from '@solana/web3.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomNetworks } from '../../src/background/custom-network';
import { v0 } from '../support/attacks';
import { FaultInjector } from '../support/faults';
import { MemoryStorage } from '../support/memory-storage';
import { startTestChain, type TestChain } from '../support/localnet';
import { dappApprovals } from '../support/dapp-approvals';
import { enginesFor } from '../support/staking';

/** Chain B's start: a block height no blockhash of A's (fresh chain, a few hundred blocks) lives to. */
const B_WARP_SLOT = 50_000_000n;
const DEVNET_GENESIS = 'EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a network switch', () => {
  const faultsA = new FaultInjector();
  const faultsB = new FaultInjector();
  /** How often B was asked its genesis hash, and whether it refuses to say. */
  let genesisAsksB = 0;
  let genesisRefusedB = false;
  let chainA: TestChain;
  let chainB: TestChain;

  beforeAll(async () => {
    chainA = await startTestChain({
      genesisHash: 'TidepooLChainA11111111111111111111111111111',
      blockhashSeed: 'network-switch chain A',
      middleware: faultsA.middleware,
    });
    chainB = await startTestChain({
      // B passes for devnet by its genesis hash; its answers are counted, and refused when a test says.
      genesisHash: DEVNET_GENESIS,
      blockhashSeed: 'network-switch chain B',
      warpSlot: B_WARP_SLOT,
      middleware: (req: IncomingMessage, res: ServerResponse, body: string, next: () => void) => {
        if (body.includes('"getGenesisHash"')) {
          genesisAsksB++;
          if (genesisRefusedB) {
            const { id } = JSON.parse(body) as { id: number };
            res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
            res.end(
              JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } }),
            );
            return;
          }
        }
        faultsB.middleware(req, res, body, next);
      },
    });
  });
  afterAll(async () => {
    await chainA?.close();
    await chainB?.close();
  });
  beforeEach(() => {
    faultsA.fault = { kind: 'none' };
    faultsA.sends.clear();
    faultsB.sends.clear();
  });

  const pick = (settings: { setNetwork(id: 'custom', url: string): Promise<void> }, chain: TestChain) =>
    settings.setNetwork('custom', chain.node.rpcUrl);
  const confirmedOnA = async (signature: string) =>
    (await chainA.connection.getSignatureStatus(signature, { searchTransactionHistory: true })).value
      ?.confirmationStatus;
  /** A dApp's own transaction: a SOL transfer with A's blockhash. */
  const transferOnA = async (from: Keypair, to: PublicKey, lamports: number) =>
    v0(from.publicKey, (await chainA.connection.getLatestBlockhash()).blockhash, [
      SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports }),
    ]);

  it('the settings pick one engine per network; a custom URL is the cluster its genesis hash names, asked once per session', async () => {
    const user = Keypair.generate();
    const { engines, settings, local, session } = enginesFor(user);
    await pick(settings, chainA);
    const a = await engines.current();
    // A answers the localnet's own genesis hash, no public cluster's: never mainnet, no registry.
    expect(a.network).toMatchObject({ id: 'custom', chain: 'solana:localnet' });
    expect(a.network.label).toBe(`Custom (${new URL(chainA.node.rpcUrl).host})`);
    expect(await engines.current()).toBe(a);

    await pick(settings, chainB);
    const b = await engines.current();
    expect(b.network).toMatchObject({ chain: 'solana:devnet', rpcUrl: new URL(chainB.node.rpcUrl).href });
    expect(b.network.label).toMatch(/· Devnet$/);
    expect(b.rpc.network).toBe(b.network);
    expect(engines.for(a.network)).toBe(a); // A's engine is A's still
    expect(await engines.current()).toBe(b);
    expect(genesisAsksB).toBe(1);

    // A restarted worker reads the answer back from session storage; setting the URL asks again.
    const restarted = enginesFor(user, { local, session }).engines;
    expect((await restarted.current()).network).toEqual(b.network);
    expect(genesisAsksB).toBe(1);
    await restarted.network({ askAgain: true });
    expect(genesisAsksB).toBe(2);

    // A node that does not answer is not identified: not mainnet, and asked again later.
    await settings.setNetwork('custom', 'http://127.0.0.1:9/');
    expect((await engines.current()).network).toEqual({
      id: 'custom',
      label: 'Custom (127.0.0.1:9)',
      rpcUrl: 'http://127.0.0.1:9/',
      chain: 'solana:localnet',
    });
  });

  it('a node that does not say its genesis hash is asked again after a while, not on every request', async () => {
    const clock = { now: 0 };
    const networks = new CustomNetworks(new MemoryStorage(), () => clock.now);
    const url = new URL(chainB.node.rpcUrl).href;
    genesisRefusedB = true;
    const asked = genesisAsksB;
    expect((await networks.of(url)).chain).toBe('solana:localnet');
    clock.now += 29_000;
    expect((await networks.of(url)).chain).toBe('solana:localnet');
    expect(genesisAsksB).toBe(asked + 1);
    genesisRefusedB = false;
    clock.now += 1_000;
    expect((await networks.of(url)).chain).toBe('solana:devnet');
    expect(genesisAsksB).toBe(asked + 2);
  });

  it('an approved dApp request is carried out on the network it was shown for', async () => {
    const user = await chainA.funded(10);
    const { engines, settings, local, session } = enginesFor(user);
    await pick(settings, chainA);
    const engineA = await engines.current();
    const active = user.publicKey.toBase58();
    const dapp = dappApprovals(engines, user, { local, session });
    const to = Keypair.generate().publicKey;
    const transaction = Buffer.from((await transferOnA(user, to, 12_345_678)).serialize()).toString('base64');
    const { id, view } = await dapp.request({
      method: 'signAndSendTransaction',
      params: { account: active, chain: 'solana:localnet', transaction },
    });
    expect(view).toMatchObject({ chain: 'solana:localnet', transaction: { simulationError: null } });

    await pick(settings, chainB); // the person switches to B (devnet) while the window is open
    expect(await dapp.approve(id, view.revision)).toMatchObject({ outcome: 'approved' });
    await expect.poll(() => chainA.connection.getBalance(to), { timeout: 20_000 }).toBe(12_345_678);
    expect(faultsB.sends.size).toBe(0); // never sent to B's node
    await expect.poll(() => engineA.sender.inFlight(), { timeout: 20_000 }).toEqual([]); // watched on A to the end
  });

  it('a send still in flight when the network switches and the worker restarts confirms on its own network', async () => {
    const user = await chainA.funded(10);
    const first = enginesFor(user);
    await pick(first.settings, chainA);
    const engineA = await first.engines.current();
    const to = Keypair.generate().publicKey;
    const lamports = LAMPORTS_PER_SOL / 2;
    faultsA.fault = { kind: 'drop-sends' }; // A accepts the sends and loses them: still in flight
    const sending = engineA.transfers.send(user.publicKey, { to: to.toBase58(), amount: String(lamports) });
    sending.catch(() => {}); // the worker that sent it is gone; the next one finishes it
    while (!(await engineA.sender.inFlight()).length) await sleep(50);
    const [pending] = await engineA.sender.inFlight();
    expect(pending!.network).toEqual(engineA.network);
    expect(await chainB.rpc<number>('getBlockHeight')).toBeGreaterThan(pending!.lastValidBlockHeight);

    await pick(first.settings, chainB);
    const next = enginesFor(user, { local: first.local, session: first.session }).engines; // a restarted worker
    faultsA.fault = { kind: 'none' };
    await next.resumeAll();
    expect(await confirmedOnA(pending!.signature)).toMatch(/confirmed|finalized/);
    expect(await chainA.connection.getBalance(to)).toBe(lamports);
    expect(await next.for(engineA.network).sender.inFlight()).toEqual([]);
    expect(faultsB.sends.size).toBe(0); // A's signed bytes never went to B's node
  });

  it('a send recorded by the previous version (its RPC URL, v1) confirms on that network', async () => {
    const user = await chainA.funded(10);
    const to = Keypair.generate().publicKey;
    const { blockhash, lastValidBlockHeight } = await chainA.connection.getLatestBlockhash();
    const tx = v0(user.publicKey, blockhash, [
      SystemProgram.transfer({ fromPubkey: user.publicKey, toPubkey: to, lamports: 7_654_321 }),
    ]);
    tx.sign([user]);
    const signature = bs58.encode(tx.signatures[0]!);
    const local = new MemoryStorage();
    // As a44d099 stored it (the shape of tests/fixtures/golden-pending-v1.json), never sent.
    local.data.set('pendingTransactions', {
      [signature]: {
        signature,
        wire: Buffer.from(tx.serialize()).toString('base64'),
        lastValidBlockHeight,
        rpcUrl: chainA.node.rpcUrl,
        label: 'Send to someone',
        createdAt: Date.now(),
        owner: user.publicKey.toBase58(),
      },
    });
    local.data.set('version:pendingTransactions', 1);
    const { engines, settings } = enginesFor(user, { local });
    await pick(settings, chainB);
    await engines.resumeAll();
    expect(await confirmedOnA(signature)).toMatch(/confirmed|finalized/);
    expect(await chainA.connection.getBalance(to)).toBe(7_654_321);
    expect(faultsB.sends.size).toBe(0);
    expect(local.data.has('pendingTransactions')).toBe(false); // read once under its new name
    expect(Object.values(local.data.get('transactions') as object)).toEqual([
      expect.objectContaining({ status: 'confirmed', signature }),
    ]);
  });
});
