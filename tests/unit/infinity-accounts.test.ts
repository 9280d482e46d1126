// What an Infinity route reads and the addresses its instructions name, checked against the June
// 2025 snapshot itself (../shared/fixtures/infinity: each dump carries its own address) and
// upstream's constants (igneous-labs inf-1.5 sol-val-calc/*/keys.rs), not against the wallet's own
// encoders; and the instruction data laid out as upstream's controller reads it.
import { PublicKey } from '@solana/web3.js';
import { NATIVE_MINT, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { describe, expect, it } from 'vitest';
import {
  decodeFlatFeeAccount,
  decodeFlatFeeState,
  decodeLstStateList,
} from '../../src/background/staking/infinity-accounts';
import { calculatorAccounts, programDataAddress } from '../../src/background/staking/infinity-calculators';
import { decodeInfinityPool } from '../../src/background/portfolio/adapters/infinity';
import {
  FLAT_FEE_PROGRAM,
  INFINITY_LST_STATE_LIST,
  INFINITY_POOL_STATE,
  addLiquidity,
  flatFeePricing,
  protocolFeeAccumulatorOf,
  removeLiquidity,
  reservesOf,
  swapExactIn,
} from '../../src/background/staking/infinity-instructions';
import { infinityDump, infinityOr } from '../support/infinity-fixtures';
import type { AccountEntry } from '../support/lst-fixtures';

const raw = (e: AccountEntry) => ({
  owner: new PublicKey(e.account.owner),
  data: e.account.data,
  lamports: e.account.lamports,
});
const key = (s: string) => new PublicKey(s);
const JUPSOL = key('jupSoLaHXQiZZTSfEWMTRRgpnyFm8f6sZdosWBjx93v');
const MSOL = key('mSoLzYCxHdYgdzU16g5QSh3i5K3z3KZK7ytfqcJm7So');
const SPMBZ_CALC = key('ssmbu3KZxgonUtjEMCKspZzxvUQCxAFnyh1rcHUeEDo');
const MARINADE_CALC = key('mare3SCyfZkAndpBRBeonETmkCCB3TJTTrz8ZN2dnhP');
const JUPSOL_POOL = key('8VpRhuxa7sUUepdY3kQiTmX9rS5vx4WgaXiAnXq4KCtr');

describe.skipIf(!infinityOr('Infinity accounts on the snapshot'))(
  'Infinity’s accounts, on the snapshot',
  () => {
    const address = (file: string) => key(infinityDump(file).address);

    it('derives the addresses the snapshot holds: pool state, LST list, reserves, protocol-fee accumulators, pricing state and fee accounts, calculator states', () => {
      expect(INFINITY_POOL_STATE).toEqual(address('pool-state.json'));
      expect(INFINITY_LST_STATE_LIST).toEqual(address('lst-state-list.json'));
      for (const [mint, name] of [
        [NATIVE_MINT, 'wsol'],
        [JUPSOL, 'jupsol'],
        [MSOL, 'msol'],
      ] as const) {
        const lst = { mint, tokenProgram: TOKEN_PROGRAM_ID };
        expect(reservesOf(lst)).toEqual(address(`${name}-reserves.json`));
        expect(protocolFeeAccumulatorOf(lst)).toEqual(address(`${name}-pf-accum.json`));
        expect(flatFeePricing.feeAccount(mint)).toEqual(address(`flatfee-${name}-fee-acc.json`));
      }
      expect(flatFeePricing.state).toEqual(address('flatfee-state.json'));
      const spl = calculatorAccounts(SPMBZ_CALC, JUPSOL_POOL);
      const marinade = calculatorAccounts(MARINADE_CALC, null);
      expect(spl.ok && spl.calculator.accounts[0]).toEqual(address('sanctum-spl-multi-calc-state.json'));
      expect(marinade.ok && marinade.calculator.accounts[0]).toEqual(address('marinade-calc-state.json'));
    });

    it('reads the v1 PoolState’s pricing program: the flat-fee one whose accounts the instructions name', () => {
      const pool = decodeInfinityPool(raw(infinityDump('pool-state.json')));
      expect(pool.ok && pool.pool.pricingProgram).toBe(FLAT_FEE_PROGRAM.toBase58());
    });

    it('reads the 86-entry LST list: wSOL by the wSOL calculator, jupSOL by the SPMBz one, JitoSOL input-disabled', () => {
      const list = decodeLstStateList(raw(infinityDump('lst-state-list.json')));
      if (!list.ok) throw new Error(list.reason);
      expect(list.value).toHaveLength(86);
      const entry = (mint: PublicKey) => list.value.find((l) => l.mint.equals(mint))!;
      expect(entry(NATIVE_MINT)).toMatchObject({
        calculator: key('wsoGmxQLSvwWpuaidCApxN5kEowLe2HLQLJhCQnj4bE'),
        solValue: 13_414_450_670_097n,
        inputDisabled: false,
      });
      expect(entry(JUPSOL)).toMatchObject({ calculator: SPMBZ_CALC, solValue: 98_025_942_575_128n });
      expect(entry(key('J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn')).inputDisabled).toBe(true);
    });

    it('reads the flat-fee accounts: per-LST input/output fees (signed bps) and the LP withdrawal fee', () => {
      expect(decodeFlatFeeAccount(raw(infinityDump('flatfee-wsol-fee-acc.json')))).toEqual({
        ok: true,
        value: { inputFeeBps: 1, outputFeeBps: 12 },
      });
      expect(decodeFlatFeeAccount(raw(infinityDump('flatfee-jupsol-fee-acc.json')))).toEqual({
        ok: true,
        value: { inputFeeBps: 4, outputFeeBps: 8 },
      });
      expect(decodeFlatFeeState(raw(infinityDump('flatfee-state.json')))).toEqual({
        ok: true,
        value: { lpWithdrawalFeeBps: 20 },
      });
    });

    it('refuses an account of another program or another size, with a sentence', () => {
      const list = infinityDump('lst-state-list.json');
      const notOurs = { ...raw(list), owner: TOKEN_PROGRAM_ID };
      expect(decodeLstStateList(notOurs)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/belong/),
      });
      expect(decodeLstStateList({ ...raw(list), data: raw(list).data.subarray(0, 81) })).toMatchObject({
        ok: false,
      });
      expect(decodeFlatFeeState(raw(infinityDump('flatfee-wsol-fee-acc.json')))).toMatchObject({ ok: false });
      expect(decodeLstStateList(null)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/not on this network/),
      });
    });
  },
);

