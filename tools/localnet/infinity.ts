// Sanctum Infinity on the local chain exactly as mainnet ran it in June 2025: the controller, its
// flat-fee pricing program and the wSOL, SPL-multi (jupSOL) and Marinade calculators from
// ../shared/programs, with the SPMBz and Marinade builds those calculators priced against, and the
// consistent account snapshot in ../shared/fixtures/infinity (PoolState v1). Its README names four
// conditions, each met here:
// - the wSOL native mint exists (SOL enters and leaves INF as wSOL);
// - every loaded program's ProgramData says last deployed at slot 0, as upstream's validator wrote
//   it (the jupSOL and mSOL calculators refuse a stake-pool program upgraded after their recorded slot);
// - jupsol-pool.json's last_update_epoch is the chain's epoch, re-stamped after every epoch advance
//   (the snapshot has no validator list or stake accounts, so the pool cannot be updated by its crank);
// - pool-state.json and pool-state-v2.json are never loaded together (the June 2025 controller
//   refuses a v2 PoolState): v1 is loaded.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PublicKey } from '@solana/web3.js';
import { StakePoolLayout } from '@solana/spl-stake-pool';
import { readAccountFile } from './account-file.ts';
import type { StoredAccount } from './accounts.ts';
import { LocalChain } from './chain.ts';
import { sharedProgramsDir, type ProgramFile } from './programs.ts';

/** Each program Infinity's June 2025 snapshot runs against, and its build in ../shared/programs. */
const INFINITY_PROGRAMS = [
  { programId: '5ocnV1qiCgaQR8Jb8xWnVbApfaygJ8tNoZfgPwsgx9kx', file: 'infinity.inf.so' },
  { programId: 'f1tUoNEKrDp1oeGn4zxr7bh41eN6VcfHjfrL3ZqQday', file: 'infinity.flat-fee-pp.so' },
  { programId: 'wsoGmxQLSvwWpuaidCApxN5kEowLe2HLQLJhCQnj4bE', file: 'infinity.wsol-calc.so' },
  { programId: 'ssmbu3KZxgonUtjEMCKspZzxvUQCxAFnyh1rcHUeEDo', file: 'infinity.sanctum-spl-multi-calc.so' },
  { programId: 'mare3SCyfZkAndpBRBeonETmkCCB3TJTTrz8ZN2dnhP', file: 'infinity.marinade-calc.so' },
  {
    programId: 'SPMBzsVUuoHA4Jm6KunbsotaahvVikZs1JyTW6iJvbn',
    file: 'sanctum-spl-multi.SPMBz.slot257400593.so',
  },
  { programId: 'MarBmsSgKXdrN1egZf5sqe1TMai9K1rChYNDJgjq7aD', file: 'marinade.MarBm.slot229946024.so' },
] as const;
/** The PoolState v2 dump shares v1's address and the June 2025 controller refuses it. */
const NOT_LOADED = new Set(['pool-state-v2.json', 'README.md']);
const JUPSOL_POOL = '8VpRhuxa7sUUepdY3kQiTmX9rS5vx4WgaXiAnXq4KCtr';
const LAST_UPDATE_EPOCH = StakePoolLayout.offsetOf('lastUpdateEpoch')!;
const UPGRADEABLE_LOADER = new PublicKey('BPFLoaderUpgradeab1e11111111111111111111111');
/** ProgramData: u32 tag 3, then the slot it was last deployed at, then Option<upgrade authority>. */
const PROGRAM_DATA_TAG = 3;
const PROGRAM_DATA_SLOT = 4;
const PROGRAM_DATA_AUTHORITY = 12;

/** ../shared/fixtures/infinity, seen from the repository root ($TIDEPOOL_SHARED_FIXTURES overrides the folder above). */
export function infinityFixturesDir(env: NodeJS.ProcessEnv = process.env): string {
  const shared =
    env.TIDEPOOL_SHARED_FIXTURES ??
    resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');
  return join(shared, 'infinity');
}

/** The files Infinity needs that are not where they should be (empty when it can run). */
export function missingInfinityFiles(
  programs = sharedProgramsDir(),
  fixtures = infinityFixturesDir(),
): string[] {
  const missing = INFINITY_PROGRAMS.map((p) => join(programs, p.file)).filter((path) => !existsSync(path));
  if (!existsSync(join(fixtures, 'pool-state.json'))) missing.push(fixtures);
  return missing;
}

export function infinityPrograms(dir = sharedProgramsDir()): ProgramFile[] {
  return INFINITY_PROGRAMS.map((p) => ({ programId: p.programId, path: join(dir, p.file) }));
}

/** Every account of the snapshot (PoolState v1, not v2), as `--account` would load it. */
export function infinityAccounts(dir = infinityFixturesDir()): { address: string; account: StoredAccount }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !NOT_LOADED.has(name))
    .map((name) => {
      const path = join(dir, name);
      const { pubkey } = JSON.parse(readFileSync(path, 'utf8')) as { pubkey: string };
      return { address: pubkey, account: readAccountFile(path) };
    });
}

/** A chain that keeps the Infinity snapshot's conditions (see above) from its first slot on. */
export class InfinityChain extends LocalChain {
  constructor(options: ConstructorParameters<typeof LocalChain>[0] = {}) {
    super(options);
    this.svm.withNativeMints();
    for (const programId of this.loadedPrograms) this.#deployedAtSlotZero(programId);
    this.#stampJupsolEpoch();
  }

  override advanceEpoch(): bigint {
    const epoch = super.advanceEpoch();
    this.#stampJupsolEpoch();
    return epoch;
  }

  #deployedAtSlotZero(programId: string): void {
    const [address] = PublicKey.findProgramAddressSync(
      [new PublicKey(programId).toBuffer()],
      UPGRADEABLE_LOADER,
    );
    const programData = this.getAccount(address.toBase58());
    if (!programData || programData.data[0] !== PROGRAM_DATA_TAG) return;
    const data = Buffer.from(programData.data);
    data.writeBigUInt64LE(0n, PROGRAM_DATA_SLOT);
    data.fill(0, PROGRAM_DATA_AUTHORITY, PROGRAM_DATA_AUTHORITY + 33); // no upgrade authority, as `… none` loads it
    this.setAccount(address.toBase58(), { ...programData, data: new Uint8Array(data) });
  }

  #stampJupsolEpoch(): void {
    const pool = this.getAccount(JUPSOL_POOL);
    if (!pool) return;
    const data = Buffer.from(pool.data);
    data.writeBigUInt64LE(this.epoch, LAST_UPDATE_EPOCH);
    this.setAccount(JUPSOL_POOL, { ...pool, data: new Uint8Array(data) });
  }
}
