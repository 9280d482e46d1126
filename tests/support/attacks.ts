// Attacker transactions built on the localnet with the real programs, for the adversarial review
// tests (chain and e2e): a token drain routed through an address lookup table, and helpers for the
// accounts those attacks need. Nothing here is faked: every account is created by a transaction.
import {
  AddressLookupTableAccount,
  AddressLookupTableProgram,
  Keypair,
  NONCE_ACCOUNT_LENGTH,
  NonceAccount,
  PublicKey,
  Transaction,
  TransactionMessage,
  VersionedTransaction,
  sendAndConfirmTransaction,
  type TransactionInstruction,
} from '@solana/web3.js';
import {
  ACCOUNT_SIZE,
  createAssociatedTokenAccountIdempotentInstruction,
  createCloseAccountInstruction,
  createInitializeAccount3Instruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  createTransferInstruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  TOKEN_PROGRAM_ID,
} from '@solana/spl-token';
import { SystemProgram } from '@solana/web3.js';
import type { TestChain } from './localnet';

export const send = (
  chain: TestChain,
  payer: Keypair,
  ixs: TransactionInstruction[],
  signers: Keypair[] = [],
) =>
  sendAndConfirmTransaction(chain.connection, new Transaction().add(...ixs), [payer, ...signers], {
    commitment: 'confirmed',
  });

/** The instructions that create `mint` (6 decimals) with `authority` to mint it, paid by `payer`. */
export async function newMintInstructions(
  chain: TestChain,
  payer: PublicKey,
  mint: PublicKey,
  authority: PublicKey,
): Promise<TransactionInstruction[]> {
  return [
    SystemProgram.createAccount({
      fromPubkey: payer,
      newAccountPubkey: mint,
      lamports: await chain.connection.getMinimumBalanceForRentExemption(MINT_SIZE),
      space: MINT_SIZE,
      programId: TOKEN_PROGRAM_ID,
    }),
    createInitializeMint2Instruction(mint, 6, authority, null),
  ];
}

/** A fresh mint (6 decimals) and `owner`'s associated account holding `units`. */
export async function tokenHolding(
  chain: TestChain,
  payer: Keypair,
  owner: PublicKey,
  units: bigint,
): Promise<{ mint: PublicKey; account: PublicKey }> {
  const mint = Keypair.generate();
  const account = getAssociatedTokenAddressSync(mint.publicKey, owner);
  await send(
    chain,
    payer,
    [
      ...(await newMintInstructions(chain, payer.publicKey, mint.publicKey, payer.publicKey)),
      createAssociatedTokenAccountIdempotentInstruction(payer.publicKey, account, owner, mint.publicKey),
      createMintToInstruction(mint.publicKey, account, payer.publicKey, units),
    ],
    [mint],
  );
  return { mint: mint.publicKey, account };
}

/** A lookup table created with a recent slot from getSlot (as dApps do) and extended with `addresses`. */
export async function lookupTable(
  chain: TestChain,
  authority: Keypair,
  addresses: PublicKey[],
): Promise<AddressLookupTableAccount> {
  const [create, table] = AddressLookupTableProgram.createLookupTable({
    authority: authority.publicKey,
    payer: authority.publicKey,
    recentSlot: await chain.connection.getSlot(),
  });
  await send(chain, authority, [
    create,
    AddressLookupTableProgram.extendLookupTable({
      lookupTable: table,
      authority: authority.publicKey,
      payer: authority.publicKey,
      addresses,
    }),
  ]);
  // A table's new entries are usable from the next slot: the send above produced it.
  const account = (await chain.connection.getAddressLookupTable(table)).value;
  if (!account) throw new Error('lookup table missing after creation');
  return account;
}

export function v0(
  payer: PublicKey,
  blockhash: string,
  instructions: TransactionInstruction[],
  tables: AddressLookupTableAccount[] = [],
): VersionedTransaction {
  return new VersionedTransaction(
    new TransactionMessage({ payerKey: payer, recentBlockhash: blockhash, instructions }).compileToV0Message(
      tables,
    ),
  );
}

/** Signs `instructions` as one v0 transaction (no lookup table) with a fresh blockhash, sends it and waits for it to land. */
export async function sendV0(
  chain: TestChain,
  payer: Keypair,
  instructions: TransactionInstruction[],
  signers: Keypair[] = [],
): Promise<string> {
  const tx = v0(payer.publicKey, (await chain.connection.getLatestBlockhash()).blockhash, instructions);
  tx.sign([payer, ...signers]);
  const signature = await chain.connection.sendRawTransaction(tx.serialize());
  const { value } = await chain.connection.confirmTransaction(signature, 'confirmed');
  if (value.err) throw new Error(`landed with ${JSON.stringify(value.err)}`);
  return signature;
}

