// What every per-program decoder shares: the instruction as resolved account addresses (static
// keys and lookup-table entries alike), what is known about the user's accounts, and the sink a
// decoder writes its line and warnings into. A decoder only describes; amounts the user receives
// come from the simulation, never from here.
import { PublicKey } from '@solana/web3.js';
import { advisory, type DecodedInstruction, type Warning, type WarningCode } from '../../../shared/approval';
import { shortAddress } from '../../../shared/format';
import type { ChainId } from '../../../shared/networks';

export interface RawInstruction {
  programId: string;
  accounts: string[];
  data: Uint8Array;
}

/** Describes a pool-token amount in SOL, when the pool's rate is known. */
export interface PoolInfo {
  symbol: string;
  decimals: number;
  lamportsFor(tokens: bigint): bigint;
  tokensFor(lamports: bigint): bigint;
}

export interface DecodeContext {
  user: string;
  pools: Map<string, PoolInfo>;
  /** Token accounts whose owner field is the user (read before, or created for the user in this transaction). */
  userTokenAccounts: ReadonlySet<string>;
  /** Credits the simulation shows to the user, by mint; absent when the simulation failed. */
  creditedByMint?: ReadonlyMap<string, bigint>;
  /** Pool address → pool mint, for pools that could be read. */
  poolMints?: ReadonlyMap<string, string>;
  /** Token accounts read for the review (Token and Token-2022 only): their mint and owner field. */
  tokenAccounts?: ReadonlyMap<string, { mint: string; owner: string }>;
  /** Decimals by mint, where the mint was read. */
  decimals?: ReadonlyMap<string, number>;
  /** Mints read that carry a Token-2022 transfer fee: a transfer of them arrives smaller. */
  transferFeeMints?: ReadonlySet<string>;
  /** Every account of the user's the review found (token, stake, nonce, program-held), before or after. */
  userAccounts?: ReadonlySet<string>;
  /** The transaction's writable accounts; when absent, every account is taken as writable. */
  writable?: ReadonlySet<string>;
  /** The network the transaction is for: which registry names its tokens (mainnet's only). */
  chain?: ChainId;
}

export interface Decoded {
  instructions: DecodedInstruction[];
  warnings: Warning[];
  /** SOL the instructions visibly move out of the user's account (transfers, deposits, new accounts). */
  visibleSolOut: bigint;
  /** The part of it that goes to accounts not the user's (not wrapped into, or kept in, the user's own). */
  visibleSolLeaving: bigint;
  /** Token base units the instructions visibly move out of the user's token accounts to others', by mint. */
  visibleTokensOut: Map<string, bigint>;
  /** Changes of the user's balances no simulation shows (confidential balances), in words. */
  unreadableChanges: string[];
  /** The name an instruction gave a mint (a registry symbol, or one the program pins), for the balance lines. */
  tokenNames: Map<string, string>;
}

/** One instruction's decoding: say what it does (once), warn about what could take the user's funds. */
export interface Sink {
  readonly ctx: DecodeContext;
  readonly ix: RawInstruction;
  readonly data: Buffer;
  /** The i-th account of the instruction, or "?" when the instruction names too few. */
  account(i: number): string;
  say(program: string, summary: string): void;
  warn(code: WarningCode, text: string): void;
  /** A known program's instruction Tidepool does not read: a warning, not a neutral line. */
  undecoded(program: string, name: string): void;
  /** SOL leaves the user's wallet account, for `to` (unnamed: into a program, as a pool deposit). */
  spendsSol(lamports: bigint, to?: string): void;
  /** Tokens of the user's leave for someone else's account (or are burned). */
  spendsTokens(mint: string, units: bigint): void;
  /** A change of the user's that the simulation cannot show, told in words under the result. */
  hidesChange(text: string): void;
  /** Names `mint` as `name` wherever the review lists it (the first name given wins). */
  namesToken(mint: string, name: string): void;
}

export function makeSink(ix: RawInstruction, ctx: DecodeContext, out: Decoded): Sink {
  return {
    ctx,
    ix,
    data: Buffer.from(ix.data),
    account: (i) => ix.accounts[i] ?? '?',
    say: (program, summary) => {
      out.instructions.push({ program, summary, known: true });
    },
    warn: (code, text) => {
      out.warnings.push(advisory(code, text));
    },
    undecoded(program, name) {
      out.instructions.push({
        program,
        summary: `${name}: Tidepool does not read this instruction's details`,
        known: false,
      });
      out.warnings.push(
        advisory(
          'undecoded_instruction',
          `${program}: ${name} is not decoded by Tidepool; check with the site what it does before approving.`,
        ),
      );
    },
    spendsSol: (lamports, to) => {
      out.visibleSolOut += lamports;
      const users = to !== undefined && (ctx.userAccounts?.has(to) || ctx.userTokenAccounts.has(to));
      if (to !== ctx.user && !users) out.visibleSolLeaving += lamports;
    },
    spendsTokens: (mint, units) => {
      out.visibleTokensOut.set(mint, (out.visibleTokensOut.get(mint) ?? 0n) + units);
    },
    hidesChange: (text) => {
      if (!out.unreadableChanges.includes(text)) out.unreadableChanges.push(text);
    },
    namesToken: (mint, name) => {
      if (!out.tokenNames.has(mint)) out.tokenNames.set(mint, name);
    },
  };
}

export const who = (address: string, user: string) =>
  address === user ? 'your account' : shortAddress(address);
export const pubkeyAt = (data: Buffer, offset: number) =>
  new PublicKey(data.subarray(offset, offset + 32)).toBase58();
/** A Rust String as bincode writes it: u64 length, then bytes. Returns the text and the offset after it. */
export function bincodeString(data: Buffer, offset: number): [string, number] {
  const length = Number(data.readBigUInt64LE(offset));
  if (length > data.length) throw new RangeError('string longer than the instruction');
  return [data.subarray(offset + 8, offset + 8 + length).toString('utf8'), offset + 8 + length];
}
