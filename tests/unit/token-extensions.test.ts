// Token-2022's extension instructions are named, sub-instruction by sub-instruction, and those that
// move or re-route the user's tokens or turn off a protection warn (issue 19, finding 5). Bytes
// come from @solana/spl-token's own encoders where it has them; for the families it does not
// encode (confidential transfer, its fee, confidential mint/burn, permissioned burn, UnwrapLamports)
// from the layouts as the Token-2022 program declares them (instruction.rs of each extension:
// extension tag, sub-instruction byte, then the instruction's data).
import { Keypair, type PublicKey, type TransactionInstruction } from '@solana/web3.js';
import {
  AccountState,
  TOKEN_2022_PROGRAM_ID,
  createDisableCpiGuardInstruction,
  createDisableRequiredMemoTransfersInstruction,
  createEnableCpiGuardInstruction,
  createEnableRequiredMemoTransfersInstruction,
  createHarvestWithheldTokensToMintInstruction,
  createInitializeDefaultAccountStateInstruction,
  createInitializeGroupMemberPointerInstruction,
  createInitializeGroupPointerInstruction,
  createInitializeInterestBearingMintInstruction,
  createInitializeMetadataPointerInstruction,
  createInitializePausableConfigInstruction,
  createInitializeScaledUiAmountConfigInstruction,
  createInitializeTransferFeeConfigInstruction,
  createInitializeTransferHookInstruction,
  createPauseInstruction,
  createResumeInstruction,
  createSetTransferFeeInstruction,
  createTransferCheckedWithFeeInstruction,
  createUpdateDefaultAccountStateInstruction,
  createUpdateGroupMemberPointerInstruction,
  createUpdateGroupPointerInstruction,
  createUpdateMetadataPointerInstruction,
  createUpdateMultiplierDataInstruction,
  createUpdateRateInterestBearingMintInstruction,
  createUpdateTransferHookInstruction,
  createWithdrawWithheldTokensFromAccountsInstruction,
  createWithdrawWithheldTokensFromMintInstruction,
} from '@solana/spl-token';
import { describe, expect, it } from 'vitest';
import { decodeInstructions } from '../../src/background/dapp/tx-decoder';
import { shortAddress } from '../../src/shared/format';
import { raw } from '../support/raw-instruction';

const key = () => Keypair.generate().publicKey;
const short = (k: PublicKey) => shortAddress(k.toBase58());
const user = key();
const attacker = key();
const mint = key();
const mine = key(); // the user's token account of `mint`
const theirs = key(); // the attacker's
const T22 = TOKEN_2022_PROGRAM_ID;

const decode = (ix: TransactionInstruction) =>
  decodeInstructions([raw(ix)], {
    user: user.toBase58(),
    pools: new Map(),
    userTokenAccounts: new Set([mine.toBase58()]),
    tokenAccounts: new Map([
      [mine.toBase58(), { mint: mint.toBase58(), owner: user.toBase58() }],
      [theirs.toBase58(), { mint: mint.toBase58(), owner: attacker.toBase58() }],
    ]),
    decimals: new Map([[mint.toBase58(), 6]]),
  });
/** A Token-2022 extension instruction as the program lays it out: tag, sub-instruction, data. */
const ext = (tag: number, sub: number, data: Buffer, accounts: ReturnType<typeof key>[]) =>
  ({
    programId: T22,
    keys: accounts.map((pubkey) => ({ pubkey, isSigner: false, isWritable: true })),
    data: Buffer.concat([Buffer.from([tag, sub]), data]),
  }) as unknown as TransactionInstruction;
const u64 = (v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return b;
};

/** [instruction, its line, the warnings it raises]. */
type Case = [string, TransactionInstruction, string | RegExp, string[]];

