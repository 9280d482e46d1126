// The stake program the localnet runs is stake program v5, the Core BPF build mainnet runs: pinned
// byte for byte to ../shared/programs/stake-program.v5-1sol.so, asked for its minimum delegation
// instead of a constant, and shown doing what v5's source says (solana-program/stake, program@v5.0.0,
// processor.rs): a 1 SOL minimum delegation, the rewritten Split, no self-split, the sysvar accounts
// optional, and rent_exempt_reserve held at 2282880 in new accounts whatever the Rent sysvar says.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Authorized,
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  StakeProgram,
  SystemProgram,
  Transaction,
  TransactionInstruction,
} from '@solana/web3.js';
import { Rent } from 'litesvm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVoteAccount } from '../../tools/stake-pool-admin/pool-admin.ts';
import { STAKE_PROGRAM_ID } from '../../tools/localnet/accounts.ts';
import { runningElf } from '../../tools/localnet/program-loader.ts';
import { STAKE_POOL_BUILDS, STAKE_PROGRAM_FILE, sharedProgramsDir } from '../../tools/localnet/programs.ts';
import { send } from '../support/attacks';
import { startTestChain, type TestChain } from '../support/localnet';
import { SOL } from '../support/staking';

const PINNED = join(sharedProgramsDir(), STAKE_PROGRAM_FILE);
/** Stake program v5's PSEUDO_RENT_EXEMPT_RESERVE: what it writes into every new account's Meta. */
const V5_RENT_EXEMPT_RESERVE = 2_282_880n;
const STAKE_SPACE = StakeProgram.space;
/** StakeError::InsufficientDelegation (12) and ProgramError::InvalidArgument, as the runtime reports them. */
const INSUFFICIENT_DELEGATION = /custom program error: 0xc\b/;
const INSUFFICIENT_FUNDS = /insufficient funds/;
const INVALID_ARGUMENT = /invalid program argument/;

if (!existsSync(PINNED) && process.env.CI === 'true')
  throw new Error(`CI: the stake program build ${PINNED} is missing (see ../shared/programs/README.md)`);

let chain: TestChain;
let payer: Keypair;
let vote: PublicKey;
let rent: bigint;
beforeAll(async () => {
  chain = await startTestChain();
  payer = await chain.funded(1_000);
  vote = await createVoteAccount(chain.connection, payer);
  rent = BigInt(await chain.connection.getMinimumBalanceForRentExemption(STAKE_SPACE));
});
afterAll(() => chain.close());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'landed',
    (e: Error) => `${e.message} ${(e as { logs?: string[] }).logs?.join(' ') ?? ''}`,
  );

/** A stake account holding `lamports`, initialized with `payer` as both authorities. */
async function stakeAccount(lamports: bigint): Promise<PublicKey> {
  const account = Keypair.generate();
  await send(
    chain,
    payer,
    StakeProgram.createAccount({
      fromPubkey: payer.publicKey,
      stakePubkey: account.publicKey,
      authorized: new Authorized(payer.publicKey, payer.publicKey),
      lamports: Number(lamports),
    }).instructions,
    [account],
  );
  return account.publicKey;
}

const delegate = (stake: PublicKey) =>
  send(
    chain,
    payer,
    StakeProgram.delegate({ stakePubkey: stake, authorizedPubkey: payer.publicKey, votePubkey: vote })
      .instructions,
  );

/** An active delegation of `delegated` lamports (plus rent): delegated, then one epoch on. */
async function activeStake(delegated: bigint): Promise<PublicKey> {
  const stake = await stakeAccount(rent + delegated);
  await delegate(stake);
  await chain.advanceEpoch();
  return stake;
}

/** Creates an empty 200-byte account of the stake program holding `lamports`: Split's destination. */
function splitDestination(account: Keypair, lamports: bigint): TransactionInstruction {
  return SystemProgram.createAccount({
    fromPubkey: payer.publicKey,
    newAccountPubkey: account.publicKey,
    lamports: Number(lamports),
    space: STAKE_SPACE,
    programId: StakeProgram.programId,
  });
}

/** Split from `source` into a new account created in the same transaction with `funding` lamports. */
async function splitInto(source: PublicKey, funding: bigint, lamports: bigint): Promise<PublicKey> {
  const destination = Keypair.generate();
  await send(
    chain,
    payer,
    [splitDestination(destination, funding), split(source, destination.publicKey, lamports)],
    [destination],
  );
  return destination.publicKey;
}

