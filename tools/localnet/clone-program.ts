// `--clone-upgradeable-program ID --url CLUSTER`, as solana-test-validator has it: copy a program as
// deployed on a real cluster (its ProgramData account, whose data is the ELF behind a 45-byte
// header) into the programs cache, so the localnet loads it at that id. Only this step reaches
// beyond the machine, and only when a person asks for it.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bs58 from 'bs58';
import { PROGRAM_DATA_HEADER, UPGRADEABLE_LOADER } from './program-loader.ts';
import { programsCacheDir, type ProgramFile } from './programs.ts';

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
/** The loader's account kinds: UpgradeableLoaderState::Program (2) and ::ProgramData (3). */
const PROGRAM = 2;
const PROGRAM_DATA = 3;
const TIMEOUT_MS = 60_000;

/** The solana CLI's cluster monikers, or a URL as it is. */
const MONIKERS: Record<string, string> = {
  'mainnet-beta': 'https://api.mainnet-beta.solana.com',
  m: 'https://api.mainnet-beta.solana.com',
  devnet: 'https://api.devnet.solana.com',
  d: 'https://api.devnet.solana.com',
  testnet: 'https://api.testnet.solana.com',
  t: 'https://api.testnet.solana.com',
  localhost: 'http://127.0.0.1:8899',
  l: 'http://127.0.0.1:8899',
};

export function clusterUrl(urlOrMoniker: string): string {
  const url = MONIKERS[urlOrMoniker] ?? urlOrMoniker;
  if (!/^https?:\/\//.test(url))
    throw new Error(
      `--url must be http(s)://… or one of ${Object.keys(MONIKERS)
        .filter((k) => k.length > 1)
        .join(', ')}`,
    );
  return url;
}

async function accountData(url: string, address: string): Promise<{ owner: string; data: Buffer } | null> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'getAccountInfo',
        params: [address, { encoding: 'base64', commitment: 'confirmed' }],
      }),
    });
  } catch (error) {
    throw new Error(
      `${new URL(url).host} could not be reached (${(error as Error).name === 'TimeoutError' ? 'no answer in time' : 'offline?'})`,
    );
  }
  if (!response.ok) throw new Error(`${new URL(url).host} answered HTTP ${response.status}`);
  const body = (await response.json()) as {
    result?: { value: { owner: string; data: [string, string] } | null };
    error?: { message: string };
  };
  if (body.error) throw new Error(`${new URL(url).host}: ${body.error.message}`);
  const value = body.result?.value;
  return value ? { owner: value.owner, data: Buffer.from(value.data[0], 'base64') } : null;
}

/** Fetches the program's ELF and writes it to `<cache>/<ID>.so`; `say` gets one line per step. */
export async function cloneUpgradeableProgram(
  programId: string,
  urlOrMoniker: string,
  say: (line: string) => void = console.log,
  dir = programsCacheDir(),
): Promise<ProgramFile> {
  const url = clusterUrl(urlOrMoniker);
  say(`cloning ${programId} from ${new URL(url).host}…`);
  const program = await accountData(url, programId);
  if (!program) throw new Error(`no account ${programId} on ${new URL(url).host}`);
  if (program.owner !== UPGRADEABLE_LOADER || program.data.readUInt32LE(0) !== PROGRAM) {
    throw new Error(`${programId} is not a program of the upgradeable loader (owner ${program.owner})`);
  }
  const programData = bs58.encode(program.data.subarray(4, 36));
  const data = await accountData(url, programData);
  if (!data || data.owner !== UPGRADEABLE_LOADER || data.data.readUInt32LE(0) !== PROGRAM_DATA) {
    throw new Error(`the program data account ${programData} of ${programId} could not be read`);
  }
  const elf = data.data.subarray(PROGRAM_DATA_HEADER);
  if (!elf.subarray(0, 4).equals(ELF_MAGIC))
    throw new Error(`the program data of ${programId} does not hold an ELF`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${programId}.so`);
  // Through a temporary file and a rename: an interrupted copy never leaves half a program behind.
  writeFileSync(`${path}.partial`, elf);
  renameSync(`${path}.partial`, path);
  say(
    `cloned ${programId}: ${(elf.length / 1024).toFixed(0)} KiB from program data ${programData}, saved in ${path}`,
  );
  return { programId, path };
}
