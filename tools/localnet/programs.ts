// Where the localnet finds BPF programs that no npm package ships (the stake-pool program builds,
// Marinade): explicit --bpf-program flags first, then the user's programs cache, then the real
// builds kept beside this repository in ../shared/programs (tests and CI load those).
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADDRESS_TEXT } from '../../src/shared/base58.ts';
import { MARINADE_PROGRAM_ID } from '../../src/shared/marinade.ts';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs.ts';
import { STAKE_PROGRAM_ID } from './accounts.ts';

export const STAKE_POOL_PROGRAM_IDS = Object.fromEntries(
  Object.entries(STAKE_POOL_PROGRAMS).map(([kind, id]) => [kind, id.toBase58()]),
) as Record<keyof typeof STAKE_POOL_PROGRAMS, string>;

export interface ProgramFile {
  programId: string;
  path: string;
}

/** $TIDEPOOL_PROGRAMS_DIR, else $XDG_CACHE_HOME/tidepool/programs, else ~/.cache/tidepool/programs. */
export function programsCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TIDEPOOL_PROGRAMS_DIR) return env.TIDEPOOL_PROGRAMS_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tidepool', 'programs');
}

/** Every `<PROGRAM_ID>.so` in the cache directory, to be loaded at that id. */
export function cachedPrograms(dir = programsCacheDir()): ProgramFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.so') && ADDRESS_TEXT.test(name.slice(0, -3)))
    .map((name) => ({ programId: name.slice(0, -3), path: join(dir, name) }));
}

/** ../shared/programs, seen from the repository root ($TIDEPOOL_SHARED_PROGRAMS overrides). */
export function sharedProgramsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TIDEPOOL_SHARED_PROGRAMS) return env.TIDEPOOL_SHARED_PROGRAMS;
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  return resolve(repoRoot, '../shared/programs');
}

/**
 * The stake-pool program builds deployed on mainnet (see ../shared/programs/README.md). Each 2024
 * build is what ran at its own id then; the 2026 build runs at all three today. They differ in
 * rounding, so the staking tests run once per build, each loaded at all three ids.
 */
export const STAKE_POOL_BUILDS = {
  'spl-2024': {
    file: 'spl-stake-pool.SPoo1.slot238419616.so',
    what: 'SPL stake-pool as deployed at SPoo1… in 2024 (v1.0.0)',
  },
  'sanctum-single-2024': {
    file: 'sanctum-spl.SP12t.slot241131019.so',
    what: 'Sanctum single-validator build as deployed at SP12t… in 2024',
  },
  'sanctum-multi-2024': {
    file: 'sanctum-spl-multi.SPMBz.slot257400593.so',
    what: 'Sanctum multi-validator build as deployed at SPMBz… in 2024',
  },
  'sdk-2026': {
    file: 'stake-pool.sanctum-sdk-2026.so',
    what: 'the build all three ids run in 2026 (Sanctum SDK)',
  },
} as const;
export type StakePoolBuild = keyof typeof STAKE_POOL_BUILDS;
export const DEFAULT_STAKE_POOL_BUILD: StakePoolBuild = 'sdk-2026';
const MARINADE_FILE = 'marinade.MarBm.slot229946024.so';
/**
 * The stake program the localnet runs: the Core BPF build of stake program v5 (1 SOL minimum
 * delegation, the rewritten Split), as on mainnet. litesvm bundles this very build today
 * (program-loader.ts then leaves it as it is); the file pins it if litesvm ever bundles another.
 */
export const STAKE_PROGRAM_FILE = 'stake-program.v5-1sol.so';

/** One stake-pool build loaded at all three ids, plus Marinade and the stake program, from ../shared/programs (those present). */
export function sharedPrograms(
  build: StakePoolBuild = DEFAULT_STAKE_POOL_BUILD,
  dir = sharedProgramsDir(),
): ProgramFile[] {
  const out: ProgramFile[] = [];
  const stakePool = join(dir, STAKE_POOL_BUILDS[build].file);
  if (existsSync(stakePool))
    for (const programId of Object.values(STAKE_POOL_PROGRAM_IDS)) out.push({ programId, path: stakePool });
  const marinade = join(dir, MARINADE_FILE);
  if (existsSync(marinade)) out.push({ programId: MARINADE_PROGRAM_ID.toBase58(), path: marinade });
  const stake = join(dir, STAKE_PROGRAM_FILE);
  if (existsSync(stake)) out.push({ programId: STAKE_PROGRAM_ID, path: stake });
  return out;
}

/** The builds present in ../shared/programs, in a stable order. */
export function availableStakePoolBuilds(dir = sharedProgramsDir()): StakePoolBuild[] {
  return (Object.keys(STAKE_POOL_BUILDS) as StakePoolBuild[]).filter((b) =>
    existsSync(join(dir, STAKE_POOL_BUILDS[b].file)),
  );
}

/** Later sources fill only the ids earlier ones left open: explicit, then cache, then shared. */
export function mergePrograms(...sources: ProgramFile[][]): ProgramFile[] {
  const out: ProgramFile[] = [];
  for (const source of sources)
    for (const p of source) if (!out.some((o) => o.programId === p.programId)) out.push(p);
  return out;
}

export function stakePoolProgramAvailable(loaded: string[]): boolean {
  return Object.values(STAKE_POOL_PROGRAM_IDS).every((id) => loaded.includes(id));
}

export const STAKE_POOL_MISSING_HINT =
  'staking unavailable: the SPL stake-pool program is not loaded; run `npm run programs:install -- PATH_TO/stake-pool.so` ' +
  `(or put <PROGRAM_ID>.so files in ${programsCacheDir()}, or the builds in ${sharedProgramsDir()}, or pass --bpf-program ID PATH)`;
