// `npm start`: a local chain with real stake pools, a funded demo account, and Chromium with the
// freshly built extension pointed at that chain. Ctrl-C stops everything.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Connection, Keypair, LAMPORTS_PER_SOL } from '@solana/web3.js';
import bs58 from 'bs58';
import { launchChromiumWithExtension } from '../chromium.ts';
import { startLocalnet } from '../localnet/localnet.ts';
import { STAKE_POOL_MISSING_HINT } from '../localnet/programs.ts';
import { seedDemoPools } from './demo-chain.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const RPC_PORT = 8899;

const node = await startLocalnet({ rpcPort: RPC_PORT, ledger: resolve(ROOT, '.localnet/demo-ledger'), reset: true });
console.log(`localnet ready: rpc ${node.rpcUrl} ws ${node.wsUrl}`);
const connection = new Connection(node.rpcUrl, 'confirmed');
const advanceEpoch = (rewardsBps: number) => node.service.handle({ jsonrpc: '2.0', id: 0, method: 'localnet_advanceEpoch', params: [{ rewardsBps }] });

if (node.stakePoolAvailable) {
  const { pools } = await seedDemoPools(connection, async (bps) => advanceEpoch(bps));
  for (const pool of pools) console.log(`demo stake pool ${pool.pool.toBase58()} (program ${pool.programId.toBase58()}, LST mint ${pool.mint.toBase58()})`);
} else {
  console.log(STAKE_POOL_MISSING_HINT);
}

const demo = Keypair.generate();
await connection.confirmTransaction(await connection.requestAirdrop(demo.publicKey, 100 * LAMPORTS_PER_SOL));
console.log(`demo account ${demo.publicKey.toBase58()} holds 100 SOL; import its secret key in Tidepool: ${bs58.encode(demo.secretKey)}`);

const headless = !process.env.DISPLAY;
const userDataDir = resolve(ROOT, '.localnet/chromium-profile');
mkdirSync(userDataDir, { recursive: true });
const { context, extensionId } = await launchChromiumWithExtension({ dist: resolve(ROOT, 'dist/chrome'), userDataDir, headless });
const popup = await context.newPage();
await popup.goto(`chrome-extension://${extensionId}/src/popup/index.html`);
await popup.evaluate(() => chrome.runtime.sendMessage({ channel: 'tidepool/ui', method: 'network:set', params: { network: 'localnet' } }));
await popup.reload();
console.log(`Chromium ${headless ? 'runs headless (no DISPLAY)' : 'is open'} with Tidepool ${extensionId} on the localnet. Ctrl-C to stop.`);

const stop = async () => {
  await context.close().catch(() => {});
  await node.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
context.on('close', () => void stop());
