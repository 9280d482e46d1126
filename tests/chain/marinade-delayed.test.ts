// Marinade's delayed routes with the real program on the `--marinade` localnet: withdraw_stake_account
// (a stake account split off one of Marinade's, chosen from the lists read by the slice, then
// deactivated and withdrawn to SOL an epoch later) and a delayed-unstake ticket ordered then claimed
// after its epoch; each simulated, then landed equal to the simulation and to the ported upstream
// math, to the base unit. And the refusals: under the 1 SOL minimum, a stale list choice (the
// program checks both indexes and the recorded delegation), a ticket claimed too early.
import { Keypair, StakeProgram } from '@solana/web3.js';
import {
  createAssociatedTokenAccountIdempotentInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncodedAccount } from '../../src/background/chain/rpc-shapes';
import { rawAccount } from '../../src/background/chain/raw-account';
import {
  claimIx,
  createTicketAccountIx,
  depositIx,
  orderUnstakeIx,
  withdrawStakeAccountIx,
  TICKET_ACCOUNT_SIZE,
  type StakeToSplit,
} from '../../src/background/staking/marinade-instructions';
import {
  choiceStillHolds,
  decodeStakeRecord,
  decodeValidatorRecord,
  itemCall,
} from '../../src/background/staking/marinade-lists';
import { decodeTicket, ticketDueEpoch, ticketsCall } from '../../src/background/staking/marinade-tickets';
import { decodeStakeAccount } from '../../src/background/staking/stake-account';
import type { MarinadeList } from '../../src/background/staking/marinade-state';
import { startTestChain, type TestChain } from '../support/localnet';
import { msolToSol, orderUnstake, withdrawStakeAccount } from '../support/marinade-math';
import {
  HALF_HOUR_OF_SLOTS,
  STATE,
  chooseSplit,
  expectLandedAsSimulated,
  marinadeOr,
  readMarinade,
  refusal,
  simulate,
  simulateThenLand,
  tokenAmount,
  watched,
} from '../support/marinade';
import { SOL } from '../support/staking';

