// A deployed build without the *WithSlippage instructions: the quote falls back to the plain
// instruction and says it is not bounded, and the stake still lands exactly as quoted. Every build
// in ../shared/programs has those instructions, so this one node is a named fake on top of the real
// one: OLD_BUILD_NODE answers a simulation that uses them as a build without them does
// (InvalidInstructionData), and refuses to forward a transaction that uses them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { VersionedTransaction } from '@solana/web3.js';
import { beforeAll, expect, it } from 'vitest';
import { BOUNDED_TAG } from '../../src/background/staking/bounded-instructions';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { SOL, activePool, describeOnOneBuild, nextEpoch } from '../support/staking';

const BOUNDED_TAGS = new Set<number>(Object.values(BOUNDED_TAG));
const STAKE_POOL_IDS = new Set(Object.values(STAKE_POOL_PROGRAMS).map((p) => p.toBase58()));

/** The index of the first instruction of a stake-pool program that uses a *WithSlippage tag, or -1. */
function boundedInstructionIndex(wire: string): number {
  const tx = VersionedTransaction.deserialize(Buffer.from(wire, 'base64'));
  const keys = tx.message.staticAccountKeys;
  return tx.message.compiledInstructions.findIndex(
    (ix) => STAKE_POOL_IDS.has(keys[ix.programIdIndex]!.toBase58()) && BOUNDED_TAGS.has(ix.data[0]!),
  );
}

type Call = { id: number; method: string; params: unknown[] };
let boundedSent = 0;

/** OLD_BUILD_NODE: the fake described above, as localnet middleware. */
function oldBuildNode(_req: IncomingMessage, res: ServerResponse, body: string, next: () => void): void {
  const parsed = JSON.parse(body) as Call | Call[];
  const calls = Array.isArray(parsed) ? parsed : [parsed];
  const failing = new Map<number, number>();
  for (const call of calls) {
    if (call.method !== 'simulateTransaction' && call.method !== 'sendTransaction') continue;
    const index = boundedInstructionIndex(call.params[0] as string);
    if (index < 0) continue;
    if (call.method === 'sendTransaction') boundedSent++;
    failing.set(call.id, index);
  }
  if (!failing.size) return next();
  const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
  res.end = ((chunk?: unknown) => {
    const answer = JSON.parse(String(chunk)) as
      { id: number; result?: { context: unknown } }[] | { id: number; result?: { context: unknown } };
    const items = Array.isArray(answer) ? answer : [answer];
    for (const item of items) {
      const index = failing.get(item.id);
      if (index === undefined || !item.result) continue;
      item.result = {
        context: item.result.context,
        value: {
          err: { InstructionError: [index, 'InvalidInstructionData'] },
          logs: ['Program log: Error: InvalidInstructionData'],
          accounts: null,
          unitsConsumed: 0,
        },
      } as never;
    }
    return end(JSON.stringify(answer));
  }) as typeof res.end;
  next();
}

describeOnOneBuild(
  'unbounded fallback chain test',
  'a stake-pool build without the *WithSlippage instructions',
  { userSol: 20, middleware: oldBuildNode },
  (suite) => {
    let pool: CreatedPool;

    beforeAll(async () => {
      pool = await activePool(suite.chain, suite.operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 10n * SOL,
        stakePerValidator: 5n * SOL,
        depositFee: { numerator: 1n, denominator: 200n },
      });
      await nextEpoch(suite.chain, suite.operator, [pool], 100);
    });

    it('quotes with the plain instruction, says it is not bounded, and lands exactly as quoted', async () => {
      const prepared = await suite.engine.staking.prepareStake(suite.user.publicKey, pool.pool, 2n * SOL);
      expect(prepared.quote.guarantee).toMatchObject({ kind: 'unenforced', why: 'build_has_no_bound' });
      expect(prepared.instructions.at(-1)!.data[0]).toBe(14); // DepositSol
      const { outcome } = await suite.engine.staking.stake(suite.user.publicKey, pool.pool, 2n * SOL, {
        quoteId: prepared.quote.quoteId,
      });
      expect(outcome.tokenChange).toBe(prepared.quote.tokensOut);

      const unstake = await suite.engine.staking.prepareUnstake(
        suite.user.publicKey,
        pool.pool,
        SOL / 2n,
        'instant',
      );
      expect(unstake.quote.guarantee).toMatchObject({ kind: 'unenforced', why: 'build_has_no_bound' });
      expect(unstake.instructions.at(-1)!.data[0]).toBe(16); // WithdrawSol
      expect(boundedSent).toBe(0);
    });
  },
);
