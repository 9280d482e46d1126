// What native staking refuses, on the stake program v5 build: below the minimum delegation, a
// withdrawal while activating or locked up, merges of accounts that cannot merge, moves the program
// forbids, an account this wallet does not control. Each is one sentence, and nothing is signed
// (the wallet's signature count does not move); and each is what the program itself does: the same
// transaction, built and simulated without the wallet, is refused by the program (the rules in
// native-rules.ts are ported by reading it, and this is where the port is held to it). Advisory
// warnings (a delinquent validator, a 100 % commission) are shown and do not stop the stake.
import { Keypair, Lockup, PublicKey } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NativeRequest } from '../../src/shared/native-staking';
import * as ix from '../../src/background/staking/native-instructions';
import { startTestChain, type TestChain } from '../support/localnet';
import { SOL, engineFor, stakeAccountOf } from '../support/staking';
import { createValidators, programVerdict } from '../support/validators';

let chain: TestChain;
let user: Keypair;
let engine: ReturnType<typeof engineFor>;
let votes: { good: PublicKey; other: PublicKey; delinquent: PublicKey; greedy: PublicKey };

beforeAll(async () => {
  chain = await startTestChain();
  user = await chain.funded(100);
  engine = engineFor(chain, user);
  const [good, other, delinquent, greedy] = await createValidators(chain, [
    { commissionBps: 500, creditsPerEpoch: 400_000, stake: String(100n * SOL) },
    { commissionBps: 700, creditsPerEpoch: 400_000, stake: String(100n * SOL) },
    { commissionBps: 500, creditsPerEpoch: 400_000, stake: String(10n * SOL), delinquent: true },
    { commissionBps: 10_000, creditsPerEpoch: 400_000, stake: String(10n * SOL) },
  ]);
  votes = {
    good: new PublicKey(good!.votePubkey),
    other: new PublicKey(other!.votePubkey),
    delinquent: new PublicKey(delinquent!.votePubkey),
    greedy: new PublicKey(greedy!.votePubkey),
  };
});
afterAll(() => chain?.close());

const signatures = async () => (await chain.connection.getSignaturesForAddress(user.publicKey)).length;

/** The engine refuses `request` with `sentence`, and signs nothing. */
async function refused(request: NativeRequest, sentence: RegExp) {
  const before = await signatures();
  await expect(engine.native.prepare(user.publicKey, request)).rejects.toThrow(sentence);
  await expect(engine.native.execute(user.publicKey, request)).rejects.toThrow(sentence);
  expect(await signatures()).toBe(before);
}

const owner = () => user.publicKey;
const b58 = (k: PublicKey) => k.toBase58();

