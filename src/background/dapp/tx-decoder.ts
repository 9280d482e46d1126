// A transaction's instructions in plain words, for the programs a wallet user meets: stake pools
// (all three program ids), system, token, associated token, stake, compute budget and memo.
// Unknown programs are listed as such. Warnings name what could take the user's funds.
import { ComputeBudgetProgram, PublicKey, StakeProgram, SystemProgram, type VersionedMessage } from '@solana/web3.js';
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { advisory, type DecodedInstruction, type Warning, type WarningCode } from '../../shared/approval';
import { formatUnits, shortAddress, solText as sol } from '../../shared/format';
import { STAKE_POOL_PROGRAMS } from '../staking/program-ids';

const MEMO_PROGRAMS = new Set(['MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr', 'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo']);
const POOL_PROGRAMS = new Set(Object.values(STAKE_POOL_PROGRAMS).map((p) => p.toBase58()));
const TOKEN_PROGRAMS = new Set([TOKEN_PROGRAM_ID.toBase58(), TOKEN_2022_PROGRAM_ID.toBase58()]);

export interface RawInstruction { programId: string; accounts: string[]; data: Uint8Array }

/** Describes a pool-token amount in SOL, when the pool's rate is known. */
export interface PoolInfo { symbol: string; decimals: number; lamportsFor(tokens: bigint): bigint; tokensFor(lamports: bigint): bigint }

export interface DecodeContext {
  user: string;
  pools: Map<string, PoolInfo>;
}

export interface Decoded {
  instructions: DecodedInstruction[];
  warnings: Warning[];
  /** SOL the instructions visibly move out of the user's account (transfers, deposits, new accounts). */
  visibleSolOut: bigint;
}

const who = (address: string | undefined, user: string) => (address === user ? 'your account' : shortAddress(address ?? '?'));

/** The instructions of a message, with lookup-table accounts named as such. */
export function rawInstructions(message: VersionedMessage): RawInstruction[] {
  const keys = message.staticAccountKeys.map((k) => k.toBase58());
  const at = (i: number) => keys[i] ?? '(an account from a lookup table)';
  return message.compiledInstructions.map((ix) => ({
    programId: at(ix.programIdIndex), accounts: ix.accountKeyIndexes.map(at), data: ix.data,
  }));
}

