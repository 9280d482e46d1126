// Native staking through the engine on the stake program v5 build: a stake account made with
// createAccountWithSeed and delegated to a chosen validator, activated by the epoch; deactivated,
// withdrawn, merged, stake and free SOL moved. Every quote is one round trip, its transaction sent
// as it is on the click (no trip before signing, the send the only one), and what lands equals the
// simulation: the same SOL change and fee, the same stake accounts.
import { PublicKey, StakeProgram, SystemProgram } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NativeQuote, NativeRequest } from '../../src/shared/native-staking';
import { decodeStakeAccount } from '../../src/background/staking/stake-account';
import { send } from '../support/attacks';
import { startTestChain, type TestChain } from '../support/localnet';
import { SOL, engineFor } from '../support/staking';
import { createValidators, type CreatedValidator } from '../support/validators';

let chain: TestChain;
let engine: ReturnType<typeof engineFor>;
let owner: PublicKey;
let alpha: CreatedValidator;
let beta: CreatedValidator;

beforeAll(async () => {
  chain = await startTestChain();
  const user = await chain.funded(100);
  engine = engineFor(chain, user);
  owner = user.publicKey;
  const created = await createValidators(chain, [
    { commissionBps: 500, creditsPerEpoch: 400_000, stake: String(100n * SOL), info: { name: 'Alpha' } },
    { commissionBps: 800, creditsPerEpoch: 380_000, stake: String(80n * SOL) },
  ]);
  [alpha, beta] = [created[0]!, created[1]!];
});
afterAll(() => chain?.close());

const stakeOf = async (address: string) => {
  const info = await chain.connection.getAccountInfo(new PublicKey(address));
  return info ? { lamports: BigInt(info.lamports), ...decodeStakeAccount(info.data)! } : null;
};

/** Quotes (counting trips), then executes that very quote (counting trips before signing and until it is sent). */
async function quoteThenExecute(request: NativeRequest) {
  let trips = engine.rpc.stats.httpRoundTrips;
  const { quote } = await engine.native.prepare(owner, request);
  const quoteTrips = engine.rpc.stats.httpRoundTrips - trips;
  trips = engine.rpc.stats.httpRoundTrips;
  let beforeSigning = -1;
  engine.afterNextSignature(async () => void (beforeSigning = engine.rpc.stats.httpRoundTrips - trips));
  const { outcome } = await engine.native.execute(owner, request, { quoteId: quote.quoteId });
  return { quote, outcome, quoteTrips, beforeSigning };
}

/** What landed equals what the simulation showed: the owner's SOL change, the fee, every stake account. */
async function expectLandedAsQuoted(
  quote: NativeQuote,
  outcome: { solChange: string; networkFeeLamports?: string },
) {
  expect(outcome.solChange).toBe(quote.solChange);
  expect(outcome.networkFeeLamports).toBe(quote.networkFeeLamports);
  for (const change of quote.accounts) {
    const now = await stakeOf(change.address);
    expect(now?.lamports.toString() ?? null).toBe(change.lamportsAfter);
    if (now) expect(now.delegated.toString()).toBe(change.delegatedAfter);
  }
}

