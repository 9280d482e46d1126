// The approval window's lines for Sanctum Infinity and Marinade (issue #21): every instruction of
// both programs named, the amounts and the program's own bound read from the right offsets, and a
// warning wherever the output or beneficiary is not the user's. The bytes come from the wallet's own
// encoders (staking/infinity-instructions.ts, marinade-instructions.ts) and, independently of them,
// from the upstream layouts written out by hand here: igneous-labs/S's s_controller IDL (the June
// 2025 controller: discriminant and argument order, account order) and Marinade's lib.rs (Anchor:
// sha256("global:<name>")[0..8], then the Borsh arguments in the order the function takes them).
import { createHash } from 'node:crypto';
import { Keypair, PublicKey, TransactionInstruction } from '@solana/web3.js';
import { NATIVE_MINT, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { describe, expect, it } from 'vitest';
import {
  decodeInstructions,
  namedMints,
  type DecodeContext,
  type RawInstruction,
} from '../../src/background/dapp/tx-decoder';
import {
  INFINITY_PROGRAM,
  addLiquidity,
  removeLiquidity,
  swapExactIn,
  type InfinityLst,
} from '../../src/background/staking/infinity-instructions';
import {
  claimIx,
  depositIx,
  liquidUnstakeIx,
  orderUnstakeIx,
  withdrawStakeAccountIx,
} from '../../src/background/staking/marinade-instructions';
import type { MarinadeAccounts } from '../../src/background/staking/marinade-state';
import { MARINADE_PROGRAM_ID, MARINADE_STATE, MSOL_MINT } from '../../src/shared/marinade';
import { shortAddress } from '../../src/shared/format';
import { SOLANA_MAINNET_CHAIN } from '../../src/shared/networks';
import { raw } from '../support/raw-instruction';

const key = () => Keypair.generate().publicKey;
const user = key();
const attacker = key();
const short = (k: PublicKey | string) => shortAddress(k.toString());
const JUPSOL = new PublicKey('jupSoLaHXQiZZTSfEWMTRRgpnyFm8f6sZdosWBjx93v');
const INF_MINT = new PublicKey('5oVNBeEEQvYi1cX3ir8Dx5n1P7pdxydbGF2X4TxVusJm');
const MSOL = new PublicKey(MSOL_MINT);
const userInf = key();
const userWsol = key();
const userJupsol = key();
const userMsol = key();
const attackerTokens = key();

const ctx = (extra: Partial<DecodeContext> = {}): DecodeContext => ({
  user: user.toBase58(),
  pools: new Map(),
  userTokenAccounts: new Set([userInf, userWsol, userJupsol, userMsol].map(String)),
  decimals: new Map([INF_MINT, NATIVE_MINT, JUPSOL, MSOL].map((m) => [m.toBase58(), 9])),
  ...extra,
});
const one = (ix: TransactionInstruction | RawInstruction, c = ctx()) => {
  const out = decodeInstructions([ix instanceof TransactionInstruction ? raw(ix) : ix], c);
  expect(out.instructions).toHaveLength(1);
  return {
    summary: out.instructions[0]!.summary,
    known: out.instructions[0]!.known,
    codes: out.warnings.map((w) => w.code),
    warnings: out.warnings.map((w) => w.text),
    visibleSolOut: out.visibleSolOut,
    names: out.tokenNames,
  };
};

const lst = (mint: PublicKey, index: number): InfinityLst => ({
  mint,
  index,
  tokenProgram: TOKEN_PROGRAM_ID,
  calculator: { program: key(), accounts: [key(), key()] },
});
const WSOL_LST = lst(NATIVE_MINT, 1);
const JUPSOL_LST = lst(JUPSOL, 7);
const liquidity = (lstAccount: PublicKey, infAccount: PublicKey, amount: bigint, minOut: bigint) => ({
  signer: user,
  lst: WSOL_LST,
  lstAccount,
  infAccount,
  infMint: INF_MINT,
  infTokenProgram: TOKEN_PROGRAM_ID,
  amount,
  minOut,
});
const swap = (outputAccount: PublicKey, amount: bigint, minOut: bigint) =>
  swapExactIn({
    signer: user,
    input: JUPSOL_LST,
    output: WSOL_LST,
    inputAccount: userJupsol,
    outputAccount,
    amount,
    minOut,
  });

describe('Infinity, from the wallet’s encoders', () => {
  it('AddLiquidity: the LST and amount in, INF to the user’s account, min_out as the program’s bound', () => {
    const out = one(addLiquidity(liquidity(userWsol, userInf, 2_000_000_000n, 1_812_345_678n)));
    expect(out.summary).toBe(
      `Stake 2 wSOL into Infinity → INF to your account ${short(userInf)} (at least 1.812345678 INF or it fails)`,
    );
    expect(out.codes).toEqual([]);
    expect(out.names).toEqual(
      new Map([
        [NATIVE_MINT.toBase58(), 'wSOL'],
        [INF_MINT.toBase58(), 'INF'],
      ]),
    );
  });

  it('AddLiquidity minting INF into someone else’s account: named, warned, no “you receive”', () => {
    const out = one(addLiquidity(liquidity(userWsol, attackerTokens, 2_000_000_000n, 1n)));
    expect(out.summary).toContain(`→ INF goes to ${short(attackerTokens)} (not your account)`);
    expect(out.summary).not.toContain('you receive');
    expect(out.codes).toEqual(['third_party_recipient']);
    expect(out.warnings[0]).toContain(attackerTokens.toBase58());
  });

  it('RemoveLiquidity: INF in, the LST to the user with what the simulation credited, the LST minimum', () => {
    const c = ctx({ creditedByMint: new Map([[NATIVE_MINT.toBase58(), 1_100_000_001n]]) });
    const out = one(removeLiquidity(liquidity(userWsol, userInf, 1_000_000_000n, 1_099_999_999n)), c);
    expect(out.summary).toBe(
      'Unstake 1 INF from Infinity for wSOL → you receive ≈ 1.100000001 wSOL (at least 1.099999999 wSOL or it fails)',
    );
    expect(out.codes).toEqual([]);
  });

  it('RemoveLiquidity paying the LST to another account warns and names it', () => {
    const out = one(removeLiquidity(liquidity(attackerTokens, userInf, 1_000_000_000n, 0n)));
    expect(out.summary).toContain(`→ wSOL goes to ${short(attackerTokens)} (not your account)`);
    expect(out.summary).toContain('(no minimum: it asks for at least 0)');
    expect(out.codes).toEqual(['third_party_recipient']);
  });

  it('SwapExactIn: the input amount, the output to the user, min_out with every digit', () => {
    const out = one(swap(userWsol, 3_000_000_000n, 3_300_000_007n));
    expect(out.summary).toBe(
      `Swap 3 token ${short(JUPSOL)} for wSOL through Infinity → wSOL to your account ${short(userWsol)} (at least 3.300000007 wSOL or it fails)`,
    );
    expect(out.codes).toEqual([]);
  });

  it('SwapExactIn to an attacker’s token account is a third-party warning naming it', () => {
    const out = one(swap(attackerTokens, 3_000_000_000n, 1n));
    expect(out.summary).toContain(`→ wSOL goes to ${short(attackerTokens)} (not your account)`);
    expect(out.codes).toEqual(['third_party_recipient']);
    expect(out.warnings[0]).toBe(
      `The wSOL from this swap goes to token account ${attackerTokens.toBase58()}, which is not yours: you would pay and ${attackerTokens.toBase58()} would receive.`,
    );
  });

  it('names registry LSTs by symbol on mainnet only, and INF and wSOL everywhere', () => {
    const mainnet = one(swap(userWsol, 1n, 1n), ctx({ chain: SOLANA_MAINNET_CHAIN }));
    expect(mainnet.summary).toMatch(/^Swap 0.000000001 JupSOL for wSOL /i);
    expect(one(swap(userWsol, 1n, 1n)).summary).toMatch(/^Swap 0.000000001 token jupS…/);
  });

  it('without the mint’s decimals the amount is given in base units, never guessed', () => {
    const out = one(swap(userWsol, 1_500n, 1_400n), ctx({ decimals: new Map() }));
    expect(out.summary).toContain(`Swap 1500 base units of token ${short(JUPSOL)}`);
    expect(out.summary).toContain('(at least 1400 base units of wSOL or it fails)');
  });

  it('lists the mints whose decimals the lines need, by position', () => {
    const ixs = [swap(userWsol, 1n, 1n), addLiquidity(liquidity(userWsol, userInf, 1n, 1n))].map(raw);
    expect(namedMints(ixs)).toEqual([JUPSOL, NATIVE_MINT, NATIVE_MINT, INF_MINT].map(String));
  });
});

/** Bytes laid out from the s_controller IDL by hand, not through the wallet's encoders. */
function idlSwap(discriminant: 1 | 2, limit: bigint, amount: bigint, accounts: string[]): RawInstruction {
  const data = Buffer.alloc(27);
  data[0] = discriminant;
  data[1] = 5; // src_lst_value_calc_accs
  data[2] = 1; // dst_lst_value_calc_accs
  data.writeUInt32LE(7, 3); // src_lst_index
  data.writeUInt32LE(1, 7); // dst_lst_index
  data.writeBigUInt64LE(limit, 11); // min_amount_out (SwapExactIn) / max_amount_in (SwapExactOut)
  data.writeBigUInt64LE(amount, 19);
  return { programId: INFINITY_PROGRAM.toBase58(), accounts, data };
}
// signer, src_lst_mint, dst_lst_mint, src_lst_acc, dst_lst_acc, protocol_fee_accumulator, …
const idlSwapAccounts = (dst: PublicKey) =>
  [user, JUPSOL, NATIVE_MINT, userJupsol, dst, key(), TOKEN_PROGRAM_ID, TOKEN_PROGRAM_ID, key(), key()].map(
    String,
  );

describe('Infinity, against the upstream layout (s_controller IDL)', () => {
  it('the encoder’s SwapExactIn is the IDL’s SwapExactIn, byte for byte', () => {
    const ix = swap(userWsol, 3_000_000_000n, 2_999_999_999n);
    // Each calculator is handed its program id and its own accounts.
    const expected = idlSwap(1, 2_999_999_999n, 3_000_000_000n, []).data as Buffer;
    expected[1] = JUPSOL_LST.calculator.accounts.length + 1;
    expected[2] = WSOL_LST.calculator.accounts.length + 1;
    expected.writeUInt32LE(JUPSOL_LST.index, 3);
    expected.writeUInt32LE(WSOL_LST.index, 7);
    expect(Buffer.from(ix.data).toString('hex')).toBe(expected.toString('hex'));
    expect(ix.keys.slice(0, 5).map((k) => k.pubkey.toBase58())).toEqual(
      idlSwapAccounts(userWsol).slice(0, 5),
    );
  });

  it('SwapExactIn read from the IDL layout: amount and min_amount_out from their own offsets', () => {
    const out = one(idlSwap(1, 1_234_567_890n, 9_876_543_210n, idlSwapAccounts(userWsol)));
    expect(out.summary).toBe(
      `Swap 9.87654321 token ${short(JUPSOL)} for wSOL through Infinity → wSOL to your account ${short(userWsol)} (at least 1.23456789 wSOL or it fails)`,
    );
  });

  it('SwapExactOut: the exact output and max_amount_in as the bound, the recipient checked', () => {
    const out = one(idlSwap(2, 5_000_000_001n, 4_000_000_000n, idlSwapAccounts(attackerTokens)));
    expect(out.summary).toBe(
      `Swap for exactly 4 wSOL through Infinity, paying with token ${short(JUPSOL)} → wSOL goes to ${short(attackerTokens)} (not your account) (at most 5.000000001 token ${short(JUPSOL)} taken or it fails)`,
    );
    expect(out.codes).toEqual(['third_party_recipient']);
  });

  it('RemoveLiquidity read from the IDL layout: lp_token_amount, min_lst_out, dst_lst_acc', () => {
    // discriminant 4: lst_value_calc_accs u8, lst_index u32, lp_token_amount u64, min_lst_out u64;
    // accounts: signer, lst_mint, dst_lst_acc, src_lp_acc, lp_token_mint, …
    const data = Buffer.alloc(22);
    data[0] = 4;
    data.writeBigUInt64LE(2_500_000_000n, 6);
    data.writeBigUInt64LE(2_700_000_000n, 14);
    const accounts = [user, MSOL, attackerTokens, userInf, INF_MINT, key()].map(String);
    const out = one({ programId: INFINITY_PROGRAM.toBase58(), accounts, data });
    expect(out.summary).toBe(
      `Unstake 2.5 INF from Infinity for token ${short(MSOL)} → token ${short(MSOL)} goes to ${short(attackerTokens)} (not your account) (at least 2.7 token ${short(MSOL)} or it fails)`,
    );
  });

  it('names every instruction tag 0..27 (the June 2025 build’s 0..22 and v2’s 23..27); 28 is unknown', () => {
    for (let tag = 0; tag <= 27; tag++) {
      const data = Buffer.alloc(32);
      data[0] = tag;
      const out = one({ programId: INFINITY_PROGRAM.toBase58(), accounts: idlSwapAccounts(userWsol), data });
      expect(out.known, `tag ${tag}: ${out.summary}`).toBe(true);
      expect(out.codes, `tag ${tag}`).not.toContain('undecoded_instruction');
    }
    const data = Buffer.from([28]);
    const out = one({ programId: INFINITY_PROGRAM.toBase58(), accounts: [], data });
    expect(out.known).toBe(false);
    expect(out.codes).toEqual(['undecoded_instruction']);
  });

  it('a swap cut short is a warning, not a line with a wrong amount', () => {
    const out = one({ ...idlSwap(1, 1n, 1n, idlSwapAccounts(userWsol)), data: Buffer.alloc(20, 1) });
    expect(out.known).toBe(false);
    expect(out.codes).toEqual(['undecoded_instruction']);
  });

  it('SetAdmin handing the user’s admin authority to another key warns', () => {
    // SetAdmin: current_admin, new_admin, pool_state
    const out = one({
      programId: INFINITY_PROGRAM.toBase58(),
      accounts: [user, attacker, key()].map(String),
      data: Buffer.from([10]),
    });
    expect(out.codes).toEqual(['authority_change']);
    expect(out.summary).toBe(`Set Infinity’s admin authority to ${short(attacker)}`);
  });
});

const marinade: MarinadeAccounts = {
  state: new PublicKey(MARINADE_STATE),
  msolMint: MSOL,
  msolMintAuthority: key(),
  reserve: key(),
  solLeg: key(),
  msolLeg: key(),
  msolLegAuthority: key(),
  treasuryMsolAccount: key(),
  stakeList: key(),
  validatorList: key(),
  stakeDepositAuthority: key(),
  stakeWithdrawAuthority: key(),
};
const withOwner = (account: PublicKey, owner: PublicKey) =>
  new Map([[account.toBase58(), { mint: MSOL_MINT, owner: owner.toBase58() }]]);

describe('Marinade, from the wallet’s encoders', () => {
  it('deposit: the SOL in, mSOL to the user, and that no minimum is enforced', () => {
    const out = one(depositIx(marinade, user, userMsol, 2_500_000_000n));
    expect(out.summary).toBe(
      `Stake 2.5 SOL into Marinade → mSOL to your account ${short(userMsol)} (no minimum enforced: Marinade takes none)`,
    );
    expect(out.visibleSolOut).toBe(2_500_000_000n);
    expect(out.codes).toEqual([]);
  });

  it('deposit minting mSOL into someone else’s account warns', () => {
    const out = one(depositIx(marinade, user, attackerTokens, 2_500_000_000n));
    expect(out.summary).toContain(`→ mSOL goes to ${short(attackerTokens)} (not your account)`);
    expect(out.codes).toEqual(['third_party_recipient']);
  });

  it('liquid_unstake: mSOL in, SOL to the user, no minimum', () => {
    const out = one(liquidUnstakeIx(marinade, user, userMsol, 1_000_000_001n));
    expect(out.summary).toBe(
      'Unstake 1.000000001 mSOL now through Marinade’s liquidity pool → SOL to your account (no minimum enforced: Marinade takes none)',
    );
    expect(out.codes).toEqual([]);
  });

  it('liquid_unstake paying the SOL to another key warns and names it', () => {
    const ix = liquidUnstakeIx(marinade, user, userMsol, 1_000_000_000n);
    ix.keys[7]!.pubkey = attacker; // transfer_sol_to
    const out = one(ix);
    expect(out.summary).toContain(`→ SOL goes to ${short(attacker)} (not your account)`);
    expect(out.warnings).toEqual([`The SOL from this unstake goes to ${attacker.toBase58()}, not to you.`]);
  });

  it('withdraw_stake_account: the stake account controlled by the user; another beneficiary warns', () => {
    const split = key();
    const ix = withdrawStakeAccountIx(marinade, {
      owner: user,
      msolAccount: userMsol,
      stake: { stakeIndex: 3, stakeAccount: key(), validatorIndex: 9 },
      splitStakeAccount: split,
      msolAmount: 1_500_000_000n,
    });
    expect(one(ix).summary).toBe(
      `Unstake 1.5 mSOL from Marinade into stake account ${short(split)} → a stake account controlled by you (no minimum enforced: Marinade takes none)`,
    );
    attacker.toBuffer().copy(ix.data, 24); // the beneficiary argument
    const out = one(ix);
    expect(out.summary).toContain(`→ a stake account controlled by ${short(attacker)} (not you)`);
    expect(out.warnings).toEqual([
      `The stake account from this unstake would be controlled by ${attacker.toBase58()}, not by you.`,
    ]);
  });

  it('order_unstake: the ticket is the burned account’s owner’s; another owner warns', () => {
    const ticket = key();
    const ix = orderUnstakeIx(marinade, user, userMsol, ticket, 4_000_000_000n);
    const own = one(ix, ctx({ tokenAccounts: withOwner(userMsol, user) }));
    expect(own.summary).toBe(
      `Order a delayed unstake of 4 mSOL from Marinade: ticket ${short(ticket)}, claimable by you in a later epoch (no minimum enforced: Marinade takes none)`,
    );
    expect(own.codes).toEqual([]);
    const theirs = one(ix, ctx({ tokenAccounts: withOwner(userMsol, attacker) }));
    expect(theirs.summary).toContain(`claimable by ${short(attacker)} (not you)`);
    expect(theirs.warnings).toEqual([
      `The delayed-unstake ticket from this order would be claimable by ${attacker.toBase58()}, not by you.`,
    ]);
  });

  it('claim: to the user, or a warning that the ticket is someone else’s', () => {
    const ticket = key();
    expect(one(claimIx(marinade, ticket, user)).summary).toBe(
      `Claim the delayed-unstake ticket ${short(ticket)} from Marinade → SOL to your account`,
    );
    const out = one(claimIx(marinade, ticket, attacker));
    expect(out.summary).toContain(`→ SOL goes to ${short(attacker)} (not your account)`);
    expect(out.codes).toEqual(['third_party_recipient']);
  });

  it('a State other than mSOL’s is named as another instance, and its mint is not called mSOL', () => {
    const other = key();
    const out = one(liquidUnstakeIx({ ...marinade, state: other }, user, userMsol, 1_000_000_000n));
    expect(out.summary).toContain(
      `through the Marinade instance ${short(other)} (not mSOL’s)’s liquidity pool`,
    );
    expect(out.summary).toContain(`Unstake 1 token ${short(MSOL)}`);
  });
});

const anchor = (name: string) => createHash('sha256').update(`global:${name}`).digest().subarray(0, 8);

describe('Marinade, against the upstream source (lib.rs of both builds)', () => {
  // Every instruction of release-20231114 (slot 229946024) and v2.1.0.
  const names = [
    'initialize', 'change_authority', 'add_validator', 'remove_validator', 'set_validator_score',
    'config_validator_system', 'deposit', 'deposit_stake_account', 'liquid_unstake', 'add_liquidity',
    'remove_liquidity', 'config_lp', 'config_marinade', 'order_unstake', 'claim', 'stake_reserve',
    'update_active', 'update_deactivated', 'deactivate_stake', 'emergency_unstake', 'partial_unstake',
    'merge_stakes', 'redelegate', 'create_canonical_stake', 'pause', 'resume', 'withdraw_stake_account',
    'realloc_validator_list', 'realloc_stake_list', 'finalize_delinquent_upgrade',
  ]; // prettier-ignore
  const accounts = Array.from({ length: 16 }, () => user.toBase58());

  it('names every instruction by its Anchor discriminator; anything else is undecoded', () => {
    for (const name of names) {
      const data = Buffer.concat([anchor(name), Buffer.alloc(64)]);
      const out = one({ programId: MARINADE_PROGRAM_ID.toBase58(), accounts, data });
      expect(out.known, `${name}: ${out.summary}`).toBe(true);
      expect(out.codes, name).not.toContain('undecoded_instruction');
    }
    const out = one({ programId: MARINADE_PROGRAM_ID.toBase58(), accounts, data: anchor('unstake') });
    expect(out.known).toBe(false);
    expect(out.codes).toEqual(['undecoded_instruction']);
  });

  it('withdraw_stake_account laid out from lib.rs: stake_index u32, validator_index u32, msol_amount u64, beneficiary', () => {
    const split = key();
    const data = Buffer.alloc(56);
    anchor('withdraw_stake_account').copy(data, 0);
    data.writeUInt32LE(12, 8);
    data.writeUInt32LE(40, 12);
    data.writeBigUInt64LE(7_250_000_000n, 16);
    attacker.toBuffer().copy(data, 24);
    // state, msol_mint, burn_msol_from, burn_msol_authority, treasury, validator_list, stake_list,
    // withdraw authority, deposit authority, stake_account, split_stake_account, rent payer, …
    const order = [
      marinade.state,
      MSOL,
      userMsol,
      user,
      key(),
      key(),
      key(),
      key(),
      key(),
      key(),
      split,
      user,
    ];
    const out = one({ programId: MARINADE_PROGRAM_ID.toBase58(), accounts: order.map(String), data });
    expect(out.summary).toBe(
      `Unstake 7.25 mSOL from Marinade into stake account ${short(split)} → a stake account controlled by ${short(attacker)} (not you) (no minimum enforced: Marinade takes none)`,
    );
    expect(out.codes).toEqual(['third_party_recipient']);
  });

  it('liquid_unstake laid out from lib.rs: msol_amount u64 after the discriminator; transfer_sol_to eighth', () => {
    const data = Buffer.concat([anchor('liquid_unstake'), Buffer.alloc(8)]);
    data.writeBigUInt64LE(333_000_000n, 8);
    // state, msol_mint, liq_pool_sol_leg_pda, liq_pool_msol_leg, treasury_msol_account,
    // get_msol_from, get_msol_from_authority, transfer_sol_to, system_program, token_program
    const order = [marinade.state, MSOL, key(), key(), key(), userMsol, user, attacker];
    const out = one({ programId: MARINADE_PROGRAM_ID.toBase58(), accounts: order.map(String), data });
    expect(out.summary).toBe(
      `Unstake 0.333 mSOL now through Marinade’s liquidity pool → SOL goes to ${short(attacker)} (not your account) (no minimum enforced: Marinade takes none)`,
    );
  });

  it('withdraw_stake_account cut before its beneficiary is undecoded, not read as someone’s key', () => {
    const data = Buffer.concat([anchor('withdraw_stake_account'), Buffer.alloc(30)]);
    const out = one({ programId: MARINADE_PROGRAM_ID.toBase58(), accounts, data });
    expect(out.known).toBe(false);
  });
});
