// The SPL stake-pool program (all three deployments), every instruction (tags 0..26). What a
// deposit or withdrawal pays out is checked against the user: pool tokens must land in a token
// account whose owner is the user, SOL in the user's account, a withdrawn stake account must be
// the user's. Anything else names the recipient and warns. "You receive" appears only with an
// amount the simulation credited to the user.
import { formatUnits, shortAddress, solText as sol } from '../../../shared/format';
import { who, type Sink } from './context';

const P = 'Stake Pool';
const NAMES = [
  'Initialize a pool',
  'Add a validator',
  'Remove a validator',
  'Decrease a validator’s stake',
  'Increase a validator’s stake',
  'Set the preferred validator',
  'Update validator balances',
  'Update the pool balance',
  'Clean up removed validators',
  'Deposit stake',
  'Withdraw stake',
  'Set the manager',
  'Set a fee',
  'Set the staker',
  'Deposit SOL',
  'Set a funding authority',
  'Withdraw SOL',
  'Create token metadata',
  'Update token metadata',
  'Increase a validator’s additional stake',
  'Decrease a validator’s additional stake',
  'Decrease a validator’s stake via the reserve',
  'Redelegate',
  'Deposit stake (with slippage bound)',
  'Withdraw stake (with slippage bound)',
  'Deposit SOL (with slippage bound)',
  'Withdraw SOL (with slippage bound)',
] as const;

export function decodeStakePool(s: Sink): void {
  const { data, ctx } = s;
  const user = ctx.user;
  const a = s.account;
  const poolAddress = a(0);
  const pool = ctx.pools.get(poolAddress);
  const mint = ctx.poolMints?.get(poolAddress);
  const name = pool?.symbol ?? `the pool ${shortAddress(poolAddress)}`;
  const tokens = (n: bigint) =>
    pool ? `${formatUnits(n, pool.decimals, 4)} ${pool.symbol}` : `${n} pool-token units`;
  const u64 = (at: number) => data.readBigUInt64LE(at);
  const tag = data[0]!;

  /** Pool tokens minted to `destination`: the user's only when its owner field is the user. */
  const mintedTo = (destination: string, referral: string, what: string) => {
    const credited = mint ? (ctx.creditedByMint?.get(mint) ?? 0n) : 0n;
    let result: string;
    if (ctx.userTokenAccounts.has(destination)) {
      // ≈: the simulation ran on the chain as it is now; the pool's rate may move before it lands.
      result =
        credited > 0n
          ? ` → you receive ≈ ${tokens(credited)}`
          : ` → pool tokens to your account ${shortAddress(destination)}`;
    } else {
      s.warn(
        'third_party_recipient',
        `The pool tokens from this ${what} go to token account ${shortAddress(destination)}, which is not yours: you would pay and ${destination} would receive.`,
      );
      result = ` → pool tokens go to ${shortAddress(destination)} (not your account)`;
    }
    if (referral !== destination && !ctx.userTokenAccounts.has(referral)) {
      s.warn(
        'third_party_recipient',
        `A share of this ${what}'s fee goes to the referrer ${shortAddress(referral)}.`,
      );
    }
    return result;
  };
  const solTo = (recipient: string) => {
    if (recipient === user) return ' → SOL to your account';
    s.warn('third_party_recipient', `The SOL from this unstake goes to ${recipient}, not to you.`);
    return ` → SOL goes to ${shortAddress(recipient)} (not your account)`;
  };
  const stakeTo = (authority: string) => {
    if (authority === user) return ' → a stake account withdrawable by you';
    s.warn(
      'third_party_recipient',
      `The stake account from this unstake would be controlled by ${authority}, not by you.`,
    );
    return ` → a stake account controlled by ${shortAddress(authority)} (not you)`;
  };
  // Every digit of a minimum: one rounded to 4 places can read as 0.
  const bound = (what: string, n: bigint) =>
    ` (at least ${what === 'sol' ? sol(n) : pool ? `${formatUnits(n, pool.decimals)} ${pool.symbol}` : tokens(n)} or it fails)`;
  // The program checks this minimum before it cuts a withdrawal that empties a validator's stake
  // account to what the account holds (solana-program/stake-pool #882): not a guarantee.
  const stakeBound = (n: bigint) =>
    ` (asks for at least ${sol(n)}, which the program does not enforce when the withdrawal empties a validator’s stake account)`;
  const handover = (next: string, what: string) => {
    if (a(1) === user && next !== user)
      s.warn('authority_change', `Hands the ${what} of ${name} to ${shortAddress(next)}.`);
    return `Set the ${what} of ${name} to ${who(next, user)}`;
  };

  switch (tag) {
    case 14:
    case 25: {
      // DepositSol: pool, withdraw auth, reserve, from, destination, manager fee, referral, mint, …
      const lamports = u64(1);
      if (a(3) === user) s.spendsSol(lamports);
      return s.say(
        P,
        `Stake ${sol(lamports)} into ${name}${mintedTo(a(4), a(6), 'deposit')}${tag === 25 ? bound('tokens', u64(9)) : ''}`,
      );
    }
    case 9:
    case 23: // DepositStake: pool, list, deposit auth, withdraw auth, stake, validator stake, reserve, destination, fee, referral, …
      return s.say(
        P,
        `Deposit stake account ${shortAddress(a(4))} into ${name}${mintedTo(a(7), a(9), 'deposit')}${tag === 23 ? bound('tokens', u64(1)) : ''}`,
      );
    case 16:
    case 26: {
      // WithdrawSol: pool, withdraw auth, transfer auth, source, reserve, lamports to, …
      const amount = u64(1);
      return s.say(
        P,
        `Unstake ${tokens(amount)} from ${name} now, burned from ${shortAddress(a(3))}${solTo(a(5))}${tag === 26 ? bound('sol', u64(9)) : ''}`,
      );
    }
    case 10:
    case 24: {
      // WithdrawStake: pool, list, withdraw auth, split from, split to, new authority, transfer auth, source, …
      const amount = u64(1);
      return s.say(
        P,
        `Unstake ${tokens(amount)} from ${name} into stake account ${shortAddress(a(4))}${stakeTo(a(5))}${tag === 24 ? stakeBound(u64(9)) : ''}`,
      );
    }
    case 6:
    case 7:
    case 8:
      return s.say(P, `${NAMES[tag]} of ${name} for this epoch (anyone may do this)`);
    case 11:
      return s.say(P, handover(a(2), 'manager'));
    case 13:
      return s.say(P, handover(a(2), 'staker'));
    case 15:
      return s.say(
        P,
        `${NAMES[tag]} of ${name}${s.ix.accounts[2] ? ` to ${who(a(2), user)}` : ' (removed)'}`,
      );
    default:
      if (tag < NAMES.length)
        return s.say(P, `${NAMES[tag]} (${name}; a pool manager’s or staker’s instruction)`);
      return s.undecoded(P, `Stake-pool instruction ${tag}`);
  }
}
