// `npm run localnet -- FLAGS` as a developer runs it: the ready line, --account, --bpf-program
// errors, and a clean stop on SIGTERM that keeps the ledger unless --reset.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../tools/localnet/cli.ts';
import { startLocalnet } from '../../tools/localnet/localnet.ts';
import {
  DEFAULT_STAKE_POOL_BUILD,
  STAKE_POOL_BUILDS,
  STAKE_POOL_PROGRAM_IDS,
  sharedProgramsDir,
} from '../../tools/localnet/programs.ts';

const ROOT = resolve(import.meta.dirname, '../..');

const NO_PROGRAMS = join(tmpdir(), 'tidepool-no-programs');

function startCli(
  args: string[],
  programsCache = NO_PROGRAMS,
): Promise<{ child: ChildProcessWithoutNullStreams; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/localnet/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, TIDEPOOL_PROGRAMS_DIR: programsCache, TIDEPOOL_SHARED_PROGRAMS: NO_PROGRAMS },
  });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const ready = out.split('\n').find((l) => l.startsWith('localnet ready'));
      if (ready) resolvePromise({ child, line: ready });
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`localnet exited ${code}: ${out}`)));
  });
}

const stop = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((r) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => r(code));
    child.kill('SIGTERM');
  });

const port = () => 30_000 + Math.floor(Math.random() * 20_000);

describe('localnet command line', () => {
  it('parses the solana-test-validator style flags and rejects unknown ones', () => {
    const options = parseFlags([
      '--rpc-port',
      '9000',
      '--bpf-program',
      'SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy',
      '/x.so',
      '--reset',
    ]);
    expect(options).toMatchObject({
      rpcPort: 9000,
      reset: true,
      programs: [{ programId: 'SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy', path: '/x.so' }],
    });
    expect(() => parseFlags(['--rpc-port'])).toThrow(/needs a value/);
    expect(() => parseFlags(['--faucet-sol', '1'])).toThrow(/unknown flag/);
    expect(() => parseFlags(['--rpc-port', '70000'])).toThrow(/port/);
  });

  it('prints one ready line, loads --account files, keeps the ledger across restarts and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidepool-cli-'));
    const address = Keypair.generate().publicKey.toBase58();
    const owner = Keypair.generate().publicKey.toBase58();
    writeFileSync(
      join(dir, 'acct.json'),
      JSON.stringify({
        pubkey: address,
        account: {
          lamports: 4242,
          data: [Buffer.from('tidepool').toString('base64'), 'base64'],
          owner,
          executable: false,
          rentEpoch: 0,
          space: 8,
        },
      }),
    );
    const rpcPort = port();
    const ledger = join(dir, 'ledger');
    const first = await startCli([
      '--rpc-port',
      String(rpcPort),
      '--account',
      address,
      join(dir, 'acct.json'),
      '--ledger',
      ledger,
    ]);
    expect(first.line).toMatch(
      new RegExp(`^localnet ready: rpc http://127.0.0.1:${rpcPort} ws ws://127.0.0.1:${rpcPort + 1}`),
    );
    expect(first.line).toMatch(/staking unavailable/);
    const connection = new Connection(`http://127.0.0.1:${rpcPort}`);
    const info = await connection.getAccountInfo(new PublicKey(address));
    expect(info?.lamports).toBe(4242);
    expect(Buffer.from(info!.data).toString()).toBe('tidepool');
    const funded = Keypair.generate().publicKey;
    await connection.requestAirdrop(funded, 1_000_000);
    expect(await stop(first.child)).toBe(0);

    const second = await startCli(['--rpc-port', String(rpcPort), '--ledger', ledger]);
    expect(await connection.getBalance(funded)).toBe(1_000_000);
    await stop(second.child);

    const third = await startCli(['--rpc-port', String(rpcPort), '--ledger', ledger, '--reset']);
    expect(await connection.getBalance(funded)).toBe(0);
    await stop(third.child);
  });

  it('fails with a clear message on a missing --bpf-program file', async () => {
    await expect(
      startCli([
        '--rpc-port',
        String(port()),
        '--bpf-program',
        'SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy',
        '/nonexistent.so',
      ]),
    ).rejects.toThrow(/localnet (failed|exited)/);
  });

  it('--clone-upgradeable-program copies a deployed program into the programs cache and loads it (here from a loopback node)', async () => {
    // The "cluster" is another localnet on this machine, running the real build from ../shared/programs.
    const source = await startLocalnet({ rpcPort: 0, useProgramsCache: false });
    const cache = mkdtempSync(join(tmpdir(), 'tidepool-clone-'));
    const rpcPort = port();
    try {
      const id = STAKE_POOL_PROGRAM_IDS.spl;
      const { child, line } = await startCli(
        ['--rpc-port', String(rpcPort), '--clone-upgradeable-program', id, '--url', source.rpcUrl],
        cache,
      );
      const expected = readFileSync(
        join(sharedProgramsDir(), STAKE_POOL_BUILDS[DEFAULT_STAKE_POOL_BUILD].file),
      );
      expect(readFileSync(join(cache, `${id}.so`)).equals(expected)).toBe(true);
      expect(line).toMatch(/^localnet ready/);
      const program = await new Connection(`http://127.0.0.1:${rpcPort}`).getAccountInfo(new PublicKey(id));
      expect(program?.executable).toBe(true);
      await stop(child);
    } finally {
      await source.close();
    }
  });

  it('--clone-upgradeable-program says which cluster could not be reached, and needs --url', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'tidepool-clone-'));
    await expect(
      startCli(
        [
          '--rpc-port',
          String(port()),
          '--clone-upgradeable-program',
          STAKE_POOL_PROGRAM_IDS.spl,
          '--url',
          'http://127.0.0.1:1',
        ],
        cache,
      ),
    ).rejects.toThrow(/127\.0\.0\.1:1 could not be reached/);
    expect(() => parseFlags(['--clone-upgradeable-program', STAKE_POOL_PROGRAM_IDS.spl])).toThrow(
      /needs --url/,
    );
    expect(() => parseFlags(['--url', 'ftp://x'])).toThrow(/--url must be/);
  });
});
