// Token-2022 extension instructions against the review, on the localnet with the real Token-2022
// program (issue 19, finding 5): a dApp's transaction that turns off the person's CPI guard and
// required memos, then moves their tokens with TransferCheckedWithFee, is named and warned line by
// line, and the chain does what the review said. A confidential transfer (whose zero-knowledge
// proofs no package here can make) is shown as an encrypted amount leaving the person's account,
// even where the node simulates it as a success that changes no visible balance: the same as a
// real confidential transfer simulates, which the LyingRpc stands in for.
import {
  ExtensionType,
  TOKEN_2022_PROGRAM_ID as T22,
  createAssociatedTokenAccountIdempotentInstruction,
  createDisableCpiGuardInstruction,
  createDisableRequiredMemoTransfersInstruction,
  createEnableCpiGuardInstruction,
  createEnableRequiredMemoTransfersInstruction,
  createInitializeMint2Instruction,
  createInitializeTransferFeeConfigInstruction,
  createMintToInstruction,
  createReallocateInstruction,
  createTransferCheckedWithFeeInstruction,
  getAccount,
  getAssociatedTokenAddressSync,
  getCpiGuard,
  getMintLen,
} from '@solana/spl-token';
import { Keypair, SystemProgram, TransactionInstruction, type PublicKey } from '@solana/web3.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reviewTransaction } from '../../src/background/dapp/tx-review';
import { blockedBy } from '../../src/shared/approval';
import { shortAddress } from '../../src/shared/format';
import { send, v0 } from '../support/attacks';
import { startTestChain, type TestChain } from '../support/localnet';
import { LyingRpc } from '../support/lying-rpc';
import { engineFor } from '../support/staking';

const short = (k: PublicKey) => shortAddress(k.toBase58());
const TOKENS = 1_000_000_000n; // 1,000 tokens of 6 decimals

