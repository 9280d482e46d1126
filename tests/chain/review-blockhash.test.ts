// A transaction built for another cluster, reviewed on this one (issue 19, finding 3): the review
// asks the reviewed network whether it takes the message's blockhash, in the batch it already
// sends, and the signer asks again before signing. A blockhash this localnet never issued, or one
// it let expire, is blocked ("asking again" on the first look, final after); a durable-nonce
// transaction whose nonce account here holds that value is not.
import { Keypair, PublicKey, SystemProgram, type VersionedTransaction } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approved, ApprovalEntry } from '../../src/background/dapp/approval-types';
import type { DappService } from '../../src/background/dapp/dapp-service';
import { reviewTransaction } from '../../src/background/dapp/tx-review';
import { blockedBy } from '../../src/shared/approval';
import { nonceAccount as nonceAccountOf, v0 } from '../support/attacks';
import { ORIGIN, dappApprovals, onlyEngine } from '../support/dapp-approvals';
import { startTestChain, type TestChain } from '../support/localnet';
import { engineFor, signerOf } from '../support/staking';

const CANNOT_LAND =
  'This transaction cannot land on test: it was built for another network, or its blockhash expired; ask the site to build it again.';

describe('the blockhash of a dApp’s transaction, asked of the network it is reviewed for', () => {
  let chain: TestChain;
  let user: Keypair;
  let engine: ReturnType<typeof engineFor>;
  let service: DappService;
  /** Every message the dApp side's signer signed. */
  const signed: Uint8Array[] = [];

  const transfer = (blockhash: string, first: Parameters<typeof v0>[2] = []) =>
    v0(user.publicKey, blockhash, [
      ...first,
      SystemProgram.transfer({
        fromPubkey: user.publicKey,
        toPubkey: Keypair.generate().publicKey,
        lamports: 10_000_000,
      }),
    ]);
  const review = (tx: VersionedTransaction, firstLook = false) =>
    reviewTransaction(engine.rpc, engine.fees, tx, user.publicKey.toBase58(), { firstLook });
  const fresh = async () => (await chain.connection.getLatestBlockhash()).blockhash;
  const entry = <S extends ApprovalEntry['state']>(tx: VersionedTransaction, state: S) => ({
    origin: ORIGIN,
    tabId: 1,
    document: 'doc',
    favicon: null,
    pageRequestId: `r-${Math.random()}`,
    id: 'id-1',
    createdAt: 0,
    deadline: Date.now() + 60_000,
    method: 'signTransaction' as const,
    params: {
      account: user.publicKey.toBase58(),
      transaction: Buffer.from(tx.serialize()).toString('base64'),
    },
    state,
  });
  const claimed = { kind: 'claimed', revision: 'r', claimedAt: 0, minimum: null } as const;

  const nonceAccount = () => nonceAccountOf(chain, user);
  const advance = (nonce: PublicKey) =>
    SystemProgram.nonceAdvance({ noncePubkey: nonce, authorizedPubkey: user.publicKey });

  beforeAll(async () => {
    chain = await startTestChain();
    user = await chain.funded(10);
    engine = engineFor(chain, user);
    // What a signature costs, learned as any earlier batch of this network's learns it (a network
    // never asked costs the first review two more trips, once).
    await engine.fees.lamports(user.publicKey);
    const dapp = dappApprovals(onlyEngine(engine), user, {
      sign: async (address, message) => {
        signed.push(message);
        return signerOf(user)(address, message);
      },
    });
    await dapp.sites.connect(ORIGIN, user.publicKey.toBase58());
    service = dapp.service;
  });
  afterAll(() => chain?.close());

  it('blocks a blockhash this localnet never issued: "asking again" on the first look, then final', async () => {
    const tx = transfer(Keypair.generate().publicKey.toBase58());
    const trips = engine.rpc.stats.httpRoundTrips;
    const first = await review(tx, true);
    // The question rides the first batch: accounts (with the blockhash), then the simulation.
    expect(engine.rpc.stats.httpRoundTrips - trips).toBe(2);
    expect(first.simulationError).toBeNull(); // the simulation replaces the blockhash: it alone cannot tell
    expect(first.warnings.filter((w) => w.code === 'blockhash_unknown')).toEqual([
      {
        code: 'blockhash_unknown',
        severity: 'blocking',
        text: expect.stringContaining("does not know this transaction's blockhash yet"),
      },
    ]);
    expect(blockedBy((await review(tx)).warnings)).toBe(CANNOT_LAND);
  });

  it('blocks a transaction built on another localnet: its fresh blockhash is unknown here, and the other chain refuses ours', async () => {
    const other = await startTestChain({ genesisHash: Keypair.generate().publicKey.toBase58() });
    try {
      const theirs = (await other.connection.getLatestBlockhash()).blockhash;
      const ours = await fresh();
      expect(theirs).not.toBe(ours);
      expect(blockedBy((await review(transfer(theirs))).warnings)).toBe(CANNOT_LAND);
      expect(blockedBy((await review(transfer(ours))).warnings)).toBeNull();
      expect(await other.rpc<{ value: boolean }>('isBlockhashValid', [ours])).toMatchObject({ value: false });
    } finally {
      await other.close();
    }
  });

  it('blocks a blockhash that expired here, and passes a fresh one', async () => {
    const old = await fresh();
    expect(blockedBy((await review(transfer(old))).warnings)).toBeNull();
    await chain.rpc('localnet_advanceSlots', [151]);
    expect(blockedBy((await review(transfer(old))).warnings)).toBe(CANNOT_LAND);
    expect((await review(transfer(await fresh()))).warnings.map((w) => w.code)).not.toContain(
      'blockhash_unknown',
    );
  });

  it('a durable-nonce transaction lands where its nonce account holds its blockhash, and nowhere else', async () => {
    const { address, value } = await nonceAccount();
    expect(await chain.rpc<{ value: boolean }>('isBlockhashValid', [value])).toMatchObject({ value: false });
    const durable = transfer(value, [advance(address)]);
    const shown = await review(durable);
    expect(shown.warnings.map((w) => w.code)).not.toContain('blockhash_unknown');
    // Sent at once (signAndSend): advisory. Handed to the site (signTransaction): ticked as read first.
    expect(shown.warnings.find((w) => w.code === 'durable_nonce')?.severity).toBe('advisory');
    const handed = await reviewTransaction(engine.rpc, engine.fees, durable, user.publicKey.toBase58(), {
      handsOver: true,
    });
    expect(handed.warnings.find((w) => w.code === 'durable_nonce')).toEqual({
      code: 'durable_nonce',
      severity: 'confirm',
      text: expect.stringContaining(
        `the site can keep it and submit it at any later time, when your balances may be other than shown here. You can cancel it only by advancing nonce account ${address.toBase58().slice(0, 4)}`,
      ),
    });
    // Another nonce account's value, or the right value with no AdvanceNonceAccount first: blocked.
    const other = await nonceAccount();
    expect(blockedBy((await review(transfer(other.value, [advance(address)]))).warnings)).toBe(CANNOT_LAND);
    expect(blockedBy((await review(transfer(value))).warnings)).toBe(CANNOT_LAND);
  });

  it('the window’s first review of a request is its first look; later ones are final', async () => {
    const tx = transfer(Keypair.generate().publicKey.toBase58());
    const waiting = await service.review(entry(tx, { kind: 'waiting' }));
    expect(blockedBy(waiting.view.warnings)).toContain('Tidepool asks again in a moment');
    const shown = await service.review(
      entry(tx, {
        kind: 'shown',
        revision: 'r',
        shownAt: 0,
        blocked: null,
        minimum: null,
        account: user.publicKey.toBase58(),
        network: engine.rpc.network,
      }),
    );
    expect(blockedBy(shown.view.warnings)).toBe(CANNOT_LAND);
  });

  it('asks again before signing: a blockhash that expired after approval gets nothing signed', async () => {
    const active = user.publicKey.toBase58();
    const approved = (tx: VersionedTransaction): Approved =>
      entry(tx, { ...claimed, account: active, network: engine.rpc.network });
    const ok = await service.execute(approved(transfer(await fresh())));
    expect(ok).toHaveProperty('signedTransaction');
    expect(signed).toHaveLength(1);

    const old = await fresh();
    await chain.rpc('localnet_advanceSlots', [151]);
    await expect(service.execute(approved(transfer(old)))).rejects.toMatchObject({
      code: 'blocked',
      message: `${CANNOT_LAND} Nothing was signed.`,
    });
    const { address, value } = await nonceAccount();
    await service.execute(approved(transfer(value, [advance(address)])));
    expect(signed).toHaveLength(2); // the durable one, whose nonce account holds its value
  });
});