describe('native staking on the v5 stake program', () => {
  let first: string;

  it('stakes 2 SOL with a chosen validator into a seeded account: no extra key, exact delegation', async () => {
    const request = { kind: 'stake', voter: alpha.votePubkey, lamports: String(2n * SOL) } as const;
    // The first quote on a network learns a new account's rent reserve: one more trip, once.
    const learned = await engine.native.prepare(owner, request);
    expect(learned.roundTrips).toBe(2);
    const { quote, outcome, quoteTrips, beforeSigning } = await quoteThenExecute(request);
    // What stays for fees is the network's fee per signature, as the landed transaction paid it, and 0.003 SOL.
    expect(engine.native.terms()).toEqual({
      minimumDelegation: String(SOL),
      rentReserve: '2282880',
      keepForFees: String(3_000_000n + BigInt(outcome.networkFeeLamports!)),
    });
    expect(quoteTrips).toBe(1);
    expect(beforeSigning).toBe(0);
    expect(quote.warnings).toEqual([]);
    expect(quote.effect).toMatch(new RegExp(`activates at the start of epoch ${quote.epoch + 1}`));
    const created = quote.created!;
    expect(created.address).toBe(
      (await PublicKey.createWithSeed(owner, created.seed, StakeProgram.programId)).toBase58(),
    );
    const account = (await stakeOf(created.address))!;
    expect(account).toMatchObject({
      delegated: 2n * SOL,
      rentExemptReserve: 2_282_880n,
      lamports: 2n * SOL + 2_282_880n,
    });
    expect(account.staker.equals(owner) && account.withdrawer.equals(owner)).toBe(true);
    expect(account.voter!.toBase58()).toBe(alpha.votePubkey);
    await expectLandedAsQuoted(quote, outcome);
    first = created.address;

    let portfolio = await engine.portfolio.refresh(owner.toBase58());
    expect(portfolio.stakeAccounts.find((s) => s.address === first)).toMatchObject({ state: 'activating' });
    await chain.advanceEpoch();
    portfolio = await engine.portfolio.refresh(owner.toBase58());
    expect(portfolio.stakeAccounts.find((s) => s.address === first)).toMatchObject({
      state: 'active',
      delegatedLamports: String(2n * SOL),
      excessLamports: '0',
    });
  });

  it('merges two active accounts with the same validator, and moves stake and free SOL between accounts', async () => {
    const second = (
      await quoteThenExecute({ kind: 'stake', voter: alpha.votePubkey, lamports: String(3n * SOL) })
    ).quote.created!.address;
    await chain.advanceEpoch();
    // Move 1 SOL of active stake: no cooldown, the destination stays active with it.
    const moved = await quoteThenExecute({
      kind: 'moveStake',
      source: second,
      destination: first,
      lamports: String(SOL),
    });
    expect(moved.quoteTrips).toBe(1);
    expect(moved.beforeSigning).toBe(0);
    await expectLandedAsQuoted(moved.quote, moved.outcome);
    expect((await stakeOf(first))!.delegated).toBe(3n * SOL);
    expect((await stakeOf(second))!.delegated).toBe(2n * SOL);

    // Block revenue paid into an account is free SOL above its delegation: moved, then withdrawn.
    const tipper = await chain.funded(2);
    await send(chain, tipper, [
      SystemProgram.transfer({
        fromPubkey: tipper.publicKey,
        toPubkey: new PublicKey(second),
        lamports: 500_000_000,
      }),
    ]);
    const portfolio = await engine.portfolio.refresh(owner.toBase58());
    expect(portfolio.stakeAccounts.find((s) => s.address === second)!.excessLamports).toBe('500000000');
    const lamports = await quoteThenExecute({
      kind: 'moveLamports',
      source: second,
      destination: first,
      lamports: '200000000',
    });
    await expectLandedAsQuoted(lamports.quote, lamports.outcome);
    const excess = await quoteThenExecute({ kind: 'withdraw', stakeAccount: second, lamports: '300000000' });
    expect(excess.quoteTrips).toBe(1);
    expect(BigInt(excess.outcome.solChange)).toBe(300_000_000n - BigInt(excess.quote.networkFeeLamports));
    await expectLandedAsQuoted(excess.quote, excess.outcome);
    expect((await stakeOf(second))!.delegated).toBe(2n * SOL);

    const merged = await quoteThenExecute({ kind: 'merge', destination: first, source: second });
    expect(merged.quoteTrips).toBe(1);
    expect(merged.quote.accounts.find((a) => a.address === second)!.lamportsAfter).toBeNull();
    await expectLandedAsQuoted(merged.quote, merged.outcome);
    expect(await stakeOf(second)).toBeNull();
    expect((await stakeOf(first))!.delegated).toBe(5n * SOL);
  });

  it('deactivates, then withdraws everything once the epoch has turned', async () => {
    const deactivated = await quoteThenExecute({ kind: 'deactivate', stakeAccount: first });
    expect(deactivated.quoteTrips).toBe(1);
    expect(deactivated.quote.effect).toMatch(/can be withdrawn from epoch \d+/);
    await expectLandedAsQuoted(deactivated.quote, deactivated.outcome);
    await chain.advanceEpoch();
    const all = String((await stakeOf(first))!.lamports);
    const withdrawn = await quoteThenExecute({ kind: 'withdraw', stakeAccount: first, lamports: all });
    expect(withdrawn.quoteTrips).toBe(1);
    expect(BigInt(withdrawn.outcome.solChange)).toBe(
      BigInt(all) - BigInt(withdrawn.quote.networkFeeLamports),
    );
    expect(await stakeOf(first)).toBeNull();
  });

  it('an account deactivated in the epoch it was delegated never took effect: withdrawable at once', async () => {
    const { quote } = await quoteThenExecute({
      kind: 'stake',
      voter: beta.votePubkey,
      lamports: String(SOL),
    });
    const address = quote.created!.address;
    const off = await quoteThenExecute({ kind: 'deactivate', stakeAccount: address });
    expect(off.quote.effect).toMatch(/withdrawn at once/);
    const all = String((await stakeOf(address))!.lamports);
    const withdrawn = await quoteThenExecute({ kind: 'withdraw', stakeAccount: address, lamports: all });
    await expectLandedAsQuoted(withdrawn.quote, withdrawn.outcome);
    expect(await stakeOf(address)).toBeNull();
  });

  it('a withdrawal amount that changed since it was shown is quoted at the chain’s figure', async () => {
    const { quote } = await quoteThenExecute({
      kind: 'stake',
      voter: beta.votePubkey,
      lamports: String(SOL),
    });
    const address = quote.created!.address;
    await quoteThenExecute({ kind: 'deactivate', stakeAccount: address });
    const prepared = await engine.native.prepare(owner, {
      kind: 'withdraw',
      stakeAccount: address,
      lamports: '1',
    });
    expect(prepared.roundTrips).toBe(2);
    expect(prepared.quote.effect).toContain(`${Number(SOL + 2_282_880n) / 1e9} SOL comes back`);
  });
});