describe('native staking refuses what the stake program refuses, in one sentence', () => {
  let active: PublicKey;
  let activeOther: PublicKey;
  let activating: PublicKey;
  let deactivating: PublicKey;
  let inactive: PublicKey;
  let locked: PublicKey;

  beforeAll(async () => {
    // 3 SOL delegated (the rest of its lamports is the v5 rent reserve).
    active = await stakeAccountOf(chain, user, 3n * SOL + 2_282_880n, { vote: votes.good });
    activeOther = await stakeAccountOf(chain, user, 3n * SOL, { vote: votes.other });
    deactivating = await stakeAccountOf(chain, user, 2n * SOL, { vote: votes.good });
    locked = await stakeAccountOf(chain, user, 2n * SOL, {
      lockup: new Lockup(0, 1_000_000, Keypair.generate().publicKey),
    });
    await chain.advanceEpoch();
    await engine.native.execute(owner(), { kind: 'deactivate', stakeAccount: b58(deactivating) });
    activating = await stakeAccountOf(chain, user, 2n * SOL, { vote: votes.good });
    inactive = await stakeAccountOf(chain, user, 2n * SOL);
  });

  it('a stake below the cluster’s minimum delegation (read from the chain: 1 SOL on v5)', async () => {
    await refused(
      { kind: 'stake', voter: b58(votes.good), lamports: String(SOL / 2n) },
      /minimum delegation is 1 SOL: stake at least that much, or stake any amount through a liquid staking pool/,
    );
    const seed = ix.stakeSeed();
    const address = await ix.seededStakeAddress(owner(), seed);
    const half = ix.createAndDelegate(owner(), address, seed, SOL / 2n + 2_282_880n, votes.good);
    expect(await programVerdict(chain, user, half)).not.toBeNull();
  });

  it('a withdrawal while activating (its SOL is staked), and the way out', async () => {
    const all = String(2n * SOL);
    await refused(
      { kind: 'withdraw', stakeAccount: b58(activating), lamports: all },
      /still activating \(delegated in epoch \d+\): its SOL is staked. Deactivate it first/,
    );
    expect(await programVerdict(chain, user, ix.withdraw(owner(), activating, 2n * SOL))).not.toBeNull();
  });

  it('a withdrawal from a locked-up account', async () => {
    await refused(
      { kind: 'withdraw', stakeAccount: b58(locked), lamports: String(2n * SOL) },
      /locked up until epoch 1000000: the stake program lets no one but its custodian withdraw/,
    );
    expect(await programVerdict(chain, user, ix.withdraw(owner(), locked, 2n * SOL))).not.toBeNull();
  });

  it('merges the program cannot do: other validator, active with inactive, cooling down, locked up', async () => {
    const cases: [PublicKey, PublicKey, RegExp][] = [
      [active, activeOther, /delegated to different validators/],
      [active, inactive, /is active and the other is not/],
      [active, deactivating, /is unstaking \(its stake is cooling down until epoch \d+\)/],
      [inactive, locked, /under a lockup the other account does not share/],
    ];
    for (const [destination, source, sentence] of cases) {
      await refused({ kind: 'merge', destination: b58(destination), source: b58(source) }, sentence);
      expect(await programVerdict(chain, user, ix.merge(owner(), destination, source))).not.toBeNull();
    }
    // And one it can: an inactive account into one delegated this epoch.
    expect(await programVerdict(chain, user, ix.merge(owner(), activating, inactive))).toBeNull();
  });

  it('moves the program forbids: below the minimum left behind, another validator, too much free SOL', async () => {
    const move = (destination: PublicKey, lamports: bigint) =>
      ({
        kind: 'moveStake',
        source: b58(active),
        destination: b58(destination),
        lamports: String(lamports),
      }) as const;
    const cases: [NativeRequest, ReturnType<typeof ix.moveStake>, RegExp][] = [
      [
        move(inactive, 2_500_000_000n),
        ix.moveStake(owner(), active, inactive, 2_500_000_000n),
        /leave 0.5 SOL staked .* under the network’s minimum delegation of 1 SOL: move all of it, or at most 2 SOL/,
      ],
      [
        move(inactive, SOL / 2n),
        ix.moveStake(owner(), active, inactive, SOL / 2n),
        /is not staked, so it must receive at least the network’s minimum delegation of 1 SOL/,
      ],
      [
        move(activeOther, SOL),
        ix.moveStake(owner(), active, activeOther, SOL),
        /delegated to another validator/,
      ],
      [
        { kind: 'moveStake', source: b58(activating), destination: b58(inactive), lamports: String(SOL) },
        ix.moveStake(owner(), activating, inactive, SOL),
        /is not fully active: only active stake can be moved/,
      ],
      [
        { kind: 'moveLamports', source: b58(active), destination: b58(activeOther), lamports: '1' },
        ix.moveLamports(owner(), active, activeOther, 1n),
        /has no SOL beyond its stake and rent reserve to move/,
      ],
    ];
    for (const [request, instructions, sentence] of cases) {
      await refused(request, sentence);
      expect(await programVerdict(chain, user, instructions)).not.toBeNull();
    }
  });

  it('an account this wallet does not control', async () => {
    const stranger = await chain.funded(5);
    const theirs = await stakeAccountOf(chain, stranger, 2n * SOL, { vote: votes.good });
    await refused(
      { kind: 'deactivate', stakeAccount: b58(theirs) },
      /is controlled by .*, not by this wallet: only its stake authority can do that/,
    );
    expect(await programVerdict(chain, user, ix.deactivate(owner(), theirs))).not.toBeNull();
  });

  it('warns of a delinquent or a 100 %-commission validator, and stakes if the person goes ahead', async () => {
    const stake = (vote: PublicKey) => ({ kind: 'stake', voter: b58(vote), lamports: String(SOL) }) as const;
    const { quote: delinquent } = await engine.native.prepare(owner(), stake(votes.delinquent));
    expect(delinquent.warnings).toEqual([expect.stringMatching(/delinquent: it has not voted recently/)]);
    const { quote: greedy } = await engine.native.prepare(owner(), stake(votes.greedy));
    expect(greedy.warnings).toEqual([expect.stringMatching(/keeps 100 % of inflation rewards/)]);
    expect((await engine.native.prepare(owner(), stake(votes.good))).quote.warnings).toEqual([]);
    const { outcome } = await engine.native.execute(owner(), stake(votes.greedy), {
      quoteId: greedy.quoteId,
    });
    expect(await chain.connection.getAccountInfo(new PublicKey(greedy.created!.address))).not.toBeNull();
    expect(BigInt(outcome.solChange)).toBeLessThan(-SOL);
  });

  it('a vote account that is no validator’s', async () => {
    await refused(
      { kind: 'stake', voter: b58(Keypair.generate().publicKey), lamports: String(SOL) },
      /is not a validator’s vote account on this network/,
    );
  });
});
