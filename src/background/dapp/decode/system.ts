// The System program, every instruction (tags 0..12). Warns when the user's own account is
// allocated or handed to another program, and when SOL or a nonce authority goes to someone else.
import { shortAddress, solText as sol } from '../../../shared/format';
import { bincodeString, pubkeyAt, who, type Sink } from './context';

const P = 'System';

/** The System program's instruction tags (a u32), numbered as the program's SystemInstruction enum. */
const Tag = {
  CreateAccount: 0,
  Assign: 1,
  Transfer: 2,
  CreateAccountWithSeed: 3,
  AdvanceNonceAccount: 4,
  WithdrawNonceAccount: 5,
  InitializeNonceAccount: 6,
  AuthorizeNonceAccount: 7,
  Allocate: 8,
  AllocateWithSeed: 9,
  AssignWithSeed: 10,
  TransferWithSeed: 11,
  UpgradeNonceAccount: 12,
} as const;

export function decodeSystem(s: Sink, index: number): void {
  const { data, ctx } = s;
  const user = ctx.user;
  const tag = data.readUInt32LE(0);
  const a = s.account;
  switch (tag) {
    case Tag.CreateAccount: {
      // { lamports, space, owner }
      const lamports = data.readBigUInt64LE(4);
      if (a(0) === user) s.spendsSol(lamports, a(1));
      return s.say(
        P,
        `Create account ${shortAddress(a(1))} funded with ${sol(lamports)} by ${who(a(0), user)}, owned by program ${shortAddress(pubkeyAt(data, 20))}`,
      );
    }
    case Tag.Assign: {
      // { owner }
      const owner = pubkeyAt(data, 4);
      if (a(0) === user)
        s.warn(
          'account_reassigned',
          `Hands ownership of your account to program ${shortAddress(owner)}: it could then take all your SOL.`,
        );
      return s.say(P, `Assign ${who(a(0), user)} to program ${shortAddress(owner)}`);
    }
    case Tag.Transfer: {
      // { lamports }
      const lamports = data.readBigUInt64LE(4);
      if (a(0) === user) s.spendsSol(lamports, a(1));
      return s.say(P, `Send ${sol(lamports)} from ${who(a(0), user)} to ${who(a(1), user)}`);
    }
    case Tag.CreateAccountWithSeed: {
      // { base, seed, lamports, space, owner }
      const [seed, at] = bincodeString(data, 36);
      const lamports = data.readBigUInt64LE(at);
      if (a(0) === user) s.spendsSol(lamports, a(1));
      return s.say(
        P,
        `Create account ${shortAddress(a(1))} (seed “${seed}”) funded with ${sol(lamports)}, owned by program ${shortAddress(pubkeyAt(data, at + 16))}`,
      );
    }
    case Tag.AdvanceNonceAccount:
      if (index === 0)
        s.warn(
          'durable_nonce',
          'Uses a durable nonce: this transaction never expires and can be submitted at any later time.',
        );
      return s.say(P, `Advance durable nonce ${shortAddress(a(0))}`);
    case Tag.WithdrawNonceAccount: {
      // (lamports): nonce, to, recent blockhashes, rent, authority
      const lamports = data.readBigUInt64LE(4);
      if (a(4) === user && a(1) !== user)
        s.warn(
          'third_party_recipient',
          `Withdraws ${sol(lamports)} from your nonce account to ${shortAddress(a(1))}, not to you.`,
        );
      return s.say(
        P,
        `Withdraw ${sol(lamports)} from nonce account ${shortAddress(a(0))} to ${who(a(1), user)}`,
      );
    }
    case Tag.InitializeNonceAccount:
      return s.say(
        P,
        `Initialize nonce account ${shortAddress(a(0))} with authority ${who(pubkeyAt(data, 4), user)}`,
      );
    case Tag.AuthorizeNonceAccount: {
      // (new authority): nonce, authority
      const next = pubkeyAt(data, 4);
      if (next !== user)
        s.warn(
          'authority_change',
          `Hands the authority of nonce account ${shortAddress(a(0))} to ${shortAddress(next)}.`,
        );
      return s.say(P, `Change the authority of nonce account ${shortAddress(a(0))} to ${who(next, user)}`);
    }
    case Tag.Allocate: {
      // { space }
      const space = data.readBigUInt64LE(4);
      if (a(0) === user)
        s.warn(
          'account_reassigned',
          `Allocates ${space} bytes of data in your own wallet account: it could no longer pay fees or send SOL normally.`,
        );
      return s.say(P, `Allocate ${space} bytes for ${who(a(0), user)}`);
    }
    case Tag.AllocateWithSeed: {
      // { base, seed, space, owner }: account, base
      const [seed, at] = bincodeString(data, 36);
      const owner = pubkeyAt(data, at + 8);
      if (a(0) === user)
        s.warn(
          'account_reassigned',
          `Allocates your own account and assigns it to program ${shortAddress(owner)}.`,
        );
      return s.say(
        P,
        `Allocate ${data.readBigUInt64LE(at)} bytes for ${who(a(0), user)} (seed “${seed}”), owned by program ${shortAddress(owner)}`,
      );
    }
    case Tag.AssignWithSeed: {
      // { base, seed, owner }
      const [seed, at] = bincodeString(data, 36);
      const owner = pubkeyAt(data, at);
      if (a(0) === user)
        s.warn(
          'account_reassigned',
          `Hands ownership of your account to program ${shortAddress(owner)}: it could then take all your SOL.`,
        );
      return s.say(P, `Assign ${who(a(0), user)} (seed “${seed}”) to program ${shortAddress(owner)}`);
    }
    case Tag.TransferWithSeed: {
      // { lamports, from_seed, from_owner }: from, base, to
      const lamports = data.readBigUInt64LE(4);
      if (a(1) === user) s.spendsSol(lamports, a(2));
      return s.say(
        P,
        `Send ${sol(lamports)} from ${shortAddress(a(0))} (derived from ${who(a(1), user)}) to ${who(a(2), user)}`,
      );
    }
    case Tag.UpgradeNonceAccount:
      return s.say(P, `Upgrade nonce account ${shortAddress(a(0))}`);
    default:
      return s.undecoded(P, `System instruction ${tag}`);
  }
}
