// Where the localnet finds BPF programs that no npm package ships (the SPL stake-pool program).
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { STAKE_POOL_PROGRAMS } from '../../src/background/staking/program-ids.ts';

export const STAKE_POOL_PROGRAM_IDS = Object.fromEntries(
  Object.entries(STAKE_POOL_PROGRAMS).map(([kind, id]) => [kind, id.toBase58()]),
) as Record<keyof typeof STAKE_POOL_PROGRAMS, string>;

/** $TIDEPOOL_PROGRAMS_DIR, else $XDG_CACHE_HOME/tidepool/programs, else ~/.cache/tidepool/programs. */
export function programsCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TIDEPOOL_PROGRAMS_DIR) return env.TIDEPOOL_PROGRAMS_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tidepool', 'programs');
}

const BASE58_ID = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/** Every `<PROGRAM_ID>.so` in the cache directory, to be loaded at that id. */
export function cachedPrograms(dir = programsCacheDir()): { programId: string; path: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.so') && BASE58_ID.test(name.slice(0, -3)))
    .map((name) => ({ programId: name.slice(0, -3), path: join(dir, name) }));
}

export function stakePoolProgramAvailable(loaded: string[]): boolean {
  return Object.values(STAKE_POOL_PROGRAM_IDS).every((id) => loaded.includes(id));
}

export const STAKE_POOL_MISSING_HINT =
  'staking unavailable: the SPL stake-pool program is not loaded; run `npm run programs:install -- PATH_TO/stake-pool.so` '
  + `(or put <PROGRAM_ID>.so files in ${programsCacheDir()}, or pass --bpf-program ID PATH)`;
