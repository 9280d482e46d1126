// `npm start`: a local chain with real stake pools, a funded demo account, and Chromium with the
// freshly built extension pointed at that chain (`npm start -- --firefox`: Firefox ESR with
// dist/firefox as a temporary add-on). Ctrl-C stops everything.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Connection, Keypair, LAMPORTS_PER_SOL } from '@solana/web3.js';
import bs58 from 'bs58';
import { launchChromiumWithExtension } from '../chromium.ts';
import { FIREFOX_ORIGIN, launchFirefoxWithExtension } from '../firefox.ts';
import { startLocalnet } from '../localnet/localnet.ts';
import { missingInfinityFiles } from '../localnet/infinity.ts';
import { cloneUpgradeableProgram } from '../localnet/clone-program.ts';
import {
  STAKE_POOL_MISSING_HINT,
  STAKE_POOL_PROGRAM_IDS,
  cachedPrograms,
  mergePrograms,
  sharedPrograms,
  stakePoolProgramAvailable,
} from '../localnet/programs.ts';
import { seedDemoPools } from './demo-chain.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const RPC_PORT = 8899;

// No stake-pool build on this machine: copy the deployed one from mainnet into the programs cache
// (as --clone-upgradeable-program does). Offline, the demo runs without staking and says so.
if (!stakePoolProgramAvailable(mergePrograms(cachedPrograms(), sharedPrograms()).map((p) => p.programId))) {
  try {
    for (const id of Object.values(STAKE_POOL_PROGRAM_IDS)) await cloneUpgradeableProgram(id, 'mainnet-beta');
  } catch (error) {
    console.log(`the stake-pool program could not be fetched from mainnet: ${(error as Error).message}`);
  }
}

// INF and mSOL staking: Sanctum Infinity and Marinade as mainnet ran them in June 2025, when their
// builds and snapshot are beside the repository (../shared); without them the demo says so.
const missingRoutes = missingInfinityFiles();
const routes = missingRoutes.length === 0;
const node = await startLocalnet({
  rpcPort: RPC_PORT,
  ledger: resolve(ROOT, '.localnet/demo-ledger'),
  reset: true,
  infinity: routes,
  marinade: routes,
});
console.log(`localnet ready: rpc ${node.rpcUrl} ws ${node.wsUrl}`);
const connection = new Connection(node.rpcUrl, 'confirmed');
const advanceEpoch = (rewardsBps: number) =>
  node.service.handle({ jsonrpc: '2.0', id: 0, method: 'localnet_advanceEpoch', params: [{ rewardsBps }] });

if (node.stakePoolAvailable) {
  const { pools } = await seedDemoPools(connection, async (bps) => advanceEpoch(bps));
  for (const pool of pools)
    console.log(
      `demo stake pool ${pool.pool.toBase58()} (program ${pool.programId.toBase58()}, LST mint ${pool.mint.toBase58()})`,
    );
} else {
  console.log(STAKE_POOL_MISSING_HINT);
}

console.log(
  routes
    ? 'Sanctum Infinity (INF) and Marinade (mSOL) are loaded: stake into them, and compare every exit, from the popup'
    : `INF and mSOL staking are off: missing ${missingRoutes.join(', ')}`,
);

const demo = Keypair.generate();
await connection.confirmTransaction(await connection.requestAirdrop(demo.publicKey, 100 * LAMPORTS_PER_SOL));
console.log(
  `demo account ${demo.publicKey.toBase58()} holds 100 SOL; import its secret key in Tidepool: ${bs58.encode(demo.secretKey)}`,
);

const headless = !process.env.DISPLAY;
const useLocalnet = {
  channel: 'tidepool/ui',
  method: 'network:set',
  params: { network: 'localnet' },
} as const;
const { close, closed } = process.argv.includes('--firefox') ? await openFirefox() : await openChromium();

async function openChromium() {
  const userDataDir = resolve(ROOT, '.localnet/chromium-profile');
  mkdirSync(userDataDir, { recursive: true });
  const { context, extensionId } = await launchChromiumWithExtension({
    dist: resolve(ROOT, 'dist/chrome'),
    userDataDir,
    headless,
  });
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/src/popup/index.html`);
  await popup.evaluate((message) => chrome.runtime.sendMessage(message), useLocalnet);
  await popup.reload();
  console.log(
    `Chromium ${headless ? 'runs headless (no DISPLAY)' : 'is open'} with Tidepool ${extensionId} on the localnet. Ctrl-C to stop.`,
  );
  return {
    close: () => context.close(),
    closed: new Promise<void>((done) => context.on('close', () => done())),
  };
}

async function openFirefox() {
  const browser = await launchFirefoxWithExtension({ dist: resolve(ROOT, 'dist/firefox'), headless });
  const popup = await browser.newPage();
  // Load events of extension pages do not arrive over BiDi: navigate without waiting on them.
  await popup.goto(`${FIREFOX_ORIGIN}/src/popup/index.html`, { waitUntil: 'none' as never });
  await popup.waitForSelector('button');
  await popup.evaluate(
    (message) => (globalThis as unknown as { browser: typeof chrome }).browser.runtime.sendMessage(message),
    useLocalnet,
  );
  await popup.evaluate('location.reload()');
  console.log(
    `Firefox ESR ${headless ? 'runs headless (no DISPLAY)' : 'is open'} with Tidepool as a temporary add-on on the localnet. Ctrl-C to stop.`,
  );
  return {
    close: () => browser.close(),
    closed: new Promise<void>((done) => browser.on('disconnected', () => done())),
  };
}

const stop = async () => {
  await close().catch(() => {});
  await node.close();
  process.exit(0);
};
// A signal listener's return value is ignored; stop() ends the process itself.
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
void closed.then(stop);
