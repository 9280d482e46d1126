// The Stake program, every instruction (tags 0..17). Any authority, lockup or custodian change
// and any withdrawal to someone other than the user is a warning: those are how a stake account
// is taken without moving a lamport in the visible balance.
import { shortAddress, solText as sol } from '../../../shared/format';
import { bincodeString, pubkeyAt, who, type Sink } from './context';

const P = 'Stake';
const role = (n: number) => (n === 1 ? 'withdraw' : 'stake');

/** bincode Option<T>: a 0/1 byte, then the value when present. */
function option<T>(data: Buffer, at: number, size: number, read: (o: number) => T): [T | null, number] {
  return data[at] === 1 ? [read(at + 1), at + 1 + size] : [null, at + 1];
}

export function decodeStake(s: Sink): void {
  const { data, ctx } = s;
  const user = ctx.user;
  const a = s.account;
  const tag = data.readUInt32LE(0);
  const authorityTo = (next: string, which: number) => {
    if (next !== user)
      s.warn(
        'authority_change',
        `Hands the ${role(which)} authority of stake account ${shortAddress(a(0))} to ${shortAddress(next)}: they could then ${which === 1 ? 'withdraw its SOL' : 'move its stake'}.`,
      );
    return `Change the ${role(which)} authority of stake account ${shortAddress(a(0))} to ${who(next, user)}`;
  };
  const lockup = (what: string) => {
    s.warn(
      'lockup_change',
      `Changes the lockup of stake account ${shortAddress(a(0))} (${what}): a custodian or lockup can keep you from withdrawing.`,
    );
    return `Set the lockup of stake account ${shortAddress(a(0))}: ${what}`;
  };
  switch (tag) {
    case 0: {
      // Initialize { Authorized { staker, withdrawer }, Lockup { unix, epoch, custodian } }
      const staker = pubkeyAt(data, 4);
      const withdrawer = pubkeyAt(data, 36);
      const unix = data.readBigInt64LE(68);
      const epoch = data.readBigUInt64LE(76);
      const custodian = pubkeyAt(data, 84);
      if (staker !== user || withdrawer !== user)
        s.warn(
          'authority_change',
          `Creates stake account ${shortAddress(a(0))} controlled by ${shortAddress(withdrawer !== user ? withdrawer : staker)}, not by you.`,
        );
      if (unix !== 0n || epoch !== 0n)
        s.warn(
          'lockup_change',
          `Locks stake account ${shortAddress(a(0))} until ${unix !== 0n ? `time ${unix}` : `epoch ${epoch}`} (custodian ${shortAddress(custodian)}).`,
        );
      return s.say(
        P,
        `Initialize stake account ${shortAddress(a(0))}: staker ${who(staker, user)}, withdrawer ${who(withdrawer, user)}`,
      );
    }
    case 1:
      return s.say(P, authorityTo(pubkeyAt(data, 4), data.readUInt32LE(36)));
    case 2:
      return s.say(P, `Delegate stake account ${shortAddress(a(0))} to validator ${shortAddress(a(1))}`);
    case 3:
      return s.say(
        P,
        `Split ${sol(data.readBigUInt64LE(4))} off stake account ${shortAddress(a(0))} into ${shortAddress(a(1))}`,
      );
    case 4: {
      // Withdraw(lamports): stake, recipient, clock, stake history, withdraw authority
      const lamports = data.readBigUInt64LE(4);
      if (a(1) !== user)
        s.warn(
          'third_party_recipient',
          `Withdraws ${sol(lamports)} from stake account ${shortAddress(a(0))} to ${shortAddress(a(1))}, not to you.`,
        );
      return s.say(
        P,
        `Withdraw ${sol(lamports)} from stake account ${shortAddress(a(0))} to ${who(a(1), user)}`,
      );
    }
    case 5:
      return s.say(P, `Deactivate stake account ${shortAddress(a(0))} (SOL withdrawable next epoch)`);
    case 6: {
      // SetLockup(LockupArgs { Option<i64>, Option<u64>, Option<Pubkey> })
      const [unix, at1] = option(data, 4, 8, (o) => data.readBigInt64LE(o));
      const [epoch, at2] = option(data, at1, 8, (o) => data.readBigUInt64LE(o));
      const [custodian] = option(data, at2, 32, (o) => pubkeyAt(data, o));
      return s.say(P, lockup(lockupWords(unix, epoch, custodian, user)));
    }
    case 7:
      return s.say(P, `Merge stake account ${shortAddress(a(1))} into ${shortAddress(a(0))}`);
    case 8: {
      // AuthorizeWithSeed { new, which, seed, owner }: stake, base, clock
      const next = pubkeyAt(data, 4);
      const [seed] = bincodeString(data, 40);
      return s.say(
        P,
        `${authorityTo(next, data.readUInt32LE(36))} (authority derived from ${shortAddress(a(1))}, seed “${seed}”)`,
      );
    }
    case 9: // InitializeChecked: stake, rent, staker, withdrawer
      if (a(2) !== user || a(3) !== user)
        s.warn(
          'authority_change',
          `Creates stake account ${shortAddress(a(0))} controlled by ${shortAddress(a(3) !== user ? a(3) : a(2))}, not by you.`,
        );
      return s.say(
        P,
        `Initialize stake account ${shortAddress(a(0))}: staker ${who(a(2), user)}, withdrawer ${who(a(3), user)}`,
      );
    case 10: // AuthorizeChecked(which): stake, clock, old authority, new authority
      return s.say(P, authorityTo(a(3), data.readUInt32LE(4)));
    case 11: {
      // AuthorizeCheckedWithSeed { which, seed, owner }: stake, base, clock, new authority
      const [seed] = bincodeString(data, 8);
      return s.say(
        P,
        `${authorityTo(a(3), data.readUInt32LE(4))} (authority derived from ${shortAddress(a(1))}, seed “${seed}”)`,
      );
    }
    case 12: {
      // SetLockupChecked { Option<i64>, Option<u64> }: stake, authority, [new custodian]
      const [unix, at1] = option(data, 4, 8, (o) => data.readBigInt64LE(o));
      const [epoch] = option(data, at1, 8, (o) => data.readBigUInt64LE(o));
      return s.say(P, lockup(lockupWords(unix, epoch, s.ix.accounts[2] ?? null, user)));
    }
    case 13:
      return s.say(P, 'Read the minimum stake delegation');
    case 14:
      return s.say(P, `Deactivate stake account ${shortAddress(a(0))}, delegated to a delinquent validator`);
    case 15:
      return s.say(
        P,
        `Redelegate stake account ${shortAddress(a(0))} to validator ${shortAddress(a(2))} through ${shortAddress(a(1))}`,
      );
    case 16:
    case 17: {
      const lamports = data.readBigUInt64LE(4);
      return s.say(
        P,
        `Move ${sol(lamports)} of ${tag === 16 ? 'active stake' : 'free SOL'} from stake account ${shortAddress(a(0))} to ${shortAddress(a(1))}`,
      );
    }
    default:
      return s.undecoded(P, `Stake instruction ${tag}`);
  }
}

function lockupWords(
  unix: bigint | null,
  epoch: bigint | null,
  custodian: string | null,
  user: string,
): string {
  const parts = [
    unix !== null ? `until time ${unix}` : null,
    epoch !== null ? `until epoch ${epoch}` : null,
    custodian !== null ? `custodian ${who(custodian, user)}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no change';
}