export function decodeInstructions(instructions: RawInstruction[], ctx: DecodeContext): Decoded {
  const out: Decoded = { instructions: [], warnings: [], visibleSolOut: 0n };
  instructions.forEach((ix, index) => {
    const view = Buffer.from(ix.data);
    const say = (program: string, summary: string, known = true) => out.instructions.push({ program, summary, known });
    const warn: Warn = (code, text) => out.warnings.push(advisory(code, text));
    try {
      if (ix.programId === SystemProgram.programId.toBase58()) {
        const tag = view.readUInt32LE(0);
        if (tag === 2) {
          const lamports = view.readBigUInt64LE(4);
          if (ix.accounts[0] === ctx.user) out.visibleSolOut += lamports;
          return say('System', `Send ${sol(lamports)} from ${who(ix.accounts[0], ctx.user)} to ${who(ix.accounts[1], ctx.user)}`);
        }
        if (tag === 0 || tag === 3) {
          // CreateAccountWithSeed: [tag][base 32][seed: u64 length + bytes][lamports]…
          const lamports = view.readBigUInt64LE(tag === 0 ? 4 : 44 + Number(view.readBigUInt64LE(36)));
          if (ix.accounts[0] === ctx.user) out.visibleSolOut += lamports;
          return say('System', `Create account ${shortAddress(ix.accounts[1] ?? '?')} funded with ${sol(lamports)}`);
        }
        if (tag === 1) {
          const owner = new PublicKey(view.subarray(4, 36)).toBase58();
          if (ix.accounts[0] === ctx.user) warn('account_reassigned', `Hands ownership of your account to program ${shortAddress(owner)}: it could then take all your SOL.`);
          return say('System', `Assign ${who(ix.accounts[0], ctx.user)} to program ${shortAddress(owner)}`);
        }
        if (tag === 4) {
          if (index === 0) warn('durable_nonce', 'Uses a durable nonce: this transaction never expires and can be submitted at any later time.');
          return say('System', 'Advance a durable nonce');
        }
        if (tag === 8) return say('System', `Allocate space for ${who(ix.accounts[0], ctx.user)}`);
        return say('System', `System instruction ${tag}`);
      }
      if (TOKEN_PROGRAMS.has(ix.programId)) return decodeToken(view, ix, ctx, say, warn);
      if (ix.programId === ASSOCIATED_TOKEN_PROGRAM_ID.toBase58()) {
        return say('Associated Token', `Open a token account for ${who(ix.accounts[2], ctx.user)} (mint ${shortAddress(ix.accounts[3] ?? '?')})`);
      }
      if (ix.programId === StakeProgram.programId.toBase58()) return decodeStake(view, ix, ctx, say, warn);
      if (ix.programId === ComputeBudgetProgram.programId.toBase58()) {
        if (view[0] === 2) return say('Compute Budget', `Compute limit ${view.readUInt32LE(1).toLocaleString('en-US')} units`);
        if (view[0] === 3) return say('Compute Budget', `Priority fee ${view.readBigUInt64LE(1).toString()} micro-lamports per unit`);
        return say('Compute Budget', 'Compute budget setting');
      }
      if (MEMO_PROGRAMS.has(ix.programId)) return say('Memo', `Memo: “${new TextDecoder().decode(view).slice(0, 200)}”`);
      if (POOL_PROGRAMS.has(ix.programId)) return decodeStakePool(view, ix, ctx, out, say);
      return say(shortAddress(ix.programId), `Unknown program ${ix.programId}: Tidepool cannot say what this instruction does`, false);
    } catch {
      return say(shortAddress(ix.programId), 'An instruction whose data Tidepool could not read', false);
    }
  });
  return out;
}

type Say = (program: string, summary: string, known?: boolean) => void;
type Warn = (code: WarningCode, text: string) => void;

function decodeToken(view: Buffer, ix: RawInstruction, ctx: DecodeContext, say: Say, warn: Warn): void {
  const tag = view[0];
  if (tag === 3) return say('Token', `Transfer ${view.readBigUInt64LE(1)} token units from ${who(ix.accounts[0], ctx.user)} to ${shortAddress(ix.accounts[1] ?? '?')}`);
  if (tag === 12) {
    const decimals = view[9]!;
    return say('Token', `Transfer ${formatUnits(view.readBigUInt64LE(1), decimals)} of token ${shortAddress(ix.accounts[1] ?? '?')} to ${shortAddress(ix.accounts[2] ?? '?')}`);
  }
  if (tag === 4 || tag === 13) {
    const delegate = ix.accounts[tag === 4 ? 1 : 2];
    if (delegate !== ctx.user) warn('token_delegate', `Lets ${shortAddress(delegate ?? '?')} spend tokens from your account without asking you again.`);
    return say('Token', `Allow ${who(delegate, ctx.user)} to spend ${view.readBigUInt64LE(1)} token units`);
  }
  if (tag === 6) {
    const hasNew = view[2] === 1;
    const next = hasNew ? new PublicKey(view.subarray(3, 35)).toBase58() : null;
    if (ix.accounts[1] === ctx.user && next !== ctx.user) warn('authority_change', `Gives control of your token account to ${next ? shortAddress(next) : 'no one (irreversible)'}.`);
    return say('Token', `Change an authority of ${shortAddress(ix.accounts[0] ?? '?')} to ${next ? who(next, ctx.user) : 'none'}`);
  }
  if (tag === 9) return say('Token', `Close token account ${shortAddress(ix.accounts[0] ?? '?')}; its rent goes to ${who(ix.accounts[1], ctx.user)}`);
  if (tag === 7 || tag === 14) return say('Token', `Mint tokens to ${shortAddress(ix.accounts[1] ?? '?')}`);
  if (tag === 8 || tag === 15) return say('Token', `Burn ${view.readBigUInt64LE(1)} token units`);
  if (tag === 1 || tag === 16 || tag === 18) return say('Token', 'Initialize a token account');
  return say('Token', `Token instruction ${tag}`);
}