describe('Infinity calculators and instructions', () => {
  it('names each calculator’s accounts as upstream does: wSOL none; stake-pool calculators state, pool, program, ProgramData; Marinade its State', () => {
    expect(calculatorAccounts(key('wsoGmxQLSvwWpuaidCApxN5kEowLe2HLQLJhCQnj4bE'), null)).toMatchObject({
      ok: true,
      calculator: { accounts: [] },
    });
    const spl = calculatorAccounts(SPMBZ_CALC, JUPSOL_POOL);
    if (!spl.ok) throw new Error(spl.reason);
    // POOL_PROGDATA_ID of sanctum_spl_multi and of Marinade in upstream's keys.rs.
    expect(spl.calculator.accounts.slice(1).map(String)).toEqual([
      JUPSOL_POOL.toBase58(),
      'SPMBzsVUuoHA4Jm6KunbsotaahvVikZs1JyTW6iJvbn',
      'HxBTMuB7cFBPVWVJjTi9iBF8MPd7mfY1QnrrWfLAySFd',
    ]);
    const marinade = calculatorAccounts(MARINADE_CALC, null);
    if (!marinade.ok) throw new Error(marinade.reason);
    expect(marinade.calculator.accounts.slice(1).map(String)).toEqual([
      '8szGkuLTAux9XMgZ2vtY39jVSowEcpBfFfD8hXSEqdGC',
      'MarBmsSgKXdrN1egZf5sqe1TMai9K1rChYNDJgjq7aD',
      '4PQH9YmfuKrVyZaibkLYpJZPv2FPaybhq2GAuBcWMSBf',
    ]);
    expect(programDataAddress(key('SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy')).toBase58()).toBe(
      'EmiU8AQkB2sswTxVB6aCmsAJftoowZGGDXuytm6X65R3',
    );
    expect(calculatorAccounts(SPMBZ_CALC, null)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/stake pool/),
    });
    expect(calculatorAccounts(JUPSOL, null)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not know/),
    });
  });

  const lst = (mint: PublicKey, index: number, accounts: PublicKey[]) => ({
    mint,
    index,
    tokenProgram: TOKEN_PROGRAM_ID,
    calculator: { program: SPMBZ_CALC, accounts },
  });
  const signer = key('GXtzAQwJyMyyb9rVKJwrJAoCpV4yCdZKcg5Yd2zdbZ8K');

  it('lays out AddLiquidity (3) and RemoveLiquidity (4) as upstream: tag, calculator account count, u32 index, u64 amount, u64 min out; 11 accounts, the calculator, the pricing program', () => {
    const args = {
      signer,
      lst: lst(JUPSOL, 25, [key('Ehcuy2BzuY9BscqcH2K43tDKqoi6xQHxChtVjzrMfvU8'), JUPSOL_POOL]),
      lstAccount: key('HEBGMxji1LQvU7ptbAKXJccaKsjD3LJ56GYH3tK7CmHq'),
      infAccount: key('GwEVBmBh5nvVJuH122RCrPKQGKJ6JRYz2AVvBk9tHEvo'),
      infMint: key('5oVNBeEEQvYi1cX3ir8Dx5n1P7pdxydbGF2X4TxVusJm'),
      infTokenProgram: TOKEN_PROGRAM_ID,
      amount: 0x0102030405060708n,
      minOut: 0x1112131415161718n,
    };
    const add = addLiquidity(args);
    expect(add.data.toString('hex')).toBe('03' + '03' + '19000000' + '0807060504030201' + '1817161514131211');
    expect(add.keys).toHaveLength(11 + 3 + 1);
    expect(add.keys[0]).toEqual({ pubkey: signer, isSigner: true, isWritable: false });
    expect(add.keys.filter((k) => k.isWritable).map((k) => k.pubkey)).toEqual([
      args.lstAccount,
      args.infAccount,
      args.infMint,
      protocolFeeAccumulatorOf(args.lst),
      INFINITY_POOL_STATE,
      INFINITY_LST_STATE_LIST,
      reservesOf(args.lst),
    ]);
    expect(add.keys.slice(11).map((k) => k.pubkey.toBase58())).toEqual([
      SPMBZ_CALC.toBase58(),
      'Ehcuy2BzuY9BscqcH2K43tDKqoi6xQHxChtVjzrMfvU8',
      JUPSOL_POOL.toBase58(),
      'f1tUoNEKrDp1oeGn4zxr7bh41eN6VcfHjfrL3ZqQday',
    ]);
    const remove = removeLiquidity(args);
    expect(remove.data[0]).toBe(4);
    expect(remove.keys.at(-1)!.pubkey).toEqual(flatFeePricing.state);
  });

  it('lays out SwapExactIn (1) as upstream: both calculators’ counts and indexes, min out before amount; the input and output fee accounts last', () => {
    const input = lst(JUPSOL, 25, [JUPSOL_POOL]);
    const output = {
      ...lst(NATIVE_MINT, 1, []),
      calculator: { program: key('wsoGmxQLSvwWpuaidCApxN5kEowLe2HLQLJhCQnj4bE'), accounts: [] },
    };
    const ix = swapExactIn({
      signer,
      input,
      output,
      inputAccount: key('HEBGMxji1LQvU7ptbAKXJccaKsjD3LJ56GYH3tK7CmHq'),
      outputAccount: key('EFMp4AxGDwpTgkigfXE9avXWPeT5MNvEDEEJJC37n6CS'),
      amount: 7n,
      minOut: 5n,
    });
    expect(ix.data.toString('hex')).toBe(
      '01' + '02' + '01' + '19000000' + '01000000' + '0500000000000000' + '0700000000000000',
    );
    expect(ix.keys).toHaveLength(12 + 2 + 1 + 1 + 2);
    expect(ix.keys[5]!.pubkey).toEqual(protocolFeeAccumulatorOf(output));
    expect(ix.keys.slice(-2).map((k) => k.pubkey)).toEqual([
      flatFeePricing.feeAccount(JUPSOL),
      flatFeePricing.feeAccount(NATIVE_MINT),
    ]);
  });
});
