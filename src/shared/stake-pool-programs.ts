// The stake-pool programs' ids: pure knowledge, so the background, the localnet and the tools all
// take them from here (tools/ imports only src/shared). The popup does not import this file: it
// would pull in web3.js.
import { PublicKey } from '@solana/web3.js';

/**
 * The SPL stake-pool program and Sanctum's two deployments of the same code: one account layout
 * and one instruction set. A pool owned by any other program is not a pool we understand.
 */
export const STAKE_POOL_PROGRAMS = {
  spl: new PublicKey('SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy'),
  sanctumSingle: new PublicKey('SP12tWFxD9oJsVWNavTTBZvMbA6gkAmxtVgxdqvyvhY'),
  sanctumMulti: new PublicKey('SPMBzsVUuoHA4Jm6KunbsotaahvVikZs1JyTW6iJvbn'),
} as const;

export type StakePoolProgramKind = keyof typeof STAKE_POOL_PROGRAMS;

/** The same three ids in base58, as instructions and parsed transactions name programs. */
export const STAKE_POOL_PROGRAM_ADDRESSES: ReadonlySet<string> = new Set(
  Object.values(STAKE_POOL_PROGRAMS).map((p) => p.toBase58()),
);

export function stakePoolProgramKind(programId: PublicKey): StakePoolProgramKind | undefined {
  return (Object.keys(STAKE_POOL_PROGRAMS) as StakePoolProgramKind[]).find((k) =>
    STAKE_POOL_PROGRAMS[k].equals(programId),
  );
}