describe('Token-2022 extension instructions in a dApp’s transaction', () => {
  const node = new LyingRpc();
  let chain: TestChain;
  let user: Keypair;
  let attacker: Keypair;
  let mint: PublicKey;
  let mine: PublicKey;
  let theirs: PublicKey;
  let engine: ReturnType<typeof engineFor>;
  const review = async (ixs: TransactionInstruction[]) => {
    const { blockhash } = await chain.connection.getLatestBlockhash();
    const tx = v0(user.publicKey, blockhash, ixs);
    return { tx, review: await reviewTransaction(engine.rpc, engine.fees, tx, user.publicKey.toBase58()) };
  };

  beforeAll(async () => {
    chain = await startTestChain({ middleware: node.middleware });
    user = await chain.funded(10);
    attacker = await chain.funded(10);
    engine = engineFor(chain, user);
    // A mint with a 1% transfer fee; the user's account with its CPI guard on and memos required.
    const mintKey = Keypair.generate();
    mint = mintKey.publicKey;
    const space = getMintLen([ExtensionType.TransferFeeConfig]);
    await send(
      chain,
      user,
      [
        SystemProgram.createAccount({
          fromPubkey: user.publicKey,
          newAccountPubkey: mint,
          lamports: await chain.connection.getMinimumBalanceForRentExemption(space),
          space,
          programId: T22,
        }),
        createInitializeTransferFeeConfigInstruction(
          mint,
          user.publicKey,
          user.publicKey,
          100,
          10n ** 12n,
          T22,
        ),
        createInitializeMint2Instruction(mint, 6, user.publicKey, null, T22),
      ],
      [mintKey],
    );
    mine = getAssociatedTokenAddressSync(mint, user.publicKey, false, T22);
    theirs = getAssociatedTokenAddressSync(mint, attacker.publicKey, false, T22);
    await send(chain, user, [
      createAssociatedTokenAccountIdempotentInstruction(user.publicKey, mine, user.publicKey, mint, T22),
      createAssociatedTokenAccountIdempotentInstruction(
        user.publicKey,
        theirs,
        attacker.publicKey,
        mint,
        T22,
      ),
      createReallocateInstruction(
        mine,
        user.publicKey,
        [ExtensionType.CpiGuard, ExtensionType.MemoTransfer],
        user.publicKey,
        [],
        T22,
      ),
      createEnableCpiGuardInstruction(mine, user.publicKey, [], T22),
      createEnableRequiredMemoTransfersInstruction(mine, user.publicKey, [], T22),
      createMintToInstruction(mint, mine, user.publicKey, TOKENS, [], T22),
    ]);
  });
  afterAll(() => chain?.close());
  beforeEach(() => {
    node.lie = null;
  });

  it('CPI guard and required memos turned off, then the tokens moved with a fee: each named and warned, as the chain does it', async () => {
    const { tx, review: result } = await review([
      createDisableCpiGuardInstruction(mine, user.publicKey, [], T22),
      createDisableRequiredMemoTransfersInstruction(mine, user.publicKey, [], T22),
      createTransferCheckedWithFeeInstruction(
        mine,
        mint,
        theirs,
        user.publicKey,
        500_000_000n,
        6,
        5_000_000n,
        [],
        T22,
      ),
    ]);
    expect(result.simulationError).toBeNull();
    expect(result.instructions.map((ix) => ix.summary)).toEqual([
      `Turn off the CPI guard of token account ${short(mine)}`,
      `Stop requiring a memo on transfers into token account ${short(mine)}`,
      `Transfer 500 of token ${short(mint)} from ${short(mine)} (yours) (authority your account) to ${short(theirs)} (owned by ${short(attacker.publicKey)}), a fee of 5 withheld`,
    ]);
    expect(result.warnings.map((w) => w.code)).toEqual([
      'protection_removed',
      'protection_removed',
      'third_party_recipient',
    ]);
    expect(blockedBy(result.warnings)).toBeNull();
    expect(result.balanceChanges).toContainEqual({ asset: `token ${short(mint)}`, change: '-500' });

    tx.sign([user]);
    await chain.connection.confirmTransaction(
      await chain.connection.sendRawTransaction(tx.serialize()),
      'confirmed',
    );
    const after = await getAccount(chain.connection, mine, 'confirmed', T22);
    expect(after.amount).toBe(TOKENS - 500_000_000n);
    expect(getCpiGuard(after)?.lockCpi).toBe(false);
    expect((await getAccount(chain.connection, theirs, 'confirmed', T22)).amount).toBe(495_000_000n);
  });

  it('a confidential transfer out of the user’s account is an encrypted amount leaving, never “no change”', async () => {
    // ConfidentialTransfer (27) Transfer (7): source, mint, destination, …, owner; its data are
    // ciphertexts and proof offsets, which only real proofs would make valid.
    const confidential = new TransactionInstruction({
      programId: T22,
      keys: [
        { pubkey: mine, isSigner: false, isWritable: true },
        { pubkey: mint, isSigner: false, isWritable: false },
        { pubkey: theirs, isSigner: false, isWritable: true },
        { pubkey: user.publicKey, isSigner: true, isWritable: false },
      ],
      data: Buffer.concat([Buffer.from([27, 7]), Buffer.alloc(167)]),
    });
    const leaving = `Confidential balance of token ${short(mint)}: an encrypted amount Tidepool cannot read leaves your account`;
    const failed = (await review([confidential])).review;
    expect(failed.simulationError).not.toBeNull(); // no proofs: the program refuses it
    expect(failed.unreadableChanges).toEqual([leaving]);
    expect(failed.warnings.map((w) => w.code)).toContain('confidential_transfer');

    // A real confidential transfer simulates as a success that moves no visible balance.
    const now = new Map<string, unknown>();
    for (const key of [user.publicKey, mine, theirs]) {
      const info = await chain.rpc<{ value: unknown }>('getAccountInfo', [
        key.toBase58(),
        { encoding: 'base64' },
      ]);
      now.set(key.toBase58(), info.value);
    }
    node.lie = (method, result, params) => {
      if (method !== 'simulateTransaction') return result;
      const asked = (params[1] as { accounts: { addresses: string[] } }).accounts.addresses;
      const value = (result as { value: Record<string, unknown> }).value;
      return {
        ...(result as object),
        value: { ...value, err: null, accounts: asked.map((a) => now.get(a) ?? null) },
      };
    };
    const quiet = (await review([confidential])).review;
    expect(quiet.simulationError).toBeNull();
    expect(quiet.balanceChanges).toEqual([]);
    expect(quiet.unreadableChanges).toEqual([leaving]);
    expect(quiet.warnings.find((w) => w.code === 'confidential_transfer')?.text).toContain(
      `Sends an encrypted amount from the confidential balance of your token account ${short(mine)} to ${short(theirs)} (owned by ${short(attacker.publicKey)})`,
    );
  });
});
