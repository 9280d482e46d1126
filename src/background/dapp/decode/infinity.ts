// Sanctum Infinity's controller (5ocnV1…), every instruction: the June 2025 build's (tags 0..22, as
// igneous-labs/S's s_controller IDL lists them) and the tags the v2 build adds (23..27, inf-1.5
// controller/core). A swap, AddLiquidity or RemoveLiquidity is checked against the user: what it pays
// out must land in a token account whose owner is the user; anything else names the account and
// warns. The bound shown is the one the program checks: min_out, or max_in for an exact-out swap.
// Data layouts are the encoders' (staking/infinity-instructions.ts): [tag][calculator account
// counts][LST indexes u32][…u64 amounts].
import { shortAddress } from '../../../shared/format';
import { who, type RawInstruction, type Sink } from './context';
import { lstTokens } from './lst-tokens';

const P = 'Infinity';
/** Infinity's pool token, which AddLiquidity mints and RemoveLiquidity burns (the program checks the mint against its PoolState). */
const INF = 'INF';

/** Instructions of Infinity's admin and authorities, by tag: named, never a user's own action. */
const AUTHORITIES: Record<number, string> = {
  5: 'Disable an LST’s input',
  6: 'Enable an LST’s input',
  7: 'Add an LST to the pool',
  8: 'Remove an LST from the pool',
  9: 'Set an LST’s SOL value calculator',
  11: 'Set the protocol fees',
  13: 'Set the pricing program',
  15: 'Add a pool-disabling authority',
  16: 'Remove a pool-disabling authority',
  17: 'Disable the pool',
  18: 'Enable the pool',
  19: 'Start a rebalance',
  20: 'End a rebalance',
  22: 'Initialize the pool',
  26: 'Set the rate at which yield is released',
};

/** Hand-overs: [account of the current authority, account of the new one, what is handed over]. */
const HANDOVERS: Record<number, [number, number, string]> = {
  10: [0, 1, 'admin authority'],
  12: [0, 1, 'protocol-fee beneficiary'],
  21: [0, 1, 'rebalancing authority'],
  27: [1, 2, 'yield-release authority'],
};

/** Where the mints are whose amounts a line writes, by tag: swaps' input and output, the LST and INF. */
const MINTS_AT: Record<number, number[]> = {
  1: [1, 2],
  2: [1, 2],
  23: [1, 2],
  24: [1, 2],
  3: [1, 4],
  4: [1, 4],
  14: [6],
};

export const infinityMints = ({ data, accounts }: RawInstruction): string[] =>
  (MINTS_AT[data[0] ?? -1] ?? []).flatMap((n) => accounts[n] ?? []);

export function decodeInfinity(s: Sink): void {
  const { data } = s;
  const a = s.account;
  const t = lstTokens(s);
  const tag = data[0];
  if (tag === undefined) return s.undecoded(P, 'An Infinity instruction without data');
  const u64 = (at: number) => data.readBigUInt64LE(at);

  switch (tag) {
    case 0:
      return s.say(
        P,
        `Update Infinity’s SOL value of ${t.name(a(0))} (LST #${data.readUInt32LE(1)}; anyone may do this)`,
      );
    case 1:
    case 23: {
      // [tag][in calc count][out calc count][in index u32][out index u32][min_out u64][amount u64];
      // accounts: signer, input mint, output mint, input account, output account, …
      const [limit, amount] = [u64(11), u64(19)];
      return s.say(
        P,
        `Swap ${t.amount(amount, a(1))} for ${t.name(a(2))} through Infinity${t.paidTo(a(4), a(2), 'swap')}${t.atLeast(limit, a(2))}`,
      );
    }
    case 2:
    case 24: {
      // The same layout; the limit is the most of the input the program may take.
      const [limit, amount] = [u64(11), u64(19)];
      return s.say(
        P,
        `Swap for exactly ${t.amount(amount, a(2))} through Infinity, paying with ${t.name(a(1))}${t.paidTo(a(4), a(2), 'swap')} (at most ${t.amount(limit, a(1))} taken or it fails)`,
      );
    }
    case 3: {
      // [tag][calc count][LST index u32][amount u64][min_out u64]; accounts: signer, LST mint,
      // LST account (pays), INF account (receives), INF mint, …
      const [amount, minOut] = [u64(6), u64(14)];
      return s.say(
        P,
        `Stake ${t.amount(amount, a(1))} into Infinity${t.paidTo(a(3), a(4), 'stake', INF)}${t.atLeast(minOut, a(4), INF)}`,
      );
    }
    case 4: {
      // The same layout, INF in and the LST out: LST account (receives), INF account (pays).
      const [amount, minOut] = [u64(6), u64(14)];
      return s.say(
        P,
        `Unstake ${t.amount(amount, a(4), INF)} from Infinity for ${t.name(a(1))}${t.paidTo(a(2), a(1), 'unstake')}${t.atLeast(minOut, a(1))}`,
      );
    }
    case 14: {
      // WithdrawProtocolFees: beneficiary, withdraw to, accumulator, …, LST mint; amount u64.
      const to = a(1);
      if (a(0) === s.ctx.user && !t.isUsers(to))
        s.warn(
          'third_party_recipient',
          `The protocol fees you withdraw from Infinity go to token account ${to}, which is not yours.`,
        );
      return s.say(
        P,
        `Withdraw ${t.amount(u64(1), a(6))} of protocol fees to ${shortAddress(to)} (the fee beneficiary’s instruction)`,
      );
    }
    case 25:
      // v2: pool state, beneficiary, withdraw to (INF), INF mint, token program.
      return s.say(
        P,
        `Withdraw the protocol fees in ${INF} to ${shortAddress(a(2))} (the fee beneficiary’s instruction)`,
      );
  }
  const handover = HANDOVERS[tag];
  if (handover) {
    const [current, next, what] = handover;
    if (a(current) === s.ctx.user && a(next) !== s.ctx.user)
      s.warn('authority_change', `Hands Infinity’s ${what} to ${shortAddress(a(next))}.`);
    return s.say(P, `Set Infinity’s ${what} to ${who(a(next), s.ctx.user)}`);
  }
  const authority = AUTHORITIES[tag];
  if (authority) return s.say(P, `${authority} (an instruction of Infinity’s admin or authorities)`);
  return s.undecoded(P, `Infinity instruction ${tag}`);
}
