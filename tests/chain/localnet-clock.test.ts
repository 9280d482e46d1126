// The localnet's clock follows its slot time (--slot-ms): block times, the Clock sysvar that programs
// read, and the performance samples a wallet measures the slot time from, here at 250 ms (SIMD-0525's
// target) against the 400 ms default; getBlocks and getBlockTime answer produced, skipped and future
// slots as an Agave validator does.
import { Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlags } from '../../tools/localnet/cli.ts';
import { send } from '../support/attacks';
import { startTestChain, type TestChain } from '../support/localnet';

const CLOCK_SYSVAR = new PublicKey('SysvarC1ock11111111111111111111111111111111');
const GENESIS_UNIX = 1_750_000_000; // what getBlockTime(0) answers: the genesis creation time

interface Sample {
  slot: number;
  numSlots: number;
  numTransactions: number;
  numNonVoteTransactions: number;
  samplePeriodSecs: number;
}

let fast: TestChain;
let standard: TestChain;
beforeAll(async () => {
  fast = await startTestChain({ slotMs: 250 });
  standard = await startTestChain();
});
afterAll(async () => {
  await fast?.close();
  await standard?.close();
});

async function clockSysvar(chain: TestChain) {
  const data = Buffer.from((await chain.connection.getAccountInfo(CLOCK_SYSVAR))!.data);
  return {
    slot: data.readBigUInt64LE(0),
    epochStartTimestamp: data.readBigInt64LE(8),
    epoch: data.readBigUInt64LE(16),
    unixTimestamp: data.readBigInt64LE(32),
  };
}

const transfer = async (chain: TestChain, from: Keypair) =>
  send(chain, from, [
    SystemProgram.transfer({
      fromPubkey: from.publicKey,
      toPubkey: Keypair.generate().publicKey,
      lamports: LAMPORTS_PER_SOL / 100,
    }),
  ]);

describe('the localnet clock at a given slot time', () => {
  it('stamps blocks and the Clock sysvar with genesis + slot × slot time', async () => {
    for (const [chain, ms] of [
      [fast, 250],
      [standard, 400],
    ] as const) {
      const payer = await chain.funded(1);
      const signature = await transfer(chain, payer);
      const tx = await chain.connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
      const expected = GENESIS_UNIX + Math.floor((tx!.slot * ms) / 1000);
      expect(tx!.blockTime).toBe(expected);
      expect(await chain.connection.getBlockTime(tx!.slot)).toBe(expected);
      const clock = await clockSysvar(chain);
      const slot = await chain.connection.getSlot();
      expect(clock.slot).toBe(BigInt(slot));
      expect(clock.unixTimestamp).toBe(BigInt(GENESIS_UNIX + Math.floor((slot * ms) / 1000)));
      const epochStart = Number(clock.epoch) * 432_000;
      expect(clock.epochStartTimestamp).toBe(BigInt(GENESIS_UNIX + Math.floor((epochStart * ms) / 1000)));
    }
    expect(await fast.connection.getBlockTime(0)).toBe(GENESIS_UNIX);
  });

  it('answers getRecentPerformanceSamples with 60 s samples whose slots give the slot time', async () => {
    const chain = await startTestChain({ slotMs: 250 });
    try {
      expect(await chain.rpc('getRecentPerformanceSamples', [])).toEqual([]);
      const start = await chain.connection.getFirstAvailableBlock();
      const payer = await chain.funded(1); // one transaction (the airdrop) in the first minute
      await chain.rpc('localnet_advanceSlots', [240 * 2]);
      for (let i = 0; i < 3; i++) await transfer(chain, payer); // three in the third minute
      await chain.rpc('localnet_advanceSlots', [240]);
      const samples = await chain.rpc<Sample[]>('getRecentPerformanceSamples', [5]);
      expect(samples.map((s) => s.slot)).toEqual([start + 720, start + 480, start + 240]);
      for (const s of samples) {
        expect(s).toMatchObject({ numSlots: 240, samplePeriodSecs: 60 });
        expect((s.samplePeriodSecs * 1000) / s.numSlots).toBe(250);
        expect(s.numNonVoteTransactions).toBe(s.numTransactions);
      }
      expect(samples.map((s) => s.numTransactions)).toEqual([3, 0, 1]);
      const viaWeb3 = await chain.connection.getRecentPerformanceSamples(1);
      expect(viaWeb3).toEqual([samples[0]]);
      await expect(chain.rpc('getRecentPerformanceSamples', [721])).rejects.toThrow(/max 720/);
    } finally {
      await chain.close();
    }
  });

  it('lists produced blocks, not the slots an epoch jump skipped, and errs as Agave does', async () => {
    const chain = await startTestChain({ slotMs: 250 });
    try {
      const first = await chain.connection.getFirstAvailableBlock();
      await chain.rpc('localnet_advanceSlots', [2]);
      const before = await chain.connection.getSlot();
      await chain.advanceEpoch();
      const epochStart = await chain.connection.getSlot();
      expect(await chain.connection.getBlocks(first)).toEqual([first, first + 1, first + 2, epochStart]);
      expect(await chain.connection.getBlocks(first + 1, first + 2)).toEqual([first + 1, first + 2]);
      expect(await chain.rpc('getBlocksWithLimit', [first, 2])).toEqual([first, first + 1]);
      await expect(chain.connection.getBlockTime(before + 1)).rejects.toThrow(/-32007|was skipped/);
      await expect(chain.connection.getBlockTime(epochStart + 5)).rejects.toThrow(/Block not available/);
      await expect(chain.connection.getBlockTime(first - 1)).rejects.toThrow(/was skipped/);
      expect(await chain.connection.getBlockTime(epochStart)).toBe(
        GENESIS_UNIX + Math.floor((epochStart * 250) / 1000),
      );
      await expect(chain.rpc('getBlocks', [0, 600_000])).rejects.toThrow(/Slot range too large; max 500000/);
      await expect(chain.rpc('getBlocks', [first, { commitment: 'processed' }])).rejects.toThrow(
        /below `confirmed`/,
      );
    } finally {
      await chain.close();
    }
  });

  it('takes --slot-ms on the command line', () => {
    expect(parseFlags(['--slot-ms', '250'])).toMatchObject({ slotMs: 250 });
    expect(() => parseFlags(['--slot-ms', '0'])).toThrow(/--slot-ms/);
  });
});
