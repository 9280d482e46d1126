// Token-2022's extension instructions: a tag for the extension family, then the family's own
// sub-instruction byte (numbered as each family's instruction enum in the Token-2022 program).
// Every sub-instruction is named; one that moves or re-routes the user's tokens, or drops a
// protection of the user's account, is warned about; an operation no family names is an
// undecoded instruction of a known program. Confidential amounts are encrypted: a confidential
// balance leaving the user's account is told as a change Tidepool cannot read, never as none.
import { formatUnits, shortAddress } from '../../../shared/format';
import { who, type Sink } from './context';
import { tokenHolders } from './token-holders';

type Holders = ReturnType<typeof tokenHolders>;
/** One sub-instruction: a line with `{i}` standing for the instruction's i-th account, or a decoder. */
type Operation = string | ((s: Sink, h: Holders) => void);

const P = 'Token-2022';
const A = (s: Sink, i: number) => shortAddress(s.account(i));
const fill = (s: Sink, line: string) => line.replace(/\{(\d)\}/g, (_, i: string) => A(s, Number(i)));
const units = (s: Sink, at = 2) => s.data.readBigUInt64LE(at);

/** Tokens of the user's account `source` go to `destination` (not the user's): a warning naming who gets them. */
function sendsTokens(s: Sink, h: Holders, source: string, destination: string, what: string): void {
  if (h.isUsers(source) && !h.isUsers(destination))
    s.warn(
      'third_party_recipient',
      `Sends ${what} from your token account ${shortAddress(source)} to ${h.holder(destination)}.`,
    );
}

/** A confidential balance of the user's leaves account `source`: warned, and shown among the changes. */
function confidentialOut(s: Sink, h: Holders, source: string, destination: string | null): void {
  if (!h.isUsers(source)) return;
  const mint = h.mintOf(source);
  s.hidesChange(
    `Confidential balance of ${mint ? `token ${shortAddress(mint)}` : `token account ${shortAddress(source)}`}: an encrypted amount Tidepool cannot read leaves your account`,
  );
  s.warn(
    'confidential_transfer',
    `${destination ? `Sends an encrypted amount from the confidential balance of your token account ${shortAddress(source)} to ${h.holder(destination)}` : `Burns an encrypted amount from the confidential balance of your token account ${shortAddress(source)}`}: Tidepool cannot read how much, and the result below cannot show it.`,
  );
}

/** A protection of the user's token account `account` is turned off. */
function dropsProtection(s: Sink, h: Holders, what: string): void {
  if (h.isUsers(s.account(0)) || s.account(1) === s.ctx.user)
    s.warn('protection_removed', `Turns off ${what} of your token account ${A(s, 0)}.`);
}

const transferFee: Operation[] = [
  'Set up a transfer fee on mint {0}',
  // TransferCheckedWithFee { amount u64, decimals u8, fee u64 }: source, mint, destination, authority
  (s, h) => {
    const decimals = s.data[10]!;
    const amount = `${formatUnits(units(s), decimals)} of token ${A(s, 1)}`;
    const fee = formatUnits(units(s, 11), decimals);
    if (h.isUsers(s.account(0)) && !h.isUsers(s.account(2))) s.spendsTokens(s.account(1), units(s));
    sendsTokens(s, h, s.account(0), s.account(2), `${amount} (${fee} of it withheld as the token's fee)`);
    s.say(
      P,
      `Transfer ${amount} from ${h.holder(s.account(0))} (authority ${who(s.account(3), s.ctx.user)}) to ${h.holder(s.account(2))}, a fee of ${fee} withheld`,
    );
  },
  (s, h) => withdrawWithheld(s, h, 'transfer fees withheld in mint {0}'),
  (s, h) => withdrawWithheld(s, h, 'transfer fees withheld in token accounts of mint {0}'),
  'Collect the transfer fees withheld in token accounts into mint {0}',
  (s) =>
    s.say(
      P,
      `Set the transfer fee of mint ${A(s, 0)} to ${formatUnits(BigInt(s.data.readUInt16LE(2)), 2)}% (at most ${units(s, 4)} token units)`,
    ),
];

/** WithdrawWithheldTokens…: mint, destination, withdraw authority. */
function withdrawWithheld(s: Sink, h: Holders, what: string): void {
  if (s.account(2) === s.ctx.user && !h.isUsers(s.account(1)))
    s.warn('third_party_recipient', `Sends the ${fill(s, what)} to ${h.holder(s.account(1))}, not to you.`);
  s.say(P, `Withdraw the ${fill(s, what)} to ${h.holder(s.account(1))}`);
}

