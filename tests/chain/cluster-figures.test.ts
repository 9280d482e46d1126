// What a cluster decides is read from it, never assumed: the fee per signature (learned from the
// node in batches the wallet already sends, kept across a worker restart, and believed wherever a
// fee is shown or checked) and rent (a cluster with half of today's rate, as SIMD-0437 takes
// mainnet: litesvm's own Rent sysvar set lower, so every program and the node's
// getMinimumBalanceForRentExemption charge it). Where a program takes the figure from an account
// instead (the stake-pool builds bound a validator's remainder by its stake account's recorded
// reserve), the wallet mirrors the account. (The deployed builds cannot even initialize a pool once
// rent is below that recorded reserve, 2,282,880: so the pool here is made first, as mainnet's were.)
import {
  createMint,
  getAccount,
  getAssociatedTokenAddressSync,
  getOrCreateAssociatedTokenAccount,
  mintTo,
} from '@solana/spl-token';
import { Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram } from '@solana/web3.js';
import { Rent } from 'litesvm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewTransaction } from '../../src/background/dapp/tx-review';
import { loadPoolContext } from '../../src/background/staking/pool-context';
import { validatorStakeOf } from '../../src/background/staking/pool-instructions';
import { decodeStakeAccount } from '../../src/background/staking/stake-account';
import { solText } from '../../src/shared/format';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { startTestChain, type TestChain } from '../support/localnet';
import { v0 } from '../support/attacks';
import { LyingRpc } from '../support/lying-rpc';
import { MemoryStorage } from '../support/memory-storage';
import { SOL, activePool, describeOnOneBuild, engineFor, nextEpoch } from '../support/staking';

/** What a signature costs in the node's answer below: not the 5,000 this chain charges. */
const SAID_FEE = 7_500;

describe('the fee per signature, as the node says it', () => {
  const node = new LyingRpc();
  let chain: TestChain;
  let user: Keypair;

  beforeAll(async () => {
    chain = await startTestChain({ middleware: node.middleware });
    user = await chain.funded(10);
  });
  afterAll(() => chain?.close());

  it('is learned in the refresh’s own batch, equals what a landed transaction paid, and outlives a restart', async () => {
    node.lie = null;
    const storage = new MemoryStorage();
    const engine = engineFor(chain, user, { storage });
    const owner = user.publicKey.toBase58();
    // Never asked on this network: the first refresh hears a blockhash, the next asks on it.
    expect((await engine.portfolio.refresh(owner)).lamportsPerSignature).toBeNull();
    const before = { ...engine.rpc.stats };
    const second = await engine.portfolio.refresh(owner);
    expect(engine.rpc.stats.httpRoundTrips - before.httpRoundTrips).toBe(1);
    const outcome = await engine.transfers.send(user.publicKey, {
      to: Keypair.generate().publicKey.toBase58(),
      amount: String(LAMPORTS_PER_SOL),
    });
    expect(second.lamportsPerSignature).toBe(outcome.networkFeeLamports);
    // A restarted worker: a new engine over the same storage knows it from its first refresh.
    const restarted = engineFor(chain, user, { storage });
    expect((await restarted.portfolio.refresh(owner)).lamportsPerSignature).toBe(outcome.networkFeeLamports);
  });

  it('is believed where the wallet shows or checks a fee: a node saying 7,500 a signature', async () => {
    node.lie = (method, result) =>
      method === 'getFeeForMessage' && (result as { value: number | null }).value !== null
        ? { ...(result as object), value: SAID_FEE }
        : result;
    const engine = engineFor(chain, user);
    const owner = user.publicKey.toBase58();
    await engine.portfolio.refresh(owner);
    expect((await engine.portfolio.refresh(owner)).lamportsPerSignature).toBe(String(SAID_FEE));

    // Sending everything but 5,000 lamports: short of the fee the node says.
    const balance = BigInt(await chain.connection.getBalance(user.publicKey));
    await expect(
      engine.transfers.send(user.publicKey, {
        to: Keypair.generate().publicKey.toBase58(),
        amount: String(balance - 5_000n),
      }),
    ).rejects.toThrow(`keep ${solText(BigInt(SAID_FEE))} for the fee`);

    // A dApp's transfer in the approval window: its network fee at the node's rate.
    const { blockhash } = await chain.connection.getLatestBlockhash();
    const transfer = SystemProgram.transfer({
      fromPubkey: user.publicKey,
      toPubkey: Keypair.generate().publicKey,
      lamports: 1,
    });
    const review = await reviewTransaction(
      engine.rpc,
      engine.fees,
      v0(user.publicKey, blockhash, [transfer]),
      owner,
    );
    expect(review.networkFee.baseLamports).toBe(String(SAID_FEE));
    expect(review.networkFeeLamports).toBe(String(SAID_FEE));
  });
});

const quoteNode = new LyingRpc();

