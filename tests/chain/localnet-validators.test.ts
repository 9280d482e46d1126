// The validators a native-staking picker reads, on a chain that runs none: vote accounts in the
// layout the real vote program writes (v4, checked by round trips through the real vote and stake
// programs), getVoteAccounts as Agave 4.x answers it, validators that keep voting (and one that does
// not), validator-info accounts as `solana validator-info publish` leaves them (read back with
// web3.js's own decoder), rewards paid by each validator's commission and credits, and 2,000
// validators created in one request.
import {
  Authorized,
  Keypair,
  PublicKey,
  StakeProgram,
  TransactionInstruction,
  ValidatorInfo,
  VoteProgram,
} from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoteAccountInfo } from '../../tools/localnet/rpc-validators.ts';
import { createVoteAccount } from '../../tools/stake-pool-admin/pool-admin.ts';
import { send } from '../support/attacks';
import { startTestChain, type TestChain } from '../support/localnet';
import { SOL } from '../support/staking';

const CONFIG_PROGRAM = new PublicKey('Config1111111111111111111111111111111111111');

interface VoteAccounts {
  current: VoteAccountInfo[];
  delinquent: VoteAccountInfo[];
}
interface Created {
  votePubkey: string;
  nodePubkey: string;
  stakeAccount: string | null;
  infoAccount: string | null;
}

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(() => chain.close());

const create = (validators: Record<string, unknown>[]) =>
  chain.rpc<Created[]>('localnet_createValidators', [{ validators }]);
const voteAccounts = (config: Record<string, unknown> = {}) =>
  chain.rpc<VoteAccounts>('getVoteAccounts', [config]);
const byVote = (list: VoteAccountInfo[], vote: string) => list.find((v) => v.votePubkey === vote);

/** The v4 fields read straight from the account bytes (solana-sdk vote-interface VoteStateV4). */
async function rawVoteState(vote: string) {
  const data = Buffer.from((await chain.connection.getAccountInfo(new PublicKey(vote)))!.data);
  return {
    version: data.readUInt32LE(0),
    node: new PublicKey(data.subarray(4, 36)).toBase58(),
    bps: data.readUInt16LE(132),
  };
}

const stakeAccount = async (address: string) => {
  const info = await chain.connection.getAccountInfo(new PublicKey(address));
  const data = Buffer.from(info!.data);
  return {
    lamports: BigInt(info!.lamports),
    stake: data.readBigUInt64LE(156),
    creditsObserved: data.readBigUInt64LE(188),
  };
};

