// The token programs Tidepool builds instructions for: SPL Token and Token-2022, compared exactly
// (all 32 bytes). A program id read from RPC data — a token account's owner, a stake pool's
// token_program field — only ever selects one of these two; anything else is refused, so the RPC
// never chooses the program a person signs for.
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import type { PublicKey } from '@solana/web3.js';

const TOKEN_PROGRAMS: readonly PublicKey[] = [TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID];

/** Our own constant for `id` if it is exactly Token or Token-2022; otherwise null. */
export function knownTokenProgram(id: string | PublicKey): PublicKey | null {
  const text = typeof id === 'string' ? id : id.toBase58();
  return TOKEN_PROGRAMS.find((program) => program.toBase58() === text) ?? null;
}