describeOnOneBuild(
  'cluster figures staking test',
  'a stake quote’s fee, as the node says it',
  { userSol: 20, middleware: quoteNode.middleware },
  (suite) => {
    let pool: CreatedPool;

    beforeAll(async () => {
      pool = await activePool(suite.chain, suite.operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 10n * SOL,
        stakePerValidator: 5n * SOL,
      });
      await nextEpoch(suite.chain, suite.operator, [pool]);
    });

    it('quotes the network fee the node says, in the quote and in what the stake must leave', async () => {
      quoteNode.lie = (method, result) =>
        method === 'getFeeForMessage' && (result as { value: number | null }).value !== null
          ? { ...(result as object), value: SAID_FEE }
          : result;
      const { quote } = await suite.engine.staking.prepareStake(suite.user.publicKey, pool.pool, SOL);
      expect(quote.networkFeeLamports).toBe(String(SAID_FEE));
      // A stake leaves the fee, a little for later fees and the new token account's rent.
      const limits = await suite.engine.staking.limits(suite.user.publicKey, pool.pool);
      const rent = BigInt(await suite.chain.connection.getMinimumBalanceForRentExemption(165));
      expect(BigInt(limits.reserveLamports)).toBe(BigInt(SAID_FEE) + 3_000_000n + rent);
    });
  },
);

describe('rent at half of today’s rate', () => {
  let chain: TestChain;
  let user: Keypair;
  let mint: PublicKey;

  beforeAll(async () => {
    chain = await startTestChain();
    const today = chain.node.chain.svm.getRent();
    chain.node.chain.svm.setRent(
      new Rent(today.lamportsPerByteYear / 2n, today.exemptionThreshold, today.burnPercent),
    );
    user = await chain.funded(10);
    mint = await createMint(chain.connection, user, user.publicKey, null, 6);
    const account = await getOrCreateAssociatedTokenAccount(chain.connection, user, mint, user.publicKey);
    await mintTo(chain.connection, user, mint, account.address, user, 1_000_000n);
  });
  afterAll(() => chain?.close());

  it('opens the recipient’s token account for the rent the cluster charges, not a constant of today’s', async () => {
    const rent = BigInt(await chain.connection.getMinimumBalanceForRentExemption(165));
    expect(rent).toBe(1_019_640n); // (128 + 165) bytes × 3,480: half of today's 2,039,280
    // A sender with the fee, that rent and its own account's (half today's too), less than today's rent.
    const own = BigInt(await chain.connection.getMinimumBalanceForRentExemption(0));
    expect(own).toBe(445_440n);
    const sender = Keypair.generate();
    await chain.rpc('requestAirdrop', [sender.publicKey.toBase58(), Number(rent + 5_000n + own)]);
    await mintTo(
      chain.connection,
      user,
      mint,
      (await getOrCreateAssociatedTokenAccount(chain.connection, user, mint, sender.publicKey)).address,
      user,
      10n,
    );
    const engine = engineFor(chain, sender);
    const recipient = Keypair.generate().publicKey;
    await engine.transfers.send(sender.publicKey, {
      to: recipient.toBase58(),
      amount: '10',
      mint: mint.toBase58(),
      decimals: 6,
    });
    const opened = getAssociatedTokenAddressSync(mint, recipient);
    expect((await getAccount(chain.connection, opened)).amount).toBe(10n);
    expect(BigInt((await chain.connection.getAccountInfo(opened))!.lamports)).toBe(rent);
  });
});

describeOnOneBuild(
  'cluster figures staking test',
  'a pool made before rent fell, and a delayed unstake after',
  {},
  (suite) => {
    let pool: CreatedPool;

    beforeAll(async () => {
      pool = await activePool(suite.chain, suite.operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 20n * SOL,
        stakePerValidator: 3n * SOL,
      });
      await nextEpoch(suite.chain, suite.operator, [pool]);
      await suite.engine.staking.stake(suite.user.publicKey, pool.pool, 10n * SOL);
      const today = suite.chain.node.chain.svm.getRent();
      suite.chain.node.chain.svm.setRent(
        new Rent(today.lamportsPerByteYear / 2n, today.exemptionThreshold, today.burnPercent),
      );
    });

    it('keeps in the validator what its stake account records, not only the lower rent, as the builds do', async () => {
      const engine = engineFor(suite.chain, suite.user); // a worker started after rent fell
      const ctx = await loadPoolContext(engine.rpc, engine.fees, suite.user.publicKey, pool.pool);
      const validator = (await suite.chain.connection.getAccountInfo(
        validatorStakeOf(ctx.pool, ctx.validators[0]!),
      ))!;
      const recorded = decodeStakeAccount(validator.data)!.rentExemptReserve;
      expect([ctx.stakeAccountRent, recorded, ctx.recordedStakeReserve]).toEqual([
        1_141_440n,
        2_282_880n,
        recorded,
      ]);
      // Leaving half-rent + 1 SOL + 0.0005 SOL: above the rent, below the recorded reserve + 1 SOL.
      const tooMuch = BigInt(validator.lamports) - (ctx.stakeAccountRent + SOL + 500_000n);
      const refused = await engine.staking.prepareUnstake(
        suite.user.publicKey,
        pool.pool,
        tooMuch,
        'delayed',
      );
      expect(refused.quote.blocked).toBe(
        'No validator in this pool has enough active stake to split that much off now. Unstake less, or use instant unstake.',
      );
      // Leaving exactly the recorded reserve + 1 SOL: the program splits it, into an account funded at today's rent.
      const most = BigInt(validator.lamports) - (recorded + SOL);
      const { outcome } = await engine.staking.unstake(suite.user.publicKey, pool.pool, most, 'delayed');
      const split = (await suite.chain.connection.getAccountInfo(new PublicKey(outcome.stakeAccount!)))!;
      expect(BigInt(split.lamports)).toBe(most + ctx.stakeAccountRent);
      expect(decodeStakeAccount(split.data)?.delegated).toBe(most);
    });
  },
);