describe.skipIf(!marinadeOr('Marinade delayed routes'))(
  'Marinade: withdraw_stake_account and tickets',
  () => {
    let chain: TestChain;
    beforeAll(async () => {
      chain = await startTestChain({ marinade: true });
    });
    afterAll(() => chain.close());

    /** getAccountInfo as the wallet asks it (the call built by marinade-lists.ts): the bytes of the slice. */
    async function slice(call: ReturnType<typeof itemCall>): Promise<Buffer> {
      const { value } = await chain.rpc<{ value: EncodedAccount }>(call.method, [...call.params]);
      return Buffer.from(value.data[0], 'base64');
    }

    async function holder(sol: bigint) {
      const keypair = await chain.funded(Number(sol / SOL) + 5);
      const { state, accounts } = await readMarinade(chain);
      const owner = keypair.publicKey;
      const msol = getAssociatedTokenAddressSync(state.msolMint, owner);
      await simulateThenLand(
        chain,
        [keypair],
        [
          createAssociatedTokenAccountIdempotentInstruction(owner, msol, owner, state.msolMint),
          depositIx(accounts, owner, msol, sol),
        ],
        [msol],
      );
      return { keypair, msol, held: tokenAmount((await watched(chain, [msol]))[0]) };
    }

    const choose = (splitLamports: bigint) => chooseSplit(chain, splitLamports);

    const record = async (list: MarinadeList, index: number) => slice(itemCall(list, index));

    it('splits a stake account off Marinade for mSOL, exactly as simulated and as the program computes, then withdraws it to SOL after an epoch', async () => {
      const who = await holder(10n * SOL);
      const msol = who.held / 2n;
      const { state, accounts } = await readMarinade(chain);
      const { stakes, validators, choice } = await choose(msolToSol(state, msol));
      expect(choice).not.toBeNull();
      const chosen = choice!;
      // The emergency-unstaking record (the State's emergency_cooling_down) is never chosen, and the
      // validator index is found through the stake's voter, not assumed equal to the stake's index.
      expect(stakes[chosen.stakeIndex]!.isEmergencyUnstaking).toBe(false);
      expect(chosen.validatorIndex).not.toBe(chosen.stakeIndex);
      const recorded = stakes[chosen.stakeIndex]!.lastUpdateDelegatedLamports;
      const expected = withdrawStakeAccount(state, msol, recorded);
      if ('refused' in expected) throw new Error(expected.refused);

      const owner = who.keypair.publicKey;
      const split = Keypair.generate();
      const ix = withdrawStakeAccountIx(accounts, {
        owner,
        msolAccount: who.msol,
        stake: chosen,
        splitStakeAccount: split.publicKey,
        msolAmount: msol,
      });
      const r = await simulateThenLand(
        chain,
        [who.keypair, split],
        [ix],
        [split.publicKey, who.msol, accounts.treasuryMsolAccount],
      );
      expectLandedAsSimulated(r);
      const rent = await chain.connection.getMinimumBalanceForRentExemption(200);
      const splitStake = decodeStakeAccount(r.landed[0]!.data)!;
      expect(r.landed[0]!.lamports).toBe(expected.splitLamports + BigInt(rent));
      expect(splitStake.delegated).toBe(expected.splitLamports);
      expect([splitStake.staker, splitStake.withdrawer, splitStake.voter]).toEqual([
        owner,
        owner,
        validators[chosen.validatorIndex]!.validatorAccount,
      ]);
      expect(tokenAmount(r.before[1]) - tokenAmount(r.landed[1])).toBe(msol);
      expect(tokenAmount(r.landed[2]) - tokenAmount(r.before[2])).toBe(expected.msolFees);

      // The program rewrote both records at the indexes the route named: read back by the slice.
      const after = (await readMarinade(chain)).state;
      const stakeAfter = decodeStakeRecord(
        await record(after.stakeList, chosen.stakeIndex),
        chosen.stakeIndex,
      );
      const validatorAfter = decodeValidatorRecord(
        await record(after.validatorList, chosen.validatorIndex),
        chosen.validatorIndex,
      );
      expect(stakeAfter.lastUpdateDelegatedLamports).toBe(recorded - expected.splitLamports);
      expect(validatorAfter.activeBalance).toBe(
        validators[chosen.validatorIndex]!.activeBalance - expected.splitLamports,
      );
      expect(state.totalActiveBalance - after.totalActiveBalance).toBe(expected.splitLamports);
      expect(state.msolSupply - after.msolSupply).toBe(expected.msolBurned);

      // The person's stake account: deactivated, then withdrawn to SOL in the next epoch.
      const deactivate = StakeProgram.deactivate({
        stakePubkey: split.publicKey,
        authorizedPubkey: owner,
      }).instructions;
      await simulateThenLand(chain, [who.keypair], deactivate, [split.publicKey]);
      await chain.advanceEpoch();
      const all = r.landed[0]!.lamports;
      const withdraw = StakeProgram.withdraw({
        stakePubkey: split.publicKey,
        authorizedPubkey: owner,
        toPubkey: owner,
        lamports: Number(all),
      }).instructions;
      const w = await simulateThenLand(chain, [who.keypair], withdraw, [owner, split.publicKey]);
      expectLandedAsSimulated(w);
      expect(w.landed[0]!.lamports - w.before[0]!.lamports + w.fee).toBe(
        expected.splitLamports + BigInt(rent),
      );
      expect(w.landed[1]).toBeNull();
    });

    it('is refused one base unit of mSOL below the 1 SOL minimum stake (WithdrawStakeLamportsIsTooLow) and splits at it, where the ported math puts the line', async () => {
      const who = await holder(2n * SOL);
      const { state, accounts } = await readMarinade(chain);
      expect(state.minStake).toBe(SOL);
      // The least mSOL whose split (its SOL value less the fee) reaches min_stake, by the ported math.
      const splits = (m: bigint) => !('refused' in withdrawStakeAccount(state, m, 10n ** 15n));
      let [below, least] = [0n, who.held];
      while (least - below > 1n) {
        const mid = (below + least) / 2n;
        if (splits(mid)) least = mid;
        else below = mid;
      }
      expect(withdrawStakeAccount(state, below, 10n ** 15n)).toEqual({
        refused: 'WithdrawStakeLamportsIsTooLow',
      });
      const { choice } = await choose(SOL);
      const attempt = async (msolAmount: bigint) =>
        simulate(chain, who.keypair, [
          withdrawStakeAccountIx(accounts, {
            owner: who.keypair.publicKey,
            msolAccount: who.msol,
            stake: choice!,
            splitStakeAccount: Keypair.generate().publicKey,
            msolAmount,
          }),
        ]);
      expect(refusal(await attempt(below))).toEqual({
        read: { name: 'WithdrawStakeLamportsIsTooLow', code: 6084, kind: 'refused' },
        logged: { name: 'WithdrawStakeLamportsIsTooLow', code: 6084 },
      });
      expect((await attempt(least)).err).toBeNull();
    });

    it('refuses a stale choice (another stake or validator at the index, a stake the crank has not updated): a retry, never a wrong payout', async () => {
      const who = await holder(5n * SOL);
      const { accounts } = await readMarinade(chain);
      const { state, stakes, validators, delegationOf, choice } = await choose(2n * SOL);
      const chosen = choice!;
      const tryWith = async (stake: StakeToSplit) =>
        refusal(
          await simulate(chain, who.keypair, [
            withdrawStakeAccountIx(accounts, {
              owner: who.keypair.publicKey,
              msolAccount: who.msol,
              stake,
              splitStakeAccount: Keypair.generate().publicKey,
              msolAmount: who.held / 2n,
            }),
          ]),
        );
      const other = stakes.find((s) => s.index !== chosen.stakeIndex && !s.isEmergencyUnstaking)!;
      const emergency = stakes.find((s) => s.isEmergencyUnstaking)!;
      const cases: [StakeToSplit, string, number][] = [
        [{ ...chosen, stakeIndex: other.index }, 'WrongStakeAccountOrIndex', 6050],
        [
          { ...chosen, validatorIndex: (chosen.validatorIndex + 1) % state.validatorList.count },
          'WrongValidatorAccountOrIndex',
          6049,
        ],
        [
          { ...chosen, stakeIndex: emergency.index, stakeAccount: emergency.stakeAccount },
          'StakeAccountIsEmergencyUnstaking',
          6025,
        ],
        [{ ...chosen, stakeIndex: state.stakeList.count }, 'ListIndexOutOfBounds', 6073],
      ];
      for (const [stake, name, code] of cases)
        expect(await tryWith(stake)).toEqual({
          read: { name, code, kind: 'stale_choice' },
          logged: { name, code },
        });

      // Rewards land on the stake account before the crank records them: the program refuses the
      // choice, the re-check read in the quote's batch sees it no longer holds, and choosing again skips it.
      await chain.rpc('localnet_advanceEpoch', [
        { rewardsBps: 10, stakeAccounts: [chosen.stakeAccount.toBase58()] },
      ]);
      expect(await tryWith(chosen)).toEqual({
        read: { name: 'StakeAccountNotUpdatedYet', code: 6023, kind: 'stale_choice' },
        logged: { name: 'StakeAccountNotUpdatedYet', code: 6023 },
      });
      const fresh = await choose(2n * SOL);
      const stakeNow = decodeStakeRecord(await record(state.stakeList, chosen.stakeIndex), chosen.stakeIndex);
      const validatorNow = decodeValidatorRecord(
        await record(state.validatorList, chosen.validatorIndex),
        chosen.validatorIndex,
      );
      expect(choiceStillHolds(chosen, stakeNow, validatorNow, fresh.delegationOf(chosen.stakeAccount))).toBe(
        false,
      );
      expect(
        choiceStillHolds(
          fresh.choice!,
          stakes[fresh.choice!.stakeIndex]!,
          validators[fresh.choice!.validatorIndex]!,
          delegationOf(fresh.choice!.stakeAccount),
        ),
      ).toBe(true);
      expect(fresh.choice!.stakeIndex).not.toBe(chosen.stakeIndex);
    });

    it('orders a ticket and claims it after its epoch, refused before (TicketNotDue, then TicketNotReady)', async () => {
      const who = await holder(4n * SOL);
      const owner = who.keypair.publicKey;
      const { state, accounts } = await readMarinade(chain);
      const ticket = Keypair.generate();
      const rent = BigInt(await chain.connection.getMinimumBalanceForRentExemption(TICKET_ACCOUNT_SIZE));
      const expected = orderUnstake(state, who.held);
      if ('refused' in expected) throw new Error(expected.refused);
      const order = await simulateThenLand(
        chain,
        [who.keypair, ticket],
        [
          createTicketAccountIx(owner, ticket.publicKey, rent),
          orderUnstakeIx(accounts, owner, who.msol, ticket.publicKey, who.held),
        ],
        [ticket.publicKey, who.msol],
      );
      expectLandedAsSimulated(order);
      expect(tokenAmount(order.landed[1])).toBe(0n);

      // Found by beneficiary, as the wallet asks for a person's tickets.
      const call = ticketsCall(STATE, owner);
      const found = await chain.rpc<{ pubkey: string; account: EncodedAccount }[]>(call.method, [
        ...call.params,
      ]);
      expect(found.map((f) => f.pubkey)).toEqual([ticket.publicKey.toBase58()]);
      const held = decodeTicket(ticket.publicKey, rawAccount(found[0]!.account))!;
      const epoch = BigInt((await chain.connection.getEpochInfo()).epoch);
      expect(held).toMatchObject({
        beneficiary: owner,
        state: STATE,
        lamports: expected.ticketLamports,
        createdEpoch: epoch,
      });

      const claim = [claimIx(accounts, ticket.publicKey, owner)];
      const refused = async () => refusal(await simulate(chain, who.keypair, claim));
      expect(await refused()).toEqual({
        read: { name: 'TicketNotDue', code: 6020, kind: 'refused' },
        logged: { name: 'TicketNotDue', code: 6020 },
      });
      await chain.advanceEpoch();
      expect(BigInt((await chain.connection.getEpochInfo()).epoch)).toBe(ticketDueEpoch(held));
      expect(await refused()).toEqual({
        read: { name: 'TicketNotReady', code: 6021, kind: 'refused' },
        logged: { name: 'TicketNotReady', code: 6021 },
      });
      await chain.rpc('localnet_advanceSlots', [HALF_HOUR_OF_SLOTS]);
      const claimed = await simulateThenLand(chain, [who.keypair], claim, [
        owner,
        ticket.publicKey,
        accounts.reserve,
      ]);
      expectLandedAsSimulated(claimed);
      expect(claimed.landed[0]!.lamports - claimed.before[0]!.lamports + claimed.fee).toBe(
        expected.ticketLamports + rent,
      );
      expect(claimed.landed[1]).toBeNull();
      expect(claimed.before[2]!.lamports - claimed.landed[2]!.lamports).toBe(expected.ticketLamports);
    });
  },
);
