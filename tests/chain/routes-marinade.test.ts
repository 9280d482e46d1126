// Marinade's routes through the wallet's engine (RouteService) with the real program on the
// `--marinade` localnet: deposit, liquid unstake and a delayed unstake through to SOL, each quoted in
// one round trip once the route's accounts are known, equal to the upstream math ported in
// tests/support, and landed equal to the quote to the base unit; no minimum enforced, said with the
// worst case where the program bounds it (lp_max_fee); a stale cached stake choice costs a retry,
// never a wrong figure; the 1 SOL minimum said in words; and a ticket the person holds claimed.
import { Keypair, LAMPORTS_PER_SOL, PublicKey } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TICKET_ACCOUNT_SIZE,
  createTicketAccountIx,
  orderUnstakeIx,
} from '../../src/background/staking/marinade-instructions';
import { decodeStakeAccount } from '../../src/background/staking/stake-account';
import { msolToLamports } from '../../src/background/staking/marinade-value';
import type { RouteRequest } from '../../src/shared/routes';
import { startTestChain, type TestChain } from '../support/localnet';
import { deposit, liquidUnstake, orderUnstake, withdrawStakeAccount } from '../support/marinade-math';
import { marinadeOr, readMarinade, simulateThenLand, tokenAmount, watched } from '../support/marinade';
import { engineFor } from '../support/staking';

const SOL = BigInt(LAMPORTS_PER_SOL);
/** Slots in 30 minutes at the localnet's 400 ms a slot: the wait claim.rs adds into the due epoch. */
const HALF_HOUR_OF_SLOTS = 4_500;