const named: Case[] = [
  // 26: transfer fee
  [
    '26/0 InitializeTransferFeeConfig',
    createInitializeTransferFeeConfigInstruction(mint, user, user, 50, 10n, T22),
    `Transfer-fee extension: Set up a transfer fee on mint ${short(mint)}`,
    [],
  ],
  [
    '26/1 TransferCheckedWithFee',
    createTransferCheckedWithFeeInstruction(mine, mint, theirs, user, 5_000_000n, 6, 25_000n, [], T22),
    `Transfer 5 of token ${short(mint)} from ${short(mine)} (yours) (authority your account) to ${short(theirs)} (owned by ${short(attacker)}), a fee of 0.025 withheld`,
    ['third_party_recipient'],
  ],
  [
    '26/2 WithdrawWithheldTokensFromMint',
    createWithdrawWithheldTokensFromMintInstruction(mint, theirs, user, [], T22),
    `Withdraw the transfer fees withheld in mint ${short(mint)} to ${short(theirs)} (owned by ${short(attacker)})`,
    ['third_party_recipient'],
  ],
  [
    '26/3 WithdrawWithheldTokensFromAccounts',
    createWithdrawWithheldTokensFromAccountsInstruction(mint, mine, user, [], [key()], T22),
    `Withdraw the transfer fees withheld in token accounts of mint ${short(mint)} to ${short(mine)} (yours)`,
    [],
  ],
  [
    '26/4 HarvestWithheldTokensToMint',
    createHarvestWithheldTokensToMintInstruction(mint, [mine], T22),
    /Collect the transfer fees withheld in token accounts into mint/,
    [],
  ],
  [
    '26/5 SetTransferFee',
    createSetTransferFeeInstruction(mint, user, [], 125, 9n, T22),
    `Set the transfer fee of mint ${short(mint)} to 1.25% (at most 9 token units)`,
    [],
  ],
  // 28: default account state
  [
    '28/0 Initialize',
    createInitializeDefaultAccountStateInstruction(mint, AccountState.Frozen, T22),
    `Set the state of new token accounts of mint ${short(mint)}: frozen`,
    [],
  ],
  [
    '28/1 Update',
    createUpdateDefaultAccountStateInstruction(mint, AccountState.Initialized, user, [], T22),
    `Change the state of new token accounts of mint ${short(mint)}: usable`,
    [],
  ],
  // 30: memo transfer
  [
    '30/0 Enable',
    createEnableRequiredMemoTransfersInstruction(mine, user, [], T22),
    /Require a memo on transfers into token account/,
    [],
  ],
  [
    '30/1 Disable',
    createDisableRequiredMemoTransfersInstruction(mine, user, [], T22),
    `Stop requiring a memo on transfers into token account ${short(mine)}`,
    ['protection_removed'],
  ],
  // 33: interest-bearing mint
  [
    '33/0 Initialize',
    createInitializeInterestBearingMintInstruction(mint, user, 10, T22),
    /Set up interest on mint/,
    [],
  ],
  [
    '33/1 UpdateRate',
    createUpdateRateInterestBearingMintInstruction(mint, user, 20, [], T22),
    /Change the interest rate of mint/,
    [],
  ],
  // 34: CPI guard
  ['34/0 Enable', createEnableCpiGuardInstruction(mine, user, [], T22), /Turn on the CPI guard/, []],
  [
    '34/1 Disable',
    createDisableCpiGuardInstruction(mine, user, [], T22),
    `Turn off the CPI guard of token account ${short(mine)}`,
    ['protection_removed'],
  ],
  // 36: transfer hook
  [
    '36/0 Initialize',
    createInitializeTransferHookInstruction(mint, user, key(), T22),
    /Set up the transfer-hook program of mint/,
    [],
  ],
  [
    '36/1 Update',
    createUpdateTransferHookInstruction(mint, user, key(), [], T22),
    /Change the transfer-hook program of mint/,
    [],
  ],
  // 39, 40, 41: pointers
  [
    '39/0 Initialize',
    createInitializeMetadataPointerInstruction(mint, user, key(), T22),
    /Set up the metadata pointer/,
    [],
  ],
  [
    '39/1 Update',
    createUpdateMetadataPointerInstruction(mint, user, key(), [], T22),
    /Change the metadata pointer/,
    [],
  ],
  [
    '40/0 Initialize',
    createInitializeGroupPointerInstruction(mint, user, key(), T22),
    /Set up the group pointer/,
    [],
  ],
  [
    '40/1 Update',
    createUpdateGroupPointerInstruction(mint, user, key(), [], T22),
    /Change the group pointer/,
    [],
  ],
  [
    '41/0 Initialize',
    createInitializeGroupMemberPointerInstruction(mint, user, key(), T22),
    /Set up the group-member pointer/,
    [],
  ],
  [
    '41/1 Update',
    createUpdateGroupMemberPointerInstruction(mint, user, key(), [], T22),
    /Change the group-member pointer/,
    [],
  ],
  // 43: scaled UI amount
  [
    '43/0 Initialize',
    createInitializeScaledUiAmountConfigInstruction(mint, user, 2, T22),
    /Set up a display multiplier on mint/,
    [],
  ],
  [
    '43/1 UpdateMultiplier',
    createUpdateMultiplierDataInstruction(mint, user, 3, 0n, [], T22),
    /Change the display multiplier of mint/,
    [],
  ],
  // 44: pausable
  [
    '44/0 Initialize',
    createInitializePausableConfigInstruction(mint, user, T22),
    /Make mint \S+ pausable/,
    [],
  ],
  [
    '44/1 Pause',
    createPauseInstruction(mint, user, [], T22),
    `Pausable extension: Pause mint ${short(mint)}`,
    [],
  ],
  [
    '44/2 Resume',
    createResumeInstruction(mint, user, [], T22),
    `Pausable extension: Resume mint ${short(mint)}`,
    [],
  ],
  // 27: confidential transfer (no spl-token encoder): Deposit/Withdraw { amount u64, decimals u8, … }
  ['27/0 InitializeMint', ext(27, 0, Buffer.alloc(65), [mint]), /Set up confidential transfers on mint/, []],
  [
    '27/4 EmptyAccount',
    ext(27, 4, Buffer.alloc(1), [mine, key(), user]),
    /Empty the confidential balance/,
    [],
  ],
  [
    '27/5 Deposit',
    ext(27, 5, Buffer.concat([u64(2_000_000n), Buffer.from([6])]), [mine, mint, user]),
    `Move 2 of token ${short(mint)} of token account ${short(mine)} into its confidential balance`,
    ['confidential_transfer'],
  ],
  [
    '27/6 Withdraw',
    ext(27, 6, Buffer.concat([u64(3_000_000n), Buffer.from([6]), Buffer.alloc(38)]), [mine, mint, user]),
    `Move 3 of token ${short(mint)} out of the confidential balance of token account ${short(mine)}`,
    ['confidential_transfer'],
  ],
  [
    '27/7 Transfer',
    ext(27, 7, Buffer.alloc(167), [mine, mint, theirs, user]),
    `Send an encrypted amount of token ${short(mint)} from the confidential balance of ${short(mine)} (yours) to ${short(theirs)} (owned by ${short(attacker)})`,
    ['confidential_transfer'],
  ],
  [
    '27/8 ApplyPendingBalance',
    ext(27, 8, Buffer.alloc(44), [mine, user]),
    /Apply the pending confidential balance/,
    [],
  ],
  [
    '27/10 DisableConfidentialCredits',
    ext(27, 10, Buffer.alloc(0), [mine, user]),
    /Refuse confidential transfers into/,
    [],
  ],
  [
    '27/13 TransferWithFee',
    ext(27, 13, Buffer.alloc(169), [mine, mint, theirs, user]),
    /Send an encrypted amount .* \(a fee withheld\)$/,
    ['confidential_transfer'],
  ],
  [
    '27/14 ConfigureAccountWithRegistry',
    ext(27, 14, Buffer.alloc(0), [mine, mint, key()]),
    /with a registered key/,
    [],
  ],
  // 37: confidential transfer fee; 42: confidential mint/burn; 46: permissioned burn
  [
    '37/1 WithdrawWithheldTokensFromMint',
    ext(37, 1, Buffer.alloc(37), [mint, theirs]),
    /Withdraw the confidential transfer fees withheld in mint/,
    [],
  ],
  [
    '37/5 DisableHarvestToMint',
    ext(37, 5, Buffer.alloc(0), [mint, user]),
    /Stop withheld confidential fees/,
    [],
  ],
  [
    '42/4 Burn',
    ext(42, 4, Buffer.alloc(200), [mine, mint, user]),
    `Burn an encrypted amount of token ${short(mint)} from the confidential balance of ${short(mine)} (yours)`,
    ['confidential_transfer'],
  ],
  [
    '46/1 Burn',
    ext(46, 1, u64(7_000_000n), [mine, mint, key(), user]),
    `Burn 7 of token ${short(mint)} from ${short(mine)} (yours), with the permission of`,
    [],
  ],
  [
    '46/2 BurnChecked',
    ext(46, 2, Buffer.concat([u64(7_000_000n), Buffer.from([6])]), [mine, mint, key(), user]),
    /^Burn 7 of token/,
    [],
  ],
  [
    '46/3 ConfidentialBurn',
    ext(46, 3, Buffer.alloc(200), [mine, mint, key(), user]),
    /Burn an encrypted amount/,
    ['confidential_transfer'],
  ],
];

