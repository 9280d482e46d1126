// Marinade's instant routes with the real program (the build deployed at slot 229946024) on the
// localnet built around the June 2025 State (`--marinade`): SOL → mSOL (deposit, minting, then
// buying from the liquidity pool's mSOL leg first) and mSOL → SOL (liquid_unstake), each simulated,
// then landed equal to the simulation and to the upstream math ported in tests/support, to the base
// unit. And the program's refusals: more than the pool's SOL, a paused State.
import { Keypair, type PublicKey } from '@solana/web3.js';
import {
  createAssociatedTokenAccountIdempotentInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depositIx, liquidUnstakeIx } from '../../src/background/staking/marinade-instructions';
import { STATE_LAYOUT } from '../../src/shared/marinade';
import { startTestChain, type TestChain } from '../support/localnet';
import { deposit, liquidUnstake } from '../support/marinade-math';
import {
  STATE,
  expectLandedAsSimulated,
  marinadeOr,
  readMarinade,
  refusal,
  simulate,
  simulateThenLand,
  tokenAmount,
  watched,
} from '../support/marinade';
import { SOL } from '../support/staking';

describe.skipIf(!marinadeOr('Marinade instant routes'))('Marinade: deposit and liquid unstake', () => {
  let chain: TestChain;
  beforeAll(async () => {
    chain = await startTestChain({ marinade: true });
  });
  afterAll(() => chain.close());

  async function person(sol: number) {
    const keypair = await chain.funded(sol);
    const { state } = await readMarinade(chain);
    return { keypair, msol: getAssociatedTokenAddressSync(state.msolMint, keypair.publicKey) };
  }

  async function stake(who: { keypair: Keypair; msol: PublicKey }, lamports: bigint) {
    const { state, accounts } = await readMarinade(chain);
    const owner = who.keypair.publicKey;
    const watch = [who.msol, accounts.reserve, accounts.solLeg, accounts.msolLeg, accounts.msolMint];
    const r = await simulateThenLand(
      chain,
      [who.keypair],
      [
        createAssociatedTokenAccountIdempotentInstruction(owner, who.msol, owner, state.msolMint),
        depositIx(accounts, owner, who.msol, lamports),
      ],
      watch,
    );
    expectLandedAsSimulated(r);
    const expected = deposit(state, tokenAmount(r.before[3]!), lamports);
    const after = (await readMarinade(chain)).state;
    expect(tokenAmount(r.landed[0]!) - tokenAmount(r.before[0])).toBe(expected.msolOut);
    expect(r.landed[1]!.lamports - r.before[1]!.lamports).toBe(expected.solToReserve);
    expect(r.landed[2]!.lamports - r.before[2]!.lamports).toBe(expected.solSwapped);
    expect(tokenAmount(r.before[3]!) - tokenAmount(r.landed[3]!)).toBe(expected.msolSwapped);
    expect(after.msolSupply - state.msolSupply).toBe(expected.msolMinted);
    expect(r.landed[4]!.data.readBigUInt64LE(36)).toBe(after.msolSupply); // the mint's supply stays the State's
    expect(after.availableReserveBalance - state.availableReserveBalance).toBe(expected.solToReserve);
    return expected;
  }

  async function unstake(who: { keypair: Keypair; msol: PublicKey }, msol: bigint) {
    const { state, accounts } = await readMarinade(chain);
    const owner = who.keypair.publicKey;
    const watch = [owner, who.msol, accounts.solLeg, accounts.msolLeg, accounts.treasuryMsolAccount];
    const r = await simulateThenLand(
      chain,
      [who.keypair],
      [liquidUnstakeIx(accounts, owner, who.msol, msol)],
      watch,
    );
    expectLandedAsSimulated(r);
    const expected = liquidUnstake(state, r.before[2]!.lamports, msol);
    if ('refused' in expected) throw new Error(expected.refused);
    expect(r.landed[0]!.lamports - r.before[0]!.lamports + r.fee).toBe(expected.lamportsOut);
    expect(tokenAmount(r.before[1]) - tokenAmount(r.landed[1])).toBe(msol);
    expect(r.before[2]!.lamports - r.landed[2]!.lamports).toBe(expected.lamportsOut);
    expect(tokenAmount(r.landed[3]) - tokenAmount(r.before[3])).toBe(msol - expected.treasuryCut);
    expect(tokenAmount(r.landed[4]) - tokenAmount(r.before[4])).toBe(expected.treasuryCut);
    return expected;
  }

  it('stakes SOL into mSOL by minting while the pool holds no mSOL', async () => {
    const who = await person(20);
    const quoted = await stake(who, 10n * SOL);
    expect(quoted.msolSwapped).toBe(0n);
    expect(quoted.msolMinted).toBeGreaterThan(0n);
    // June 2025: one mSOL is worth ~1.3 SOL, so 10 SOL buys ~7.7 mSOL.
    expect(quoted.msolOut).toBeLessThan(10n * SOL);
  });

  it('unstakes mSOL to SOL through the liquidity pool at the fee its remaining liquidity sets, then sells that mSOL to the next staker first', async () => {
    const who = await person(40);
    await stake(who, 30n * SOL);
    const small = await unstake(who, 2n * SOL);
    const large = await unstake(who, 15n * SOL);
    // Linear in the SOL the pool keeps: the more taken, the higher the fee, never above lp_max_fee.
    expect(large.feeBps).toBeGreaterThanOrEqual(small.feeBps);
    expect(large.feeBps).toBeLessThanOrEqual(
      BigInt((await readMarinade(chain)).state.liquidityPool.lpMaxFeeBps),
    );
    expect(large.treasuryCut).toBeGreaterThan(0n);

    const next = await person(30);
    const filled = await stake(next, SOL / 10n); // wholly from the pool's mSOL leg: nothing minted
    expect([filled.msolSwapped, filled.msolMinted, filled.solToReserve]).toEqual([filled.msolOut, 0n, 0n]);
    const partly = await stake(next, 25n * SOL); // what is left in the leg, then minted
    expect(partly.msolSwapped).toBeGreaterThan(0n);
    expect(partly.msolMinted).toBeGreaterThan(0n);
    const { accounts } = await readMarinade(chain);
    expect(tokenAmount((await watched(chain, [accounts.msolLeg]))[0]!)).toBe(0n);
  });

  it('is refused by the program above the SOL the liquidity pool holds (InsufficientLiquidity)', async () => {
    const whale = await person(20_000);
    await stake(whale, 15_000n * SOL);
    const { state, accounts } = await readMarinade(chain);
    const [msol, solLeg] = await watched(chain, [whale.msol, accounts.solLeg]);
    const held = tokenAmount(msol!);
    expect(liquidUnstake(state, solLeg!.lamports, held)).toEqual({ refused: 'InsufficientLiquidity' });
    const sim = await simulate(chain, whale.keypair, [
      liquidUnstakeIx(accounts, whale.keypair.publicKey, whale.msol, held),
    ]);
    expect(refusal(sim)).toEqual({
      read: { name: 'InsufficientLiquidity', code: 6026, kind: 'refused' },
      logged: { name: 'InsufficientLiquidity', code: 6026 },
    });
  });

  it('is refused by the program while the State is paused (ProgramIsPaused), for staking and unstaking', async () => {
    const who = await person(10);
    await stake(who, 2n * SOL);
    const { accounts } = await readMarinade(chain);
    const original = (await chain.connection.getAccountInfo(STATE))!;
    const setPaused = async (paused: boolean) => {
      const data = Buffer.from(original.data);
      data[STATE_LAYOUT.paused] = paused ? 1 : 0;
      await chain.rpc('localnet_setAccount', [
        STATE.toBase58(),
        { lamports: original.lamports, owner: original.owner.toBase58(), data: data.toString('base64') },
      ]);
    };
    await setPaused(true);
    try {
      expect((await readMarinade(chain)).state.paused).toBe(true);
      const owner = who.keypair.publicKey;
      for (const ix of [
        depositIx(accounts, owner, who.msol, SOL),
        liquidUnstakeIx(accounts, owner, who.msol, SOL / 2n),
      ])
        expect(refusal(await simulate(chain, who.keypair, [ix]))).toEqual({
          read: { name: 'ProgramIsPaused', code: 6077, kind: 'refused' },
          logged: { name: 'ProgramIsPaused', code: 6077 },
        });
    } finally {
      await setPaused(false);
    }
  });
});
