// The background's engine assembled in Node against a test chain by the worker's own
// createEngine (so a test cannot wire the services differently from the product), with a FAKE
// storage area (chrome.storage cannot run in Node) and the test keypair as signer.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519';
import {
  Authorized,
  type Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  Lockup,
  PublicKey,
  StakeProgram,
  Transaction,
  sendAndConfirmTransaction,
} from '@solana/web3.js';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe } from 'vitest';
import type { WebSocketFactory } from '../../src/background/chain/signature-watch';
import type { Signer } from '../../src/background/chain/tx-sender';
import { readAccountFile } from '../../tools/localnet/account-file.ts';
import type { StoredAccount } from '../../tools/localnet/accounts.ts';
import { createEngine } from '../../src/background/engine';
import type { ApprovedMinimum } from '../../src/background/staking/guarantee';
import { heldTo, type Guarantee } from '../../src/shared/guarantee';
import { CustomNetworks } from '../../src/background/custom-network';
import { Engines } from '../../src/background/engines';
import { SettingsStore } from '../../src/background/settings/settings';
import type { NetworkInfo } from '../../src/shared/networks';
import {
  createStakePool,
  increaseValidatorStake,
  type CreatePoolOptions,
  type CreatedPool,
} from '../../tools/stake-pool-admin/pool-admin.ts';
import { updatePool } from '../../tools/stake-pool-admin/pool-crank.ts';
import type { LocalnetOptions } from '../../tools/localnet/localnet.ts';
import type { StakePoolBuild } from '../../tools/localnet/programs.ts';
import { stakePoolBuilds, stakePoolProgramOr, startTestChain, type TestChain } from './localnet';
import { MemoryStorage } from './memory-storage';

export const SOL = BigInt(LAMPORTS_PER_SOL);

/** Node has no global WebSocket (the service worker has); the `ws` package stands in for it. */
const nodeWebSocket: WebSocketFactory = (url) =>
  new WebSocket(url) as unknown as ReturnType<WebSocketFactory>;

export function engineFor(
  chain: TestChain,
  user: Keypair,
  options: {
    rpcTimeoutMs?: number;
    confirmTimeoutMs?: number;
    storage?: MemoryStorage;
    webSocket?: WebSocketFactory | null;
    /** The engine's network (default: the test chain as a custom loopback RPC). */
    network?: NetworkInfo;
    /** The person's tolerance setting (default: the product's). */
    toleranceBps?: number;
    /** The signer (default: the test keypair's, which runs `afterNextSignature`'s hook). */
    sign?: Signer;
  } = {},
) {
  const network = options.network ?? testNetwork(chain);
  const storage = options.storage ?? new MemoryStorage();
  let hook: (() => Promise<unknown>) | null = null;
  const keypairSigns = signerOf(user);
  const sign: Signer =
    options.sign ??
    (async (address, message) => {
      const signature = await keypairSigns(address, message);
      const then = hook;
      hook = null;
      await then?.();
      return signature;
    });
  const engine = createEngine({
    network,
    cluster: clusterOf(network, chain),
    local: storage,
    sign,
    ...(options.toleranceBps === undefined ? {} : { toleranceBps: async () => options.toleranceBps! }),
    rpcTimeoutMs: options.rpcTimeoutMs,
    confirmTimeoutMs: options.confirmTimeoutMs,
    webSocket: options.webSocket === undefined ? nodeWebSocket : options.webSocket,
  });
  return {
    ...engine,
    storage,
    owner: user.publicKey,
    /**
     * Runs `then` once, right after the engine's next signature and before anything signed is
     * sent: where a pool manager, or another sender, strikes.
     */
    afterNextSignature(then: () => Promise<unknown>) {
      hook = then;
    },
  };
}

/**
 * The network's genesis hash as the worker resolves it (CustomNetworks). `identified`: the test chain
 * whose URL Engines.network() has already named (its node's answer in session storage, as the worker
 * holds it before any engine of that URL exists), so a test counts only the engine's own requests.
 */
export function clusterOf(network: NetworkInfo, identified?: TestChain): () => Promise<string> {
  const session = new MemoryStorage();
  const networks = new CustomNetworks(session);
  const told = identified
    ? session.set('genesisHashes', { [identified.node.rpcUrl]: identified.node.chain.identity.genesisHash })
    : Promise.resolve();
  return async () => {
    await told;
    return networks.genesisHash(network);
  };
}

/** Signs as the test keypair, and as no one else. */
export const signerOf =
  (user: Keypair): Signer =>
  async (address, message) => {
    if (address !== user.publicKey.toBase58()) throw new Error(`no key for ${address}`);
    return ed25519.sign(message, user.secretKey.subarray(0, 32));
  };

