// The localnet answers getTokenAccountsByOwner from an owner index: after every kind of change
// (an account created, its owner changed in a v0 transaction that names it only through a lookup
// table, closed) its answer equals a full scan of both token programs by the owner field.
import type { PublicKey } from '@solana/web3.js';
import {
  AuthorityType,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  createCloseAccountInstruction,
  createSetAuthorityInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupTable, send, tokenHolding, v0 } from '../support/attacks';
import { startTestChain, type TestChain } from '../support/localnet';

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(() => chain.close());

const PROGRAMS = [TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID];

async function indexed(owner: PublicKey): Promise<string[]> {
  const lists = await Promise.all(
    PROGRAMS.map((programId) => chain.connection.getTokenAccountsByOwner(owner, { programId })),
  );
  return lists.flatMap((l) => l.value.map((a) => a.pubkey.toBase58())).sort();
}

/** The truth: every account of either token program whose owner field (bytes 32..64) is `owner`. */
async function scanned(owner: PublicKey): Promise<string[]> {
  const lists = await Promise.all(
    PROGRAMS.map((programId) =>
      chain.connection.getProgramAccounts(programId, {
        filters: [{ memcmp: { offset: 32, bytes: owner.toBase58() } }],
      }),
    ),
  );
  return lists
    .flat()
    .filter((a) => a.account.data.length >= 165)
    .map((a) => a.pubkey.toBase58())
    .sort();
}

async function expectExact(owner: PublicKey, expected: PublicKey[]): Promise<void> {
  const want = expected.map((k) => k.toBase58()).sort();
  expect(await scanned(owner)).toEqual(want);
  expect(await indexed(owner)).toEqual(want);
  // The data answered is the account as it is now, not as the index first saw it.
  const parsed = await chain.connection.getParsedTokenAccountsByOwner(owner, { programId: TOKEN_PROGRAM_ID });
  for (const { account } of parsed.value) expect(account.data.parsed.info.owner).toBe(owner.toBase58());
}

describe('localnet token-owner index', () => {
  it('stays equal to a full scan when accounts are created, change owner through a lookup table, and close', async () => {
    const alice = await chain.funded(10);
    const bob = await chain.funded(10);
    const { mint, account } = await tokenHolding(chain, alice, alice.publicKey, 0n);
    await expectExact(alice.publicKey, [account]); // the index exists from here on

    // Created after the index was built.
    const second = getAssociatedTokenAddressSync(mint, bob.publicKey);
    await send(chain, alice, [
      createAssociatedTokenAccountIdempotentInstruction(alice.publicKey, second, bob.publicKey, mint),
    ]);
    await expectExact(bob.publicKey, [second]);

    // Owner changed by a v0 transaction whose only mention of the account is in a lookup table.
    const table = await lookupTable(chain, alice, [account]);
    const { blockhash } = await chain.connection.getLatestBlockhash();
    const tx = v0(
      alice.publicKey,
      blockhash,
      [createSetAuthorityInstruction(account, alice.publicKey, AuthorityType.AccountOwner, bob.publicKey)],
      [table],
    );
    expect(tx.message.staticAccountKeys.some((k) => k.equals(account))).toBe(false);
    tx.sign([alice]);
    const signature = await chain.connection.sendTransaction(tx);
    await chain.connection.confirmTransaction(
      { signature, blockhash, lastValidBlockHeight: (await chain.connection.getBlockHeight()) + 150 },
      'confirmed',
    );
    await expectExact(alice.publicKey, []);
    await expectExact(bob.publicKey, [account, second]);

    // Closed.
    await send(chain, bob, [createCloseAccountInstruction(account, bob.publicKey, bob.publicKey)]);
    await expectExact(bob.publicKey, [second]);
  });
});