describe.skipIf(!marinadeOr('Marinade routes through the engine'))(
  'Marinade routes through the engine',
  () => {
    let chain: TestChain;
    let user: Keypair;
    let engine: ReturnType<typeof engineFor>;
    let msolAccount: PublicKey;
    const held = async () => tokenAmount((await watched(chain, [msolAccount]))[0]);

    async function take(request: RouteRequest) {
      const prepared = await engine.routes.prepare(user.publicKey, request);
      const { quote, outcome } = await engine.routes.execute(user.publicKey, request, {
        quoteId: prepared.quote.quoteId,
      });
      expect(quote.quoteId).toBe(prepared.quote.quoteId);
      return { prepared, quote, outcome };
    }

    beforeAll(async () => {
      chain = await startTestChain({ marinade: true });
      user = await chain.funded(200);
      engine = engineFor(chain, user);
      msolAccount = getAssociatedTokenAddressSync((await readMarinade(chain)).state.msolMint, user.publicKey);
    });
    afterAll(async () => chain?.close());

    it('SOL → mSOL: one round trip once seen, the program’s own arithmetic, landed to the base unit; no minimum enforced, said so', async () => {
      const first = await engine.routes.prepare(user.publicKey, {
        kind: 'marinadeDeposit',
        amount: `${SOL}`,
      });
      expect(first.roundTrips).toBe(2);
      const { state, accounts } = await readMarinade(chain);
      const leg = tokenAmount((await watched(chain, [accounts.msolLeg]))[0]);
      const math = deposit(state, leg, 30n * SOL);
      const { prepared, outcome } = await take({ kind: 'marinadeDeposit', amount: `${30n * SOL}` });
      expect(prepared.roundTrips).toBe(1);
      expect(prepared.quote.received.amount).toBe(math.msolOut.toString());
      expect(outcome.tokenChange).toBe(prepared.quote.received.amount);
      expect(prepared.quote.guarantee).toMatchObject({
        kind: 'unenforced',
        why: 'route_takes_no_minimum',
        worstCase: null,
      });
      expect(prepared.quote.caveat).toMatch(/deposit takes no minimum/);
    });

    it('mSOL → SOL through the liquidity pool: exactly the quote, the program’s fee; the worst case is lp_max_fee', async () => {
      const { state, accounts } = await readMarinade(chain);
      const msol = 2n * SOL;
      const [solLeg] = await watched(chain, [accounts.solLeg]);
      const math = liquidUnstake(state, solLeg!.lamports, msol);
      if ('refused' in math) throw new Error(math.refused);
      const { quote, outcome, prepared } = await take({ kind: 'marinadeLiquid', amount: `${msol}` });
      expect(prepared.roundTrips).toBe(2); // this route not seen yet: the State first
      expect(quote.received.amount).toBe(math.lamportsOut.toString());
      expect(BigInt(outcome.solChange) + BigInt(outcome.networkFeeLamports!)).toBe(math.lamportsOut);
      const value = msolToLamports(state, msol)!;
      expect(quote.guarantee).toMatchObject({
        kind: 'unenforced',
        why: 'route_takes_no_minimum',
        worstCase: (value - (value * BigInt(state.liquidityPool.lpMaxFeeBps)) / 10_000n).toString(),
      });
      expect(quote.caveat).toMatch(/up to lp_max_fee \(9 %/);
    });

    it('a delayed unstake: a stake account split off Marinade’s, deactivated at once, exactly the quote, then withdrawn to SOL next epoch', async () => {
      const msol = 3n * SOL;
      const request: RouteRequest = { kind: 'marinadeDelayed', amount: `${msol}` };
      const first = await engine.routes.prepare(user.publicKey, request);
      expect(first.roundTrips).toBe(4); // the State, the lists' used prefixes, the candidates' stake accounts, the batch
      const { state } = await readMarinade(chain);
      const math = withdrawStakeAccount(state, msol, 10n ** 18n);
      if ('refused' in math) throw new Error(math.refused);
      const { quote, outcome, prepared } = await take(request);
      expect(prepared.roundTrips).toBe(1);
      expect(quote.received.amount).toBe(math.splitLamports.toString());
      expect(quote.when).toEqual({ kind: 'epoch', epoch: (await chain.connection.getEpochInfo()).epoch + 1 });
      const rent = BigInt(await chain.connection.getMinimumBalanceForRentExemption(200));
      expect(BigInt(outcome.stakeAccountLamports!)).toBe(math.splitLamports + rent);
      const [split] = await watched(chain, [new PublicKey(outcome.stakeAccount!)]);
      const stake = decodeStakeAccount(split!.data)!;
      expect([stake.staker, stake.withdrawer]).toEqual([user.publicKey, user.publicKey]);
      expect(stake.deactivationEpoch).toBe(BigInt((await chain.connection.getEpochInfo()).epoch));
      await chain.advanceEpoch();
      const { outcome: withdrawn } = await engine.native.execute(user.publicKey, {
        kind: 'withdraw',
        stakeAccount: outcome.stakeAccount!,
        lamports: outcome.stakeAccountLamports!,
      });
      expect(BigInt(withdrawn.solChange) + BigInt(withdrawn.networkFeeLamports!)).toBe(
        math.splitLamports + rent,
      );
    });

    it('a cached stake choice that no longer holds (its stake earned what the crank has not recorded) costs a retry, never a wrong figure', async () => {
      const request: RouteRequest = { kind: 'marinadeDelayed', amount: `${2n * SOL}` };
      const cached = await engine.routes.prepare(user.publicKey, request);
      const choice = (await engine.routes.prepare(user.publicKey, request)).roundTrips;
      expect(choice).toBe(1);
      // The stake the route chose earns rewards the crank has not recorded: the program would refuse it.
      const chosen = cached.transaction.instructions[0]!.keys[9]!.pubkey;
      await chain.rpc('localnet_advanceEpoch', [{ rewardsBps: 10, stakeAccounts: [chosen.toBase58()] }]);
      const again = await engine.routes.prepare(user.publicKey, request);
      expect(again.roundTrips).toBe(4); // the batch, the lists and candidates to choose again, the batch
      expect(again.transaction.instructions[0]!.keys[9]!.pubkey.equals(chosen)).toBe(false);
      const { state } = await readMarinade(chain);
      const math = withdrawStakeAccount(state, 2n * SOL, 10n ** 18n);
      if ('refused' in math) throw new Error(math.refused);
      expect(again.quote.received.amount).toBe(math.splitLamports.toString());
    });

    it('below the 1 SOL minimum delegation the delayed route is unavailable, in words, and nothing is signed', async () => {
      await expect(
        engine.routes.prepare(user.publicKey, { kind: 'marinadeDelayed', amount: `${SOL / 2n}` }),
      ).rejects.toThrow(/at least 1 SOL \(the network’s minimum delegation\)/);
      await expect(
        engine.routes.prepare(user.publicKey, { kind: 'marinadeLiquid', amount: `${(await held()) + 1n}` }),
      ).rejects.toThrow(/less than this amount/);
    });

    it('a ticket the person holds is found by beneficiary and claimed once due, paying exactly its SOL; refused in words before', async () => {
      const owner = user.publicKey;
      const { state, accounts } = await readMarinade(chain);
      const ticket = Keypair.generate();
      const rent = BigInt(await chain.connection.getMinimumBalanceForRentExemption(TICKET_ACCOUNT_SIZE));
      const msol = SOL;
      const expected = orderUnstake(state, msol);
      if ('refused' in expected) throw new Error(expected.refused);
      await simulateThenLand(
        chain,
        [user, ticket],
        [
          createTicketAccountIx(owner, ticket.publicKey, rent),
          orderUnstakeIx(accounts, owner, msolAccount, ticket.publicKey, msol),
        ],
        [ticket.publicKey],
      );
      // Where is my SOL lists it (the ticket's lamports and its rent, both paid by the claim), due next epoch.
      const listed = async () =>
        (await engine.waiting.list(owner)).items.filter((item) => item.kind === 'ticket');
      expect(await listed()).toMatchObject([
        {
          address: ticket.publicKey.toBase58(),
          lamports: (expected.ticketLamports + rent).toString(),
          readyEpoch: (await chain.connection.getEpochInfo()).epoch + 1,
          action: null,
        },
      ]);
      const claim: RouteRequest = { kind: 'marinadeClaim', ticket: ticket.publicKey.toBase58() };
      await expect(engine.routes.prepare(owner, claim)).rejects.toThrow(
        'This ticket is not due yet: it can be claimed from the epoch after it was ordered. Nothing was signed.',
      );
      await chain.advanceEpoch();
      await chain.rpc('localnet_advanceSlots', [HALF_HOUR_OF_SLOTS]);
      const { quote, outcome } = await take(claim);
      expect(quote.received.amount).toBe(expected.ticketLamports.toString());
      expect(BigInt(outcome.solChange) + BigInt(outcome.networkFeeLamports!)).toBe(
        expected.ticketLamports + rent,
      );
      expect(await listed()).toEqual([]);
    });
  },
);