describe('validators on the localnet', () => {
  it('the vote program litesvm runs writes vote state v4, which getVoteAccounts reads', async () => {
    const payer = await chain.funded(10);
    const vote = (await createVoteAccount(chain.connection, payer)).toBase58();
    const raw = await rawVoteState(vote);
    expect(raw.version).toBe(3); // VoteStateVersions::V4
    const all = await voteAccounts({ keepUnstakedDelinquents: true });
    // Never voted and unstaked: delinquent, and listed only when asked for unstaked delinquents.
    expect(byVote(all.delinquent, vote)).toMatchObject({
      nodePubkey: raw.node,
      lastVote: 0,
      activatedStake: 0,
      inflationRewardsCommissionBps: 0,
    });
    expect(byVote((await voteAccounts()).delinquent, vote)).toBeUndefined();
  });

  it('creates validators with given commissions, credits and stake, a delinquent one among them, and serves them', async () => {
    const epoch = (await chain.connection.getEpochInfo()).epoch;
    const [a, b, c, late] = await create([
      {
        commissionBps: 500,
        creditsPerEpoch: 400_000,
        stake: String(100n * SOL),
        info: { name: 'Alpha', website: 'https://alpha.example' },
      },
      { commissionBps: 1_050, creditsPerEpoch: 300_000, stake: String(50n * SOL) },
      { commissionBps: 10_000, creditsPerEpoch: 420_000, stake: String(10n * SOL) },
      { commissionBps: 700, creditsPerEpoch: 400_000, stake: String(5n * SOL), delinquent: true },
    ]);
    const slot = await chain.connection.getSlot();
    const { current, delinquent } = await voteAccounts();
    expect(byVote(current, a!.votePubkey)).toEqual({
      votePubkey: a!.votePubkey,
      nodePubkey: a!.nodePubkey,
      activatedStake: Number(100n * SOL),
      epochVoteAccount: true,
      commission: 5,
      inflationRewardsCommissionBps: 500,
      lastVote: slot,
      rootSlot: slot - 31,
      epochCredits: [
        [epoch - 4, 800_000, 400_000],
        [epoch - 3, 1_200_000, 800_000],
        [epoch - 2, 1_600_000, 1_200_000],
        [epoch - 1, 2_000_000, 1_600_000],
        [epoch, 2_000_000, 2_000_000],
      ],
    });
    // 10.5 % in basis points; the whole-percent field rounds down as Agave's does.
    expect(byVote(current, b!.votePubkey)).toMatchObject({
      commission: 10,
      inflationRewardsCommissionBps: 1_050,
    });
    expect(byVote(current, c!.votePubkey)).toMatchObject({ commission: 100 });
    expect(byVote(delinquent, late!.votePubkey)).toMatchObject({ activatedStake: Number(5n * SOL) });
    expect(byVote(current, late!.votePubkey)).toBeUndefined();
    expect((await rawVoteState(b!.votePubkey)).bps).toBe(1_050);
    expect((await voteAccounts({ votePubkey: b!.votePubkey })).current.map((v) => v.votePubkey)).toEqual([
      b!.votePubkey,
    ]);

    // The stake the localnet delegated observes the vote account's credits as the stake program would.
    expect((await stakeAccount(a!.stakeAccount!)).creditsObserved).toBe(2_000_000n);
    // The validator-info account, read back by web3.js's own decoder.
    const info = await chain.connection.getAccountInfo(new PublicKey(a!.infoAccount!));
    expect(info!.owner.equals(CONFIG_PROGRAM)).toBe(true);
    const decoded = ValidatorInfo.fromConfigData(info!.data);
    expect(decoded?.key.toBase58()).toBe(a!.nodePubkey);
    expect(decoded?.info).toEqual({ name: 'Alpha', website: 'https://alpha.example' });
    const listed = await chain.connection.getProgramAccounts(CONFIG_PROGRAM);
    expect(listed.map((l) => l.pubkey.toBase58())).toContain(a!.infoAccount);
  });

  it('the real stake and vote programs read what the localnet writes into vote accounts', async () => {
    const [validator] = await create([{ commissionBps: 800, creditsPerEpoch: 1_000, stake: '0' }]);
    const owner = await chain.funded(10);
    const stake = Keypair.generate();
    const rent = await chain.connection.getMinimumBalanceForRentExemption(StakeProgram.space);
    await send(
      chain,
      owner,
      [
        ...StakeProgram.createAccount({
          fromPubkey: owner.publicKey,
          stakePubkey: stake.publicKey,
          authorized: new Authorized(owner.publicKey, owner.publicKey),
          lamports: rent + Number(2n * SOL),
        }).instructions,
        ...StakeProgram.delegate({
          stakePubkey: stake.publicKey,
          authorizedPubkey: owner.publicKey,
          votePubkey: new PublicKey(validator!.votePubkey),
        }).instructions,
      ],
      [stake],
    );
    // DelegateStake deserialised the v4 state the localnet wrote: credits observed = its credits.
    expect((await stakeAccount(stake.publicKey.toBase58())).creditsObserved).toBe(5_000n);

    // The other way: credits written by localnet_setVoteState into an account the vote program owns
    // survive the vote program's own UpdateCommission, which reads and rewrites the whole state.
    const vote = await createVoteAccount(chain.connection, owner);
    await chain.rpc('localnet_setVoteState', [
      vote.toBase58(),
      { epochCredits: [[90, 700, 300]], lastVote: 1_234, rootSlot: 1_200 },
    ]);
    const data = Buffer.alloc(5);
    data.writeUInt32LE(5, 0); // VoteInstruction::UpdateCommission
    data.writeUInt8(9, 4);
    await send(chain, owner, [
      new TransactionInstruction({
        programId: VoteProgram.programId,
        keys: [
          { pubkey: vote, isSigner: false, isWritable: true },
          { pubkey: owner.publicKey, isSigner: true, isWritable: false },
        ],
        data,
      }),
    ]);
    expect(
      byVote((await voteAccounts({ keepUnstakedDelinquents: true })).delinquent, vote.toBase58()),
    ).toMatchObject({
      inflationRewardsCommissionBps: 900,
      epochCredits: [[90, 700, 300]],
      lastVote: 1_234,
      rootSlot: 1_200,
    });
  });

  it('keeps created validators voting as slots pass; one told to stop becomes delinquent', async () => {
    const [keeps, stops] = await create([
      { commissionBps: 0, creditsPerEpoch: 1, stake: String(SOL) },
      { commissionBps: 0, creditsPerEpoch: 1, stake: String(SOL) },
    ]);
    await chain.rpc('localnet_setVoteState', [stops!.votePubkey, { voting: false }]);
    await chain.rpc('localnet_advanceSlots', [300]);
    const { current, delinquent } = await voteAccounts();
    expect(byVote(current, keeps!.votePubkey)?.lastVote).toBeGreaterThan(
      (await chain.connection.getSlot()) - 128,
    );
    expect(byVote(delinquent, stops!.votePubkey)).toBeDefined();
  });

  it('pays an epoch’s rewards by each validator’s credits and commission, as Agave shares them', async () => {
    const fresh = await startTestChain();
    try {
      const specs = [
        { commissionBps: 500, creditsPerEpoch: 400_000, stake: 100n * SOL },
        { commissionBps: 1_050, creditsPerEpoch: 300_000, stake: 50n * SOL },
        { commissionBps: 0, creditsPerEpoch: 420_000, stake: 10n * SOL },
        { commissionBps: 700, creditsPerEpoch: 400_000, stake: 5n * SOL, delinquent: true },
      ];
      const created = await fresh.rpc<Created[]>('localnet_createValidators', [
        { validators: specs.map((s) => ({ ...s, stake: String(s.stake) })) },
      ]);
      const before = await Promise.all(
        created.map(async (v) => ({
          stake: await stakeOn(fresh, v.stakeAccount!),
          vote: BigInt(await fresh.connection.getBalance(new PublicKey(v.votePubkey))),
        })),
      );
      const pool = 1_000_000_000_000n;
      await fresh.rpc('localnet_advanceEpoch', [{ epochRewardsLamports: pool.toString() }]);
      // Points: stake × the credits earned in the epoch (the delinquent one earned none).
      const points = specs.map((s) => (s.delinquent ? 0n : s.stake * BigInt(s.creditsPerEpoch)));
      const total = points.reduce((a, b) => a + b, 0n);
      for (const [i, s] of specs.entries()) {
        const reward = (points[i]! * pool) / total;
        const bps = BigInt(s.commissionBps);
        const voter = bps === 0n ? 0n : (reward * bps) / 10_000n;
        const staker = bps === 0n ? reward : (reward * (10_000n - bps)) / 10_000n;
        const after = await stakeOn(fresh, created[i]!.stakeAccount!);
        expect(after.lamports - before[i]!.stake.lamports, `stake ${i}`).toBe(staker);
        expect(after.stake - before[i]!.stake.stake, `delegation ${i}`).toBe(staker);
        const vote = BigInt(await fresh.connection.getBalance(new PublicKey(created[i]!.votePubkey)));
        expect(vote - before[i]!.vote, `vote account ${i}`).toBe(voter);
      }
      // Paying again without new credits pays nothing: the stakes observed them.
      await fresh.rpc('localnet_advanceEpoch', [{ epochRewardsLamports: '0' }]);
      await expect(
        fresh.rpc('localnet_advanceEpoch', [{ epochRewardsLamports: '5', rewardsBps: 100 }]),
      ).rejects.toThrow(/neither rewardsBps/);
    } finally {
      await fresh.close();
    }
  });

  it('creates 2,000 validators in one request and serves them all', async () => {
    const many = await startTestChain();
    try {
      const validators = Array.from({ length: 2_000 }, (_, i) => ({
        commissionBps: (i * 7) % 10_001,
        creditsPerEpoch: 400_000 - i,
        stake: String(BigInt(i + 1) * SOL),
        ...(i % 10 === 0 ? { info: { name: `Validator ${i}` } } : {}),
      }));
      const created = await many.rpc<Created[]>('localnet_createValidators', [{ validators }]);
      expect(created).toHaveLength(2_000);
      const { current, delinquent } = await many.rpc<VoteAccounts>('getVoteAccounts', []);
      expect(current).toHaveLength(2_000);
      expect(delinquent).toHaveLength(0);
      expect(current.reduce((sum, v) => sum + BigInt(v.activatedStake), 0n)).toBe(
        (2_000n * 2_001n * SOL) / 2n,
      );
      // The Config program also owns the stake config account; validator infos are the rest.
      const configs = await many.connection.getProgramAccounts(CONFIG_PROGRAM);
      expect(configs.filter((c) => ValidatorInfo.fromConfigData(c.account.data))).toHaveLength(200);
    } finally {
      await many.close();
    }
  });
});

async function stakeOn(on: TestChain, address: string) {
  const info = await on.connection.getAccountInfo(new PublicKey(address));
  return { lamports: BigInt(info!.lamports), stake: Buffer.from(info!.data).readBigUInt64LE(156) };
}
