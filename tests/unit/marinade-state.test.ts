// Marinade's State decoded from the two mainnet dumps (early 2024 and June 2025), checked against
// what the program and the chain say independently of the offsets: the addresses the State names
// are the ones its seeds and bumps derive (state/mod.rs, liq_pool.rs, stake_system.rs), its bumps
// are the canonical ones, the real mint's authority is the State's PDA, the crank's msol_price is
// virtual × 2^32 / supply, and its parameters sit inside the limits the program enforces.
import { resolve } from 'node:path';
import { PublicKey } from '@solana/web3.js';
import { TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { describe, expect, it } from 'vitest';
import { decodeMarinadeState, marinadeAccounts } from '../../src/background/staking/marinade-state';
import { MARINADE_PROGRAM_ID, MARINADE_SEEDS, MARINADE_STATE, MSOL_MINT } from '../../src/shared/marinade';
import { totalVirtualStakedLamports } from '../../src/background/staking/marinade-value';
import { readAccountFile } from '../../tools/localnet/account-file.ts';
import { marinadeOr } from '../support/marinade';

const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures');
const STATE = new PublicKey(MARINADE_STATE);
const SOL = 1_000_000_000n;

const raw = (file: string) => {
  const a = readAccountFile(resolve(FIXTURES, file));
  return { owner: new PublicKey(a.owner), data: a.data, lamports: a.lamports };
};

describe.skipIf(!marinadeOr('Marinade State decoding'))('Marinade State from the mainnet dumps', () => {
  it.each([
    ['early 2024', 'mainnet/marinade-state.json', 'mainnet/msol-mint.json'],
    ['June 2025', 'infinity/msol-pool.json', 'infinity/msol-mint.json'],
  ])(
    '%s: every address the State names derives from its seeds and bumps',
    async (_when, stateFile, mintFile) => {
      const read = decodeMarinadeState(raw(stateFile));
      if (!read.ok) throw new Error(read.reason);
      const s = read.state;
      const a = marinadeAccounts(STATE, s);
      expect(s.msolMint.toBase58()).toBe(MSOL_MINT);
      // Canonical bumps: the ones find_program_address gives, which the program stored at initialize.
      const canonical = (seed: string) =>
        PublicKey.findProgramAddressSync([STATE.toBuffer(), Buffer.from(seed)], MARINADE_PROGRAM_ID);
      expect(a.reserve).toEqual(canonical(MARINADE_SEEDS.reserve)[0]);
      expect(a.solLeg).toEqual(canonical(MARINADE_SEEDS.solLeg)[0]);
      expect(a.msolLegAuthority).toEqual(canonical(MARINADE_SEEDS.msolLegAuthority)[0]);
      expect(a.stakeDepositAuthority).toEqual(canonical(MARINADE_SEEDS.stakeDeposit)[0]);
      expect(a.stakeWithdrawAuthority).toEqual(canonical(MARINADE_SEEDS.stakeWithdraw)[0]);
      // The real mint's authority (COption<Pubkey> at byte 0) is the State's mint-authority PDA.
      expect(new PublicKey(raw(mintFile).data.subarray(4, 36))).toEqual(a.msolMintAuthority);
      expect(a.msolMintAuthority).toEqual(canonical(MARINADE_SEEDS.msolMintAuthority)[0]);
      // The default addresses (create_with_seed) the lists and the mSOL leg were created at.
      expect(s.liquidityPool.msolLeg).toEqual(
        await PublicKey.createWithSeed(STATE, 'liq_st_sol', TOKEN_PROGRAM_ID),
      );
      expect(s.stakeList.address).toEqual(
        await PublicKey.createWithSeed(STATE, 'stake_list', MARINADE_PROGRAM_ID),
      );
      expect(s.validatorList.address).toEqual(
        await PublicKey.createWithSeed(STATE, 'validator_list', MARINADE_PROGRAM_ID),
      );
      // Never more mSOL minted than the State counts (deposit.rs: UnregisteredMsolMinted).
      expect(Buffer.from(raw(mintFile).data).readBigUInt64LE(36)).toBeLessThanOrEqual(s.msolSupply);
    },
  );

  it.each([
    ['early 2024', 'mainnet/marinade-state.json'],
    ['June 2025', 'infinity/msol-pool.json'],
  ])('%s: amounts and parameters read where the program keeps them', (_when, stateFile) => {
    const read = decodeMarinadeState(raw(stateFile));
    if (!read.ok) throw new Error(read.reason);
    const s = read.state;
    expect((totalVirtualStakedLamports(s) * 2n ** 32n) / s.msolSupply).toBe(s.msolPrice);
    // LiqPool::validate and the State's hard limits.
    const pool = s.liquidityPool;
    expect(pool.lpMaxFeeBps).toBeLessThanOrEqual(1_000);
    expect(pool.lpMinFeeBps).toBeLessThanOrEqual(pool.lpMaxFeeBps);
    expect(pool.lpLiquidityTarget).toBeGreaterThanOrEqual(50n * SOL);
    expect(pool.treasuryCutBps).toBeLessThanOrEqual(7_500);
    expect(s.withdrawStakeAccountFeeBpCents).toBeLessThanOrEqual(2_000);
    expect(s.delayedUnstakeFeeBpCents).toBeLessThanOrEqual(2_000);
    expect(s.minStake).toBeGreaterThanOrEqual(SOL / 100n);
    // A token account's rent-exempt minimum on mainnet (165 bytes), which the program keeps in the reserve.
    expect(s.rentExemptForTokenAcc).toBe(2_039_280n);
    // Items at least as wide as the records (reserved space after them).
    expect(s.stakeList.itemSize).toBeGreaterThanOrEqual(49);
    expect(s.validatorList.itemSize).toBeGreaterThanOrEqual(53);
    expect([pool.lpMaxFeeBps, s.minStake, s.paused, s.withdrawStakeAccountEnabled]).toEqual([
      900,
      SOL,
      false,
      true,
    ]);
  });

  it('says why when the account is missing, not Marinade’s, or of another layout', () => {
    const state = raw('infinity/msol-pool.json');
    expect(decodeMarinadeState(null)).toMatchObject({ ok: false });
    expect(decodeMarinadeState({ ...state, owner: TOKEN_PROGRAM_ID })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not belong to the Marinade program/),
    });
    expect(decodeMarinadeState({ ...state, data: state.data.subarray(0, 600) })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/layout Tidepool does not know/),
    });
  });
});
