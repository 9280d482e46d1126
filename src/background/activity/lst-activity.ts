// Sanctum Infinity's and Marinade's actions in the activity feed, named from the chain's record of
// the transaction: which action it was from its first top-level instruction of either program
// (Infinity's tag, Marinade's Anchor discriminator, the encoders' own), how much from its balances.
// The SOL counted is what the owner's wallet and token accounts gained or lost together, the fee
// aside: the rent of a token account opened for the action stays the owner's, and wSOL is SOL,
// wrapped or unwrapped within the transaction. Only an action the owner signed is named so.
import bs58 from 'bs58';
import { NATIVE_MINT } from '@solana/spl-token';
import type { ActivityKind } from '../../shared/activity';
import { formatUnits, solText } from '../../shared/format';
import { MARINADE_PROGRAM_ID, MARINADE_STATE } from '../../shared/marinade';
import type { CompiledInstructionJson, ConfirmedTransaction } from '../chain/rpc-shapes';
import { INFINITY_PROGRAM } from '../staking/infinity-instructions';
import { DISCRIMINATOR } from '../staking/marinade-instructions';

type Described = { kind: ActivityKind; summary: string };
export interface TokenDelta {
  mint: string;
  delta: bigint;
  decimals: number;
}

const INFINITY = INFINITY_PROGRAM.toBase58();
const MARINADE = MARINADE_PROGRAM_ID.toBase58();
const WSOL = NATIVE_MINT.toBase58();
const MARINADE_ACTIONS = new Map(
  Object.entries(DISCRIMINATOR).map(([name, bytes]) => [
    Buffer.from(bytes).toString('hex'),
    name as keyof typeof DISCRIMINATOR,
  ]),
);

/** An action and the mints it moves; a Marinade one's mSOL named so for the one State, and a split's new stake account. */
type Action =
  | { act: 'stakeInf' | 'unstakeInf'; lst: string; inf: string }
  | { act: 'swap'; input: string; output: string }
  | { act: keyof typeof DISCRIMINATOR; msol: string; msolName?: string; split?: number };

const NAMES: Record<Action['act'], [ActivityKind, string]> = {
  stakeInf: ['stake', 'Stake into INF'],
  unstakeInf: ['unstake-instant', 'Unstake INF'],
  swap: ['swap', 'Swap through Infinity'],
  deposit: ['stake', 'Marinade deposit'],
  liquidUnstake: ['unstake-instant', 'Marinade liquid unstake'],
  withdrawStakeAccount: ['unstake-delayed', 'Marinade delayed unstake'],
  orderUnstake: ['unstake-delayed', 'Marinade ticket ordered'],
  claim: ['withdraw-stake', 'Marinade claim'],
};

function actionOf(ix: CompiledInstructionJson, keys: readonly string[]): Action | null {
  const program = keys[ix.programIdIndex];
  const data = bs58.decode(ix.data);
  const at = (i: number) => keys[ix.accounts[i] ?? -1] ?? '';
  if (program === INFINITY) {
    if (data[0] === 3 || data[0] === 4)
      return { act: data[0] === 3 ? 'stakeInf' : 'unstakeInf', lst: at(1), inf: at(4) };
    if ([1, 2, 23, 24].includes(data[0] ?? -1)) return { act: 'swap', input: at(1), output: at(2) };
  }
  if (program === MARINADE) {
    const act = MARINADE_ACTIONS.get(Buffer.from(data.subarray(0, 8)).toString('hex'));
    if (act)
      return {
        act,
        msol: at(1),
        ...(at(0) === MARINADE_STATE ? { msolName: 'mSOL' } : {}),
        ...(act === 'withdrawStakeAccount' ? { split: ix.accounts[10] } : {}),
      };
  }
  return null;
}

/** The owner's Infinity or Marinade action in `tx`, or null when it holds none the owner signed. */
export function describeLstAction(
  tx: ConfirmedTransaction,
  owner: string,
  tokens: readonly TokenDelta[],
  /** An LST's name on this network. */
  name: (mint: string) => string,
): Described | null {
  const { message, signatures } = tx.transaction;
  const meta = tx.meta;
  // The signers are the first keys, one per signature.
  if (!meta || !message.accountKeys.slice(0, signatures.length).includes(owner)) return null;
  const keys = [
    ...message.accountKeys,
    ...(meta.loadedAddresses?.writable ?? []),
    ...(meta.loadedAddresses?.readonly ?? []),
  ];
  const action = (message.instructions ?? []).map((ix) => actionOf(ix, keys)).find(Boolean);
  if (!action) return null;
  const [kind, plain] = NAMES[action.act];
  if (meta.err) return { kind, summary: plain };

  const lamports = (i: number) => BigInt(meta.postBalances[i] ?? 0) - BigInt(meta.preBalances[i] ?? 0);
  const ownIndex = keys.indexOf(owner);
  const tokenAccounts = new Set(
    [...(meta.preTokenBalances ?? []), ...(meta.postTokenBalances ?? [])]
      .filter((b) => b.owner === owner)
      .map((b) => b.accountIndex),
  );
  const sol =
    lamports(ownIndex) +
    (ownIndex === 0 ? BigInt(meta.fee) : 0n) +
    [...tokenAccounts].reduce((sum, i) => sum + lamports(i), 0n);
  const labelOf = (mint: string, given?: string) => given ?? (mint === WSOL ? 'SOL' : name(mint));
  const token = (mint: string) => tokens.find((d) => d.mint === mint);
  const delta = (mint: string) => (mint === WSOL ? sol : (token(mint)?.delta ?? 0n));
  const words = (units: bigint, mint: string, given?: string) =>
    mint === WSOL
      ? solText(units, 4)
      : `${formatUnits(units, token(mint)?.decimals ?? 0, 4)} ${labelOf(mint, given)}`;
  const gave = (mint: string, given?: string) =>
    delta(mint) < 0n ? words(-delta(mint), mint, given) : labelOf(mint, given);
  const got = (mint: string, given?: string) =>
    delta(mint) > 0n ? words(delta(mint), mint, given) : `${labelOf(mint, given)} paid to another account`;

  switch (action.act) {
    case 'stakeInf':
      return { kind, summary: `Staked ${gave(action.lst)} into INF → ${got(action.inf, 'INF')}` };
    case 'unstakeInf':
      return { kind, summary: `Unstaked ${gave(action.inf, 'INF')} → ${got(action.lst)}` };
    case 'swap':
      return { kind, summary: `Swapped ${gave(action.input)} → ${got(action.output)} through Infinity` };
    case 'deposit':
      return { kind, summary: `${plain}: ${gave(WSOL)} → ${got(action.msol, action.msolName)}` };
    case 'liquidUnstake':
      return { kind, summary: `${plain}: ${gave(action.msol, action.msolName)} → ${got(WSOL)}` };
    case 'withdrawStakeAccount': {
      const stake = BigInt(meta.postBalances[action.split ?? -1] ?? 0);
      return {
        kind,
        summary: `${plain}: ${gave(action.msol, action.msolName)} → a stake account of ${solText(stake, 4)}`,
      };
    }
    case 'orderUnstake':
      return { kind, summary: `${plain}: ${gave(action.msol, action.msolName)} → a delayed-unstake ticket` };
    case 'claim':
      return { kind, summary: `${plain}: ${got(WSOL)} from a delayed-unstake ticket` };
  }
}