export const DRAIN_UNITS = 1_000_000_000n; // 1,000 tokens of 6 decimals

/**
 * The lookup-table drain: the user's 1,000 tokens move to the attacker, with both token accounts
 * named only through a lookup table, so the message's static keys show neither.
 */
export async function lookupTableDrain(chain: TestChain, user: Keypair, attacker: Keypair) {
  const { mint, account: victim } = await tokenHolding(chain, attacker, user.publicKey, DRAIN_UNITS);
  const sink = getAssociatedTokenAddressSync(mint, attacker.publicKey);
  await send(chain, attacker, [
    createAssociatedTokenAccountIdempotentInstruction(attacker.publicKey, sink, attacker.publicKey, mint),
  ]);
  const table = await lookupTable(chain, attacker, [victim, sink]);
  const { blockhash } = await chain.connection.getLatestBlockhash();
  const tx = v0(
    user.publicKey,
    blockhash,
    [createTransferInstruction(victim, sink, user.publicKey, DRAIN_UNITS)],
    [table],
  );
  return { tx, mint, victim, sink, table };
}

/** A message whose lookup refers to `table` at the given indexes, whatever the chain holds there. */
export function withLookup(
  payer: PublicKey,
  blockhash: string,
  instructions: TransactionInstruction[],
  table: PublicKey,
  addresses: PublicKey[],
): VersionedTransaction {
  return v0(payer, blockhash, instructions, [
    new AddressLookupTableAccount({
      key: table,
      state: {
        deactivationSlot: 2n ** 64n - 1n,
        lastExtendedSlot: 0,
        lastExtendedSlotStartIndex: 0,
        addresses,
      },
    }),
  ]);
}

/**
 * The rent drain: `count` empty token accounts of the user's (real Token program accounts) closed
 * with their SOL going to the attacker, every account named only through a lookup table. It has
 * the effect of an unknown program closing them by CPI: the wallet account itself does not change.
 */
export async function lookupTableCloseDrain(
  chain: TestChain,
  user: Keypair,
  attacker: Keypair,
  count: number,
) {
  const { mint } = await tokenHolding(chain, attacker, attacker.publicKey, 0n);
  const rent = await chain.connection.getMinimumBalanceForRentExemption(ACCOUNT_SIZE);
  const accounts: PublicKey[] = [];
  for (let made = 0; made < count; made += 5) {
    const batch = Array.from({ length: Math.min(5, count - made) }, () => Keypair.generate());
    await send(
      chain,
      attacker,
      batch.flatMap((account) => [
        SystemProgram.createAccount({
          fromPubkey: attacker.publicKey,
          newAccountPubkey: account.publicKey,
          lamports: rent,
          space: ACCOUNT_SIZE,
          programId: TOKEN_PROGRAM_ID,
        }),
        createInitializeAccount3Instruction(account.publicKey, mint, user.publicKey),
      ]),
      batch,
    );
    accounts.push(...batch.map((a) => a.publicKey));
  }
  const table = await lookupTable(chain, attacker, [...accounts, attacker.publicKey]);
  const { blockhash } = await chain.connection.getLatestBlockhash();
  const tx = v0(
    user.publicKey,
    blockhash,
    accounts.map((account) => createCloseAccountInstruction(account, attacker.publicKey, user.publicKey)),
    [table],
  );
  return { tx, accounts, lamports: BigInt(rent) * BigInt(count) };
}

/**
 * A durable-nonce account with `owner` as its authority, initialized on the chain; its value (read
 * with web3.js's own nonce layout, not Tidepool's) is what a durable transaction names as its blockhash.
 */
export async function nonceAccount(
  chain: TestChain,
  owner: Keypair,
): Promise<{ address: PublicKey; value: string }> {
  const nonce = Keypair.generate();
  await send(
    chain,
    owner,
    SystemProgram.createNonceAccount({
      fromPubkey: owner.publicKey,
      noncePubkey: nonce.publicKey,
      authorizedPubkey: owner.publicKey,
      lamports: await chain.connection.getMinimumBalanceForRentExemption(NONCE_ACCOUNT_LENGTH),
    }).instructions,
    [nonce],
  );
  const info = await chain.connection.getAccountInfo(nonce.publicKey);
  return { address: nonce.publicKey, value: NonceAccount.fromAccountData(info!.data).nonce };
}
