// A transaction's instructions in plain words, for every instruction of the programs a wallet
// user meets: stake pools (all three program ids), Sanctum Infinity, Marinade, System, Token,
// Token-2022, Associated Token, Stake, Compute Budget and Memo (one module per program under
// decode/). Accounts are the resolved ones, lookup-table entries included, so what is decoded is
// what will execute. An instruction of a known program that cannot be read is a warning; unknown
// programs are named, and one that is handed the user's signature or writable accounts is a
// warning: the simulation shows one run of its code, not what state-dependent code will do when
// the transaction lands.
import { ComputeBudgetProgram, StakeProgram, SystemProgram, type VersionedMessage } from '@solana/web3.js';
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { advisory, type Warning } from '../../shared/approval';
import { shortAddress } from '../../shared/format';
import { MARINADE_PROGRAM_ID } from '../../shared/marinade';
import { STAKE_POOL_PROGRAM_ADDRESSES } from '../../shared/stake-pool-programs';
import { INFINITY_PROGRAM } from '../staking/infinity-instructions';
import { makeSink, type DecodeContext, type Decoded, type RawInstruction, type Sink } from './decode/context';
import { decodeInfinity, infinityMints } from './decode/infinity';
import { decodeMarinade, marinadeMints } from './decode/marinade';
import { decodeAssociatedToken, decodeComputeBudget, decodeMemo } from './decode/small-programs';
import { decodeStake } from './decode/stake';
import { decodeStakePool } from './decode/stake-pool';
import { decodeSystem } from './decode/system';
import { decodeToken } from './decode/token';

export type { DecodeContext, Decoded, PoolInfo, RawInstruction } from './decode/context';

const MEMO_PROGRAMS = [
  'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr',
  'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo',
];
const POOL_PROGRAMS = [...STAKE_POOL_PROGRAM_ADDRESSES];

interface Decoder {
  name: string;
  /** The index is the instruction's position (a nonce must be first). */
  decode: (s: Sink, index: number) => void;
  /** Mints the instruction names that its line writes amounts of (read with the simulation). */
  mints?: (ix: RawInstruction) => string[];
}

/** Program id → its decoder and name. */
const DECODERS = new Map<string, Decoder>([
  [SystemProgram.programId.toBase58(), { name: 'System', decode: decodeSystem }],
  [TOKEN_PROGRAM_ID.toBase58(), { name: 'Token', decode: decodeToken }],
  [TOKEN_2022_PROGRAM_ID.toBase58(), { name: 'Token-2022', decode: decodeToken }],
  [ASSOCIATED_TOKEN_PROGRAM_ID.toBase58(), { name: 'Associated Token', decode: decodeAssociatedToken }],
  [StakeProgram.programId.toBase58(), { name: 'Stake', decode: decodeStake }],
  [ComputeBudgetProgram.programId.toBase58(), { name: 'Compute Budget', decode: decodeComputeBudget }],
  ...MEMO_PROGRAMS.map((id) => [id, { name: 'Memo', decode: decodeMemo }] as const),
  ...POOL_PROGRAMS.map((id) => [id, { name: 'Stake Pool', decode: decodeStakePool }] as const),
  [INFINITY_PROGRAM.toBase58(), { name: 'Infinity', decode: decodeInfinity, mints: infinityMints }],
  [MARINADE_PROGRAM_ID.toBase58(), { name: 'Marinade', decode: decodeMarinade, mints: marinadeMints }],
]);

/** The mints the instructions name whose amounts their lines write: read with the simulation, for their decimals. */
export const namedMints = (instructions: readonly RawInstruction[]): string[] =>
  instructions.flatMap((ix) => DECODERS.get(ix.programId)?.mints?.(ix) ?? []);

/**
 * The instructions of a message with every account index resolved: `keys` is the full account
 * list (static keys, then lookup-table writable, then lookup-table readonly), as the runtime loads it.
 */
export function rawInstructions(
  message: VersionedMessage,
  keys: readonly string[] = message.staticAccountKeys.map((k) => k.toBase58()),
): RawInstruction[] {
  // Short enough that shortAddress leaves it whole.
  const at = (i: number) => keys[i] ?? '(unresolved)';
  return message.compiledInstructions.map((ix) => ({
    programId: at(ix.programIdIndex),
    accounts: ix.accountKeyIndexes.map(at),
    data: ix.data,
  }));
}

export function decodeInstructions(instructions: RawInstruction[], ctx: DecodeContext): Decoded {
  const out: Decoded = {
    instructions: [],
    warnings: [],
    visibleSolOut: 0n,
    visibleSolLeaving: 0n,
    visibleTokensOut: new Map(),
    unreadableChanges: [],
    tokenNames: new Map(),
  };
  const unknown = new UnknownPrograms(ctx);
  instructions.forEach((ix, index) => {
    const decoder = DECODERS.get(ix.programId);
    if (!decoder) {
      out.instructions.push({
        program: shortAddress(ix.programId),
        summary: `Unknown program ${ix.programId}: Tidepool cannot say what this instruction does`,
        known: false,
      });
      unknown.note(ix);
      return;
    }
    const sink = makeSink(ix, ctx, out);
    try {
      decoder.decode(sink, index);
    } catch {
      // Too short or malformed for its tag: the program would most likely reject it, but the
      // person must not read it as harmless.
      sink.undecoded(decoder.name, 'An instruction whose data Tidepool could not read');
    }
  });
  out.warnings.push(...unknown.warnings());
  return out;
}

/**
 * What the programs Tidepool cannot read are handed across the transaction: the user's signature,
 * and the user's accounts they may change (writable). One warning per such program, naming both.
 */
class UnknownPrograms {
  readonly #handed = new Map<string, { signature: boolean; accounts: Set<string> }>();

  constructor(private readonly ctx: DecodeContext) {}

  note(ix: RawInstruction): void {
    const { user, writable, userTokenAccounts, userAccounts } = this.ctx;
    const got = this.#handed.get(ix.programId) ?? { signature: false, accounts: new Set<string>() };
    for (const account of ix.accounts) {
      if (account === user) got.signature = true;
      const isWritable = writable?.has(account) ?? true;
      if (isWritable && account !== user && (userTokenAccounts.has(account) || userAccounts?.has(account)))
        got.accounts.add(account);
    }
    this.#handed.set(ix.programId, got);
  }

  warnings(): Warning[] {
    return [...this.#handed].flatMap(([program, got]) => {
      const what = [
        ...(got.signature ? ['your signature'] : []),
        ...(got.accounts.size
          ? [
              `your account${got.accounts.size > 1 ? 's' : ''} ${[...got.accounts].map(shortAddress).join(', ')} to change`,
            ]
          : []),
      ];
      return what.length
        ? [
            advisory(
              'unknown_program',
              `Program ${program}, which Tidepool cannot read, gets ${what.join(' and ')}: what it does with them can differ from the simulation when the transaction lands. Approve only if you trust this site.`,
            ),
          ]
        : [];
    });
  }
}
