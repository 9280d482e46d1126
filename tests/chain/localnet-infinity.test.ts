// `--infinity`: the localnet loads Sanctum Infinity as mainnet ran it in June 2025, and keeps the
// four conditions its snapshot's README names, each checked here on the running chain: the wSOL
// native mint exists; every loaded program's ProgramData says last deployed at slot 0; jupSOL's
// pool is stamped with the chain's epoch, again after every epoch advance; PoolState v1 is loaded,
// never v2. A missing build or fixture is an error, never a quiet skip.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { PublicKey } from '@solana/web3.js';
import { MintLayout, NATIVE_MINT, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { StakePoolLayout } from '@solana/spl-stake-pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlags } from '../../tools/localnet/cli.ts';
import { missingInfinityFiles } from '../../tools/localnet/infinity.ts';
import { startLocalnet } from '../../tools/localnet/localnet.ts';
import { startTestChain, type TestChain } from '../support/localnet';
import { infinityOr } from '../support/infinity-fixtures';

const ROOT = resolve(import.meta.dirname, '../..');
const port = () => String(30_000 + Math.floor(Math.random() * 20_000));
const ledger = () => join(tmpdir(), `tidepool-infinity-${process.pid}-${Math.random()}`);
const JUPSOL_POOL = new PublicKey('8VpRhuxa7sUUepdY3kQiTmX9rS5vx4WgaXiAnXq4KCtr');
const INFINITY_POOL_STATE = new PublicKey('AYhux5gJzCoeoc1PoJ1VxwPDe22RwcvpHviLDD1oCGvW');
const programDataAddress = (program: PublicKey) =>
  PublicKey.findProgramAddressSync(
    [program.toBuffer()],
    new PublicKey('BPFLoaderUpgradeab1e11111111111111111111111'),
  )[0];
const INFINITY_IDS = [
  '5ocnV1qiCgaQR8Jb8xWnVbApfaygJ8tNoZfgPwsgx9kx',
  'f1tUoNEKrDp1oeGn4zxr7bh41eN6VcfHjfrL3ZqQday',
  'wsoGmxQLSvwWpuaidCApxN5kEowLe2HLQLJhCQnj4bE',
  'ssmbu3KZxgonUtjEMCKspZzxvUQCxAFnyh1rcHUeEDo',
  'mare3SCyfZkAndpBRBeonETmkCCB3TJTTrz8ZN2dnhP',
  'SPMBzsVUuoHA4Jm6KunbsotaahvVikZs1JyTW6iJvbn',
  'MarBmsSgKXdrN1egZf5sqe1TMai9K1rChYNDJgjq7aD',
];

/** The CLI's output up to its ready line, or all of it when it exits first. */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ ready: string | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/localnet/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  return new Promise((done) => {
    let out = '';
    const read = (d: Buffer) => {
      out += d.toString();
      const ready = out.split('\n').find((l) => l.startsWith('localnet ready'));
      if (ready) {
        child.removeAllListeners('exit');
        child.once('exit', () => done({ ready, out }));
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', () => done({ ready: null, out }));
  });
}

describe('localnet --infinity: the flag', () => {
  it('parses --infinity', () => {
    expect(parseFlags(['--infinity']).infinity).toBe(true);
    expect(parseFlags([]).infinity).toBeUndefined();
  });

  it('fails at start, naming each missing file, when the builds are not there (never a quiet skip)', async () => {
    const nowhere = join(tmpdir(), 'tidepool-no-programs');
    expect(missingInfinityFiles(nowhere)).toContain(join(nowhere, 'infinity.inf.so'));
    const { ready, out } = await runCli(['--infinity', '--rpc-port', port(), '--ledger', ledger()], {
      TIDEPOOL_SHARED_PROGRAMS: nowhere,
      TIDEPOOL_PROGRAMS_DIR: nowhere,
    });
    expect(ready).toBeNull();
    expect(out).toContain(`--infinity needs ${join(nowhere, 'infinity.inf.so')}`);
  });

  it.skipIf(!infinityOr('localnet --infinity'))(
    'says in its ready line that Infinity is loaded',
    async () => {
      const { ready } = await runCli(
        ['--infinity', '--rpc-port', port(), '--reset', '--ledger', ledger()],
        {},
      );
      expect(ready).toMatch(/Sanctum Infinity \(June 2025\) loaded$/);
    },
  );
});

describe.skipIf(!infinityOr('localnet --infinity'))('localnet --infinity: a saved ledger', () => {
  it('restarting on a saved ledger keeps Infinity as it was left (the snapshot fills only what the ledger lacks)', async () => {
    const dir = ledger();
    const first = await startLocalnet({ infinity: true, ledger: dir, reset: true, rpcPort: 0 });
    const pool = first.chain.getAccount(INFINITY_POOL_STATE.toBase58())!;
    const moved = Buffer.from(pool.data);
    moved.writeBigUInt64LE(moved.readBigUInt64LE(0) + 1n, 0);
    first.chain.setAccount(INFINITY_POOL_STATE.toBase58(), { ...pool, data: new Uint8Array(moved) });
    await first.close();
    const second = await startLocalnet({ infinity: true, ledger: dir, rpcPort: 0 });
    try {
      expect(Buffer.from(second.chain.getAccount(INFINITY_POOL_STATE.toBase58())!.data)).toEqual(moved);
    } finally {
      await second.close();
    }
  });
});

describe.skipIf(!infinityOr('localnet --infinity'))(
  'localnet --infinity: the snapshot’s four conditions',
  () => {
    let chain: TestChain;
    beforeAll(async () => {
      chain = await startTestChain({ infinity: true });
    });
    afterAll(async () => chain?.close());

    const jupsolEpoch = async () =>
      Buffer.from((await chain.connection.getAccountInfo(JUPSOL_POOL))!.data).readBigUInt64LE(
        StakePoolLayout.offsetOf('lastUpdateEpoch')!,
      );

    it('the wSOL native mint exists: an initialized Token mint of 9 decimals', async () => {
      const mint = await chain.connection.getAccountInfo(NATIVE_MINT);
      expect(mint?.owner.equals(TOKEN_PROGRAM_ID)).toBe(true);
      const decoded = MintLayout.decode(mint!.data);
      expect([decoded.isInitialized, decoded.decimals]).toEqual([true, 9]);
    });

    it('every loaded program’s ProgramData says last deployed at slot 0, with no upgrade authority', async () => {
      const loaded = chain.node.chain.loadedPrograms;
      for (const id of INFINITY_IDS) expect(loaded).toContain(id);
      for (const id of loaded) {
        const data = (await chain.connection.getAccountInfo(programDataAddress(new PublicKey(id))))?.data;
        if (!data || data.readUInt32LE(0) !== 3) continue; // not an upgradeable program
        expect([id, data.readBigUInt64LE(4), data[12]]).toEqual([id, 0n, 0]);
      }
    });

    it('jupSOL’s pool says it was updated this epoch, and again after each epoch advance', async () => {
      const epoch = async () => BigInt((await chain.connection.getEpochInfo()).epoch);
      expect(await jupsolEpoch()).toBe(await epoch());
      for (let i = 0; i < 2; i++) {
        await chain.advanceEpoch();
        expect(await jupsolEpoch()).toBe(await epoch());
      }
    });

    it('the PoolState is v1 (176 bytes, version 1), the one the June 2025 controller takes; v2 is not loaded', async () => {
      const pool = await chain.connection.getAccountInfo(INFINITY_POOL_STATE);
      expect([pool?.data.length, pool?.data[12]]).toEqual([176, 1]);
    });
  },
);