/**
 * The worker's engines in Node, as index.ts wires them: the settings and both storage areas over
 * the FAKE storage (pass the same ones again for a restarted worker), the test keypair as signer.
 */
export function enginesFor(
  user: Keypair,
  { local = new MemoryStorage(), session = new MemoryStorage(), sign = signerOf(user) } = {},
) {
  const settings = new SettingsStore(local);
  const engines = new Engines({ settings, local, session, sign, webSocket: nodeWebSocket });
  return { engines, settings, local, session };
}

/** The test chain as the engine's network: a custom loopback URL, no public cluster. */
const testNetwork = (chain: TestChain): NetworkInfo => ({
  id: 'custom',
  label: 'test',
  rpcUrl: chain.node.rpcUrl,
  chain: 'solana:localnet',
});

/** A pool whose validators hold active stake (so delayed unstake has a source), updated this epoch. */
export async function activePool(
  chain: TestChain,
  operator: Keypair,
  options: CreatePoolOptions & { stakePerValidator?: bigint },
): Promise<CreatedPool> {
  const pool = await createStakePool(chain.connection, operator, options);
  const stake = options.stakePerValidator ?? 10n * SOL;
  if (stake > 0n)
    for (const vote of pool.votes)
      await increaseValidatorStake(chain.connection, operator, pool, vote, stake);
  return pool;
}

/** Moves to the next epoch (crediting rewards to active stake) and updates the given pools. */
export async function nextEpoch(
  chain: TestChain,
  operator: Keypair,
  pools: CreatedPool[],
  rewardsBps = 0,
): Promise<void> {
  await chain.advanceEpoch(rewardsBps);
  for (const pool of pools) await updatePool(chain.connection, operator, pool.programId, pool.pool);
}

/** ../shared/fixtures/mainnet, seen from the repository root. */
const MAINNET_FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/mainnet');

/** Every dump whose file name starts with `prefix` (e.g. "picosol-"), as the localnet's `accounts` option takes them. */
export function mainnetAccounts(prefix: string): { address: string; account: StoredAccount; name: string }[] {
  return readdirSync(MAINNET_FIXTURES)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .map((f) => {
      const path = join(MAINNET_FIXTURES, f);
      const { pubkey } = JSON.parse(readFileSync(path, 'utf8')) as { pubkey: string };
      return {
        address: pubkey,
        account: readAccountFile(path),
        name: f.slice(prefix.length, -'.json'.length),
      };
    });
}

/**
 * The minimum out a *WithSlippage instruction (the transaction's last) carries: its last u64, after
 * the tag and, for all but DepositStakeWithSlippage, the amount in. Checks the tag first.
 */
export function boundedMinimum(transaction: Transaction, tag: number): bigint {
  const ix = transaction.instructions.at(-1)!;
  if (ix.data[0] !== tag) throw new Error(`the last instruction has tag ${ix.data[0]}, not ${tag}`);
  return Buffer.from(ix.data).readBigUInt64LE(ix.data.length - 8);
}

/** What a click on `quote` approves, as the popup sends it (models/quote.ts approvedOf), in the engine's terms. */
export function approvedOf(quote: { guarantee: Guarantee | null }): ApprovedMinimum {
  const g = quote.guarantee;
  if (!g) throw new Error('the quote has no guarantee (it is blocked)');
  return { minimum: BigInt(heldTo(g)), enforced: g.kind === 'enforced' };
}

/** The minimum the program enforces for `quote`; fails the test when it enforces none. */
export function enforcedMinimum(quote: { guarantee: Guarantee | null }): bigint {
  const g = quote.guarantee;
  if (g?.kind !== 'enforced') throw new Error(`expected an enforced minimum, got ${JSON.stringify(g)}`);
  return BigInt(g.minimum);
}

/** The minimum out the landed transaction `signature` carried in its *WithSlippage instruction `tag`. */
export async function signedMinimum(connection: Connection, signature: string, tag: number): Promise<bigint> {
  const tx = await connection.getTransaction(signature, {
    commitment: 'confirmed',
    maxSupportedTransactionVersion: 0,
  });
  const ix = tx?.transaction.message.compiledInstructions.find((i) => i.data[0] === tag);
  if (!ix) throw new Error(`no instruction with tag ${tag} in ${signature}`);
  return Buffer.from(ix.data).readBigUInt64LE(ix.data.length - 8);
}

