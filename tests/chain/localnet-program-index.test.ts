// The localnet answers getProgramAccounts for the stake program (and reads of stake and stake-pool
// accounts) from an index: after every kind of change (an account created, changed by a v0
// transaction that names it only through a lookup table, written by localnet_setAccount, closed)
// the index equals a scan of the SVM itself, and the RPC answers the accounts as they are now.
import { Keypair, PublicKey, StakeProgram, type TransactionInstruction } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { STAKE_PROGRAM_ID } from '../../tools/localnet/accounts';
import { INDEXED_PROGRAMS } from '../../tools/localnet/program-index';
import { lookupTable, send, v0 } from '../support/attacks';
import { startTestChain, type TestChain } from '../support/localnet';

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(() => chain.close());

const listed = (
  accounts: { address: string; account: { lamports: bigint; data: Uint8Array; owner: string } }[],
) =>
  accounts
    .map(
      ({ address, account }) =>
        `${address} ${account.owner} ${account.lamports} ${Buffer.from(account.data).toString('hex')}`,
    )
    .sort();

/** The index, the SVM's own scan, and the RPC's answers all agree, account by account, byte by byte. */
async function expectExact(): Promise<void> {
  const local = chain.node.chain;
  for (const program of INDEXED_PROGRAMS)
    expect(listed(local.getProgramAccounts(program))).toEqual(listed(local.scanProgramAccounts(program)));
  const stakes = local.scanProgramAccounts(STAKE_PROGRAM_ID);
  const answered = await chain.rpc<
    { pubkey: string; account: { data: [string, string]; lamports: number } }[]
  >('getProgramAccounts', [STAKE_PROGRAM_ID, { encoding: 'base64' }]);
  expect(
    answered
      .map(
        (a) =>
          `${a.pubkey} ${a.account.lamports} ${Buffer.from(a.account.data[0], 'base64').toString('hex')}`,
      )
      .sort(),
  ).toEqual(
    stakes
      .map(
        ({ address, account }) =>
          `${address} ${account.lamports} ${Buffer.from(account.data).toString('hex')}`,
      )
      .sort(),
  );
  const keys = stakes.map((s) => s.address);
  const read = await chain.rpc<{ value: ({ data: [string, string] } | null)[] }>('getMultipleAccounts', [
    keys,
    { encoding: 'base64' },
  ]);
  expect(read.value.map((a) => a && Buffer.from(a.data[0], 'base64').toString('hex'))).toEqual(
    stakes.map((s) => Buffer.from(s.account.data).toString('hex')),
  );
}

async function createStake(payer: Keypair, lamports: number): Promise<Keypair> {
  const stake = Keypair.generate();
  const ixs: TransactionInstruction[] = StakeProgram.createAccount({
    fromPubkey: payer.publicKey,
    stakePubkey: stake.publicKey,
    lamports,
    authorized: { staker: payer.publicKey, withdrawer: payer.publicKey },
  }).instructions;
  await send(chain, payer, ixs, [stake]);
  return stake;
}

describe('localnet program-accounts index', () => {
  it('stays equal to a scan of the SVM when stake accounts are created, changed through a lookup table, set and closed', async () => {
    const alice = await chain.funded(100);
    const bob = await chain.funded(10);
    const first = await createStake(alice, 2e9);
    await expectExact(); // the index exists from here on

    // Created after the index was built.
    const second = await createStake(alice, 3e9);
    await expectExact();

    // Withdrawer changed by a v0 transaction whose only mention of the stake account is in a lookup table.
    const table = await lookupTable(chain, alice, [second.publicKey]);
    const { blockhash } = await chain.connection.getLatestBlockhash();
    const authorize = StakeProgram.authorize({
      stakePubkey: second.publicKey,
      authorizedPubkey: alice.publicKey,
      newAuthorizedPubkey: bob.publicKey,
      stakeAuthorizationType: { index: 1 },
    }).instructions;
    const tx = v0(alice.publicKey, blockhash, authorize, [table]);
    expect(tx.message.staticAccountKeys.some((k) => k.equals(second.publicKey))).toBe(false);
    tx.sign([alice]);
    const signature = await chain.connection.sendTransaction(tx);
    await chain.connection.confirmTransaction(
      { signature, blockhash, lastValidBlockHeight: (await chain.connection.getBlockHeight()) + 150 },
      'confirmed',
    );
    const withdrawer = new PublicKey(
      chain.node.chain
        .getProgramAccounts(STAKE_PROGRAM_ID)
        .find((s) => s.address === second.publicKey.toBase58())!
        .account.data.subarray(44, 76),
    );
    expect(withdrawer.toBase58()).toBe(bob.publicKey.toBase58());
    await expectExact();

    // Written by the dev method: a stake-pool program account appears, then moves to another program.
    const poolLike = Keypair.generate().publicKey.toBase58();
    const setTo = (owner: string) =>
      chain.rpc('localnet_setAccount', [
        poolLike,
        { lamports: 5e6, owner, data: Buffer.alloc(64, 7).toString('base64'), executable: false },
      ]);
    await setTo(STAKE_POOL_PROGRAMS.spl.toBase58());
    await expectExact();
    expect(
      listed(chain.node.chain.getProgramAccounts(STAKE_POOL_PROGRAMS.spl.toBase58())).some((l) =>
        l.startsWith(poolLike),
      ),
    ).toBe(true);
    await setTo(STAKE_POOL_PROGRAMS.sanctumMulti.toBase58());
    await expectExact();
    expect(
      listed(chain.node.chain.getProgramAccounts(STAKE_POOL_PROGRAMS.spl.toBase58())).some((l) =>
        l.startsWith(poolLike),
      ),
    ).toBe(false);

    // Closed: every lamport withdrawn.
    const lamports = await chain.connection.getBalance(first.publicKey);
    await send(
      chain,
      alice,
      StakeProgram.withdraw({
        stakePubkey: first.publicKey,
        authorizedPubkey: alice.publicKey,
        toPubkey: alice.publicKey,
        lamports,
      }).instructions,
    );
    await expectExact();
    expect(
      chain.node.chain
        .getProgramAccounts(STAKE_PROGRAM_ID)
        .some((s) => s.address === first.publicKey.toBase58()),
    ).toBe(false);
  });
});
