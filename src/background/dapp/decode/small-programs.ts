// The Associated Token Account, Compute Budget and Memo programs: every instruction each has.
import { formatUnits, shortAddress } from '../../../shared/format';
import { who, type Sink } from './context';

export function decodeAssociatedToken(s: Sink): void {
  const a = s.account;
  const user = s.ctx.user;
  const tag = s.data.length === 0 ? 0 : s.data[0]!;
  if (tag === 0 || tag === 1) {
    return s.say(
      'Associated Token',
      `Open ${tag === 1 ? '(if missing) ' : ''}the token account ${shortAddress(a(1))} of ${who(a(2), user)} for mint ${shortAddress(a(3))}`,
    );
  }
  if (tag === 2) {
    // RecoverNested: nested, nested mint, destination, owner ATA, owner mint, wallet
    return s.say(
      'Associated Token',
      `Recover tokens of mint ${shortAddress(a(1))} from nested account ${shortAddress(a(0))} into ${shortAddress(a(2))} of ${who(a(5), user)}`,
    );
  }
  return s.undecoded('Associated Token', `Associated-token instruction ${tag}`);
}

export function decodeComputeBudget(s: Sink): void {
  const { data } = s;
  const P = 'Compute Budget';
  switch (data[0]) {
    case 0:
      return s.say(
        P,
        `Request ${data.readUInt32LE(1).toLocaleString('en-US')} compute units (deprecated form)`,
      );
    case 1:
      return s.say(P, `Request a ${data.readUInt32LE(1).toLocaleString('en-US')}-byte heap`);
    case 2:
      return s.say(P, `Compute limit ${data.readUInt32LE(1).toLocaleString('en-US')} units`);
    case 3:
      return s.say(
        P,
        `Priority fee ${formatUnits(data.readBigUInt64LE(1), 0)} micro-lamports per compute unit`,
      );
    case 4:
      return s.say(P, `Limit loaded account data to ${data.readUInt32LE(1).toLocaleString('en-US')} bytes`);
    case undefined: // empty data
    default:
      return s.undecoded(P, `Compute-budget instruction ${data[0] ?? '(empty)'}`);
  }
}

export function decodeMemo(s: Sink): void {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(s.data);
  return s.say('Memo', `Memo: “${text.slice(0, 200)}${text.length > 200 ? '…' : ''}”`);
}
