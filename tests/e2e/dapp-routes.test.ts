// tidepool:stake into INF and Marinade from a real page in Chromium, against the localnet with
// Infinity and Marinade loaded (the real June 2025 programs): the approval window says what the
// program enforces, and the bytes that land carry exactly that. INF: "at least M INF", the
// AddLiquidity line decoded from the transaction to sign says the same M, and the landed
// instruction's min_out is M. Marinade: "no minimum is enforced", the landed deposit and
// liquid_unstake carry no minimum at all (their data is the discriminator and one amount), and the
// worst case shown is liquid_unstake at lp_max_fee by the program's own arithmetic. Each receives
// exactly the figure the window showed. The chain suite routes-dapp covers every INF and Marinade intent.
import { PublicKey, type Keypair } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INFINITY_PROGRAM } from '../../src/background/staking/infinity-instructions';
import { MARINADE_PROGRAM_ID } from '../../src/shared/marinade';
import { walletDriver, type Wallet } from '../support/browser';
import { walletWithDapp, type DappServer } from '../support/dapp-server';
import { playwrightPage } from '../support/driver';
import { infinityOr } from '../support/infinity-fixtures';
import { INF, MSOL, tokenAmount } from '../support/infinity-routes';
import { startTestChain, type TestChain } from '../support/localnet';
import { marinadeOr, readMarinade } from '../support/marinade';
import { msolToSol } from '../support/marinade-math';
import { dappCall, decide } from '../support/shared-flows';
import { SOL } from '../support/staking';

const INF_POOL_STATE = 'AYhux5gJzCoeoc1PoJ1VxwPDe22RwcvpHviLDD1oCGvW';
const MARINADE_STATE = '8szGkuLTAux9XMgZ2vtY39jVSowEcpBfFfD8hXSEqdGC';

/** "1,234.5" (9 decimals) → base units. */
const units = (text: string) => {
  const [whole = '0', frac = ''] = text.replace(/,/g, '').split('.');
  return BigInt(whole + frac.padEnd(9, '0'));
};
/** The figure after `before` in `text` ("at least 1.5 INF" → 1.5 INF in base units). */
const figure = (text: string, before: string) => {
  const found = new RegExp(`${before} ([\\d,.]+) `).exec(text);
  if (!found) throw new Error(`no figure after "${before}" in: ${text}`);
  return units(found[1]!);
};

