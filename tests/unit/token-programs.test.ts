// Token program ids that come from RPC data are compared exactly against SPL Token and
// Token-2022; a stake pool whose account names another token program is refused before anything
// is built for it (its deposits and withdrawals would sign for that program).
import { readFileSync } from 'node:fs';
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { Keypair, PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { knownTokenProgram } from '../../src/background/chain/token-programs';
import { decodePool } from '../../src/background/staking/pool-account';

const FIXTURES = '/work/shared/fixtures/mainnet';

/** JitoSOL's pool account as dumped from mainnet (read from the shared fixtures, never copied). */
function jitoPool(): { address: PublicKey; owner: PublicKey; data: Uint8Array } {
  const dump = JSON.parse(readFileSync(`${FIXTURES}/jito-stake-pool.json`, 'utf8')) as {
    pubkey: string;
    account: { owner: string; data: [string, string] };
  };
  return {
    address: new PublicKey(dump.pubkey),
    owner: new PublicKey(dump.account.owner),
    data: new Uint8Array(Buffer.from(dump.account.data[0], 'base64')),
  };
}

describe('token programs from RPC data', () => {
  it('accepts exactly Token and Token-2022, as our own constants', () => {
    expect(knownTokenProgram(TOKEN_PROGRAM_ID.toBase58())).toBe(TOKEN_PROGRAM_ID);
    expect(knownTokenProgram(new PublicKey(TOKEN_2022_PROGRAM_ID.toBytes()))).toBe(TOKEN_2022_PROGRAM_ID);
  });

  it('refuses look-alikes and anything else', () => {
    const real = TOKEN_PROGRAM_ID.toBase58();
    const lookAlike = `${real.slice(0, -1)}${real.endsWith('B') ? 'C' : 'B'}`;
    for (const id of [
      lookAlike,
      'Token',
      ` ${TOKEN_PROGRAM_ID.toBase58()}`,
      Keypair.generate().publicKey.toBase58(),
      '',
    ]) {
      expect(knownTokenProgram(id)).toBeNull();
    }
  });

  it('a stake pool naming another token program is refused; the real one decodes with our constant', () => {
    const { address, owner, data } = jitoPool();
    const lamports = 1n;
    expect(decodePool(address, { owner, data, lamports }).tokenProgramId).toBe(TOKEN_PROGRAM_ID);
    const tokenProgramAt = Buffer.from(data).indexOf(TOKEN_PROGRAM_ID.toBuffer());
    expect(tokenProgramAt).toBeGreaterThan(0);
    const attacker = Keypair.generate().publicKey;
    const forged = Uint8Array.from(data);
    forged.set(attacker.toBytes(), tokenProgramAt);
    expect(() => decodePool(address, { owner, data: forged, lamports })).toThrow(
      expect.objectContaining({
        code: 'pool_unavailable',
        message: expect.stringContaining(`names ${attacker.toBase58()} as its token program`),
      }),
    );
  });
});
