// The stake path's bounds and budget, once per deployed stake-pool build: a fee raised between the
// quote and the click is refused (before signing when the person's approved minimum is known, by
// the program's *WithSlippage check when the prepared transaction is sent), pools with a 0%
// referral share and with a SOL deposit authority, one round trip to quote a known pool (two for
// one never seen), one from click to sent until the quote's own expiry (then it is quoted again), and the real mainnet picoSOL pool staked into at the
// epoch its dump was prepared for (--warp-slot).
import { Keypair, PublicKey, SystemProgram, Transaction } from '@solana/web3.js';
import bs58 from 'bs58';
import WebSocket from 'ws';
import { watchSignature, websocketUrl } from '../../src/background/chain/signature-watch';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { parseFlags } from '../../tools/localnet/cli.ts';
import { type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { setFee, setFundingAuthority } from '../../tools/stake-pool-admin/pool-manager.ts';
import { startTestChain } from '../support/localnet';
import {
  SOL,
  activePool,
  approvedOf,
  describeOnEachBuild,
  enforcedMinimum,
  engineFor,
  mainnetAccounts,
  nextEpoch,
} from '../support/staking';

const FEE = 5_000n;

describeOnEachBuild('staking bounds chain tests', 'stake path bounds on the %s build', {}, (suite, build) => {
  let feePool: CreatedPool;
  let noReferral: CreatedPool;

  beforeAll(async () => {
    feePool = await activePool(suite.chain, suite.operator, {
      programId: STAKE_POOL_PROGRAMS.sanctumSingle,
      validators: 1,
      initialDepositLamports: 10n * SOL,
      depositFee: { numerator: 3n, denominator: 1000n },
      referralFeePercent: 25,
      withdrawalFee: { numerator: 2n, denominator: 1000n },
      stakePerValidator: 5n * SOL,
    });
    noReferral = await activePool(suite.chain, suite.operator, {
      programId: STAKE_POOL_PROGRAMS.spl,
      validators: 1,
      initialDepositLamports: 10n * SOL,
      depositFee: { numerator: 7n, denominator: 1000n },
      referralFeePercent: 0,
      stakePerValidator: 5n * SOL,
    });
    await nextEpoch(suite.chain, suite.operator, [feePool, noReferral], 150);
  });

  it('quotes a known pool in one round trip and a pool never seen in two; click → sent is one round trip', async () => {
    const fresh = engineFor(suite.chain, suite.user);
    let trips = fresh.rpc.stats.httpRoundTrips;
    await fresh.staking.prepareStake(suite.user.publicKey, feePool.pool, SOL);
    expect(fresh.rpc.stats.httpRoundTrips - trips).toBe(2);
    trips = fresh.rpc.stats.httpRoundTrips;
    const { quote } = await fresh.staking.prepareStake(suite.user.publicKey, feePool.pool, 3n * SOL);
    expect(fresh.rpc.stats.httpRoundTrips - trips).toBe(1);

    trips = fresh.rpc.stats.httpRoundTrips;
    let tripsBeforeSigning = -1;
    fresh.afterNextSignature(async () => void (tripsBeforeSigning = fresh.rpc.stats.httpRoundTrips - trips));
    const { outcome } = await fresh.staking.stake(suite.user.publicKey, feePool.pool, 3n * SOL, {
      quoteId: quote.quoteId,
    });
    // Nothing is asked between the click and the signature; the send is the one trip.
    expect(tripsBeforeSigning).toBe(0);
    expect(outcome.tokenChange).toBe(quote.tokensOut);
    const rent = 2_039_280n; // the new associated token account
    expect(BigInt(outcome.solChange)).toBe(-3n * SOL - FEE - rent);
  });

  it('a quote says until when its transaction is sent as it is; clicked from then on, it is quoted again', async () => {
    const fresh = engineFor(suite.chain, suite.user);
    const { quote } = await fresh.staking.prepareStake(suite.user.publicKey, feePool.pool, SOL);
    // The worker's lifetime, told with the quote (the popup asks again before it ends).
    expect(quote.expiresAt - quote.preparedAt).toBe(30_000);
    vi.useFakeTimers({ toFake: ['Date'], now: quote.expiresAt });
    try {
      const trips = fresh.rpc.stats.httpRoundTrips;
      let tripsBeforeSigning = -1;
      fresh.afterNextSignature(
        async () => void (tripsBeforeSigning = fresh.rpc.stats.httpRoundTrips - trips),
      );
      await fresh.staking.stake(suite.user.publicKey, feePool.pool, SOL, {
        quoteId: quote.quoteId,
        approved: approvedOf(quote),
      });
      expect(tripsBeforeSigning).toBeGreaterThan(0); // a fresh quote first, not the expired transaction
    } finally {
      vi.useRealTimers();
    }
  });

  it('a 0% referral share: the whole deposit fee goes to the manager, and the quote is exact', async () => {
    const { quote } = await suite.engine.staking.prepareStake(
      suite.user.publicKey,
      noReferral.pool,
      1_234_567_891n,
    );
    const managerBefore = (await suite.chain.connection.getTokenAccountBalance(noReferral.managerFeeAccount))
      .value.amount;
    const { outcome } = await suite.engine.staking.stake(
      suite.user.publicKey,
      noReferral.pool,
      1_234_567_891n,
      {
        quoteId: quote.quoteId,
      },
    );
    expect(outcome.tokenChange).toBe(quote.tokensOut);
    const managerAfter = (await suite.chain.connection.getTokenAccountBalance(noReferral.managerFeeAccount))
      .value.amount;
    expect((BigInt(managerAfter) - BigInt(managerBefore)).toString()).toBe(quote.depositFeeTokens);
    // No referral share: all that arrives is the program's to enforce, less the tolerance.
    expect(quote.guarantee).toMatchObject({ kind: 'enforced', notGuaranteed: [] });
    expect(enforcedMinimum(quote) + BigInt(quote.guarantee.tolerance.amount)).toBe(BigInt(quote.tokensOut));
  });

  it('a fee raised between quote and click is refused, never executed', async () => {
    const lamports = 2n * SOL;
    const approved = await suite.engine.staking.prepareStake(suite.user.publicKey, feePool.pool, lamports);
    const popupQuote = await suite.engine.staking.prepareStake(suite.user.publicKey, feePool.pool, lamports);
    await setFee(suite.chain.connection, feePool, {
      kind: 'solDeposit',
      fee: { numerator: 5n, denominator: 100n },
    });
    const signatures = (await suite.chain.connection.getSignaturesForAddress(suite.user.publicKey)).length;
    const before = await suite.chain.connection.getBalance(suite.user.publicKey);

    // The approvals path: the minimum the person approved refuses a worse fresh quote before signing.
    await expect(
      suite.engine.staking.stake(suite.user.publicKey, feePool.pool, lamports, {
        approved: approvedOf(approved.quote),
      }),
    ).rejects.toThrow(/price moved since you saw the quote.*Nothing was signed/);
    // The popup path: the prepared transaction carries the quote as its on-chain minimum; the program refuses it.
    await expect(
      suite.engine.staking.stake(suite.user.publicKey, feePool.pool, lamports, {
        quoteId: popupQuote.quote.quoteId,
      }),
    ).rejects.toThrow(/price moved since your quote.*Nothing was sent and nothing was spent/);
    expect((await suite.chain.connection.getSignaturesForAddress(suite.user.publicKey)).length).toBe(
      signatures,
    );
    expect(await suite.chain.connection.getBalance(suite.user.publicKey)).toBe(before);

    // A fresh quote at the new fee goes through, and is exact.
    const { quote, outcome } = await suite.engine.staking.stake(suite.user.publicKey, feePool.pool, lamports);
    expect(BigInt(quote.tokensOut)).toBeLessThan(BigInt(approved.quote.tokensOut));
    expect(outcome.tokenChange).toBe(quote.tokensOut);
    await setFee(suite.chain.connection, feePool, {
      kind: 'solDeposit',
      fee: { numerator: 3n, denominator: 1000n },
    });
  });

  it('an instant unstake bounded by its quote: a raised withdrawal fee is refused, before signing or by the program', async () => {
    const tokens = 700_000_003n;
    const tokenAccount = getAssociatedTokenAddressSync(feePool.mint, suite.user.publicKey);
    const { quote: approved } = await suite.engine.staking.prepareUnstake(
      suite.user.publicKey,
      feePool.pool,
      tokens,
      'instant',
    );
    // All the SOL out is the program's to enforce: the quote less the tolerance, no more.
    expect(approved.guarantee).toMatchObject({ kind: 'enforced', notGuaranteed: [] });
    expect(enforcedMinimum(approved) + BigInt(approved.guarantee!.tolerance.amount)).toBe(
      BigInt(approved.lamportsOut),
    );
    // The manager raises the SOL withdrawal fee (at most by half); it applies after two updates.
    await setFee(suite.chain.connection, feePool, {
      kind: 'solWithdrawal',
      fee: { numerator: 3n, denominator: 1000n },
    });
    await nextEpoch(suite.chain, suite.operator, [feePool, noReferral]);
    await nextEpoch(suite.chain, suite.operator, [feePool, noReferral]);
    const { quote: popupQuote } = await suite.engine.staking.prepareUnstake(
      suite.user.publicKey,
      feePool.pool,
      tokens,
      'instant',
    );
    await setFee(suite.chain.connection, feePool, {
      kind: 'solWithdrawal',
      fee: { numerator: 45n, denominator: 10_000n },
    });
    await nextEpoch(suite.chain, suite.operator, [feePool, noReferral]);
    await nextEpoch(suite.chain, suite.operator, [feePool, noReferral]);
    const tokensBefore = (await suite.chain.connection.getTokenAccountBalance(tokenAccount)).value.amount;
    const solBefore = await suite.chain.connection.getBalance(suite.user.publicKey);

    await expect(
      suite.engine.staking.unstake(suite.user.publicKey, feePool.pool, tokens, 'instant', {
        approved: approvedOf(approved),
      }),
    ).rejects.toThrow(/price moved since you saw the quote/);
    await expect(
      suite.engine.staking.unstake(suite.user.publicKey, feePool.pool, tokens, 'instant', {
        quoteId: popupQuote.quoteId,
      }),
    ).rejects.toThrow(/price moved since your quote.*nothing was spent/);
    expect((await suite.chain.connection.getTokenAccountBalance(tokenAccount)).value.amount).toBe(
      tokensBefore,
    );
    expect(await suite.chain.connection.getBalance(suite.user.publicKey)).toBe(solBefore);
  });

  it('a pool with a SOL deposit authority: refused in the person’s words, nothing sent', async () => {
    const signatures = (await suite.chain.connection.getSignaturesForAddress(suite.user.publicKey)).length;
    await setFundingAuthority(suite.chain.connection, noReferral, 'solDeposit', Keypair.generate().publicKey);
    await expect(
      suite.engine.staking.prepareStake(suite.user.publicKey, noReferral.pool, SOL),
    ).rejects.toThrow(/only from its own deposit authority/);
    await expect(suite.engine.staking.stake(suite.user.publicKey, noReferral.pool, SOL)).rejects.toThrow(
      /only from its own deposit authority/,
    );
    expect((await suite.chain.connection.getSignaturesForAddress(suite.user.publicKey)).length).toBe(
      signatures,
    );
    await setFundingAuthority(suite.chain.connection, noReferral, 'solDeposit', suite.user.publicKey);
    // The person IS the deposit authority: the program wants their signature, which the transaction has.
    const { quote, outcome } = await suite.engine.staking.stake(suite.user.publicKey, noReferral.pool, SOL);
    expect(outcome.tokenChange).toBe(quote.tokensOut);
    await setFundingAuthority(suite.chain.connection, noReferral, 'solDeposit', null);
  });

  it('stakes into the real mainnet picoSOL pool at its epoch (--warp-slot), exactly as quoted', async () => {
    expect(parseFlags(['--warp-slot', '432010']).warpSlot).toBe(432_010n);
    expect(() => parseFlags(['--warp-slot', 'soon'])).toThrow(/--warp-slot must be a slot number/);
    const accounts = mainnetAccounts('picosol-');
    const slotsPerEpoch = BigInt((await suite.chain.connection.getEpochSchedule()).slotsPerEpoch);
    const pico = await startTestChain({
      stakePoolBuild: build,
      useProgramsCache: false,
      accounts,
      warpSlot: slotsPerEpoch + 10n,
    });
    try {
      expect((await pico.connection.getEpochInfo()).epoch).toBe(1);
      const poolAddress = new PublicKey(accounts.find((a) => a.name === 'stake-pool')!.address);
      const holder = await pico.funded(20);
      const picoEngine = engineFor(pico, holder);
      const { quote } = await picoEngine.staking.prepareStake(holder.publicKey, poolAddress, 3n * SOL);
      expect(quote.includesPoolUpdate).toBe(false);
      const { outcome } = await picoEngine.staking.stake(holder.publicKey, poolAddress, 3n * SOL, {
        quoteId: quote.quoteId,
      });
      expect(outcome.tokenChange).toBe(quote.tokensOut);
      expect(BigInt(quote.tokensOut)).toBeGreaterThan(0n);
      expect(BigInt(quote.poolMathTokensOut) - BigInt(quote.tokensOut)).toBeLessThanOrEqual(1n);
    } finally {
      await pico.close();
    }
  });
});

describe('confirmation pushed over signatureSubscribe', () => {
  it('the watcher wakes when the node reports the signature, on the RPC port + 1', async () => {
    const chain = await startTestChain({ noSharedPrograms: true, useProgramsCache: false });
    try {
      const from = await chain.funded(2);
      const tx = new Transaction({
        feePayer: from.publicKey,
        ...(await chain.connection.getLatestBlockhash()),
      }).add(
        SystemProgram.transfer({
          fromPubkey: from.publicKey,
          toPubkey: Keypair.generate().publicKey,
          lamports: 1_000_000,
        }),
      );
      tx.sign(from);
      const signature = bs58.encode(tx.signature!);
      expect(websocketUrl(chain.node.rpcUrl)).toBe(
        chain.node.wsUrl.endsWith('/') ? chain.node.wsUrl : `${chain.node.wsUrl}/`,
      );
      const watch = watchSignature((url) => new WebSocket(url) as never, chain.node.rpcUrl, signature)!;
      await expect.poll(() => watch.live()).toBe(true);
      expect(watch.reported()).toBe(false);
      await chain.connection.sendRawTransaction(tx.serialize());
      await watch.notified;
      expect(watch.reported()).toBe(true);
      watch.close();
    } finally {
      await chain.close();
    }
  });
});
