// `npm run programs:install -- FILE`: puts a stake-pool program binary into the localnet's programs
// cache under all three stake-pool program ids (one binary serves the SPL program and both Sanctum
// deployments). FILE is the ELF (.so) or a ProgramData account dump in `solana account --output json`
// format, whose data is the ELF behind a 45-byte header. Nothing is downloaded.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { programsCacheDir, STAKE_POOL_PROGRAM_IDS } from './localnet/programs.ts';

const PROGRAM_DATA_HEADER = 45;
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

function elfFrom(file: string): Buffer {
  const bytes = readFileSync(file);
  if (bytes.subarray(0, 4).equals(ELF_MAGIC)) return bytes;
  const dump = JSON.parse(bytes.toString('utf8')) as { account?: { data?: [string, string] } };
  const [data, encoding] = dump.account?.data ?? [];
  if (typeof data !== 'string' || encoding !== 'base64')
    throw new Error(`${file} is neither an ELF nor a base64 account dump`);
  const elf = Buffer.from(data, 'base64').subarray(PROGRAM_DATA_HEADER);
  if (!elf.subarray(0, 4).equals(ELF_MAGIC))
    throw new Error(`${file}: the account data is not a ProgramData account holding an ELF`);
  return elf;
}

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run programs:install -- PATH_TO/stake-pool.so (or a ProgramData JSON dump)');
  process.exit(2);
}
const dir = programsCacheDir();
mkdirSync(dir, { recursive: true });
const elf = elfFrom(file);
for (const id of Object.values(STAKE_POOL_PROGRAM_IDS)) writeFileSync(join(dir, `${id}.so`), elf);
console.log(
  `stake-pool program (${elf.length} bytes) installed in ${dir} for ${Object.values(STAKE_POOL_PROGRAM_IDS).join(', ')}`,
);