describe.skipIf(
  !infinityOr('tidepool:stake routes in Chromium') || !marinadeOr('tidepool:stake routes in Chromium'),
)('tidepool:stake into INF and Marinade, approved in Chromium', () => {
  let chain: TestChain;
  let wallet: Wallet;
  let server: DappServer;
  let user: Keypair;
  let dapp: Page;
  const call = <T = unknown>(method: string, ...args: unknown[]) =>
    dappCall<T>(playwrightPage(dapp), method, ...args);
  const held = async (mint: PublicKey) => {
    const a = await chain.connection.getAccountInfo(getAssociatedTokenAddressSync(mint, user.publicKey));
    return a ? tokenAmount(a.data) : 0n;
  };
  /** The approval window of the request now pending, once its transaction is reviewed. */
  const reviewed = async () => {
    const approval = await wallet.approvalWindow();
    const approve = approval.getByRole('button', { name: 'Approve', exact: true });
    await expect.poll(() => approve.isEnabled(), { timeout: 20_000 }).toBe(true);
    const text = async (testId: string) => (await approval.getByTestId(testId).textContent()) ?? '';
    return {
      approval,
      intent: await text('intent'),
      bound: await text('stake-bound'),
      lines: await text('instructions'),
      approve: async () => {
        const closed = approval.waitForEvent('close', { timeout: 15_000 });
        await approve.click();
        await closed;
      },
    };
  };
  /** The landed transaction's instruction of `program`: its data, as the program received it. */
  const landed = async (signature: string, program: PublicKey) => {
    const tx = await chain.connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
    if (!tx?.meta || tx.meta.err)
      throw new Error(`the transaction did not land: ${JSON.stringify(tx?.meta?.err)}`);
    const keys = tx.transaction.message.staticAccountKeys;
    const ix = tx.transaction.message.compiledInstructions.find((i) =>
      keys[i.programIdIndex]!.equals(program),
    );
    if (!ix) throw new Error(`no instruction of ${program.toBase58()} landed`);
    return { data: Buffer.from(ix.data), fee: BigInt(tx.meta.fee) };
  };

  beforeAll(async () => {
    chain = await startTestChain({ infinity: true, marinade: true });
    user = await chain.funded(50);
    ({ server, wallet, dapp } = await walletWithDapp(user, chain.node.rpcUrl));
    const connected = call('connect');
    await decide(walletDriver(wallet), 'Connect');
    expect((await connected).ok).toBe(true);
  });
  afterAll(async () => {
    await wallet?.close();
    await server?.close();
    await chain?.close();
  });

  it('INF: the window’s minimum is the min_out the transaction carries, and the INF shown arrives', async () => {
    const answer = call<string>('stake', { pool: INF_POOL_STATE, amount: String(2n * SOL) });
    const window = await reviewed();
    expect(window.intent).toMatch(/^Infinity: \S+ → INF: 2 \S+ → you receive ≈ [\d.,]+ INF$/);
    expect(window.bound).toMatch(/^Guaranteed: at least [\d.,]+ INF, or the pool program refuses it\./);
    const minimum = figure(window.bound, 'at least');
    // The AddLiquidity line, decoded from the bytes to be signed, names the bound the controller checks.
    expect(figure(window.lines, 'into Infinity.*\\(at least')).toBe(minimum);
    await wallet.screenshots(window.approval, 'approval-stake-inf');
    await window.approve();
    const done = await answer;
    expect(done.ok).toBe(true);
    const { data } = await landed(done.value!, INFINITY_PROGRAM);
    expect(data[0]).toBe(3); // AddLiquidity: [tag][calc count][LST index u32][amount u64][min_out u64]
    expect(data.readBigUInt64LE(6)).toBe(2n * SOL);
    expect(data.readBigUInt64LE(14)).toBe(minimum);
    expect(await held(INF)).toBe(figure(window.intent, 'you receive ≈'));
  });

  it('Marinade deposit: "no minimum is enforced", the deposit lands carrying none, and the mSOL shown arrives', async () => {
    const answer = call<string>('stake', { pool: MARINADE_STATE, amount: String(10n * SOL) });
    const window = await reviewed();
    expect(window.intent).toMatch(
      /^Marinade: SOL → mSOL: 10 SOL → you receive ≈ [\d.,]+ mSOL\. Marinade’s deposit takes no minimum/,
    );
    expect(window.bound).toMatch(
      /^Guaranteed: no minimum is enforced \(the program’s instruction for this route takes no minimum\)\./,
    );
    expect(window.lines).toContain('(no minimum enforced: Marinade takes none)');
    await wallet.screenshots(window.approval, 'approval-stake-msol');
    await window.approve();
    const done = await answer;
    expect(done.ok).toBe(true);
    const { data } = await landed(done.value!, MARINADE_PROGRAM_ID);
    expect(data).toHaveLength(16); // deposit: discriminator and lamports, nothing for a minimum
    expect(data.readBigUInt64LE(8)).toBe(10n * SOL);
    expect(await held(MSOL)).toBe(figure(window.intent, 'you receive ≈'));
  });

  it('Marinade liquid unstake: the worst case shown is lp_max_fee’s by the program’s arithmetic, and the SOL shown arrives', async () => {
    const msol = 2n * SOL;
    const answer = call<string>('stake', { action: 'unstake', pool: MSOL.toBase58(), amount: String(msol) });
    const window = await reviewed();
    const { state } = await readMarinade(chain);
    // liquid_unstake.rs: the fee is taken in mSOL, at most lp_max_fee; the rest is paid at its value.
    const maxFee = BigInt(state.liquidityPool.lpMaxFeeBps);
    expect(figure(window.bound, 'Worst case:')).toBe(msolToSol(state, msol - (msol * maxFee) / 10_000n));
    expect(window.bound).toMatch(/^Guaranteed: no minimum is enforced /);
    expect(window.intent).toContain(`up to lp_max_fee (${Number(maxFee) / 100} % now)`);
    await wallet.screenshots(window.approval, 'approval-unstake-msol');
    const before = BigInt(await chain.connection.getBalance(user.publicKey));
    await window.approve();
    const done = await answer;
    expect(done.ok).toBe(true);
    const { data, fee } = await landed(done.value!, MARINADE_PROGRAM_ID);
    expect(data).toHaveLength(16); // liquid_unstake: discriminator and the mSOL, nothing for a minimum
    expect(data.readBigUInt64LE(8)).toBe(msol);
    const paid = BigInt(await chain.connection.getBalance(user.publicKey)) - before + fee;
    expect(paid).toBe(figure(window.intent, 'you receive ≈'));
  });
});
