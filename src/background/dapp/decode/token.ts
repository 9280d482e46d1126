// SPL Token and Token-2022, every instruction tag (0..44; Token-2022's extension instructions by
// name and sub-instruction). Amounts here are described, never promised: the balance change comes
// from the simulation. Warns on delegates, authority hand-overs and rent sent to someone else.
import { TOKEN_2022_PROGRAM_ID } from '@solana/spl-token';
import { formatUnits, shortAddress } from '../../../shared/format';
import { pubkeyAt, who, type Sink } from './context';
import { decodeTokenExtension } from './token-extensions';
import { tokenHolders } from './token-holders';

const TOKEN_2022 = TOKEN_2022_PROGRAM_ID.toBase58();
/** The SPL Token program ends at UiAmountToAmount; the tags after it are Token-2022's. */
const LAST_TOKEN_TAG = 24;

const AUTHORITY_TYPES = [
  'mint',
  'freeze',
  'account owner',
  'close',
  'transfer-fee config',
  'withheld-withdraw',
  'close-mint',
  'interest rate',
  'permanent delegate',
  'confidential-transfer mint',
  'transfer-hook program',
  'confidential-transfer fee',
  'metadata pointer',
  'metadata',
  'group pointer',
  'group-member pointer',
  'group',
  'scaled-UI-amount',
  'pause',
  'permissioned burn',
];

