// The validator picker, built from the localnet's vote and validator-info accounts only: its APYs
// equal what this test computes from the accounts it wrote (each validator's stake, credits and
// commission, and the rewards the epoch paid, shared by points as Agave shares them), annualised at
// the chain's 250 ms slot; each flag on a validator that should have it and one that should not
// (delinquent, superminority, commission raised and pending, a stake pool staking with it); the
// published names cleaned; the whole list in two round trips, then kept for the epoch.
import { PublicKey, TransactionMessage } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidatorView } from '../../src/shared/native-staking';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { decodeVoteState, encodeVoteState } from '../../tools/localnet/vote-state.ts';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { MemoryStorage } from '../support/memory-storage';
import { SOL, activePool, engineFor } from '../support/staking';
import { createValidators, type CreatedValidator, type ValidatorSpec } from '../support/validators';

const SLOT_MS = 250;
const EPOCH_REWARDS = 100_000_000n;
const YEAR_MS = 365.25 * 24 * 3600 * 1000;

const SPECS = {
  alpha: {
    commissionBps: 500,
    creditsPerEpoch: 400_000,
    stake: String(100n * SOL),
    info: { name: 'Alpha', website: 'https://alpha.example', details: 'Alpha runs in Lisbon.' },
  },
  beta: {
    commissionBps: 1_000,
    creditsPerEpoch: 300_000,
    stake: String(300n * SOL),
    info: { name: 'Beta', website: 'http://beta.example' },
  },
  gamma: {
    commissionBps: 700,
    creditsPerEpoch: 380_000,
    stake: String(10n * SOL),
    delinquent: true,
    info: { name: 'Gam\u202ema\u0007' },
  },
  greedy: { commissionBps: 10_000, creditsPerEpoch: 420_000, stake: String(20n * SOL) },
  zero: { commissionBps: 0, creditsPerEpoch: 410_000, stake: String(50n * SOL) },
} satisfies Record<string, ValidatorSpec>;
type Name = keyof typeof SPECS;

