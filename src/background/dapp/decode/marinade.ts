// Marinade's liquid-staking program (MarBm…), every instruction of the build deployed at slot
// 229946024 and of the 2026 one (marinade-finance/liquid-staking-program, release-20231114 and
// v2.1.0, lib.rs), known by its Anchor discriminator. A user's instruction has its payout checked
// against the user, as the program decides it: mSOL into a token account whose owner is the user,
// SOL to the user's account, a split stake account under the user's authority (the beneficiary
// argument), a ticket for the owner of the mSOL account burned, a claim to the ticket's beneficiary.
// None of them takes a minimum out, and each line says so.
import { MARINADE_STATE } from '../../../shared/marinade';
import { shortAddress, solText as sol } from '../../../shared/format';
import { DISCRIMINATOR } from '../../staking/marinade-instructions';
import { pubkeyAt, type RawInstruction, type Sink } from './context';
import { lstTokens } from './lst-tokens';

const P = 'Marinade';
const NO_MINIMUM = ' (no minimum enforced: Marinade takes none)';
const hex = (bytes: ArrayLike<number>) => Buffer.from(Array.from(bytes)).toString('hex');

type UserInstruction =
  keyof typeof DISCRIMINATOR | 'depositStakeAccount' | 'addLiquidity' | 'removeLiquidity';
const USER = new Map<string, UserInstruction>([
  ...Object.entries(DISCRIMINATOR).map(([name, bytes]) => [hex(bytes), name as UserInstruction] as const),
  ['6e827329a466023b', 'depositStakeAccount'],
  ['b59d59438fb63448', 'addLiquidity'],
  ['5055d14818ceb16c', 'removeLiquidity'],
]);

const CHANGE_AUTHORITY = '326a426863769158';
const ADMIN = '(an instruction of Marinade’s admin)';
const MANAGER = '(an instruction of Marinade’s validator manager)';
const CRANK = '(Marinade upkeep anyone may run)';
/** The other instructions: sha256("global:<name>")[0..8] → what it does and whose it is. */
const OTHERS = new Map<string, string>([
  ['afaf6d1f0d989bed', `Initialize a Marinade instance ${ADMIN}`],
  [CHANGE_AUTHORITY, `Change Marinade’s authorities ${ADMIN}`],
  ['0a18a8775630e111', `Configure the liquidity pool’s fees ${ADMIN}`],
  ['43032272beb9113e', `Configure Marinade’s fees and limits ${ADMIN}`],
  ['0c247c1b806055c7', `Enlarge the stake list ${ADMIN}`],
  ['d73bda855d8a3c7b', `Enlarge the validator list ${ADMIN}`],
  ['d316ddfb4a79c12f', 'Pause Marinade (an instruction of its pause authority)'],
  ['01a633aa7f208dce', 'Resume Marinade (an instruction of its pause authority)'],
  ['fa7135368d75d7b9', `Add a validator ${MANAGER}`],
  ['1960d39ba10ea8bc', `Remove a validator ${MANAGER}`],
  ['6529ce21d86f194e', `Set a validator’s score ${MANAGER}`],
  ['1b5a61d111730728', `Configure the validator system ${MANAGER}`],
  ['7b45a8c3b7d5c7d6', `Unstake a validator’s stake in an emergency ${MANAGER}`],
  ['37f1cddd2d72cda3', `Unstake part of a validator’s stake ${MANAGER}`],
  ['57d917b3cd197181', `Stake the reserve ${CRANK}`],
  ['0443514088f55d98', `Update an active stake account ${CRANK}`],
  ['10e883739c64ef32', `Update a deactivated stake account ${CRANK}`],
  ['a59ee561a8dcbbe1', `Deactivate a stake account ${CRANK}`],
  ['d8248de1f34e7ded', `Merge stake accounts ${CRANK}`],
  ['d45233a0e4507423', `Redelegate a stake account ${CRANK}`],
  ['6d0288e09333b6e8', `Create a validator’s canonical stake account ${CRANK}`],
  ['ad085ac1de34a990', `Finish a delinquent validator’s upgrade ${CRANK}`],
]);

/** The mint whose decimals a user instruction's line needs: mSOL's (or the LP token's), by position. */
export function marinadeMints({ data, accounts }: RawInstruction): string[] {
  const instruction = USER.get(hex(data.subarray(0, 8)));
  if (!instruction || instruction === 'claim') return [];
  return [accounts[instruction === 'depositStakeAccount' ? 7 : 1] ?? []].flat();
}

