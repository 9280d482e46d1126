// "Where is my SOL" on a chain with native stake accounts in every state, a delayed LST unstake
// and a Marinade ticket: the popup's refresh costs what it did (the stake accounts were in it
// already), the screen one more batch, and every kind is listed with what it holds, when it is
// ready and its one action, which collects exactly what was listed (a changed amount is refused).
import {
  createAssociatedTokenAccountIdempotentInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { Keypair, PublicKey, SystemProgram } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import type { WaitingItem } from '../../src/shared/waiting';
import {
  TICKET_ACCOUNT_SIZE,
  createTicketAccountIx,
  depositIx,
  orderUnstakeIx,
} from '../../src/background/staking/marinade-instructions';
import { decodeTicket } from '../../src/background/staking/marinade-tickets';
import { send } from '../support/attacks';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { marinadeOr, readMarinade, simulateThenLand, tokenAmount, watched } from '../support/marinade';
import { SOL, activePool, engineFor } from '../support/staking';
import { createValidators } from '../support/validators';

/** Slots in 30 minutes at the localnet's 400 ms a slot: the wait Marinade's claim adds into the due epoch. */
const HALF_HOUR_OF_SLOTS = 4_500;

describe.skipIf(
  !marinadeOr('where is my SOL') || !stakePoolProgramOr('where is my SOL', STAKE_POOL_AVAILABLE),
)('where is my SOL', () => {
  let chain: TestChain;
  let user: Keypair;
  let engine: ReturnType<typeof engineFor>;
  let accounts: Record<'withdrawable' | 'deactivating' | 'excess' | 'delayed', string>;
  let ticket: PublicKey;
  let ticketLamports: bigint;
  let epoch: number;

  const owner = () => user.publicKey;
  const stake = async (voter: string, lamports: bigint) =>
    (await engine.native.execute(owner(), { kind: 'stake', voter, lamports: String(lamports) })).quote
      .created!.address;
  const byId = (items: WaitingItem[], id: string) => items.find((i) => i.id === id);

  beforeAll(async () => {
    chain = await startTestChain({ marinade: true });
    user = await chain.funded(100);
    engine = engineFor(chain, user);
    const operator = await chain.funded(1_000);
    const [validator] = await createValidators(chain, [
      { commissionBps: 500, creditsPerEpoch: 400_000, stake: String(100n * SOL) },
    ]);
    const vote = validator!.votePubkey;
    const pool = await activePool(chain, operator, {
      programId: STAKE_POOL_PROGRAMS.sanctumMulti,
      validators: 1,
      initialDepositLamports: 10n * SOL,
      stakePerValidator: 5n * SOL,
    });
    const deactivating = await stake(vote, 2n * SOL);
    const excess = await stake(vote, 3n * SOL);
    await chain.advanceEpoch();
    await engine.staking.stake(owner(), pool.pool, 4n * SOL);
    await engine.native.execute(owner(), { kind: 'deactivate', stakeAccount: deactivating });
    // Deactivated in the epoch it was delegated: withdrawable at once.
    const withdrawable = await stake(vote, SOL);
    await engine.native.execute(owner(), { kind: 'deactivate', stakeAccount: withdrawable });
    // Block revenue paid into an active account.
    const tipper = await chain.funded(2);
    await send(chain, tipper, [
      SystemProgram.transfer({
        fromPubkey: tipper.publicKey,
        toPubkey: new PublicKey(excess),
        lamports: 250_000_000,
      }),
    ]);
    const held = (await engine.portfolio.refresh(owner().toBase58())).lsts[0]!;
    const delayed = (await engine.staking.unstake(owner(), pool.pool, BigInt(held.balance) / 2n, 'delayed'))
      .outcome.stakeAccount!;
    accounts = { withdrawable, deactivating, excess, delayed };

    // A Marinade ticket: mSOL bought, then its unstake ordered.
    const { state, accounts: marinade } = await readMarinade(chain);
    const msol = getAssociatedTokenAddressSync(state.msolMint, owner());
    await simulateThenLand(
      chain,
      [user],
      [
        createAssociatedTokenAccountIdempotentInstruction(owner(), msol, owner(), state.msolMint),
        depositIx(marinade, owner(), msol, 3n * SOL),
      ],
      [msol],
    );
    const mine = tokenAmount((await watched(chain, [msol]))[0]);
    const ticketKey = Keypair.generate();
    const rent = BigInt(await chain.connection.getMinimumBalanceForRentExemption(TICKET_ACCOUNT_SIZE));
    await simulateThenLand(
      chain,
      [user, ticketKey],
      [
        createTicketAccountIx(owner(), ticketKey.publicKey, rent),
        orderUnstakeIx(marinade, owner(), msol, ticketKey.publicKey, mine),
      ],
      [ticketKey.publicKey],
    );
    ticket = ticketKey.publicKey;
    const info = (await chain.connection.getAccountInfo(ticket))!;
    const decoded = decodeTicket(ticket, {
      owner: info.owner,
      data: info.data,
      lamports: BigInt(info.lamports),
    })!;
    ticketLamports = decoded.lamports + BigInt(info.lamports); // the claim returns the rent too
    epoch = (await chain.connection.getEpochInfo()).epoch;
    // As the popup's last open left it: the refresh knows what these holdings need.
    await engine.portfolio.refresh(owner().toBase58());
    await engine.portfolio.saved();
  }, 120_000);
  afterAll(() => chain?.close());

  it('lists every kind from the popup’s refresh plus one batch, each with what it holds and when', async () => {
    let trips = engine.rpc.stats.httpRoundTrips;
    const portfolio = await engine.portfolio.refresh(owner().toBase58());
    // The popup's open: the refresh is the one round trip it always was.
    expect(engine.rpc.stats.httpRoundTrips - trips).toBe(1);
    await engine.portfolio.saved();
    trips = engine.rpc.stats.httpRoundTrips;
    const { items } = await engine.waiting.list(owner());
    expect(engine.rpc.stats.httpRoundTrips - trips).toBe(1);
    const lamportsOf = (address: string) =>
      portfolio.stakeAccounts.find((s) => s.address === address)!.lamports;
    expect(byId(items, `withdrawable:${accounts.withdrawable}`)).toMatchObject({
      kind: 'withdrawable',
      lamports: lamportsOf(accounts.withdrawable),
      readyEpoch: null,
      action: { kind: 'native', request: { kind: 'withdraw', stakeAccount: accounts.withdrawable } },
    });
    expect(byId(items, `deactivating:${accounts.deactivating}:${epoch + 1}`)).toMatchObject({
      kind: 'deactivating',
      readyEpoch: epoch + 1,
      readyInMs: expect.any(Number),
      action: null,
      fromPool: false,
    });
    expect(byId(items, `deactivating:${accounts.delayed}:${epoch + 1}`)).toMatchObject({
      kind: 'deactivating',
      fromPool: true,
      readyEpoch: epoch + 1,
    });
    expect(byId(items, `excess:${accounts.excess}`)).toMatchObject({
      kind: 'excess',
      lamports: '250000000',
      action: {
        kind: 'native',
        request: { kind: 'withdraw', stakeAccount: accounts.excess, lamports: '250000000' },
      },
    });
    expect(byId(items, `ticket:${ticket.toBase58()}`)).toMatchObject({
      kind: 'ticket',
      lamports: ticketLamports.toString(),
      readyEpoch: epoch + 1,
      action: null,
    });
    expect(items).toHaveLength(5);
  });

  it('collects each with its one action, exactly what was listed; a changed amount is refused unsigned', async () => {
    const { items } = await engine.waiting.list(owner());
    const excess = byId(items, `excess:${accounts.excess}`)!;
    // One more lamport paid in since the list was read: the one-click withdrawal is no longer what it said.
    const tipper = await chain.funded(1);
    await send(chain, tipper, [
      SystemProgram.transfer({
        fromPubkey: tipper.publicKey,
        toPubkey: new PublicKey(accounts.excess),
        lamports: 1,
      }),
    ]);
    const action = excess.action as Extract<WaitingItem['action'], { kind: 'native' }>;
    await expect(engine.native.execute(owner(), action.request)).rejects.toMatchObject({
      code: 'stale',
      message: expect.stringMatching(/now has 0\.250000001 SOL to withdraw, not the 0\.25 SOL shown/),
    });
    const ready = byId(items, `withdrawable:${accounts.withdrawable}`)!;
    const { outcome } = await engine.native.execute(
      owner(),
      (ready.action as Extract<WaitingItem['action'], { kind: 'native' }>).request,
    );
    expect(BigInt(outcome.solChange) + BigInt(outcome.networkFeeLamports!)).toBe(BigInt(ready.lamports));

    // The next epoch: the cooled-down accounts and the ticket are ready (the ticket half an hour in).
    await chain.advanceEpoch();
    await chain.rpc('localnet_advanceSlots', [HALF_HOUR_OF_SLOTS]);
    const later = (await engine.waiting.list(owner())).items;
    expect(byId(later, `withdrawable:${accounts.deactivating}`)).toMatchObject({
      readyEpoch: null,
      action: { kind: 'native' },
    });
    expect(byId(later, `withdrawable:${accounts.delayed}`)).toMatchObject({
      fromPool: true,
      readyEpoch: null,
    });
    const due = byId(later, `ticket:${ticket.toBase58()}`)!;
    expect(due.action).toEqual({ kind: 'source', source: 'marinadeTickets', id: ticket.toBase58() });
    const claimed = await engine.waiting.act(owner(), 'marinadeTickets', ticket.toBase58());
    expect(BigInt(claimed.solChange) + BigInt(claimed.networkFeeLamports!)).toBe(ticketLamports);
    expect(await chain.connection.getAccountInfo(ticket)).toBeNull();
  });
});
