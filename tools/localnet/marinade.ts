// Marinade (mSOL) on the localnet at its mainnet addresses (`--marinade`): the June 2025 State and
// mSOL mint from ../shared/fixtures/infinity (the same files Infinity's mSOL calculator reads), plus
// the accounts the State names that no dump holds, built to agree with it. Not Marinade's own
// `initialize`: that starts a fresh instance at price 1.0, which is not the mSOL the wallet values
// nor the one Infinity holds. See README ("The local chain") for the choices made here.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PublicKey, SystemProgram } from '@solana/web3.js';
import { AccountLayout, MintLayout } from '@solana/spl-token';
import {
  LIST_HEADER,
  MARINADE_PROGRAM_ID,
  MARINADE_SEEDS,
  MARINADE_STATE,
  MSOL_MINT,
  STATE_LAYOUT,
  marinadeAddress,
} from '../../src/shared/marinade.ts';
import { readAccountFile } from './account-file.ts';
import { TOKEN_PROGRAM_ID, type StoredAccount } from './accounts.ts';
import type { LocalChain } from './chain.ts';
import { marinadeLists } from './marinade-stakes.ts';
import { mintData, tokenAccountData } from './token-layouts.ts';

const TOKEN_ACCOUNT_SIZE = AccountLayout.span;

/** ../shared/fixtures, seen from the repository root. */
function sharedFixturesDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');
}

/** The dumps `--marinade` loads: Marinade's State and the mSOL mint as of June 2025. */
export const MARINADE_FIXTURES = ['infinity/msol-pool.json', 'infinity/msol-mint.json'] as const;

function fixture(dir: string, file: string): StoredAccount {
  const path = resolve(dir, file);
  if (!existsSync(path))
    throw new Error(
      `--marinade: the fixture ${path} is missing (../shared/fixtures/infinity holds Marinade's State and mint)`,
    );
  return readAccountFile(path);
}

const system = (lamports: bigint): StoredAccount => ({
  lamports,
  owner: SystemProgram.programId.toBase58(),
  data: new Uint8Array(),
  executable: false,
});

const tokenProgramAccount = (data: Uint8Array, rent: bigint): StoredAccount => ({
  lamports: rent,
  owner: TOKEN_PROGRAM_ID,
  data,
  executable: false,
});

/** The accounts the State names that no dump holds, agreeing with `stateAccount` (the chain at `epoch`). */
async function marinadeAccounts(
  epoch: bigint,
  rent: (bytes: number) => bigint,
  stateAccount: StoredAccount,
): Promise<{ address: string; account: StoredAccount }[]> {
  const d = Buffer.from(stateAccount.data);
  const key = (offset: number) => new PublicKey(d.subarray(offset, offset + 32));
  const u64 = (offset: number) => d.readBigUInt64LE(offset);
  const list = (at: number) => ({
    address: key(at + LIST_HEADER.account),
    itemSize: d.readUInt32LE(at + LIST_HEADER.itemSize),
    count: d.readUInt32LE(at + LIST_HEADER.count),
  });
  const state = new PublicKey(MARINADE_STATE);
  const pda = (seed: Parameters<typeof marinadeAddress>[1], bumpAt: number) =>
    marinadeAddress(state, seed, d[bumpAt]!);
  const msolMint = key(STATE_LAYOUT.msolMint);
  // The program keeps rent_exempt_for_token_acc in the reserve and the SOL leg: available_reserve_balance
  // is reserve − that (the crank's update sets it so), and liquid unstakes leave it in the SOL leg.
  const kept = u64(STATE_LAYOUT.rentExemptForTokenAcc);
  const lpSupply = u64(STATE_LAYOUT.lpSupply);
  const tokenRent = rent(TOKEN_ACCOUNT_SIZE);
  const lists = await marinadeLists({
    state,
    stakeList: list(STATE_LAYOUT.stakeList),
    validatorList: list(STATE_LAYOUT.validatorList),
    totalActiveBalance: u64(STATE_LAYOUT.totalActiveBalance),
    totalValidatorScore: d.readUInt32LE(STATE_LAYOUT.totalValidatorScore),
    emergencyCoolingDown: u64(STATE_LAYOUT.emergencyCoolingDown),
    stakeDepositAuthority: pda('deposit', STATE_LAYOUT.stakeDepositBump),
    stakeWithdrawAuthority: pda('withdraw', STATE_LAYOUT.stakeWithdrawBump),
    epoch,
    rent,
  });
  return [
    {
      address: pda('reserve', STATE_LAYOUT.reserveBump).toBase58(),
      account: system(u64(STATE_LAYOUT.availableReserveBalance) + kept),
    },
    // The legs' balances are not in the State: the pool is taken at one SOL per LP token, all of it
    // SOL (the program wants it "fully unbalanced"); liquid unstakes then fill the mSOL leg.
    { address: pda('liq_sol', STATE_LAYOUT.solLegBump).toBase58(), account: system(lpSupply + kept) },
    {
      address: key(STATE_LAYOUT.msolLeg).toBase58(),
      account: tokenProgramAccount(
        tokenAccountData(msolMint, pda('liq_st_sol_authority', STATE_LAYOUT.msolLegAuthorityBump), 0n),
        tokenRent,
      ),
    },
    {
      address: key(STATE_LAYOUT.lpMint).toBase58(),
      account: tokenProgramAccount(
        mintData(pda('liq_mint', STATE_LAYOUT.lpMintAuthorityBump), lpSupply),
        rent(MintLayout.span),
      ),
    },
    // The treasury's real owner is not in the dumps; the State's admin stands in for it.
    {
      address: key(STATE_LAYOUT.treasuryMsolAccount).toBase58(),
      account: tokenProgramAccount(
        tokenAccountData(msolMint, key(STATE_LAYOUT.adminAuthority), 0n),
        tokenRent,
      ),
    },
    ...lists,
  ];
}

/**
 * Puts Marinade on `chain`: around the State already there (loaded by `--account`, or Infinity's
 * snapshot), else the June 2025 State and mint; nothing when its reserve exists (a saved ledger keeps
 * what happened to it). The program must be loaded: `--marinade` without it is an error, never a
 * silent skip.
 */
export async function loadMarinade(chain: LocalChain, dir = sharedFixturesDir()): Promise<void> {
  if (!chain.loadedPrograms.includes(MARINADE_PROGRAM_ID.toBase58()))
    throw new Error(
      `--marinade: the Marinade program (${MARINADE_PROGRAM_ID.toBase58()}) is not loaded; put marinade.MarBm.slot229946024.so in ../shared/programs or pass --bpf-program`,
    );
  const [reserve] = PublicKey.findProgramAddressSync(
    [new PublicKey(MARINADE_STATE).toBuffer(), Buffer.from(MARINADE_SEEDS.reserve)],
    MARINADE_PROGRAM_ID,
  );
  if (chain.getAccount(reserve.toBase58())) return;
  const [stateFile, mintFile] = MARINADE_FIXTURES;
  for (const [address, file] of [
    [MARINADE_STATE, stateFile],
    [MSOL_MINT, mintFile],
  ] as const)
    if (!chain.getAccount(address)) chain.setAccount(address, fixture(dir, file));
  const rent = (bytes: number) => chain.minimumBalanceForRentExemption(bytes);
  for (const { address, account } of await marinadeAccounts(
    chain.epoch,
    rent,
    chain.getAccount(MARINADE_STATE)!,
  ))
    chain.setAccount(address, account);
}