describe.skipIf(!stakePoolProgramOr('validator picker chain tests', STAKE_POOL_AVAILABLE))(
  'the validator picker, from chain data only',
  () => {
    let chain: TestChain;
    let engine: ReturnType<typeof engineFor>;
    let user: Awaited<ReturnType<TestChain['funded']>>;
    const storage = new MemoryStorage();
    let created: Record<Name, CreatedValidator>;
    let pool: CreatedPool;
    let epoch: number;

    const list = () => engine.validators.list(epoch);
    const find = async (vote: string) => (await list()).validators.find((v) => v.vote === vote)!;
    const of = async (name: Name) => find(created[name].votePubkey);
    const pays = async (rewards: bigint) =>
      (epoch = (
        await chain.rpc<{ epoch: number }>('localnet_advanceEpoch', [
          { epochRewardsLamports: String(rewards) },
        ])
      ).epoch);

    beforeAll(async () => {
      chain = await startTestChain({ slotMs: SLOT_MS });
      const operator = await chain.funded(1_000);
      user = await chain.funded(10);
      engine = engineFor(chain, user, { storage });
      const names = Object.keys(SPECS) as Name[];
      const made = await createValidators(chain, Object.values(SPECS));
      created = Object.fromEntries(names.map((n, i) => [n, made[i]!])) as Record<Name, CreatedValidator>;
      pool = await activePool(chain, operator, {
        programId: STAKE_POOL_PROGRAMS.sanctumMulti,
        validators: 1,
        initialDepositLamports: 10n * SOL,
        stakePerValidator: 5n * SOL,
      });
      // The pool's validator votes like the others from now on.
      await chain.rpc('localnet_setVoteState', [pool.votes[0]!.toBase58(), { creditsPerEpoch: 350_000 }]);
      epoch = (await chain.connection.getEpochInfo()).epoch;
      await pays(EPOCH_REWARDS);
    }, 120_000);
    afterAll(() => chain?.close());

    /**
     * The APY this test expects for `name`, from what it wrote: in the epoch just paid, each
     * validator's points are its stake (as created; the pool's stake was still activating) times
     * the credits it earned (delinquent gamma earned none), and one lamport staked with `name`
     * earned EPOCH_REWARDS × credits × (1 − commission) ÷ all points; compounding over a year of
     * 432,000-slot epochs at 250 ms.
     */
    function expectedApyBps(name: Name): number {
      const earned = (n: Name) => ('delinquent' in SPECS[n] ? 0n : BigInt(SPECS[n].creditsPerEpoch));
      const points = (Object.keys(SPECS) as Name[]).reduce(
        (sum, n) => sum + BigInt(SPECS[n].stake) * earned(n),
        0n,
      );
      const perLamport =
        (Number(EPOCH_REWARDS) * Number(earned(name)) * (1 - SPECS[name].commissionBps / 10_000)) /
        Number(points);
      const epochsPerYear = YEAR_MS / (432_000 * SLOT_MS);
      return Math.round(((1 + perLamport) ** epochsPerYear - 1) * 10_000);
    }

    it('lists every validator in two round trips, then keeps the list for the epoch', async () => {
      let trips = engine.rpc.stats.httpRoundTrips;
      const first = await list();
      expect(engine.rpc.stats.httpRoundTrips - trips).toBe(2);
      trips = engine.rpc.stats.httpRoundTrips;
      await list();
      expect(engine.rpc.stats.httpRoundTrips - trips).toBe(0);
      expect(first.epoch).toBe(epoch);
      expect(first.validators.map((v) => v.vote).sort()).toEqual(
        [...Object.values(created).map((c) => c.votePubkey), pool.votes[0]!.toBase58()].sort(),
      );
      // The node's own price of a one-signature message, asked through web3.js.
      const { blockhash } = await chain.connection.getLatestBlockhash();
      const message = new TransactionMessage({
        payerKey: PublicKey.default,
        recentBlockhash: blockhash,
        instructions: [],
      });
      const fee = (await chain.connection.getFeeForMessage(message.compileToLegacyMessage())).value!;
      expect(first.terms).toEqual({
        minimumDelegation: String(SOL),
        rentReserve: '2282880',
        keepForFees: String(3_000_000 + fee),
      });
      expect(first.apy).toMatchObject({ measured: true, basis: { epoch: epoch - 1, slotMs: SLOT_MS } });
    });

    it('estimates each APY as the test computes it from the accounts it wrote and the rewards paid', async () => {
      for (const name of ['alpha', 'beta', 'zero'] as const) {
        const apy = (await of(name)).apyBps!;
        expect(apy, name).toBe(expectedApyBps(name));
        expect(apy, name).toBeGreaterThan(0);
      }
      expect((await of('greedy')).apyBps).toBe(0); // keeps 100 %
      expect((await of('gamma')).apyBps).toBe(0); // delinquent: earned no credits
      expect((await of('alpha')).credits).toBe(400_000);
    });

    it('flags: delinquent, superminority and a pool staking there, each on one that has it and one that does not', async () => {
      const pooled = await find(pool.votes[0]!.toBase58());
      const alpha = await of('alpha');
      expect((await of('gamma')).delinquent).toBe(true);
      expect(alpha.delinquent).toBe(false);
      // Beta alone holds more than a third of all stake.
      expect((await of('beta')).superminority).toBe(true);
      expect(alpha.superminority).toBe(false);
      expect(pooled.pools).toEqual([{ pool: pool.pool.toBase58(), symbol: expect.any(String) }]);
      expect(alpha.pools).toEqual([]);
    });

    it('names as the validators published them, cleaned: no control or direction characters, https sites only', async () => {
      expect(await of('alpha')).toMatchObject<Partial<ValidatorView>>({
        name: 'Alpha',
        website: 'https://alpha.example',
        details: 'Alpha runs in Lisbon.',
      });
      expect(await of('beta')).toMatchObject({ name: 'Beta', website: null });
      expect((await of('gamma')).name).toBe('Gamma');
      expect((await of('greedy')).name).toBeNull();
    });

    it('flags a commission raised since an epoch Tidepool saw, pending for the epoch after; a lowered one is not', async () => {
      const seen = epoch;
      const setCommission = async (name: Name, bps: number) => {
        const vote = new PublicKey(created[name].votePubkey);
        const account = (await chain.connection.getAccountInfo(vote))!;
        const state = decodeVoteState(vote.toBase58(), account.data)!;
        const data = encodeVoteState({ ...state, inflationRewardsCommissionBps: bps });
        await chain.rpc('localnet_setAccount', [
          vote.toBase58(),
          {
            lamports: account.lamports,
            owner: account.owner.toBase58(),
            data: Buffer.from(data).toString('base64'),
          },
        ]);
      };
      await setCommission('alpha', 800);
      await setCommission('beta', 500);
      await pays(EPOCH_REWARDS);
      const alpha = await of('alpha');
      expect(alpha).toMatchObject({
        commissionBps: 800,
        commissionRaised: { fromBps: 500, seenEpoch: seen },
        commissionPending: true,
      });
      expect(await of('beta')).toMatchObject({
        commissionBps: 500,
        commissionRaised: null,
        commissionPending: false,
      });
      expect(await of('zero')).toMatchObject({ commissionRaised: null, commissionPending: false });
      await pays(EPOCH_REWARDS);
      await pays(EPOCH_REWARDS);
      // Still raised, no longer pending: two epochs on, rewards use the new commission.
      expect(await of('alpha')).toMatchObject({
        commissionRaised: { fromBps: 500 },
        commissionPending: false,
      });
    });

    it('keeps what it saw for the cluster: another RPC URL of the same chain still flags the raise', async () => {
      const url = new URL(chain.node.rpcUrl);
      url.hostname = 'localhost';
      const other = engineFor(chain, user, {
        storage,
        network: { ...engine.network, rpcUrl: url.toString() },
      });
      expect(other.network.rpcUrl).not.toBe(engine.network.rpcUrl);
      const alpha = (await other.validators.list(epoch)).validators.find(
        (v) => v.vote === created.alpha.votePubkey,
      );
      expect(alpha).toMatchObject({ commissionBps: 800, commissionRaised: { fromBps: 500 } });
    });
  },
);
