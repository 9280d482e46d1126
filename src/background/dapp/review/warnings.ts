// Warnings the simulation backs, on top of the decoders' per-instruction ones: SOL spent beyond
// what the instructions show, accounts of the user's that change hands (even through a program
// Tidepool cannot read), a priority fee out of proportion, and unresolvable lookup tables. And
// the one that doubts the simulation: instructions Tidepool reads all visibly send SOL or tokens
// out of the user's accounts, yet the node's simulation shows no loss of them. A node that lies
// (a custom RPC can) would show a drain as a credit; the instructions cannot lie.
import { advisory, blocking, type Warning } from '../../../shared/approval';
import { SOL_DECIMALS, formatUnits, shortAddress, solText } from '../../../shared/format';
import type { Decoded } from '../tx-decoder';
import { lockupChanged, type Diff } from './diff';

/** Simulated SOL loss beyond what the instructions show that still counts as rent for new accounts. */
const RENT_SLACK = 3_000_000n;
/** A priority fee above this (0.01 SOL) is far beyond what congestion ever asks. */
const HIGH_PRIORITY_FEE = 10_000_000n;

export function unresolvedTableWarnings(unresolved: readonly { table: string; reason: string }[]): Warning[] {
  return unresolved.map(({ table, reason }) =>
    blocking(
      'lookup_table_unresolved',
      `Address lookup table ${table} ${reason}: Tidepool cannot see which accounts this transaction would use, so it will not sign it.`,
    ),
  );
}

export function priorityFeeWarning(priority: bigint): Warning[] {
  return priority > HIGH_PRIORITY_FEE
    ? [
        advisory(
          'high_priority_fee',
          `The network fee includes a priority fee of ${solText(priority)}: far more than any network congestion needs.`,
        ),
      ]
    : [];
}

export function simulatedWarnings(
  diff: Diff,
  user: string,
  fee: bigint,
  feePayerIsUser: boolean,
  visibleSolOut: bigint,
  already: readonly Warning[],
): Warning[] {
  const out: Warning[] = [];
  const has = (code: Warning['code']) => already.some((w) => w.code === code);
  // The user's SOL is the wallet account's and that held in the user's other accounts alike.
  const spent = -(diff.solDelta + diff.otherSolDelta) - (feePayerIsUser ? fee : 0n);
  if (spent > visibleSolOut + RENT_SLACK) {
    out.push(
      advisory(
        'sol_beyond_instructions',
        `Your SOL would drop by ${formatUnits(spent, SOL_DECIMALS)} SOL, more than the instructions above show (${formatUnits(visibleSolOut, SOL_DECIMALS)} SOL).`,
      ),
    );
  }
  if (diff.lostControl.length && !has('authority_change')) {
    out.push(
      advisory(
        'authority_change',
        `After this transaction you would no longer control ${diff.lostControl.map(shortAddress).join(', ')}.`,
      ),
    );
  }
  if (diff.closed.length) {
    out.push(
      advisory(
        'account_closed',
        `Closes ${diff.closed.length === 1 ? 'your account' : `${diff.closed.length} of your accounts`} ${diff.closed.map(shortAddress).join(', ')}: the SOL held in ${diff.closed.length === 1 ? 'it' : 'them'} moves out${diff.otherSolDelta < 0n ? `; SOL in your other accounts drops by ${formatUnits(-diff.otherSolDelta, SOL_DECIMALS)} SOL` : ''}.`,
      ),
    );
  }
  if (diff.stake.some((s) => lockupChanged(s.before, s.after)) && !has('lockup_change')) {
    out.push(
      advisory('lockup_change', 'The lockup or custodian of one of your stake accounts would change.'),
    );
  }
  if (diff.userAccountAltered && !has('account_reassigned')) {
    out.push(
      advisory(
        'account_reassigned',
        `Your wallet account ${shortAddress(user)} would hold data or belong to another program afterwards.`,
      ),
    );
  }
  return out;
}

/**
 * Instructions that visibly send SOL or tokens out of the user's accounts, where the simulation
 * shows no loss (or a gain) of them. Only when Tidepool reads every instruction: a program it
 * cannot read may pay the user back, and is warned about on its own.
 */
export function contradictionWarnings(
  diff: Diff,
  fee: bigint,
  feePayerIsUser: boolean,
  decoded: Decoded,
  decimals: ReadonlyMap<string, number>,
): Warning[] {
  if (decoded.instructions.some((ix) => !ix.known)) return [];
  const doubt =
    'Either another instruction pays you back, or the RPC node’s simulation is not what would happen: do not rely on the result below.';
  const out: Warning[] = [];
  const solChange = diff.solDelta + diff.otherSolDelta + (feePayerIsUser ? fee : 0n);
  if (decoded.visibleSolLeaving > 0n && solChange >= 0n)
    out.push(
      advisory(
        'simulation_contradicts',
        `The instructions above send ${solText(decoded.visibleSolLeaving)} out of your accounts, but the simulation shows your SOL ${solChange > 0n ? `growing by ${solText(solChange)}` : 'unchanged'}. ${doubt}`,
      ),
    );
  for (const [mint, units] of decoded.visibleTokensOut) {
    const change = diff.tokenDeltas.get(mint) ?? 0n;
    if (units > 0n && change >= 0n)
      out.push(
        advisory(
          'simulation_contradicts',
          `The instructions above send ${amountOf(units, decimals.get(mint))} of token ${shortAddress(mint)} out of your accounts, but the simulation shows your balance of it ${change > 0n ? 'growing' : 'unchanged'}. ${doubt}`,
        ),
      );
  }
  return out;
}

const amountOf = (units: bigint, decimals: number | undefined) =>
  decimals === undefined ? `${units} units` : formatUnits(units, decimals);
