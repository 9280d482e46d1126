// Marinade on the test chain (`startTestChain({ marinade: true })`): the suites' gate (in CI a
// missing program or fixture fails, elsewhere one SKIPPED line), the State as the wallet decodes
// it, and a transaction simulated then landed, with the accounts it was watched on before, as
// simulated and as landed.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  PublicKey,
  TransactionMessage,
  VersionedTransaction,
  type Keypair,
  type TransactionInstruction,
} from '@solana/web3.js';
import { MARINADE_STATE } from '../../src/shared/marinade';
import { decodeMarinadeState, marinadeAccounts } from '../../src/background/staking/marinade-state';
import { rawAccount } from '../../src/background/chain/raw-account';
import { marinadeRefusal } from '../../src/background/staking/marinade-refusals';
import {
  chooseStakeToSplit,
  stakeRecords,
  usedItemsCall,
  validatorRecords,
} from '../../src/background/staking/marinade-lists';
import { decodeStakeAccount } from '../../src/background/staking/stake-account';
import type { EncodedAccount, TransactionError } from '../../src/background/chain/rpc-shapes';
import { MARINADE_FIXTURES } from '../../tools/localnet/marinade.ts';
import { sharedProgramsDir } from '../../tools/localnet/programs.ts';
import { expect } from 'vitest';
import type { TestChain } from './localnet';

const MARINADE_BUILD = join(sharedProgramsDir(), 'marinade.MarBm.slot229946024.so');
const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures');
const missing = [MARINADE_BUILD, ...MARINADE_FIXTURES.map((f) => resolve(FIXTURES, f))].filter(
  (path) => !existsSync(path),
);

/** Whether Marinade can run here; in CI (CI=true) a missing build or fixture fails the suite. */
export function marinadeOr(what: string): boolean {
  if (!missing.length) return true;
  const hint = `missing ${missing.join(', ')} (see ../shared/programs/README.md and ../shared/fixtures)`;
  if (process.env.CI === 'true') throw new Error(`CI: ${what} cannot run — ${hint}`);
  console.log(`SKIPPED: ${what} — ${hint}`);
  return false;
}

export const STATE = new PublicKey(MARINADE_STATE);

/** Slots in 30 minutes at the localnet's 400 ms a slot: the wait claim.rs adds into a ticket's due epoch. */
export const HALF_HOUR_OF_SLOTS = 4_500;

/** Moves the chain past the due time of a ticket ordered now: the next epoch, then the half hour. */
export async function ticketsDue(chain: TestChain): Promise<void> {
  await chain.advanceEpoch();
  await chain.rpc('localnet_advanceSlots', [HALF_HOUR_OF_SLOTS]);
}

/** Marinade's State as the wallet decodes it, and the accounts its instructions name. */
export async function readMarinade(chain: TestChain) {
  const info = await chain.rpc<{ value: Parameters<typeof rawAccount>[0] }>('getAccountInfo', [
    MARINADE_STATE,
    { encoding: 'base64' },
  ]);
  const read = decodeMarinadeState(rawAccount(info.value));
  if (!read.ok) throw new Error(read.reason);
  return { state: read.state, accounts: marinadeAccounts(STATE, read.state) };
}

export interface Watched {
  lamports: bigint;
  data: Buffer;
}

/** The accounts now, as the simulation returns them. */
export async function watched(chain: TestChain, addresses: PublicKey[]): Promise<(Watched | null)[]> {
  const out: (Watched | null)[] = [];
  // A node takes at most 100 keys per getMultipleAccounts.
  for (let i = 0; i < addresses.length; i += 100) {
    const infos = await chain.connection.getMultipleAccountsInfo(addresses.slice(i, i + 100));
    out.push(...infos.map((a) => (a ? { lamports: BigInt(a.lamports), data: Buffer.from(a.data) } : null)));
  }
  return out;
}

async function build(chain: TestChain, payer: Keypair, instructions: TransactionInstruction[]) {
  const { blockhash } = await chain.connection.getLatestBlockhash();
  return new VersionedTransaction(
    new TransactionMessage({
      payerKey: payer.publicKey,
      recentBlockhash: blockhash,
      instructions,
    }).compileToV0Message(),
  );
}

/**
 * The landed accounts equal the simulated ones, lamports and bytes (an account the transaction
 * closes comes back from the simulation with 0 lamports, and is gone once landed).
 */
