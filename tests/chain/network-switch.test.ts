// A switch of network in the middle of an operation: the operation finishes on the network it
// started on. Two real chains: A, where the wallet sends, and B, far ahead (warped to a mainnet-like
// slot, so its block height is past any blockhash A hands out). The engine's current network is
// flipped from A to B while a send is confirmed, between build and sign, after a dApp's transaction
// is signed, during an approval review, and while the activity list is read; nothing may ask B for what belongs to A, call A's transaction "expired" from B's
// height, rebroadcast A's signed bytes to B, or label A's data with B's network.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ed25519 } from '@noble/curves/ed25519';
import { Keypair, LAMPORTS_PER_SOL, type PublicKey, SystemProgram } from '@solana/web3.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Approved } from '../../src/background/dapp/approval-types';
import { ConnectedSites } from '../../src/background/dapp/connected-sites';
import { DappService } from '../../src/background/dapp/dapp-service';
import { reviewTransaction } from '../../src/background/dapp/tx-review';
import type { Vault } from '../../src/background/vault/vault';
import type { NetworkInfo } from '../../src/shared/networks';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { v0 } from '../support/attacks';
import { FaultInjector } from '../support/faults';
import { MemoryStorage } from '../support/memory-storage';
import { stakePoolBuilds, startTestChain, type TestChain } from '../support/localnet';
import { SOL, activePool, engineFor } from '../support/staking';

const BUILD = stakePoolBuilds()[0];
/** Chain B's start: a block height no blockhash of A's (fresh chain, a few hundred blocks) lives to. */
const B_WARP_SLOT = 50_000_000n;
const FEE = 5_000n;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `done()` holds, or until `running` settled (then the caller's assertions say why). */
async function untilOrSettled(running: Promise<unknown>, done: () => boolean | Promise<boolean>) {
  let settled = false;
  running.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled && !(await done())) await sleep(50);
}