/** A new stake account of `owner` (staker and withdrawer), holding `lamports` and delegated to `vote`. */
export const delegatedStake = (chain: TestChain, owner: Keypair, vote: PublicKey, lamports: bigint) =>
  stakeAccountOf(chain, owner, lamports, { vote });

/** A stake account of `owner` made with a fresh keypair (not by Tidepool), optionally locked up and delegated. */
export async function stakeAccountOf(
  chain: TestChain,
  owner: Keypair,
  lamports: bigint,
  { vote, lockup }: { vote?: PublicKey; lockup?: Lockup } = {},
): Promise<PublicKey> {
  const account = Keypair.generate();
  const tx = new Transaction().add(
    ...StakeProgram.createAccount({
      fromPubkey: owner.publicKey,
      stakePubkey: account.publicKey,
      lamports: Number(lamports),
      authorized: new Authorized(owner.publicKey, owner.publicKey),
      lockup: lockup ?? new Lockup(0, 0, PublicKey.default),
    }).instructions,
    ...(vote
      ? StakeProgram.delegate({
          stakePubkey: account.publicKey,
          authorizedPubkey: owner.publicKey,
          votePubkey: vote,
        }).instructions
      : []),
  );
  await sendAndConfirmTransaction(chain.connection, tx, [owner, account], { commitment: 'confirmed' });
  return account.publicKey;
}

/**
 * A pool as an attacker's dApp might name it: a 99.99 % SOL deposit fee, all of it paid back to the
 * depositor as a 100 % referral share, so a deposit simulates as receiving nearly all it would in a
 * fee-less pool while the program holds the transaction to a ten-thousandth of that.
 */
export const referralTrapPool = (chain: TestChain, operator: Keypair, programId: PublicKey) =>
  activePool(chain, operator, {
    programId,
    validators: 1,
    initialDepositLamports: 5n * SOL,
    stakePerValidator: 0n,
    depositFee: { numerator: 9_999n, denominator: 10_000n },
    referralFeePercent: 100,
  });

/** What a suite on one stake-pool build starts with (describeOnEachBuild). */
export interface BuildSuite {
  /** The test chain running the build, at every id it serves (started first, closed last). */
  chain: TestChain;
  /** Funded with 1,000 SOL: makes and cranks the suite's pools, and plays their manager. */
  operator: Keypair;
  /** The wallet's account, funded with `userSol`. */
  user: Keypair;
  /** The user's engine, wired by the worker's own createEngine. */
  engine: ReturnType<typeof engineFor>;
}

interface BuildSuiteOptions {
  /** The user's SOL (default 50). */
  userSol?: number;
  /** Between the wallet and the chain's node (a named fake, or a recorder). */
  middleware?: LocalnetOptions['middleware'];
}

/** Starts `build`'s chain before the suite's own beforeAll hooks and closes it after: what `body` gets. */
function buildSuite(build: StakePoolBuild, { userSol = 50, middleware }: BuildSuiteOptions): BuildSuite {
  const suite = {} as BuildSuite;
  beforeAll(async () => {
    suite.chain = await startTestChain({ stakePoolBuild: build, useProgramsCache: false, middleware });
    suite.operator = await suite.chain.funded(1_000);
    suite.user = await suite.chain.funded(userSol);
    suite.engine = engineFor(suite.chain, suite.user);
  });
  afterAll(() => suite.chain?.close());
  return suite;
}

/**
 * A suite run once per deployed stake-pool build (`describe.each` over stakePoolBuilds(), skipped
 * with one SKIPPED line when no build is on the machine, a failure in CI), on a chain of its own:
 * `body` gets what every such suite starts with (filled before its own beforeAll hooks run) and
 * the build's name. `title` names the build with `%s`.
 */
export function describeOnEachBuild(
  what: string,
  title: string,
  options: BuildSuiteOptions,
  body: (suite: BuildSuite, build: StakePoolBuild) => void,
): void {
  const builds = stakePoolBuilds();
  describe.skipIf(!stakePoolProgramOr(what, builds.length > 0)).each(builds)(title, (build) => {
    body(buildSuite(build, options), build);
  });
}

/**
 * describeOnEachBuild for a suite whose point is not the build (a node's answer, a cluster's
 * figure): run once, on the first deployed build (skipped when there is none, a failure in CI).
 */
export function describeOnOneBuild(
  what: string,
  title: string,
  options: BuildSuiteOptions,
  body: (suite: BuildSuite) => void,
): void {
  const build = stakePoolBuilds()[0];
  describe.skipIf(!stakePoolProgramOr(what, build !== undefined))(title, () => {
    body(buildSuite(build!, options));
  });
}