export function expectLandedAsSimulated(r: { simulated: (Watched | null)[]; landed: (Watched | null)[] }) {
  const shown = (a: Watched | null | undefined) =>
    a && a.lamports > 0n ? { lamports: a.lamports, data: a.data.toString('hex') } : null;
  expect(r.landed.map(shown)).toEqual(r.simulated.map(shown));
}

/** The simulation's verdict: its error (null when it would land) and its logs. */
export async function simulate(
  chain: TestChain,
  payer: Keypair,
  instructions: TransactionInstruction[],
  addresses: PublicKey[] = [],
): Promise<{ err: TransactionError | null; logs: string[]; accounts: (Watched | null)[] }> {
  const tx = await build(chain, payer, instructions);
  const { value } = await chain.connection.simulateTransaction(tx, {
    sigVerify: false,
    accounts: { encoding: 'base64', addresses: addresses.map((a) => a.toBase58()) },
  });
  const accounts = (value.accounts ?? []).map((a) =>
    a ? { lamports: BigInt(a.lamports), data: Buffer.from(a.data[0]!, 'base64') } : null,
  );
  return { err: (value.err as TransactionError | null) ?? null, logs: value.logs ?? [], accounts };
}

/**
 * Simulates `instructions` watching `addresses`, then signs, sends and confirms them: the accounts
 * before, as simulated and as landed, and the network fee paid.
 */
export async function simulateThenLand(
  chain: TestChain,
  signers: [Keypair, ...Keypair[]],
  instructions: TransactionInstruction[],
  addresses: PublicKey[],
) {
  const before = await watched(chain, addresses);
  const simulation = await simulate(chain, signers[0], instructions, addresses);
  if (simulation.err)
    throw new Error(`simulation failed: ${JSON.stringify(simulation.err)}\n${simulation.logs.join('\n')}`);
  const tx = await build(chain, signers[0], instructions);
  tx.sign(signers);
  const signature = await chain.connection.sendTransaction(tx);
  const confirmed = await chain.connection.confirmTransaction(signature, 'confirmed');
  if (confirmed.value.err) throw new Error(`landed with ${JSON.stringify(confirmed.value.err)}`);
  const landed = await watched(chain, addresses);
  const fee = BigInt((await chain.connection.getFeeForMessage(tx.message)).value ?? 0);
  return { before, simulated: simulation.accounts, landed, fee, logs: simulation.logs };
}

/**
 * The program's refusal, named twice: by the wallet's reading of the error code (marinade-refusals.ts)
 * and by the program's own log line ("Error Code: <Name>. Error Number: <code>").
 */
export function refusal(simulation: { err: TransactionError | null; logs: string[] }) {
  const read = marinadeRefusal(simulation.err);
  const logged = simulation.logs.map((l) => /Error Code: (\w+)\. Error Number: (\d+)/.exec(l)).find(Boolean);
  return {
    read: read && { name: read.name, code: read.code, kind: read.kind },
    logged: logged && { name: logged[1], code: Number(logged[2]) },
  };
}

/** A token account's amount (SPL Token layout: amount at byte 64). */
export const tokenAmount = (account: Watched | null | undefined) =>
  account ? account.data.readBigUInt64LE(64) : 0n;

/**
 * One of Marinade's stake accounts to split `splitLamports` off, chosen as a route without a cached
 * choice does: from the lists' used prefixes and the stake accounts read now; with what it was chosen from.
 */
export async function chooseSplit(chain: TestChain, splitLamports: bigint) {
  const { state } = await readMarinade(chain);
  const slice = async (call: ReturnType<typeof usedItemsCall>) => {
    const { value } = await chain.rpc<{ value: EncodedAccount }>(call.method, [...call.params]);
    return Buffer.from(value.data[0], 'base64');
  };
  const stakes = stakeRecords(state.stakeList, await slice(usedItemsCall(state.stakeList)))!;
  const validators = validatorRecords(state.validatorList, await slice(usedItemsCall(state.validatorList)))!;
  const infos = await watched(
    chain,
    stakes.map((r) => r.stakeAccount),
  );
  const delegations = new Map(
    stakes.map((r, i) => [r.stakeAccount.toBase58(), infos[i] ? decodeStakeAccount(infos[i].data) : null]),
  );
  const delegationOf = (a: PublicKey) => delegations.get(a.toBase58()) ?? null;
  const choice = chooseStakeToSplit(stakes, validators, delegationOf, splitLamports, state.minStake);
  return { state, stakes, validators, delegationOf, choice };
}
