// `npm run localnet -- [flags]`: flags follow solana-test-validator's.
import { readAccountFile } from './account-file.ts';
import { cloneUpgradeableProgram, clusterUrl } from './clone-program.ts';
import { hash32 } from './genesis.ts';
import { startLocalnet, type LocalnetOptions } from './localnet.ts';
import { STAKE_POOL_MISSING_HINT } from './programs.ts';

const USAGE = `usage: npm run localnet -- [--rpc-port N] [--bpf-program ADDRESS PATH]... [--account ADDRESS JSON_FILE]... [--ledger DIR] [--reset] [--warp-slot SLOT] [--marinade] [--infinity] [--genesis-hash HASH] [--blockhash-seed TEXT] [--slot-ms MS] [--index-lag WRITES] [--reward-epochs N] [--clone-upgradeable-program ADDRESS... --url URL_OR_MONIKER]`;

interface CliOptions extends LocalnetOptions {
  /** Programs to copy from the cluster at `url` into the programs cache before starting. */
  clone: string[];
  url?: string;
}

function wholeNumber(flag: string, text: string, min: number, max: number, unit: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${flag} must be a whole number of ${unit} from ${min} to ${max}`);
  return n;
}

export function parseFlags(argv: string[]): CliOptions {
  const options: CliOptions = {
    rpcPort: 8899,
    programs: [],
    accounts: [],
    ledger: '.localnet/ledger',
    clone: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (n = 1) => {
      const v = argv[i + n];
      if (v === undefined || v.startsWith('--'))
        throw new Error(`${flag} needs ${n === 1 ? 'a value' : 'two values'}\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--rpc-port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 1 || port > 65534)
          throw new Error(`--rpc-port must be a port from 1 to 65534`);
        options.rpcPort = port;
        i++;
        break;
      }
      case '--bpf-program':
        options.programs!.push({ programId: value(1), path: value(2) });
        i += 2;
        break;
      case '--account':
        options.accounts!.push({ address: value(1), account: readAccountFile(value(2)) });
        i += 2;
        break;
      case '--ledger':
        options.ledger = value();
        i++;
        break;
      case '--reset':
        options.reset = true;
        break;
      case '--infinity':
        options.infinity = true;
        break;
      case '--warp-slot': {
        const slot = value();
        if (!/^\d{1,19}$/.test(slot))
          throw new Error(`--warp-slot must be a slot number (a non-negative integer)`);
        options.warpSlot = BigInt(slot);
        i++;
        break;
      }
      case '--marinade':
        options.marinade = true;
        break;
      case '--genesis-hash': {
        const hash = value();
        if (hash32(hash) === null) throw new Error(`--genesis-hash must be 32 bytes in base58`);
        options.genesisHash = hash;
        i++;
        break;
      }
      case '--slot-ms':
        options.slotMs = wholeNumber(flag, value(), 1, 60_000, 'milliseconds');
        i++;
        break;
      case '--index-lag':
        options.indexLag = wholeNumber(flag, value(), 0, 10_000, 'writes');
        i++;
        break;
      case '--reward-epochs':
        options.rewardEpochs = wholeNumber(flag, value(), 1, 100_000, 'epochs');
        i++;
        break;
      case '--blockhash-seed':
        options.blockhashSeed = value();
        i++;
        break;
      case '--clone-upgradeable-program':
        options.clone.push(value());
        i++;
        break;
      case '--url':
        options.url = clusterUrl(value());
        i++;
        break;
      case '--help':
        console.log(USAGE);
        process.exit(0);
      case undefined: // not reached (i < argv.length); listed for the exhaustiveness check
      default:
        throw new Error(`unknown flag ${flag}\n${USAGE}`);
    }
  }
  if (options.clone.length && !options.url)
    throw new Error(`--clone-upgradeable-program needs --url (the cluster to copy it from)\n${USAGE}`);
  return options;
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseFlags(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  // Cloned programs land in the programs cache, which the localnet reads like any cached program.
  for (const programId of options.clone) await cloneUpgradeableProgram(programId, options.url!);
  const node = await startLocalnet(options);
  const staking = node.stakePoolAvailable ? 'stake-pool program loaded' : STAKE_POOL_MISSING_HINT;
  const marinade = options.marinade ? '; Marinade loaded' : '';
  const infinity = options.infinity ? '; Sanctum Infinity (June 2025) loaded' : '';
  console.log(
    `localnet ready: rpc ${node.rpcUrl} ws ${node.wsUrl} epoch ${node.chain.epoch}; ${staking}${marinade}${infinity}`,
  );
  const stop = async () => {
    await node.close();
    process.exit(0);
  };
  // A signal listener's return value is ignored; stop() ends the process itself.
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(`localnet failed: ${error.message}`);
    process.exit(1);
  });
}