export function decodeToken(s: Sink): void {
  const { data, ctx } = s;
  const user = ctx.user;
  const a = s.account;
  const P = s.ix.programId === TOKEN_2022 ? 'Token-2022' : 'Token';
  const tag = data[0]!;
  if (P === 'Token' && tag > LAST_TOKEN_TAG)
    return s.undecoded(P, `Token instruction ${tag} (only Token-2022 has it)`);
  const units = () => data.readBigUInt64LE(1);
  const { holder, amount, mintOf, isUsers } = tokenHolders(s);
  /** Tokens leaving the user's account for someone else's (a burn names no destination). */
  const out = (source: string, destination: string | null, mint: string | undefined, value: bigint) => {
    if (mint !== undefined && isUsers(source) && (destination === null || !isUsers(destination)))
      s.spendsTokens(mint, value);
  };
  const checked = () => formatUnits(units(), data[9]!);
  const delegate = (to: string, amount: string) => {
    if (to !== user)
      s.warn(
        'token_delegate',
        `Lets ${shortAddress(to)} spend up to ${amount} tokens from your account ${shortAddress(a(0))} without asking you again.`,
      );
    return `Allow ${who(to, user)} to spend ${amount} tokens from ${shortAddress(a(0))}`;
  };
  switch (tag) {
    case 0:
    case 20:
      return s.say(
        P,
        `Create token mint ${shortAddress(a(0))} (${data[1]} decimals, mint authority ${who(pubkeyAt(data, 2), user)})`,
      );
    case 1:
      return s.say(
        P,
        `Open token account ${shortAddress(a(0))} for ${who(a(2), user)} (mint ${shortAddress(a(1))})`,
      );
    case 2:
    case 19:
      return s.say(P, `Create a ${data[1]}-of-n multisig ${shortAddress(a(0))}`);
    case 3:
      out(a(0), a(1), mintOf(a(0)), units());
      return s.say(
        P,
        `Transfer ${amount(units(), mintOf(a(0)))} from ${holder(a(0))} (authority ${who(a(2), user)}) to ${holder(a(1))}`,
      );
    case 4:
      return s.say(P, delegate(a(1), `${units()} units of`));
    case 5:
      return s.say(P, `Revoke the delegate of token account ${shortAddress(a(0))}`);
    case 6: {
      // SetAuthority { type u8, COption<Pubkey> }: account or mint, current authority
      const type = AUTHORITY_TYPES[data[1]!] ?? `type ${data[1]}`;
      const next = data[2] === 1 ? pubkeyAt(data, 3) : null;
      if (a(1) === user && next !== user)
        s.warn(
          'authority_change',
          `Gives the ${type} authority of ${shortAddress(a(0))} to ${next ? shortAddress(next) : 'no one (irreversible)'}.`,
        );
      return s.say(
        P,
        `Change the ${type} authority of ${shortAddress(a(0))} to ${next ? who(next, user) : 'none'}`,
      );
    }
    case 7:
      return s.say(P, `Mint ${units()} token units of ${shortAddress(a(0))} to ${shortAddress(a(1))}`);
    case 8:
      out(a(0), null, mintOf(a(0)), units());
      return s.say(P, `Burn ${units()} token units from ${shortAddress(a(0))}`);
    case 9: // CloseAccount: account, destination, owner
      if (a(2) === user && a(1) !== user)
        s.warn(
          'third_party_recipient',
          `Closes your token account ${shortAddress(a(0))} and sends its SOL to ${shortAddress(a(1))}, not to you.`,
        );
      return s.say(P, `Close token account ${shortAddress(a(0))}; its SOL goes to ${who(a(1), user)}`);
    case 10:
      return s.say(P, `Freeze token account ${shortAddress(a(0))}`);
    case 11:
      return s.say(P, `Thaw token account ${shortAddress(a(0))}`);
    case 12:
      out(a(0), a(2), a(1), units());
      return s.say(
        P,
        `Transfer ${checked()} of token ${shortAddress(a(1))} from ${holder(a(0))} (authority ${who(a(3), user)}) to ${holder(a(2))}` +
          (ctx.transferFeeMints?.has(a(1))
            ? '; this token charges a transfer fee, withheld from what arrives'
            : ''),
      );
    case 13:
      return s.say(P, delegate(a(2), checked()));
    case 14:
      return s.say(P, `Mint ${checked()} of token ${shortAddress(a(0))} to ${shortAddress(a(1))}`);
    case 15:
      out(a(0), null, a(1), units());
      return s.say(P, `Burn ${checked()} of token ${shortAddress(a(1))} from ${shortAddress(a(0))}`);
    case 16:
    case 18:
      return s.say(
        P,
        `Open token account ${shortAddress(a(0))} for ${who(pubkeyAt(data, 1), user)} (mint ${shortAddress(a(1))})`,
      );
    case 17:
      return s.say(P, `Sync the wrapped-SOL balance of ${shortAddress(a(0))}`);
    case 21:
      return s.say(P, `Compute the size of a token account for mint ${shortAddress(a(0))}`);
    case 22:
      return s.say(P, `Make the owner of token account ${shortAddress(a(0))} immutable`);
    case 23:
      return s.say(P, `Convert ${units()} units to a display amount`);
    case 24:
      return s.say(P, 'Convert a display amount to units');
    case 25:
      return s.say(P, `Set a close authority on mint ${shortAddress(a(0))}`);
    case 29:
      return s.say(
        P,
        `Reallocate token account ${shortAddress(a(0))} for more extensions, paid by ${who(a(1), user)}`,
      );
    case 31:
      return s.say(P, 'Create the native (wrapped SOL) mint');
    case 32:
      return s.say(P, `Make mint ${shortAddress(a(0))} non-transferable`);
    case 35:
      return s.say(
        P,
        `Set a permanent delegate ${shortAddress(pubkeyAt(data, 1))} on mint ${shortAddress(a(0))}`,
      );
    case 38: // WithdrawExcessLamports: source, destination, authority
      if (a(2) === user && a(1) !== user)
        s.warn(
          'third_party_recipient',
          `Sends the excess SOL of ${shortAddress(a(0))} to ${shortAddress(a(1))}, not to you.`,
        );
      return s.say(P, `Withdraw excess SOL from ${shortAddress(a(0))} to ${who(a(1), user)}`);
    default:
      if (!decodeTokenExtension(s, tag)) s.undecoded(P, `${P} instruction ${tag}`);
  }
}