export function decodeMarinade(s: Sink): void {
  const { data, ctx } = s;
  const user = ctx.user;
  const a = s.account;
  const t = lstTokens(s);
  const discriminator = hex(data.subarray(0, 8));
  const instruction = USER.get(discriminator);
  if (!instruction) {
    const other = OTHERS.get(discriminator);
    if (!other) return s.undecoded(P, `Marinade instruction ${discriminator}`);
    // ChangeAuthority: state, admin authority.
    if (discriminator === CHANGE_AUTHORITY && a(1) === user)
      s.warn(
        'authority_change',
        `Changes the authorities of Marinade state ${shortAddress(a(0))}, which you administer.`,
      );
    return s.say(P, other);
  }
  // Every user instruction names the State first: Marinade's one State pins mSOL's mint.
  const main = a(0) === MARINADE_STATE;
  const where = main ? 'Marinade' : `the Marinade instance ${shortAddress(a(0))} (not mSOL’s)`;
  const msol = main ? 'mSOL' : undefined;
  const u64 = (at: number) => data.readBigUInt64LE(at);
  const solTo = (recipient: string, what: string) => {
    if (recipient === user) return ' → SOL to your account';
    s.warn('third_party_recipient', `The SOL from this ${what} goes to ${recipient}, not to you.`);
    return ` → SOL goes to ${shortAddress(recipient)} (not your account)`;
  };

  switch (instruction) {
    case 'deposit': {
      // state, mSOL mint, SOL leg, mSOL leg, leg authority, reserve, from, mint to, …; lamports u64.
      const lamports = u64(8);
      if (a(6) === user) s.spendsSol(lamports);
      return s.say(
        P,
        `Stake ${sol(lamports)} into ${where}${t.paidTo(a(7), a(1), 'deposit', msol)}${NO_MINIMUM}`,
      );
    }
    case 'liquidUnstake':
      // state, mSOL mint, SOL leg, mSOL leg, treasury, from, its authority, SOL to, …; mSOL u64.
      return s.say(
        P,
        `Unstake ${t.amount(u64(8), a(1), msol)} now through ${where}’s liquidity pool${solTo(a(7), 'unstake')}${NO_MINIMUM}`,
      );
    case 'withdrawStakeAccount': {
      // [stake index u32][validator index u32][mSOL u64][beneficiary]: the split account's staker and withdrawer.
      if (data.length < 56) throw new RangeError('withdraw_stake_account without its beneficiary');
      const beneficiary = pubkeyAt(data, 24);
      let to = ' → a stake account controlled by you';
      if (beneficiary !== user) {
        s.warn(
          'third_party_recipient',
          `The stake account from this unstake would be controlled by ${beneficiary}, not by you.`,
        );
        to = ` → a stake account controlled by ${shortAddress(beneficiary)} (not you)`;
      }
      return s.say(
        P,
        `Unstake ${t.amount(u64(16), a(1), msol)} from ${where} into stake account ${shortAddress(a(10))}${to}${NO_MINIMUM}`,
      );
    }
    case 'orderUnstake': {
      // state, mSOL mint, burn from, its authority, new ticket, …: the ticket is the burned account's owner's.
      const owner = ctx.tokenAccounts?.get(a(2))?.owner;
      let ticket = ` claimable by the owner of ${shortAddress(a(2))}`;
      if (owner === user) ticket = ', claimable by you in a later epoch';
      else if (owner !== undefined) {
        s.warn(
          'third_party_recipient',
          `The delayed-unstake ticket from this order would be claimable by ${owner}, not by you.`,
        );
        ticket = ` claimable by ${shortAddress(owner)} (not you)`;
      }
      return s.say(
        P,
        `Order a delayed unstake of ${t.amount(u64(8), a(1), msol)} from ${where}: ticket ${shortAddress(a(4))}${ticket}${NO_MINIMUM}`,
      );
    }
    case 'claim': {
      // state, reserve, ticket, SOL to (the program requires the ticket's beneficiary), …
      const ticket = `the delayed-unstake ticket ${shortAddress(a(2))}`;
      if (a(3) === user) return s.say(P, `Claim ${ticket} from ${where} → SOL to your account`);
      s.warn(
        'third_party_recipient',
        `This claim pays ticket ${shortAddress(a(2))}’s SOL to ${a(3)}, not to you: the ticket is not yours.`,
      );
      return s.say(P, `Claim ${ticket} from ${where} → SOL goes to ${shortAddress(a(3))} (not your account)`);
    }
    case 'depositStakeAccount':
      // state, validator list, stake list, stake account, its authority, flag, rent payer, mSOL mint, mint to, …
      return s.say(
        P,
        `Deposit stake account ${shortAddress(a(3))} into ${where}${t.paidTo(a(8), a(7), 'deposit', msol)}${NO_MINIMUM}`,
      );
    case 'addLiquidity': {
      // state, LP mint, its authority, mSOL leg, SOL leg, from, mint to, …; lamports u64.
      const lamports = u64(8);
      if (a(5) === user) s.spendsSol(lamports);
      return s.say(
        P,
        `Add ${sol(lamports)} to ${where}’s liquidity pool${t.paidTo(a(6), a(1), 'deposit', main ? 'mSOL-SOL LP' : undefined)}${NO_MINIMUM}`,
      );
    }
    case 'removeLiquidity': {
      // state, LP mint, burn from, its authority, SOL to, mSOL to, …; LP tokens u64.
      const msolTo = a(5);
      if (!t.isUsers(msolTo))
        s.warn(
          'third_party_recipient',
          `The mSOL from this withdrawal goes to token account ${msolTo}, which is not yours.`,
        );
      return s.say(
        P,
        `Remove ${t.amount(u64(8), a(1), main ? 'mSOL-SOL LP' : undefined)} from ${where}’s liquidity pool${solTo(a(4), 'withdrawal')}, mSOL to ${t.isUsers(msolTo) ? `your account ${shortAddress(msolTo)}` : `${shortAddress(msolTo)} (not your account)`}${NO_MINIMUM}`,
      );
    }
  }
}