const confidentialTransfer: Operation[] = [
  'Set up confidential transfers on mint {0}',
  'Update the confidential-transfer settings of mint {0}',
  'Set up confidential transfers in token account {0}',
  'Approve token account {0} for confidential transfers',
  'Empty the confidential balance of token account {0} (it must hold none)',
  // Deposit { amount u64, decimals u8 }: account, mint, authority
  (s, h) => {
    const amount = `${formatUnits(units(s), s.data[10]!)} of token ${A(s, 1)}`;
    if (h.isUsers(s.account(0)))
      s.warn(
        'confidential_transfer',
        `Moves ${amount} of your token account ${A(s, 0)} into its confidential balance: Tidepool cannot read confidential balances, so from then on it cannot show them.`,
      );
    s.say(P, `Move ${amount} of token account ${A(s, 0)} into its confidential balance`);
  },
  // Withdraw { amount u64, decimals u8, … }: account, mint, …
  (s, h) => {
    const amount = `${formatUnits(units(s), s.data[10]!)} of token ${A(s, 1)}`;
    if (h.isUsers(s.account(0)))
      s.warn(
        'confidential_transfer',
        `Moves ${amount} out of the confidential balance of your token account ${A(s, 0)}, which Tidepool cannot read, into its visible balance.`,
      );
    s.say(P, `Move ${amount} out of the confidential balance of token account ${A(s, 0)}`);
  },
  (s, h) => confidentialTransferLine(s, h, ''),
  'Apply the pending confidential balance of token account {0}',
  'Allow confidential transfers into token account {0}',
  'Refuse confidential transfers into token account {0}',
  'Allow non-confidential transfers into token account {0}',
  'Refuse non-confidential transfers into token account {0}',
  (s, h) => confidentialTransferLine(s, h, ' (a fee withheld)'),
  'Set up confidential transfers in token account {0} with a registered key',
];

/** Transfer / TransferWithFee: source, mint, destination, … (the amount is encrypted). */
function confidentialTransferLine(s: Sink, h: Holders, fee: string): void {
  confidentialOut(s, h, s.account(0), s.account(2));
  s.say(
    P,
    `Send an encrypted amount of token ${A(s, 1)} from the confidential balance of ${h.holder(s.account(0))} to ${h.holder(s.account(2))}${fee}`,
  );
}

const ACCOUNT_STATES = ['uninitialized', 'usable', 'frozen'];
const defaultState = (s: Sink, verb: string) =>
  s.say(
    P,
    `${verb} the state of new token accounts of mint ${A(s, 0)}: ${ACCOUNT_STATES[s.data[2]!] ?? `state ${s.data[2]}`}`,
  );

const memoTransfer: Operation[] = [
  'Require a memo on transfers into token account {0}',
  (s, h) => {
    dropsProtection(s, h, 'the memo required on incoming transfers');
    s.say(P, `Stop requiring a memo on transfers into token account ${A(s, 0)}`);
  },
];

const cpiGuard: Operation[] = [
  'Turn on the CPI guard of token account {0}',
  (s, h) => {
    dropsProtection(
      s,
      h,
      'the CPI guard (it stops programs you call from moving, approving or closing with your signature)',
    );
    s.say(P, `Turn off the CPI guard of token account ${A(s, 0)}`);
  },
];

const pointer = (what: string): Operation[] => [
  `Set up the ${what} of mint {0}`,
  `Change the ${what} of mint {0}`,
];

const confidentialTransferFee: Operation[] = [
  'Set up confidential transfer fees on mint {0}',
  'Withdraw the confidential transfer fees withheld in mint {0} to {1}',
  'Withdraw the confidential transfer fees withheld in token accounts of mint {0} to {1}',
  'Collect the confidential transfer fees withheld in token accounts into mint {0}',
  'Let withheld confidential fees be collected into mint {0}',
  'Stop withheld confidential fees being collected into mint {0}',
];

const confidentialMintBurn: Operation[] = [
  'Set up confidential minting and burning on mint {0}',
  'Change the key of the confidential supply of mint {0}',
  'Update the confidential supply of mint {0}',
  'Mint an encrypted amount of token {1} to the confidential balance of {0}',
  (s, h) => {
    confidentialOut(s, h, s.account(0), null);
    s.say(
      P,
      `Burn an encrypted amount of token ${A(s, 1)} from the confidential balance of ${h.holder(s.account(0))}`,
    );
  },
  'Apply the pending confidential burns of mint {0}',
];

