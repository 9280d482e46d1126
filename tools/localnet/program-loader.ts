// Loading program builds into the SVM. litesvm bundles some programs (the stake program among
// them); a build it already runs byte for byte is not loaded again, and any other replaces it.
import { readFileSync } from 'node:fs';
import type { LiteSVM } from 'litesvm';
import { address as kitAddress } from '@solana/kit';
import bs58 from 'bs58';
import type { AccountReader } from './accounts.ts';

export const UPGRADEABLE_LOADER = 'BPFLoaderUpgradeab1e11111111111111111111111';
/** ProgramData's header before the ELF: tag (4), deploy slot (8), optional authority (1 + 32). */
export const PROGRAM_DATA_HEADER = 45;

/** The ProgramData account of an upgradeable program (none for another loader's). */
export function programDataOf(reader: AccountReader, programId: string): string[] {
  const program = reader.getAccount(programId);
  return program?.executable && program.owner === UPGRADEABLE_LOADER && program.data.length >= 36
    ? [bs58.encode(program.data.subarray(4, 36))]
    : [];
}

/** The ELF the SVM runs at `programId` (read through its ProgramData for the upgradeable loader), or null. */
export function runningElf(reader: AccountReader, programId: string): Uint8Array | null {
  const program = reader.getAccount(programId);
  if (!program?.executable) return null;
  if (program.owner !== UPGRADEABLE_LOADER) return program.data;
  const [programData] = programDataOf(reader, programId);
  const data = programData ? reader.getAccount(programData) : null;
  return data ? data.data.subarray(PROGRAM_DATA_HEADER) : null;
}

export function loadProgram(chain: AccountReader & { svm: LiteSVM }, programId: string, path: string): void {
  const running = runningElf(chain, programId);
  if (running && Buffer.from(running).equals(readFileSync(path))) return;
  chain.svm.addProgramFromFile(kitAddress(programId), path);
}
