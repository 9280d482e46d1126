// getInflationReward answers what each localnet_advanceEpoch paid, as Agave 4.x does: per address
// the amount, the balance after, the slot it was credited in (the next epoch's first block) and the
// commission in basis points (`commission` null), null for an address that earned nothing; an
// error for an epoch not yet paid, one before the chain began, or one older than it keeps.
import { Keypair, PublicKey } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlags } from '../../tools/localnet/cli.ts';
import { startTestChain, type TestChain } from '../support/localnet';
import { SOL } from '../support/staking';

interface Reward {
  epoch: number;
  effectiveSlot: number;
  amount: number;
  postBalance: number;
  commission: number | null;
  commissionBps?: number;
}
interface Created {
  votePubkey: string;
  stakeAccount: string;
}

let chain: TestChain;
let validators: Created[];
beforeAll(async () => {
  chain = await startTestChain({ rewardEpochs: 2 });
  validators = await chain.rpc<Created[]>('localnet_createValidators', [
    {
      validators: [
        { commissionBps: 750, creditsPerEpoch: 1_000, stake: String(40n * SOL) },
        { commissionBps: 0, creditsPerEpoch: 3_000, stake: String(10n * SOL) },
      ],
    },
  ]);
});
afterAll(() => chain.close());

const balance = async (address: string) => chain.connection.getBalance(new PublicKey(address));
const rewards = (addresses: string[], config?: Record<string, unknown>) =>
  chain.rpc<(Reward | null)[]>('getInflationReward', config ? [addresses, config] : [addresses]);

describe('getInflationReward on the localnet', () => {
  it('answers what the epoch boundary paid each stake and vote account, and null for the others', async () => {
    const [a, b] = validators as [Created, Created];
    const before = await Promise.all([a.stakeAccount, a.votePubkey, b.stakeAccount].map(balance));
    const ended = (await chain.connection.getEpochInfo()).epoch;
    await chain.rpc('localnet_advanceEpoch', [{ epochRewardsLamports: String(SOL) }]);
    const boundary = await chain.connection.getSlot();
    const after = await Promise.all([a.stakeAccount, a.votePubkey, b.stakeAccount].map(balance));
    const nobody = Keypair.generate().publicKey.toBase58();
    const answer = await rewards([a.stakeAccount, a.votePubkey, b.stakeAccount, nobody, b.votePubkey]);
    expect(answer).toEqual([
      {
        epoch: ended,
        effectiveSlot: boundary,
        amount: after[0]! - before[0]!,
        postBalance: after[0],
        commission: null,
        commissionBps: 750,
      },
      {
        epoch: ended,
        effectiveSlot: boundary,
        amount: after[1]! - before[1]!,
        postBalance: after[1],
        commission: null,
        commissionBps: 750,
      },
      {
        epoch: ended,
        effectiveSlot: boundary,
        amount: after[2]! - before[2]!,
        postBalance: after[2],
        commission: null,
        commissionBps: 0,
      },
      null,
      // A 0 % validator earns no commission, so its vote account has no reward.
      null,
    ]);
    expect(answer[0]!.amount).toBeGreaterThan(0);
    // The same epoch asked for by number, and through web3.js.
    expect(await rewards([a.stakeAccount], { epoch: ended })).toEqual([answer[0]]);
    const viaWeb3 = await chain.connection.getInflationReward([new PublicKey(a.stakeAccount)]);
    expect(viaWeb3[0]).toMatchObject({
      epoch: ended,
      amount: answer[0]!.amount,
      postBalance: answer[0]!.postBalance,
    });
  });

  it('records flat rewards too, with the validator’s commission', async () => {
    const [a] = validators as [Created];
    const before = await balance(a.stakeAccount);
    const ended = (await chain.connection.getEpochInfo()).epoch;
    await chain.advanceEpoch(100);
    const after = await balance(a.stakeAccount);
    expect(await rewards([a.stakeAccount])).toEqual([
      expect.objectContaining({
        epoch: ended,
        amount: after - before,
        postBalance: after,
        commissionBps: 750,
      }),
    ]);
  });

  it('refuses an epoch not yet paid, one before the chain began, and one older than it keeps', async () => {
    const [a] = validators as [Created];
    const { epoch, slotsInEpoch } = await chain.connection.getEpochInfo();
    await expect(rewards([a.stakeAccount], { epoch })).rejects.toThrow(
      new RegExp(`Block not available for slot ${(epoch + 1) * slotsInEpoch}`),
    );
    await expect(rewards([a.stakeAccount], { epoch: 1 })).rejects.toThrow(
      /cleaned up, does not exist on node/,
    );
    // Two epochs kept (rewardEpochs: 2): a third boundary drops the first.
    const oldest = epoch - 2;
    expect(await rewards([a.stakeAccount], { epoch: oldest })).toHaveLength(1);
    await chain.advanceEpoch();
    await expect(rewards([a.stakeAccount], { epoch: oldest })).rejects.toThrow(/cleaned up/);
    expect(await rewards([a.stakeAccount], { epoch: oldest + 2 })).toEqual([null]);
    await expect(chain.rpc('getInflationReward', ['x'])).rejects.toThrow(/Invalid params/);
  });

  it('takes --reward-epochs on the command line', () => {
    expect(parseFlags(['--reward-epochs', '4'])).toMatchObject({ rewardEpochs: 4 });
    expect(() => parseFlags(['--reward-epochs', '0'])).toThrow(/--reward-epochs/);
  });
});