function split(source: PublicKey, destination: PublicKey, lamports: bigint): TransactionInstruction {
  const data = Buffer.alloc(12);
  data.writeUInt32LE(3, 0); // StakeInstruction::Split
  data.writeBigUInt64LE(lamports, 4);
  return new TransactionInstruction({
    programId: StakeProgram.programId,
    keys: [
      { pubkey: source, isSigner: false, isWritable: true },
      { pubkey: destination, isSigner: false, isWritable: true },
      { pubkey: payer.publicKey, isSigner: true, isWritable: false },
    ],
    data,
  });
}

const stakeData = async (address: PublicKey) => {
  const info = await chain.connection.getAccountInfo(address);
  const data = Buffer.from(info!.data);
  return {
    lamports: BigInt(info!.lamports),
    kind: data.readUInt32LE(0),
    rentExemptReserve: data.readBigUInt64LE(4),
    delegated: data.readBigUInt64LE(156),
  };
};

describe('the stake program the localnet runs', () => {
  it.skipIf(!existsSync(PINNED))('is the pinned v5 build, byte for byte', () => {
    const running = runningElf(chain.node.chain, STAKE_PROGRAM_ID);
    expect(running && Buffer.from(running).equals(readFileSync(PINNED))).toBe(true);
  });

  it('answers getStakeMinimumDelegation from the program: 1 SOL; a chain running another program there has no answer', async () => {
    expect((await chain.connection.getStakeMinimumDelegation()).value).toBe(LAMPORTS_PER_SOL);
    // The same question as a dApp asks it: simulateTransaction answers the program's return data.
    const ask = new Transaction().add(
      new TransactionInstruction({
        programId: StakeProgram.programId,
        keys: [],
        data: Buffer.from([13, 0, 0, 0]),
      }),
    );
    ask.feePayer = payer.publicKey;
    const sim = await chain.connection.simulateTransaction(ask);
    expect(sim.value.returnData?.programId).toBe(STAKE_PROGRAM_ID);
    expect(Buffer.from(sim.value.returnData!.data[0], 'base64').readBigUInt64LE(0)).toBe(SOL);
    const other = await startTestChain({
      noSharedPrograms: true,
      useProgramsCache: false,
      programs: [
        { programId: STAKE_PROGRAM_ID, path: join(sharedProgramsDir(), STAKE_POOL_BUILDS['sdk-2026'].file) },
      ],
    });
    try {
      await expect(other.rpc('getStakeMinimumDelegation')).rejects.toThrow(
        /did not answer GetMinimumDelegation/,
      );
    } finally {
      await other.close();
    }
  });

  it('refuses a 0.5 SOL delegation (InsufficientDelegation) and accepts 1 SOL', async () => {
    const half = await stakeAccount(rent + SOL / 2n);
    expect(await failure(delegate(half))).toMatch(INSUFFICIENT_DELEGATION);
    const one = await stakeAccount(rent + SOL);
    await delegate(one);
    expect((await stakeData(one)).delegated).toBe(SOL);
  });

  it('Split: no self-split; an active split needs a destination pre-funded with rent, moves delegation 1:1, and leaves both sides at least 1 SOL', async () => {
    const source = await activeStake(3n * SOL);
    expect(await failure(send(chain, payer, [split(source, source, SOL)]))).toMatch(INVALID_ARGUMENT);
    // A destination created empty in the same transaction (as older stake-pool builds make their
    // transient accounts): under v5 the split lamports never pay the new account's rent.
    expect(await failure(splitInto(source, 0n, 2n * SOL))).toMatch(INSUFFICIENT_FUNDS);
    // Each side must keep the minimum delegation.
    expect(await failure(splitInto(source, rent, SOL / 2n))).toMatch(INSUFFICIENT_DELEGATION);
    expect(await failure(splitInto(source, rent, (5n * SOL) / 2n))).toMatch(INSUFFICIENT_DELEGATION);
    const funded = await splitInto(source, rent, SOL);
    expect(await stakeData(funded)).toMatchObject({
      lamports: rent + SOL,
      kind: 2,
      delegated: SOL,
      rentExemptReserve: V5_RENT_EXEMPT_RESERVE,
    });
    expect(await stakeData(source)).toMatchObject({ lamports: rent + 2n * SOL, delegated: 2n * SOL });
  });

  it('takes DelegateStake and Withdraw without the sysvar accounts (optional under v5)', async () => {
    const stake = await stakeAccount(rent + 2n * SOL);
    const tag = (n: number, lamports?: bigint) => {
      const data = Buffer.alloc(lamports === undefined ? 4 : 12);
      data.writeUInt32LE(n, 0);
      if (lamports !== undefined) data.writeBigUInt64LE(lamports, 4);
      return data;
    };
    const signer = { pubkey: payer.publicKey, isSigner: true, isWritable: false };
    await send(chain, payer, [
      new TransactionInstruction({
        programId: StakeProgram.programId,
        keys: [
          { pubkey: stake, isSigner: false, isWritable: true },
          { pubkey: vote, isSigner: false, isWritable: false },
          signer,
        ],
        data: tag(2), // DelegateStake: stake, vote, stake authority
      }),
    ]);
    expect((await stakeData(stake)).delegated).toBe(2n * SOL);
    const to = Keypair.generate().publicKey;
    // While delegated, only what exceeds the delegation and the rent comes out: nothing here.
    const withdraw = (lamports: bigint) =>
      send(chain, payer, [
        new TransactionInstruction({
          programId: StakeProgram.programId,
          keys: [
            { pubkey: stake, isSigner: false, isWritable: true },
            { pubkey: to, isSigner: false, isWritable: true },
            signer,
          ],
          data: tag(4, lamports), // Withdraw: stake, recipient, withdraw authority
        }),
      ]);
    expect(await failure(withdraw(1n))).toMatch(INSUFFICIENT_FUNDS);
    await send(chain, payer, [
      ...StakeProgram.deactivate({ stakePubkey: stake, authorizedPubkey: payer.publicKey }).instructions,
    ]);
    await chain.advanceEpoch();
    await withdraw(rent + 2n * SOL);
    expect(await chain.connection.getAccountInfo(stake)).toBeNull();
    expect(await chain.connection.getBalance(to)).toBe(Number(rent + 2n * SOL));
  });

  it('withdraws an inactive account whole, and from an initialized one never below rent unless whole', async () => {
    const initialized = await stakeAccount(rent + SOL);
    const to = Keypair.generate().publicKey;
    const withdraw = (lamports: bigint) =>
      send(
        chain,
        payer,
        StakeProgram.withdraw({
          stakePubkey: initialized,
          authorizedPubkey: payer.publicKey,
          toPubkey: to,
          lamports: Number(lamports),
        }).instructions,
      );
    expect(await failure(withdraw(SOL + 1n))).toMatch(INSUFFICIENT_FUNDS);
    await withdraw(SOL);
    await withdraw(rent);
    expect(await chain.connection.getAccountInfo(initialized)).toBeNull();
    expect(BigInt(await chain.connection.getBalance(to))).toBe(rent + SOL);
  });

  it('writes rent_exempt_reserve 2282880 into new accounts whatever the Rent sysvar says', async () => {
    const cheap = await startTestChain({ noSharedPrograms: true, useProgramsCache: false });
    try {
      // Half of today's rate, as SIMD-0437 lowers rent in steps.
      const svm = cheap.node.chain.svm;
      const today = svm.getRent();
      svm.setRent(new Rent(today.lamportsPerByteYear / 2n, today.exemptionThreshold, today.burnPercent));
      const cheapRent = BigInt(await cheap.connection.getMinimumBalanceForRentExemption(STAKE_SPACE));
      expect(cheapRent).toBeLessThan(V5_RENT_EXEMPT_RESERVE);
      const owner = await cheap.funded(10);
      const account = Keypair.generate();
      await send(
        cheap,
        owner,
        StakeProgram.createAccount({
          fromPubkey: owner.publicKey,
          stakePubkey: account.publicKey,
          authorized: new Authorized(owner.publicKey, owner.publicKey),
          lamports: Number(cheapRent),
        }).instructions,
        [account],
      );
      const data = Buffer.from((await cheap.connection.getAccountInfo(account.publicKey))!.data);
      expect(data.readBigUInt64LE(4)).toBe(V5_RENT_EXEMPT_RESERVE);
    } finally {
      await cheap.close();
    }
  });
});
