// The staking engine against the real stake-pool program, once per deployed build (each loaded at
// all three program ids): quotes equal what the chain does to the unit, the rate (and so the SOL
// value of an LST) rises with rewards, stale pools are updated inside the user's transaction,
// reserve limits and minimums are checked before anything is signed, and a delayed unstake
// becomes SOL in the wallet after the epoch.
import { PublicKey } from '@solana/web3.js';
import { beforeAll, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import {
  increaseValidatorStake,
  readPool,
  type CreatedPool,
} from '../../tools/stake-pool-admin/pool-admin.ts';
import { STAKE_POOL_BUILDS, type StakePoolBuild } from '../../tools/localnet/programs.ts';
import { stakePoolBuilds } from '../support/localnet';
import { SOL, activePool, describeOnEachBuild, nextEpoch } from '../support/staking';

const FEE = 5_000n;
/**
 * How each build rounds a fee on pool tokens, as measured on these builds: the early-2024 SPoo1
 * and SP12t builds round it down, the mid-2024 SPMBz build and the 2026 build (and pool-math) up.
 */
const ROUNDS_FEES_DOWN: Record<StakePoolBuild, boolean> = {
  'spl-2024': true,
  'sanctum-single-2024': true,
  'sanctum-multi-2024': false,
  'sdk-2026': false,
};
const BUILDS = stakePoolBuilds();
// In CI every build must be there (unless one was named on purpose): a missing one fails the run.
if (
  process.env.CI === 'true' &&
  !process.env.TIDEPOOL_STAKE_POOL_BUILD &&
  BUILDS.length < Object.keys(STAKE_POOL_BUILDS).length
) {
  throw new Error(
    `CI: the staking engine must run on every stake-pool build; found only ${BUILDS.join(', ') || 'none'} in ../shared/programs.`,
  );
}

describeOnEachBuild('staking engine chain tests', 'staking engine on the %s build', {}, (suite, build) => {
  const pools: Record<string, CreatedPool> = {};

  beforeAll(async () => {
    pools.spl = await activePool(suite.chain, suite.operator, {
      programId: STAKE_POOL_PROGRAMS.spl,
      validators: 1,
      initialDepositLamports: 20n * SOL,
      withdrawalFee: { numerator: 3n, denominator: 1000n },
      epochFee: { numerator: 5n, denominator: 100n },
    });
    pools.sanctumSingle = await activePool(suite.chain, suite.operator, {
      programId: STAKE_POOL_PROGRAMS.sanctumSingle,
      validators: 1,
      initialDepositLamports: 20n * SOL,
      depositFee: { numerator: 1n, denominator: 100n },
      referralFeePercent: 50,
    });
    pools.sanctumMulti = await activePool(suite.chain, suite.operator, {
      programId: STAKE_POOL_PROGRAMS.sanctumMulti,
      validators: 2,
      initialDepositLamports: 10n * SOL,
      stakePerValidator: 3n * SOL,
    });
    // Stake becomes active; rewards then raise each pool's rate above 1 SOL per token.
    await nextEpoch(suite.chain, suite.operator, Object.values(pools));
    await nextEpoch(suite.chain, suite.operator, Object.values(pools), 200);
  });

  it.each(['spl', 'sanctumSingle', 'sanctumMulti'])(
    'stakes 2 SOL into a %s pool and receives exactly the quoted tokens',
    async (kind) => {
      const pool = pools[kind]!;
      const before = await suite.chain.connection.getBalance(suite.user.publicKey);
      const quote = (await suite.engine.staking.prepareStake(suite.user.publicKey, pool.pool, 2n * SOL))
        .quote;
      expect(BigInt(quote.tokensOut)).toBeLessThan(2n * SOL); // each token is worth more than 1 SOL
      const { outcome } = await suite.engine.staking.stake(suite.user.publicKey, pool.pool, 2n * SOL);
      expect(outcome.tokenChange).toBe(quote.tokensOut);
      const rent = 2_039_280n; // the new associated token account
      expect(BigInt(await suite.chain.connection.getBalance(suite.user.publicKey))).toBe(
        BigInt(before) - 2n * SOL - FEE - rent,
      );
      expect(outcome.explorerUrl).toContain(outcome.signature);
    },
  );

  it('charges the deposit fee as this build does (the simulation wins over pool-math), returning the referral share', async () => {
    const state = await readPool(suite.chain.connection, pools.sanctumSingle!.pool);
    const [total, supply] = [
      BigInt(state.totalLamports.toString()),
      BigInt(state.poolTokenSupply.toString()),
    ];
    // An amount where a fee rounded down and one rounded up differ in what the depositor keeps:
    // 1% of the minted tokens is not whole, and its floor is even (so half goes back as referral).
    let lamports = 1_234_567_891n;
    for (; ; lamports++) {
      const minted = (lamports * supply) / total;
      if (minted % 100n !== 0n && (minted / 100n) % 2n === 0n) break;
    }
    const { quote, outcome } = await suite.engine.staking.stake(
      suite.user.publicKey,
      pools.sanctumSingle!.pool,
      lamports,
    );
    expect(outcome.tokenChange).toBe(quote.tokensOut);
    const roundsDown = ROUNDS_FEES_DOWN[build];
    expect(BigInt(quote.tokensOut) - BigInt(quote.poolMathTokensOut)).toBe(roundsDown ? 1n : 0n);
    expect(quote.guarantee.kind).toBe('enforced');
  });

  it('values every LST at the live rate in one round trip, and the value rises with rewards', async () => {
    await suite.engine.portfolio.refresh(suite.user.publicKey.toBase58()); // first sight discovers the pools
    const trips = suite.engine.rpc.stats.httpRoundTrips;
    const before = await suite.engine.portfolio.refresh(suite.user.publicKey.toBase58());
    expect(suite.engine.rpc.stats.httpRoundTrips - trips).toBe(1);
    expect(before.lsts).toHaveLength(3);
    for (const lst of before.lsts) {
      const state = await readPool(suite.chain.connection, new PublicKey(lst.pool));
      expect(lst.valueLamports).toBe(
        (
          (BigInt(lst.balance) * BigInt(state.totalLamports.toString())) /
          BigInt(state.poolTokenSupply.toString())
        ).toString(),
      );
      expect(BigInt(lst.valueLamports)).toBeGreaterThan(BigInt(lst.balance));
      expect(lst.stale).toBe(false);
      expect(lst.apyBps).toBeGreaterThan(0);
    }

    await suite.chain.advanceEpoch(300);
    const stale = await suite.engine.portfolio.refresh(suite.user.publicKey.toBase58());
    expect(stale.lsts.every((l) => l.stale)).toBe(true);

    // Staking into the stale pool folds the permissionless update into the user's transaction.
    const prepared = await suite.engine.staking.prepareStake(suite.user.publicKey, pools.spl!.pool, SOL);
    expect(prepared.quote.includesPoolUpdate).toBe(true);
    await suite.engine.staking.stake(suite.user.publicKey, pools.spl!.pool, SOL);
    const after = await suite.engine.portfolio.refresh(suite.user.publicKey.toBase58());
    const splBefore = before.lsts.find((l) => l.pool === pools.spl!.pool.toBase58())!;
    const splAfter = after.lsts.find((l) => l.pool === pools.spl!.pool.toBase58())!;
    expect(splAfter.stale).toBe(false);
    const rate = (l: typeof splBefore) => (BigInt(l.totalLamports) * 10n ** 18n) / BigInt(l.poolTokenSupply);
    expect(rate(splAfter)).toBeGreaterThan(rate(splBefore));
    for (const pool of [pools.sanctumSingle!, pools.sanctumMulti!])
      await nextEpoch(suite.chain, suite.operator, [pool]);
  });

  it('instant unstake pays the quoted SOL after the withdrawal fee, to the lamport on this build', async () => {
    const tokens = 500_000_001n; // 0.3% of it is not whole: the builds round that fee differently
    const before = BigInt(await suite.chain.connection.getBalance(suite.user.publicKey));
    const { quote } = await suite.engine.staking.prepareUnstake(
      suite.user.publicKey,
      pools.spl!.pool,
      tokens,
      'instant',
    );
    expect(quote.blocked).toBeNull();
    const roundsDown = ROUNDS_FEES_DOWN[build];
    expect(BigInt(quote.feeTokens)).toBe(roundsDown ? (tokens * 3n) / 1000n : (tokens * 3n + 999n) / 1000n);
    expect(BigInt(quote.lamportsOut) > BigInt(quote.poolMathLamportsOut)).toBe(roundsDown);
    const { outcome } = await suite.engine.staking.unstake(
      suite.user.publicKey,
      pools.spl!.pool,
      tokens,
      'instant',
      {
        quoteId: quote.quoteId,
      },
    );
    expect(outcome.tokenChange).toBe((-tokens).toString());
    expect(outcome.solChange).toBe((BigInt(quote.lamportsOut) - FEE).toString());
    expect(outcome.networkFeeLamports).toBe(FEE.toString());
    expect(BigInt(await suite.chain.connection.getBalance(suite.user.publicKey))).toBe(
      before + BigInt(quote.lamportsOut) - FEE,
    );
  });

  it('says when the reserve cannot pay, before signing anything, and offers the delayed route', async () => {
    // The operator puts most of the reserve to work as stake, as pool operators do.
    const pool = pools.sanctumMulti!;
    const { quote: probe } = await suite.engine.staking.prepareUnstake(
      suite.user.publicKey,
      pool.pool,
      1n,
      'instant',
    );
    if (probe.mode !== 'instant') throw new Error(`an instant quote came back ${probe.mode}`);
    await increaseValidatorStake(
      suite.chain.connection,
      suite.operator,
      pool,
      pool.votes[0]!,
      BigInt(probe.reserveAvailableLamports) - SOL / 4n,
    );
    const lst = (await suite.engine.portfolio.refresh(suite.user.publicKey.toBase58())).lsts.find(
      (l) => l.pool === pools.sanctumMulti!.pool.toBase58(),
    )!;
    const { quote } = await suite.engine.staking.prepareUnstake(
      suite.user.publicKey,
      pools.sanctumMulti!.pool,
      BigInt(lst.balance),
      'instant',
    );
    expect(quote.blocked).toMatch(/reserve can pay .* right now.*delayed unstake/);
    const signatures = (await suite.chain.connection.getSignaturesForAddress(suite.user.publicKey)).length;
    await expect(
      suite.engine.staking.unstake(
        suite.user.publicKey,
        pools.sanctumMulti!.pool,
        BigInt(lst.balance),
        'instant',
      ),
    ).rejects.toMatchObject({ code: 'pool_unavailable' });
    expect((await suite.chain.connection.getSignaturesForAddress(suite.user.publicKey)).length).toBe(
      signatures,
    );
  });

  it('delayed unstake: a deactivating stake account, withdrawable to SOL after the epoch', async () => {
    const tokens = 1_500_000_000n;
    const { quote, outcome } = await suite.engine.staking.unstake(
      suite.user.publicKey,
      pools.sanctumMulti!.pool,
      tokens,
      'delayed',
    );
    expect(outcome.stakeAccount).toBeDefined();
    const epoch = (await suite.chain.connection.getEpochInfo()).epoch;
    expect(quote).toMatchObject({ mode: 'delayed', withdrawableEpoch: epoch + 1 });
    let portfolio = await suite.engine.portfolio.refresh(suite.user.publicKey.toBase58());
    const account = portfolio.stakeAccounts.find((s) => s.address === outcome.stakeAccount)!;
    expect(account).toMatchObject({ state: 'deactivating', fromPool: true, withdrawableEpoch: epoch + 1 });
    expect(BigInt(account.delegatedLamports)).toBe(BigInt(quote.lamportsOut));
    expect(BigInt(outcome.stakeAccountLamports!)).toBe(BigInt(account.lamports));

    const withdrawAll = {
      kind: 'withdraw',
      stakeAccount: outcome.stakeAccount!,
      lamports: account.lamports,
    } as const;
    await expect(suite.engine.native.execute(suite.user.publicKey, withdrawAll)).rejects.toMatchObject({
      code: 'not_ready',
      context: { what: 'stake_account' },
      message: expect.stringMatching(/unstaking: its SOL can be withdrawn from epoch/),
    });
    await suite.chain.advanceEpoch();
    portfolio = await suite.engine.portfolio.refresh(suite.user.publicKey.toBase58());
    expect(portfolio.stakeAccounts.find((s) => s.address === outcome.stakeAccount)!.state).toBe('inactive');
    const before = BigInt(await suite.chain.connection.getBalance(suite.user.publicKey));
    const { outcome: withdrawn } = await suite.engine.native.execute(suite.user.publicKey, withdrawAll);
    expect(BigInt(await suite.chain.connection.getBalance(suite.user.publicKey))).toBe(
      before + BigInt(account.lamports) - FEE,
    );
    expect(BigInt(withdrawn.solChange)).toBe(BigInt(account.lamports) - FEE);
  });

  it('refuses bad requests with a precise error and sends nothing', async () => {
    const signatures = (await suite.chain.connection.getSignaturesForAddress(suite.user.publicKey)).length;
    await expect(
      suite.engine.staking.prepareStake(suite.user.publicKey, pools.spl!.pool, 1_000n * SOL),
    ).rejects.toThrow(/You have .* SOL; keep 0\.003005 SOL for fees/);
    await expect(
      suite.engine.staking.prepareStake(suite.user.publicKey, pools.spl!.pool, 0n),
    ).rejects.toThrow(/more than zero/);
    await expect(
      suite.engine.staking.prepareStake(suite.user.publicKey, suite.user.publicKey, SOL),
    ).rejects.toMatchObject({
      code: 'pool_unavailable',
    });
    await expect(
      suite.engine.staking.prepareStake(suite.user.publicKey, pools.spl!.validatorList, SOL),
    ).rejects.toThrow(/not a stake pool/);
    await expect(
      suite.engine.staking.prepareUnstake(suite.user.publicKey, pools.spl!.pool, 10_000n * SOL, 'instant'),
    ).rejects.toThrow(/You have .* \w{4}…\w{4}/);
    const small = await suite.engine.staking.prepareUnstake(
      suite.user.publicKey,
      pools.spl!.pool,
      100_000_000n,
      'delayed',
    );
    expect(small.quote.blocked).toMatch(/no less than 1 SOL: unstake more, or use instant unstake/);

    expect((await suite.chain.connection.getSignaturesForAddress(suite.user.publicKey)).length).toBe(
      signatures,
    );
  });

  it('a stale pool too large to update inline is reported, not sent', async () => {
    const big = await activePool(suite.chain, suite.operator, {
      programId: STAKE_POOL_PROGRAMS.spl,
      validators: 6,
      initialDepositLamports: SOL,
      stakePerValidator: 0n,
    });
    await suite.chain.advanceEpoch();
    await expect(suite.engine.staking.prepareStake(suite.user.publicKey, big.pool, SOL)).rejects.toThrow(
      /not been updated for epoch .* too large to update/,
    );
  });
});