/** Burn / BurnChecked { amount u64 (, decimals u8) }: source, mint, burn authority, owner. */
const permissionedBurn = (checked: boolean) => (s: Sink, h: Holders) => {
  if (h.isUsers(s.account(0))) s.spendsTokens(s.account(1), units(s));
  const amount = checked
    ? `${formatUnits(units(s), s.data[10]!)} of token ${A(s, 1)}`
    : h.amount(units(s), s.account(1));
  s.say(P, `Burn ${amount} from ${h.holder(s.account(0))}, with the permission of ${A(s, 2)}`);
};

/** Each extension family's tag, its name and its sub-instructions. */
const FAMILIES: Record<number, { name: string; operations: Operation[] }> = {
  26: { name: 'Transfer-fee extension', operations: transferFee },
  27: { name: 'Confidential-transfer extension', operations: confidentialTransfer },
  28: {
    name: 'Default-account-state extension',
    operations: [(s) => defaultState(s, 'Set'), (s) => defaultState(s, 'Change')],
  },
  30: { name: 'Memo-transfer extension', operations: memoTransfer },
  33: {
    name: 'Interest-bearing mint extension',
    operations: ['Set up interest on mint {0}', 'Change the interest rate of mint {0}'],
  },
  34: { name: 'CPI-guard extension', operations: cpiGuard },
  36: { name: 'Transfer-hook extension', operations: pointer('transfer-hook program') },
  37: { name: 'Confidential-transfer-fee extension', operations: confidentialTransferFee },
  39: { name: 'Metadata-pointer extension', operations: pointer('metadata pointer') },
  40: { name: 'Group-pointer extension', operations: pointer('group pointer') },
  41: { name: 'Group-member-pointer extension', operations: pointer('group-member pointer') },
  42: { name: 'Confidential mint/burn extension', operations: confidentialMintBurn },
  43: {
    name: 'Scaled-UI-amount extension',
    operations: ['Set up a display multiplier on mint {0}', 'Change the display multiplier of mint {0}'],
  },
  44: {
    name: 'Pausable extension',
    operations: ['Make mint {0} pausable', 'Pause mint {0}', 'Resume mint {0}'],
  },
  46: {
    name: 'Permissioned-burn extension',
    operations: [
      'Require a burn authority’s permission to burn tokens of mint {0}',
      permissionedBurn(false),
      permissionedBurn(true),
      (s, h) => {
        confidentialOut(s, h, s.account(0), null);
        s.say(
          P,
          `Burn an encrypted amount of token ${A(s, 1)} from the confidential balance of ${h.holder(s.account(0))}`,
        );
      },
    ],
  },
};

/**
 * Token-2022's instructions past the base ones that Tidepool reads: the extension families, and
 * UnwrapLamports. False when `tag` is none of them; an unnamed operation of a family is undecoded.
 */
export function decodeTokenExtension(s: Sink, tag: number): boolean {
  const h = tokenHolders(s);
  if (tag === 45) {
    unwrapLamports(s, h);
    return true;
  }
  const family = FAMILIES[tag];
  if (!family) return false;
  const sub = s.data[1];
  const operation = sub === undefined ? undefined : family.operations[sub];
  if (operation === undefined) s.undecoded(P, `${family.name}: operation ${sub ?? '(none)'}`);
  else if (typeof operation === 'string') s.say(P, `${family.name}: ${fill(s, operation)}`);
  else operation(s, h);
  return true;
}

/** UnwrapLamports { COption<u64> }: source, destination, authority. */
function unwrapLamports(s: Sink, h: Holders): void {
  const some = s.data[1] === 1;
  const what = some ? `${formatUnits(units(s), 9)} SOL` : 'all the SOL';
  if (h.isUsers(s.account(0)) && s.account(1) !== s.ctx.user)
    s.warn(
      'third_party_recipient',
      `Sends ${what} of your wrapped-SOL account ${A(s, 0)} to ${A(s, 1)}, not to you.`,
    );
  s.say(P, `Unwrap ${what} of ${h.holder(s.account(0))} to ${who(s.account(1), s.ctx.user)}`);
}
