// The Activity screen's list against the real chain: transactions made through the engine the
// worker wires (createEngine, via engineFor) — a SOL send, a stake, an instant and a delayed
// unstake — come back from getSignaturesForAddress/getTransaction named as the person made them,
// newest first, and a send the chain does not list yet is shown as waiting, once.
import { Keypair } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shortAddress } from '../../src/shared/format';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { MemoryStorage } from '../support/memory-storage';
import { SOL, activePool, engineFor, nextEpoch } from '../support/staking';

describe.skipIf(!stakePoolProgramOr('activity feed chain tests', STAKE_POOL_AVAILABLE))(
  'activity feed over the engine',
  () => {
    let chain: TestChain;
    let operator: Keypair;
    let user: Keypair;
    let pool: CreatedPool;

    beforeAll(async () => {
      chain = await startTestChain();
      operator = await chain.funded(1_000);
      user = await chain.funded(20);
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 20n * SOL,
      });
      await nextEpoch(chain, operator, [pool]); // the validator's stake active, so a delayed unstake can split from it
    });
    afterAll(() => chain?.close());

    it('names a send, a stake, an instant and a delayed unstake as they were made, newest first', async () => {
      const engine = engineFor(chain, user);
      const owner = user.publicKey.toBase58();
      const symbol = shortAddress(pool.mint.toBase58());
      const recipient = Keypair.generate().publicKey.toBase58();
      const sent = await engine.transfers.send(user.publicKey, {
        to: recipient,
        amount: (SOL / 4n).toString(),
      });
      const staked = await engine.staking.stake(user.publicKey, pool.pool, 3n * SOL);
      const instant = await engine.staking.unstake(user.publicKey, pool.pool, SOL / 2n, 'instant');
      const delayed = await engine.staking.unstake(user.publicKey, pool.pool, SOL, 'delayed');

      const { items } = await engine.activity.list(owner);
      const bySignature = new Map(items.map((i) => [i.signature, i]));
      expect(items.slice(0, 4).map((i) => i.signature)).toEqual([
        delayed.outcome.signature,
        instant.outcome.signature,
        staked.outcome.signature,
        sent.signature,
      ]);
      expect(bySignature.get(sent.signature)).toMatchObject({
        kind: 'send',
        summary: 'Sent 0.25 SOL',
        failed: false,
      });
      expect(bySignature.get(staked.outcome.signature)).toMatchObject({
        kind: 'stake',
        summary: expect.stringMatching(new RegExp(`^Staked 3 SOL → [\\d.]+ ${symbol}$`)),
      });
      expect(bySignature.get(instant.outcome.signature)).toMatchObject({
        kind: 'unstake-instant',
        summary: expect.stringMatching(new RegExp(`^Unstaked 0.5 ${symbol} → [\\d.]+ SOL$`)),
      });
      expect(bySignature.get(delayed.outcome.signature)).toMatchObject({
        kind: 'unstake-delayed',
        summary: `Unstaked 1 ${symbol} → a stake account (delayed)`,
      });
      expect(items.some((i) => i.inFlight)).toBe(false);
    });

    it('a send the chain has not listed yet is shown as waiting for confirmation, and only once', async () => {
      const storage = new MemoryStorage();
      const engine = engineFor(chain, user, { storage });
      const signature = '4'.repeat(87);
      // The record TransactionSender keeps for a send it has not seen confirmed (as a stopped worker leaves it).
      await storage.set('transactions', {
        send: {
          id: 'send',
          status: 'submitted',
          signature,
          wire: '',
          lastValidBlockHeight: 1e9,
          network: engine.network,
          owner: user.publicKey.toBase58(),
          label: 'Send to someone',
          createdAt: Date.now(),
        },
      });
      expect((await engine.sender.inFlight()).map((p) => p.signature)).toEqual([signature]);
      const { items } = await engine.activity.list(user.publicKey.toBase58());
      expect(items.filter((i) => i.signature === signature)).toEqual([
        expect.objectContaining({ inFlight: true, summary: 'Send to someone (waiting for confirmation)' }),
      ]);
      expect(items[0]!.signature).toBe(signature);
    });
  },
);