describe('Token-2022 extension instructions, by name', () => {
  it.each(named)('%s', (_, ix, line, warnings) => {
    const out = decode(ix);
    expect(out.instructions).toHaveLength(1);
    expect(out.instructions[0]!.known).toBe(true);
    if (typeof line === 'string') expect(out.instructions[0]!.summary).toContain(line);
    else expect(out.instructions[0]!.summary).toMatch(line);
    expect(out.instructions[0]!.summary).not.toMatch(/operation \d/);
    expect(out.warnings.map((w) => w.code)).toEqual(warnings);
  });

  it('an operation no family names is an undecoded instruction, not a neutral line', () => {
    for (const [tag, sub] of [
      [26, 6],
      [27, 15],
      [30, 2],
      [34, 2],
      [44, 3],
      [46, 4],
    ] as const) {
      const out = decode(ext(tag, sub, Buffer.alloc(16), [mine, user]));
      expect(out.instructions[0]!.known, `${tag}/${sub}`).toBe(false);
      expect(out.warnings.map((w) => w.code)).toEqual(['undecoded_instruction']);
    }
  });

  it('a confidential balance leaving the user’s account is a change the result shows, not “no change”', () => {
    const out = decode(ext(27, 7, Buffer.alloc(167), [mine, mint, theirs, user]));
    expect(out.unreadableChanges).toEqual([
      `Confidential balance of token ${short(mint)}: an encrypted amount Tidepool cannot read leaves your account`,
    ]);
    // Someone else's confidential transfer to the user: nothing of the user's leaves.
    const incoming = decode(ext(27, 7, Buffer.alloc(167), [theirs, mint, mine, attacker]));
    expect(incoming.unreadableChanges).toEqual([]);
    expect(incoming.warnings).toEqual([]);
  });

  it('counts the tokens visibly leaving the user’s accounts, by mint', () => {
    const out = decode(
      createTransferCheckedWithFeeInstruction(mine, mint, theirs, user, 5_000_000n, 6, 0n, [], T22),
    );
    expect(out.visibleTokensOut).toEqual(new Map([[mint.toBase58(), 5_000_000n]]));
    // Between the user's own accounts nothing leaves.
    const own = decode(
      createTransferCheckedWithFeeInstruction(theirs, mint, mine, attacker, 5_000_000n, 6, 0n, [], T22),
    );
    expect(own.visibleTokensOut.size).toBe(0);
  });

  it('UnwrapLamports (45) sending the user’s wrapped SOL elsewhere warns', () => {
    const some = ext(45, 1, u64(1_500_000_000n), [mine, attacker, user]);
    expect(decode(some).instructions[0]!.summary).toBe(
      `Unwrap 1.5 SOL of ${short(mine)} (yours) to ${short(attacker)}`,
    );
    expect(decode(some).warnings.map((w) => w.code)).toEqual(['third_party_recipient']);
    const all = { ...some, data: Buffer.from([45, 0]) } as TransactionInstruction;
    expect(decode(all).instructions[0]!.summary).toBe(
      `Unwrap all the SOL of ${short(mine)} (yours) to ${short(attacker)}`,
    );
  });
});