describe('a network switch in the middle of an operation', () => {
  const faultsA = new FaultInjector();
  const faultsB = new FaultInjector();
  /** Runs on every request that reaches A (before its fault): where a test flips the network. */
  let onRequestA: ((body: string) => void) | null = null;
  let chainA: TestChain;
  let chainB: TestChain;
  let netA: NetworkInfo;
  let netB: NetworkInfo;
  let current: NetworkInfo;
  let pool: CreatedPool | null = null;

  beforeAll(async () => {
    chainA = await startTestChain({
      ...(BUILD ? { stakePoolBuild: BUILD, useProgramsCache: false } : {}),
      middleware: (req: IncomingMessage, res: ServerResponse, body: string, next: () => void) => {
        onRequestA?.(body);
        faultsA.middleware(req, res, body, next);
      },
    });
    chainB = await startTestChain({ warpSlot: B_WARP_SLOT, middleware: faultsB.middleware });
    netA = { id: 'custom', label: 'chain A', rpcUrl: chainA.node.rpcUrl, chain: 'solana:localnet' };
    // B passes for devnet, so its explorer links differ from A's.
    netB = { id: 'devnet', label: 'chain B', rpcUrl: chainB.node.rpcUrl, chain: 'solana:devnet' };
    if (BUILD) {
      const operator = await chainA.funded(1_000);
      pool = await activePool(chainA, operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 10n * SOL,
        stakePerValidator: 0n,
      });
    }
  });
  afterAll(async () => {
    await chainA?.close();
    await chainB?.close();
  });
  beforeEach(() => {
    faultsA.fault = { kind: 'none' };
    faultsA.sends.clear();
    faultsB.sends.clear();
    onRequestA = null;
    current = netA;
  });

  /** An engine whose current network is whatever `current` says at each call. */
  const engineOn = (user: Keypair) => engineFor(chainA, user, { currentNetwork: async () => current });
  const heightOf = (chain: TestChain) => chain.rpc<number>('getBlockHeight');
  /** A dApp's own transaction: a SOL transfer with A's blockhash. */
  const transferOnA = async (from: Keypair, to: PublicKey, lamports: number) =>
    v0(from.publicKey, (await chainA.connection.getLatestBlockhash()).blockhash, [
      SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports }),
    ]);
  const confirmedOnA = async (signature: string) =>
    (await chainA.connection.getSignatureStatus(signature, { searchTransactionHistory: true })).value
      ?.confirmationStatus;

  it('a SOL send being confirmed when the network flips to B still confirms on A, as confirmed', async () => {
    const user = await chainA.funded(10);
    const engine = engineOn(user);
    const to = Keypair.generate().publicKey;
    const lamports = LAMPORTS_PER_SOL / 2;
    faultsA.fault = { kind: 'drop-sends' }; // A accepts the sends and loses them: still in flight
    const sending = engine.transfers.send(user.publicKey, { to: to.toBase58(), amount: String(lamports) });
    await untilOrSettled(sending, async () => (await engine.sender.pending()).length > 0);
    const [pending] = await engine.sender.pending();
    expect(pending?.rpcUrl).toBe(netA.rpcUrl);
    // B's height is past the blockhash's life: asking B would call it expired.
    expect(await heightOf(chainB)).toBeGreaterThan(pending!.lastValidBlockHeight);
    expect(await heightOf(chainA)).toBeLessThanOrEqual(pending!.lastValidBlockHeight);

    current = netB;
    const polls = faultsA.requests;
    // The watcher goes on asking A (a status poll and a rebroadcast at least) while on B.
    await untilOrSettled(sending, () => faultsA.requests >= polls + 3);
    expect(await engine.sender.pending()).toEqual([pending]); // still watched, not forgotten
    expect(await confirmedOnA(pending!.signature)).toBeUndefined();

    faultsA.fault = { kind: 'none' }; // the next rebroadcast reaches A's chain
    const outcome = await sending;
    expect(outcome.signature).toBe(pending!.signature);
    expect(outcome.amountsUnread).toBeUndefined(); // read back from A, where it is
    expect(outcome.solChange).toBe(String(-(BigInt(lamports) + FEE)));
    expect(outcome.explorerUrl).toMatch(/\?cluster=custom$/); // A's link, not B's (devnet)
    expect(await confirmedOnA(pending!.signature)).toMatch(/confirmed|finalized/);
    expect(await chainA.connection.getBalance(to)).toBe(lamports);
    expect(await engine.sender.pending()).toEqual([]); // cleared once A confirmed it
    expect(faultsB.sends.size).toBe(0); // A's signed bytes never went to B's node
  });

  it.skipIf(!BUILD)(
    'a stake being confirmed when the network flips to B still confirms on A, with its tokens',
    async () => {
      const user = await chainA.funded(10);
      const engine = engineOn(user);
      const { quote } = await engine.staking.prepareStake(user.publicKey, pool!.pool, SOL);
      faultsA.fault = { kind: 'drop-sends' };
      const staking = engine.staking.stake(user.publicKey, pool!.pool, SOL, {
        quoteId: quote.quoteId,
        minimumOut: BigInt(quote.minimumTokensOut),
      });
      await untilOrSettled(staking, async () => (await engine.sender.pending()).length > 0);
      const [pending] = await engine.sender.pending();
      expect(await heightOf(chainB)).toBeGreaterThan(pending!.lastValidBlockHeight);

      current = netB;
      const polls = faultsA.requests;
      await untilOrSettled(staking, () => faultsA.requests >= polls + 3);
      expect(await engine.sender.pending()).toEqual([pending]);

      faultsA.fault = { kind: 'none' };
      const { outcome } = await staking;
      expect(outcome.signature).toBe(pending!.signature);
      expect(outcome.tokenChange).toBe(quote.tokensOut); // read back from A
      expect(await confirmedOnA(pending!.signature)).toMatch(/confirmed|finalized/);
      expect(await engine.sender.pending()).toEqual([]);
      expect(faultsB.sends.size).toBe(0);
    },
  );

  it('a SOL send records the network of its blockhash when the network flips between build and sign', async () => {
    const user = await chainA.funded(10);
    const engine = engineOn(user);
    const to = Keypair.generate().publicKey;
    const lamports = LAMPORTS_PER_SOL / 4;
    // The flip lands while A simulates the built transaction: after its blockhash, before signing.
    onRequestA = (body) => {
      if (body.includes('"simulateTransaction"')) {
        current = netB;
        faultsA.fault = { kind: 'hold', method: 'sendTransaction' };
      }
    };
    const sending = engine.transfers.send(user.publicKey, { to: to.toBase58(), amount: String(lamports) });
    await Promise.race([faultsA.held(), sending.catch(() => {})]);
    const [pending] = await engine.sender.pending();
    expect(pending?.rpcUrl).toBe(netA.rpcUrl); // the blockhash's network, not the one current at signing
    onRequestA = null;
    faultsA.fault = { kind: 'none' };
    faultsA.dropHeld(); // the held send never reached A; the client sends it again
    const outcome = await sending;
    expect(outcome.solChange).toBe(String(-(BigInt(lamports) + FEE)));
    expect(await chainA.connection.getBalance(to)).toBe(lamports);
    expect(faultsB.sends.size).toBe(0);
  });

  it.skipIf(!BUILD)(
    'a stake records the network of its quote’s blockhash when the network flips as it is signed',
    async () => {
      const user = await chainA.funded(10);
      const engine = engineOn(user);
      const { quote } = await engine.staking.prepareStake(user.publicKey, pool!.pool, SOL);
      const staking = engine.staking.stake(user.publicKey, pool!.pool, SOL, {
        quoteId: quote.quoteId,
        minimumOut: BigInt(quote.minimumTokensOut),
        onSigned: async () => {
          current = netB; // signed with A's blockhash; the person switches right then
          faultsA.fault = { kind: 'hold', method: 'sendTransaction' };
        },
      });
      await Promise.race([faultsA.held(), staking.catch(() => {})]);
      const [pending] = await engine.sender.pending();
      expect(pending?.rpcUrl).toBe(netA.rpcUrl);
      faultsA.fault = { kind: 'none' };
      faultsA.dropHeld();
      const { outcome } = await staking;
      expect(outcome.tokenChange).toBe(quote.tokensOut);
      expect(await confirmedOnA(outcome.signature)).toMatch(/confirmed|finalized/);
      expect(await engine.sender.pending()).toEqual([]);
      expect(faultsB.sends.size).toBe(0);
    },
  );

  it('the activity list read across a flip is all of the network it started on', async () => {
    const user = await chainA.funded(10);
    const engine = engineOn(user);
    const lamports = LAMPORTS_PER_SOL / 2;
    const sent = await engine.transfers.send(user.publicKey, {
      to: Keypair.generate().publicKey.toBase58(),
      amount: String(lamports),
    });
    // The switch lands between the list of signatures and the transactions' reads.
    onRequestA = (body) => {
      if (body.includes('"getSignaturesForAddress"')) current = netB;
    };
    const { items } = await engine.activity.list(user.publicKey.toBase58());
    expect(current).toBe(netB); // the flip did happen mid-read
    expect(items.map((i) => i.signature)).toContain(sent.signature);
    for (const item of items) expect(item.explorerUrl).toMatch(/\?cluster=custom$/);
    expect(items.find((i) => i.signature === sent.signature)).toMatchObject({
      kind: 'send',
      summary: 'Sent 0.5 SOL',
    });
  });

  it('a dApp’s signAndSend whose network flips after signing is sent and confirmed on the network it was signed for', async () => {
    const user = await chainA.funded(10);
    const engine = engineOn(user);
    const active = user.publicKey.toBase58();
    const origin = 'https://dapp.example';
    const sites = new ConnectedSites(new MemoryStorage());
    await sites.connect(origin, active);
    /** FAKE vault around the test's key: unlocked, the user active (the real vault runs in the vault suites). */
    const vault = {
      keyring: () => ({
        activeAddress: active,
        sign: (_address: string, message: Uint8Array) =>
          ed25519.sign(message, user.secretKey.subarray(0, 32)),
      }),
    } as unknown as Vault;
    const service = new DappService({
      vault,
      rpc: engine.rpc,
      sites,
      sender: engine.sender,
      staking: engine.staking,
      enqueue: async () => {
        throw new Error('not asked');
      },
    });
    // The site's own transaction, built on A (A's blockhash), as a dApp hands it over.
    const to = Keypair.generate().publicKey;
    const tx = await transferOnA(user, to, 12_345_678);
    const transaction = Buffer.from(tx.serialize()).toString('base64');
    const approved: Approved = {
      origin,
      tabId: 1,
      document: 'doc',
      favicon: null,
      pageRequestId: 'r1',
      id: 'id-1',
      createdAt: 0,
      deadline: Date.now() + 60_000,
      method: 'signAndSendTransaction',
      params: { account: active, chain: 'solana:localnet', transaction },
      state: { kind: 'claimed', revision: 'rev', claimedAt: 0, figures: null, account: active },
    };
    // Signed for A; the network flips before anything is sent.
    const result = await service.execute(approved, async () => {
      current = netB;
    });
    expect(current).toBe(netB);
    if (!('signature' in result)) throw new Error('expected a signature');
    await expect
      .poll(() => confirmedOnA(result.signature), { timeout: 20_000 })
      .toMatch(/confirmed|finalized/);
    expect(await chainA.connection.getBalance(to)).toBe(12_345_678);
    expect(faultsB.sends.size).toBe(0); // never sent to B's node
    await expect.poll(() => engine.sender.pending(), { timeout: 20_000 }).toEqual([]); // watched on A to the end
  });

  it('an approval review whose network flips as it starts reads and simulates all on the network it is shown for', async () => {
    const user = await chainA.funded(10); // on A only: B has never heard of this account
    const engine = engineOn(user);
    const tx = await transferOnA(user, Keypair.generate().publicKey, 1_500_000_000);
    onRequestA = () => (current = netB); // the first read of the review reaches A, then the switch
    const review = await reviewTransaction(engine.rpc, tx, user.publicKey.toBase58(), netA);
    expect(current).toBe(netB); // the flip did happen mid-review
    expect(review.simulationError).toBeNull(); // B would say the account does not exist
    expect(review.balanceChanges).toContainEqual({ asset: 'SOL', change: '-1.500005' });
  });
});
