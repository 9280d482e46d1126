// Native stake rewards in the income ledger, against the localnet's getInflationReward (as Agave
// 4.x answers it) on a node that keeps only a few epochs: three stake accounts, one call per epoch
// for all three, those calls and the epochs' block times in one batch, each reward equal to what the
// epoch boundary added to the account, and the ledger saying where the node stopped. Opened again,
// nothing answered is asked again.
import { PublicKey, type Keypair } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochStart, lamportsOf } from '../support/income';
import { startTestChain, type TestChain } from '../support/localnet';
import { SOL, delegatedStake, engineFor } from '../support/staking';

const KEPT = 4;
const EPOCHS = 7;

/** Every JSON-RPC request the engine sends while `work` runs, per HTTP round trip. */
async function traced<T>(
  work: () => Promise<T>,
): Promise<{ result: T; trips: { method: string; params: unknown[] }[][] }> {
  const trips: { method: string; params: unknown[] }[][] = [];
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const body = JSON.parse(String(init?.body)) as
      { method: string; params: unknown[] } | { method: string; params: unknown[] }[];
    trips.push(Array.isArray(body) ? body : [body]);
    return original(input, init);
  };
  try {
    return { result: await work(), trips };
  } finally {
    globalThis.fetch = original;
  }
}

describe('income ledger: native stake rewards', () => {
  let chain: TestChain;
  let user: Keypair;
  let stakes: PublicKey[];
  const paid = new Map<string, bigint>(); // `${address}:${epoch}` → lamports the boundary added
  let firstRewarded: number;

  beforeAll(async () => {
    chain = await startTestChain({ rewardEpochs: KEPT });
    user = await chain.funded(20);
    const [validator] = await chain.rpc<{ votePubkey: string }[]>('localnet_createValidators', [
      { validators: [{ commissionBps: 500, creditsPerEpoch: 1_000 }] },
    ]);
    const vote = new PublicKey(validator!.votePubkey);
    stakes = [];
    for (const sol of [2n, 3n, 4n]) stakes.push(await delegatedStake(chain, user, vote, sol * SOL));
    firstRewarded = (await chain.connection.getEpochInfo()).epoch + 1;
    await chain.advanceEpoch(100); // activating: not paid
    for (let i = 0; i < EPOCHS; i++) {
      const ended = (await chain.connection.getEpochInfo()).epoch;
      const before = await Promise.all(stakes.map((s) => lamportsOf(chain, s)));
      await chain.advanceEpoch(100 + i);
      const after = await Promise.all(stakes.map((s) => lamportsOf(chain, s)));
      stakes.forEach((s, k) => paid.set(`${s.toBase58()}:${ended}`, after[k]! - before[k]!));
    }
  });
  afterAll(() => chain?.close());

  it('asks one getInflationReward per epoch for every account, in one batch with the block times, back to where the node stops', async () => {
    const engine = engineFor(chain, user);
    const owner = user.publicKey.toBase58();
    const { result: view, trips } = await traced(() => engine.income.view(owner));
    expect(trips).toHaveLength(2); // the stake accounts and the epoch; then every reward still to ask
    const rewardCalls = trips[1]!.filter((c) => c.method === 'getInflationReward');
    const addresses = stakes.map((s) => s.toBase58()).sort();
    for (const call of rewardCalls) expect([...(call.params[0] as string[])].sort()).toEqual(addresses);
    expect(trips[1]!.filter((c) => c.method === 'getBlockTime')).toHaveLength(rewardCalls.length);
    const epoch = (await chain.connection.getEpochInfo()).epoch;
    // Every epoch from the first rewarded to the last ended, newest first: the node refuses those it no longer keeps.
    expect(rewardCalls.map((c) => (c.params[1] as { epoch: number }).epoch)).toEqual(
      Array.from({ length: epoch - firstRewarded }, (_, i) => epoch - 1 - i),
    );
    const served = Array.from({ length: KEPT }, (_, i) => epoch - 1 - i);
    expect(view.rewards).toEqual({
      oldestEpoch: Math.min(...served),
      nodeStoppedAt: Math.min(...served) - 1,
    });

    const rows = view.rows.filter((r) => r.type === 'staking-income');
    const expected = await Promise.all(
      stakes.flatMap((s) =>
        served.map(async (e) => ({
          position: s.toBase58(),
          epochs: [e, e],
          amount: paid.get(`${s.toBase58()}:${e}`)!.toString(),
          at: (await epochStart(chain, e + 1)).at,
        })),
      ),
    );
    const key = (r: { position: string; epochs: number[] }) => `${r.position}:${r.epochs[0]}`;
    expect(
      rows
        .map((r) => ({ position: r.position, epochs: r.epochs!, amount: r.received!.amount, at: r.at }))
        .sort((a, b) => key(a).localeCompare(key(b))),
    ).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
    expect(rows.every((r) => r.basis === 'measured' && r.note.includes('commission 5%'))).toBe(true);

    const again = await traced(() => engine.income.view(owner));
    expect(again.trips).toHaveLength(1);
    expect(again.result.rows).toEqual(view.rows);
  });
});