function decodeStake(view: Buffer, ix: RawInstruction, ctx: DecodeContext, say: Say, warn: Warn): void {
  const tag = view.readUInt32LE(0);
  if (tag === 1) {
    const next = new PublicKey(view.subarray(4, 36)).toBase58();
    if (next !== ctx.user) warn('authority_change', `Hands an authority over stake account ${shortAddress(ix.accounts[0] ?? '?')} to ${shortAddress(next)}.`);
    return say('Stake', `Change the ${view.readUInt32LE(36) === 1 ? 'withdraw' : 'stake'} authority of ${shortAddress(ix.accounts[0] ?? '?')} to ${who(next, ctx.user)}`);
  }
  if (tag === 2) return say('Stake', `Delegate stake account ${shortAddress(ix.accounts[0] ?? '?')} to validator ${shortAddress(ix.accounts[1] ?? '?')}`);
  if (tag === 4) return say('Stake', `Withdraw ${sol(view.readBigUInt64LE(4))} from stake account ${shortAddress(ix.accounts[0] ?? '?')} to ${who(ix.accounts[1], ctx.user)}`);
  if (tag === 5) return say('Stake', `Deactivate stake account ${shortAddress(ix.accounts[0] ?? '?')} (SOL withdrawable next epoch)`);
  if (tag === 0) return say('Stake', `Initialize stake account ${shortAddress(ix.accounts[0] ?? '?')}`);
  if (tag === 3) return say('Stake', `Split ${sol(view.readBigUInt64LE(4))} off stake account ${shortAddress(ix.accounts[0] ?? '?')}`);
  if (tag === 7) return say('Stake', `Merge stake account ${shortAddress(ix.accounts[1] ?? '?')} into ${shortAddress(ix.accounts[0] ?? '?')}`);
  return say('Stake', `Stake instruction ${tag}`);
}

function decodeStakePool(view: Buffer, ix: RawInstruction, ctx: DecodeContext, out: Decoded, say: Say): void {
  const pool = ctx.pools.get(ix.accounts[0] ?? '');
  const name = pool?.symbol ?? `the pool ${shortAddress(ix.accounts[0] ?? '?')}`;
  const tokens = (n: bigint) => (pool ? `${formatUnits(n, pool.decimals, 4)} ${pool.symbol}` : `${n} pool-token units`);
  const tag = view[0];
  if (tag === 14) {
    const lamports = view.readBigUInt64LE(1);
    if (ix.accounts[3] === ctx.user) out.visibleSolOut += lamports;
    return say('Stake Pool', `Stake ${sol(lamports)} into ${name}${pool ? ` → you receive ≈ ${tokens(pool.tokensFor(lamports))}` : ''}`);
  }
  if (tag === 16) {
    const amount = view.readBigUInt64LE(1);
    return say('Stake Pool', `Unstake ${tokens(amount)} from ${name}${pool ? ` → ≈ ${sol(pool.lamportsFor(amount))} now` : ''}`);
  }
  if (tag === 10) {
    const amount = view.readBigUInt64LE(1);
    return say('Stake Pool', `Unstake ${tokens(amount)} from ${name} into a stake account${pool ? ` (≈ ${sol(pool.lamportsFor(amount))})` : ''}`);
  }
  if (tag === 9) return say('Stake Pool', `Deposit a stake account into ${name}`);
  if (tag === 6 || tag === 7 || tag === 8) return say('Stake Pool', `Update ${name} for this epoch (anyone may do this)`);
  return say('Stake Pool', `Stake-pool instruction ${tag} on ${name}`);
}
