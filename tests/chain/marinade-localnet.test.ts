// `--marinade` (startTestChain({ marinade: true })): the accounts the June 2025 State names, built to
// agree with it (reserve, liquidity pool legs, LP mint, treasury, the two lists and every stake account
// they name), what a route reads of the lists (bytes of the whole accounts, of the items in use and of
// one item), a saved ledger kept as it is, and no Marinade without its program.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAssociatedTokenAccountIdempotentInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depositIx } from '../../src/background/staking/marinade-instructions';
import {
  itemCall,
  stakeRecords,
  usedItemsCall,
  validatorRecords,
} from '../../src/background/staking/marinade-lists';
import { decodeStakeAccount } from '../../src/background/staking/stake-account';
import { STATE_LAYOUT } from '../../src/shared/marinade';
import { parseFlags } from '../../tools/localnet/cli.ts';
import { startLocalnet } from '../../tools/localnet/localnet.ts';
import { startTestChain, type TestChain } from '../support/localnet';
import { dump } from '../support/lst-fixtures';
import { marinadeOr, readMarinade, simulateThenLand, tokenAmount, watched } from '../support/marinade';
import { SOL } from '../support/staking';

describe.skipIf(!marinadeOr('Marinade on the localnet'))('Marinade on the localnet', () => {
  let chain: TestChain;
  beforeAll(async () => {
    chain = await startTestChain({ marinade: true });
  });
  afterAll(() => chain.close());

  /** The JSON-RPC answer to `call`: its size on the wire and the data bytes it carried. */
  async function answer(call: { method: string; params: readonly unknown[] }) {
    const response = await fetch(chain.node.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: call.method, params: call.params }),
    });
    const text = await response.text();
    const data = (JSON.parse(text) as { result: { value: { data: [string] } } }).result.value.data[0];
    return { wire: text.length, bytes: Buffer.from(data, 'base64') };
  }

  it('builds the accounts the State names so that they agree with it', async () => {
    const { state: s, accounts: a } = await readMarinade(chain);
    const [reserve, solLeg, msolLeg, treasury, mint, lpMint] = await watched(chain, [
      a.reserve,
      a.solLeg,
      a.msolLeg,
      a.treasuryMsolAccount,
      a.msolMint,
      s.liquidityPool.lpMint,
    ]);
    expect(reserve!.lamports).toBe(s.availableReserveBalance + s.rentExemptForTokenAcc);
    expect(solLeg!.lamports).toBe(s.liquidityPool.lpSupply + s.rentExemptForTokenAcc);
    expect(mint!.data.readBigUInt64LE(36)).toBe(s.msolSupply);
    expect(lpMint!.data.readBigUInt64LE(36)).toBe(s.liquidityPool.lpSupply);
    for (const leg of [msolLeg!, treasury!]) expect(leg.data.subarray(0, 32)).toEqual(a.msolMint.toBuffer());
    expect(msolLeg!.data.subarray(32, 64)).toEqual(a.msolLegAuthority.toBuffer());
    expect(tokenAmount(msolLeg)).toBe(0n);

    const [stakeList, validatorList] = await watched(chain, [s.stakeList.address, s.validatorList.address]);
    const stakes = stakeRecords(s.stakeList, stakeList!.data)!;
    const validators = validatorRecords(s.validatorList, validatorList!.data)!;
    expect([stakes.length, validators.length]).toEqual([s.stakeList.count, s.validatorList.count]);
    const active = stakes.filter((r) => !r.isEmergencyUnstaking);
    const sum = (xs: bigint[]) => xs.reduce((x, y) => x + y, 0n);
    expect(sum(active.map((r) => r.lastUpdateDelegatedLamports))).toBe(s.totalActiveBalance);
    expect(sum(stakes.filter((r) => r.isEmergencyUnstaking).map((r) => r.lastUpdateDelegatedLamports))).toBe(
      s.emergencyCoolingDown,
    );
    expect(sum(validators.map((v) => v.activeBalance))).toBe(s.totalActiveBalance);
    const stateBytes = (await watched(chain, [a.state]))[0]!.data;
    expect(validators.reduce((x, v) => x + v.score, 0)).toBe(
      stateBytes.readUInt32LE(STATE_LAYOUT.totalValidatorScore),
    );
    // Every record names a stake account that exists, Marinade's, delegated as recorded.
    const infos = await watched(
      chain,
      stakes.map((r) => r.stakeAccount),
    );
    const byVote = new Map(validators.map((v) => [v.validatorAccount.toBase58(), v]));
    stakes.forEach((r, i) => {
      const stake = decodeStakeAccount(infos[i]!.data)!;
      expect(stake.delegated).toBe(r.lastUpdateDelegatedLamports);
      expect([stake.staker, stake.withdrawer]).toEqual([a.stakeDepositAuthority, a.stakeWithdrawAuthority]);
      const validator = byVote.get(stake.voter!.toBase58())!;
      expect(validator.activeBalance).toBe(r.isEmergencyUnstaking ? 0n : r.lastUpdateDelegatedLamports);
      expect(validator.score > 0).toBe(!r.isEmergencyUnstaking);
    });
  });

  it('lets a route read one list item instead of the whole list (mainnet sizes: ~560 KB and ~183 KB)', async () => {
    const { state: s } = await readMarinade(chain);
    const whole = (list: typeof s.stakeList) => ({
      method: 'getAccountInfo',
      params: [list.address.toBase58(), { encoding: 'base64' }],
    });
    const stakeWhole = await answer(whole(s.stakeList));
    const validatorWhole = await answer(whole(s.validatorList));
    expect([stakeWhole.bytes.length, validatorWhole.bytes.length]).toEqual([560_008, 183_008]);
    const stakeUsed = await answer(usedItemsCall(s.stakeList));
    const validatorUsed = await answer(usedItemsCall(s.validatorList));
    expect([stakeUsed.bytes.length, validatorUsed.bytes.length]).toEqual([8 + 129 * 56, 8 + 1170 * 61]);
    expect(stakeUsed.bytes).toEqual(stakeWhole.bytes.subarray(0, stakeUsed.bytes.length));
    const stakeItem = await answer(itemCall(s.stakeList, 100));
    const validatorItem = await answer(itemCall(s.validatorList, 1000));
    expect(stakeItem.bytes).toEqual(stakeWhole.bytes.subarray(8 + 100 * 56, 8 + 101 * 56));
    expect(validatorItem.bytes).toEqual(validatorWhole.bytes.subarray(8 + 1000 * 61, 8 + 1001 * 61));
    // On the wire (base64 JSON): the whole lists against one item each.
    expect(stakeWhole.wire + validatorWhole.wire).toBeGreaterThan(990_000);
    expect(stakeItem.wire + validatorItem.wire).toBeLessThan(1_000);
  });

  it('builds around a State already loaded (the early 2024 one by --account): its lists, its reserve', async () => {
    const [state, mint] = ['marinade-state.json', 'msol-mint.json'].map((f) => dump(f));
    const early = await startTestChain({ marinade: true, accounts: [state!, mint!] });
    try {
      const { state: s, accounts: a } = await readMarinade(early);
      expect([s.stakeList.count, s.validatorList.count]).toEqual([229, 1941]);
      const [reserve, stakeList] = await watched(early, [a.reserve, s.stakeList.address]);
      expect(reserve!.lamports).toBe(s.availableReserveBalance + s.rentExemptForTokenAcc);
      const stakes = stakeRecords(s.stakeList, stakeList!.data)!;
      expect(stakes.reduce((x, r) => x + r.lastUpdateDelegatedLamports, 0n)).toBe(s.totalActiveBalance);
      expect(stakes.some((r) => r.isEmergencyUnstaking)).toBe(false); // emergency_cooling_down is 0 then
    } finally {
      await early.close();
    }
  });

  it('keeps Marinade as a saved ledger left it', async () => {
    const ledger = mkdtempSync(join(tmpdir(), 'tidepool-marinade-'));
    const first = await startTestChain({ marinade: true, ledger });
    const keypair = await first.funded(5);
    const { state, accounts } = await readMarinade(first);
    const msol = getAssociatedTokenAddressSync(state.msolMint, keypair.publicKey);
    await simulateThenLand(
      first,
      [keypair],
      [
        createAssociatedTokenAccountIdempotentInstruction(
          keypair.publicKey,
          msol,
          keypair.publicKey,
          state.msolMint,
        ),
        depositIx(accounts, keypair.publicKey, msol, SOL),
      ],
      [msol],
    );
    const supply = (await readMarinade(first)).state.msolSupply;
    expect(supply).toBeGreaterThan(state.msolSupply);
    await first.close();
    const again = await startTestChain({ marinade: true, ledger });
    try {
      expect((await readMarinade(again)).state.msolSupply).toBe(supply);
    } finally {
      await again.close();
    }
  });
});

describe('--marinade', () => {
  it('is a localnet flag, and fails without the Marinade program rather than starting without it', async () => {
    expect(parseFlags(['--marinade']).marinade).toBe(true);
    await expect(
      startLocalnet({ marinade: true, noSharedPrograms: true, useProgramsCache: false }),
    ).rejects.toThrow(/--marinade: the Marinade program .* is not loaded/);
  });
});
