// Alpenglow (mainnet since October 2026) makes `confirmed` and `finalized` the same: a block is
// notarized (processed) or finalized, and Agave sets the confirmed and finalized slots together when
// a block is rooted. The localnet finalizes each block as it is produced, so it says so everywhere: a
// landed transaction is finalized at once, with no confirmation count, in statuses, in the address
// history and to a finalized confirmation; every commitment reads the same bank; the slot
// subscription's root is the newest slot.
import { Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestChain, type TestChain } from '../support/localnet';

const COMMITMENTS = ['processed', 'confirmed', 'finalized'] as const;

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(() => chain.close());

async function sendTransfer(): Promise<{ signature: string; payer: Keypair }> {
  const payer = await chain.funded(1);
  const tx = new Transaction().add(
    SystemProgram.transfer({
      fromPubkey: payer.publicKey,
      toPubkey: Keypair.generate().publicKey,
      lamports: LAMPORTS_PER_SOL / 10,
    }),
  );
  tx.recentBlockhash = (await chain.connection.getLatestBlockhash()).blockhash;
  tx.feePayer = payer.publicKey;
  tx.sign(payer);
  return { signature: await chain.connection.sendRawTransaction(tx.serialize()), payer };
}

describe('commitment under Alpenglow on the localnet', () => {
  it('reports a landed transaction finalized at once, never only confirmed', async () => {
    const { signature, payer } = await sendTransfer();
    const [status] = (await chain.connection.getSignatureStatuses([signature])).value;
    expect(status).toMatchObject({ confirmationStatus: 'finalized', confirmations: null, err: null });
    const [searched] = (
      await chain.connection.getSignatureStatuses([signature], { searchTransactionHistory: true })
    ).value;
    expect(searched?.confirmationStatus).toBe('finalized');
    const history = await chain.connection.getSignaturesForAddress(payer.publicKey);
    expect(history.map((h) => h.confirmationStatus)).toEqual(['finalized', 'finalized']);
    const { blockhash, lastValidBlockHeight } = await chain.connection.getLatestBlockhash();
    const confirmed = await chain.connection.confirmTransaction(
      { signature, blockhash, lastValidBlockHeight },
      'finalized',
    );
    expect(confirmed.value.err).toBeNull();
  });

  it('reads the same bank whatever the commitment, and refuses an unknown one', async () => {
    const { payer } = await sendTransfer();
    const slots = await Promise.all(COMMITMENTS.map((c) => chain.connection.getSlot(c)));
    const heights = await Promise.all(COMMITMENTS.map((c) => chain.connection.getBlockHeight(c)));
    const balances = await Promise.all(
      COMMITMENTS.map((c) => chain.connection.getBalanceAndContext(payer.publicKey, c)),
    );
    expect(new Set(slots).size).toBe(1);
    expect(new Set(heights).size).toBe(1);
    expect(new Set(balances.map((b) => `${b.context.slot} ${b.value}`)).size).toBe(1);
    const [confirmedBlocks, finalizedBlocks] = await Promise.all([
      chain.connection.getBlocks(slots[0]! - 3, undefined, 'confirmed'),
      chain.connection.getBlocks(slots[0]! - 3, undefined, 'finalized'),
    ]);
    expect(confirmedBlocks).toEqual(finalizedBlocks);
    expect(finalizedBlocks.at(-1)).toBe(slots[0]);
    await expect(chain.rpc('getSlot', [{ commitment: 'recent' }])).rejects.toThrow(
      /unknown variant `recent`/,
    );
  });

  it('notifies each new slot with itself as the root', async () => {
    type Message = { id?: number; params?: { result: { slot: number; root: number } } };
    const socket = new WebSocket(chain.node.wsUrl);
    const received: Message[] = [];
    let arrived = () => {};
    socket.on('message', (m) => {
      received.push(JSON.parse(String(m)) as Message);
      arrived();
    });
    /** The first message, already received or still to come, that `matches`. */
    const first = async (matches: (m: Message) => boolean): Promise<Message> => {
      for (;;) {
        const found = received.find(matches);
        if (found) return found;
        await new Promise<void>((resolve) => (arrived = resolve));
      }
    };
    await new Promise((resolve) => socket.once('open', resolve));
    try {
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'slotSubscribe' }));
      await first((m) => m.id === 1);
      const slot = await chain.rpc<number>('localnet_advanceSlots', [1]);
      const { root } = (await first((m) => m.params?.result.slot === slot)).params!.result;
      expect(root).toBe(slot);
    } finally {
      socket.close();
    }
  });
});
