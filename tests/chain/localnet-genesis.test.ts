// Each localnet is a cluster of its own: its genesis hash is the one it was given (or a fresh one),
// its blockhashes derive from its own seed, and it accepts only the blockhashes it issued itself, so
// a test with two chains never passes or fails because the chains happen to agree.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlags } from '../../tools/localnet/cli.ts';
import { startLocalnet } from '../../tools/localnet/localnet.ts';
import { startTestChain, type TestChain } from '../support/localnet';

// Mainnet's and devnet's genesis hashes: a localnet may pass for either, as a test of cluster identity needs.
const MAINNET_GENESIS = '5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d';
const DEVNET_GENESIS = 'EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG';
const ISSUED = 300;

let a: TestChain;
let b: TestChain;
beforeAll(async () => {
  a = await startTestChain({ genesisHash: MAINNET_GENESIS, blockhashSeed: 'chain a' });
  b = await startTestChain({ genesisHash: DEVNET_GENESIS, blockhashSeed: 'chain b' });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

async function issue(chain: TestChain, count: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push((await chain.connection.getLatestBlockhash()).blockhash);
  return out;
}

const valid = async (chain: TestChain, blockhash: string) =>
  (await chain.connection.isBlockhashValid(blockhash)).value;

describe('localnet genesis hash and blockhash seed', () => {
  it('answers getGenesisHash with the hash it was given, and two unnamed localnets with different ones', async () => {
    expect(await a.connection.getGenesisHash()).toBe(MAINNET_GENESIS);
    expect(await b.connection.getGenesisHash()).toBe(DEVNET_GENESIS);
    const [x, y] = await Promise.all([startTestChain(), startTestChain()]);
    try {
      const [hx, hy] = [await x.connection.getGenesisHash(), await y.connection.getGenesisHash()];
      expect(hx).not.toBe(hy);
      const [bx, by] = [await issue(x, 5), await issue(y, 5)];
      expect(bx.filter((h) => by.includes(h))).toEqual([]);
    } finally {
      await x.close();
      await y.close();
    }
  });

  it('two chains with distinct seeds never issue the same blockhash, and each refuses the other’s', async () => {
    const [fromA, fromB] = [await issue(a, ISSUED), await issue(b, ISSUED)];
    expect(new Set(fromA).size).toBe(ISSUED);
    expect(fromA.filter((h) => new Set(fromB).has(h))).toEqual([]);
    for (const h of [fromA[0]!, fromA.at(-1)!]) {
      expect(await valid(a, h)).toBe(true);
      expect(await valid(b, h)).toBe(false);
    }
    for (const h of [fromB[0]!, fromB.at(-1)!]) {
      expect(await valid(b, h)).toBe(true);
      expect(await valid(a, h)).toBe(false);
    }
    // A transaction built on A's blockhash does not land on B, though B knows the payer.
    const payer = Keypair.generate();
    await a.fund(payer.publicKey, 1);
    await b.fund(payer.publicKey, 1);
    const tx = new Transaction().add(
      SystemProgram.transfer({
        fromPubkey: payer.publicKey,
        toPubkey: Keypair.generate().publicKey,
        lamports: LAMPORTS_PER_SOL / 10,
      }),
    );
    tx.recentBlockhash = (await a.connection.getLatestBlockhash()).blockhash;
    tx.feePayer = payer.publicKey;
    tx.sign(payer);
    await expect(b.connection.sendRawTransaction(tx.serialize())).rejects.toThrow(/BlockhashNotFound/);
    await expect(b.connection.sendRawTransaction(tx.serialize(), { skipPreflight: true })).rejects.toThrow(
      /BlockhashNotFound/,
    );
    expect(await b.connection.getBalance(payer.publicKey)).toBe(LAMPORTS_PER_SOL);
    expect(await a.connection.sendRawTransaction(tx.serialize())).toBeTruthy();
  });

  it('a seed replays its sequence; an expired or malformed blockhash is not valid', async () => {
    const c = await startTestChain({ blockhashSeed: 'chain a' });
    try {
      const replay = await issue(c, 3);
      expect(await c.connection.getGenesisHash()).not.toBe(MAINNET_GENESIS);
      const fresh = await startTestChain({ genesisHash: MAINNET_GENESIS, blockhashSeed: 'chain a' });
      try {
        expect(await issue(fresh, 3)).toEqual(replay);
      } finally {
        await fresh.close();
      }
      await c.rpc('localnet_advanceSlots', [151]);
      expect(await valid(c, replay[0]!)).toBe(false);
      await expect(c.rpc('isBlockhashValid', ['not-a-hash'])).rejects.toThrow(/Invalid params/);
    } finally {
      await c.close();
    }
  });

  it('keeps its genesis across restarts from its ledger, continues its blockhashes, and refuses another genesis', async () => {
    const ledger = mkdtempSync(join(tmpdir(), 'tidepool-genesis-'));
    const first = await startLocalnet({
      rpcPort: 0,
      ledger,
      noSharedPrograms: true,
      useProgramsCache: false,
    });
    const genesis = first.chain.identity.genesisHash;
    const before = [first.chain.issueBlockhash().blockhash, first.chain.issueBlockhash().blockhash];
    await first.close();
    const second = await startLocalnet({
      rpcPort: 0,
      ledger,
      noSharedPrograms: true,
      useProgramsCache: false,
    });
    try {
      expect(second.chain.identity.genesisHash).toBe(genesis);
      expect(before).not.toContain(second.chain.issueBlockhash().blockhash);
    } finally {
      await second.close();
    }
    await expect(
      startLocalnet({ rpcPort: 0, ledger, genesisHash: DEVNET_GENESIS, noSharedPrograms: true }),
    ).rejects.toThrow(/saved ledger has genesis hash/);
  });

  it('takes --genesis-hash and --blockhash-seed on the command line', () => {
    expect(parseFlags(['--genesis-hash', DEVNET_GENESIS, '--blockhash-seed', 'x'])).toMatchObject({
      genesisHash: DEVNET_GENESIS,
      blockhashSeed: 'x',
    });
    expect(() => parseFlags(['--genesis-hash', 'abc'])).toThrow(/32 bytes in base58/);
  });
});
