// tidepool:stake for INF and mSOL, through DappService → Approvals.decide as the window drives it, on
// the localnet with Infinity and Marinade loaded (the real programs): pool = Infinity's PoolState or
// Marinade's State, or their mints; SOL in to stake, the pool's own token out. Each approved request
// is signed afresh and receives exactly the upstream math's figure, at least the minimum shown;
// Infinity's is enforced by its min_out, Marinade's says no minimum is enforced, with the worst case
// where one is known, and is allowed (its State is at a known address); INF 'delayed' is refused.
import { Keypair, PublicKey } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUnits } from '../../src/shared/format';
import { startTestChain, type TestChain } from '../support/localnet';
import { dappApprovals, onlyEngine } from '../support/dapp-approvals';
import { infinityOr } from '../support/infinity-fixtures';
import { quoteAddLiquidity, quoteRemoveLiquidity } from '../support/infinity-quote';
import { INF, MSOL, WSOL, poolLst, readInfinity, tokenAmount } from '../support/infinity-routes';
import { deposit, liquidUnstake, msolToSol } from '../support/marinade-math';
import { marinadeOr, readMarinade, watched } from '../support/marinade';
import { SOL, engineFor } from '../support/staking';

const INF_POOL_STATE = 'AYhux5gJzCoeoc1PoJ1VxwPDe22RwcvpHviLDD1oCGvW';
const MARINADE_STATE = '8szGkuLTAux9XMgZ2vtY39jVSowEcpBfFfD8hXSEqdGC';

describe.skipIf(!infinityOr('tidepool:stake routes') || !marinadeOr('tidepool:stake routes'))(
  'tidepool:stake into and out of INF and mSOL, approved as the window does',
  () => {
    let chain: TestChain;
    let user: Keypair;
    let dapp: ReturnType<typeof dappApprovals>;
    const balance = async (mint: PublicKey) => {
      const a = await chain.connection.getAccountInfo(getAssociatedTokenAddressSync(mint, user.publicKey));
      return a ? tokenAmount(a.data) : 0n;
    };
    /** SOL the last approved transaction paid the person (its fee given back). */
    const solPaid = async (before: bigint) => {
      const last = (await dapp.answers()).at(-1);
      if (!last?.ok) throw new Error(`the request failed: ${JSON.stringify(last)}`);
      const { signature } = last.result as { signature: string };
      const tx = await chain.connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
      return BigInt(await chain.connection.getBalance(user.publicKey)) - before + BigInt(tx!.meta!.fee);
    };

    beforeAll(async () => {
      chain = await startTestChain({ infinity: true, marinade: true });
      user = await chain.funded(100);
      dapp = dappApprovals(onlyEngine(engineFor(chain, user)), user);
    });
    afterAll(async () => chain?.close());

    it('stakes SOL into INF by its PoolState: "at least X, or the program refuses it", exactly the upstream math', async () => {
      const view0 = await readInfinity(chain, [WSOL]);
      const math = quoteAddLiquidity(view0.pool, poolLst(view0, WSOL), 3n * SOL).infOut;
      const {
        id,
        view,
        minimum: shown,
      } = await dapp.ask({
        action: 'stake',
        pool: INF_POOL_STATE,
        amount: String(3n * SOL),
      });
      expect(shown!.enforced).toBe(true);
      expect(view.intent!.bound).toContain(`at least ${formatUnits(BigInt(shown!.amount), 9)} `);
      expect(view.intent!.pool).toMatchObject({ address: INF_POOL_STATE, known: true });
      expect(view.warnings.filter((w) => w.severity === 'blocking')).toEqual([]);
      expect(await dapp.approve(id, view.revision)).toMatchObject({ outcome: 'approved' });
      const got = await balance(INF);
      expect(got).toBe(math);
      expect(got).toBeGreaterThanOrEqual(BigInt(shown!.amount));
    });

    it('unstakes INF to SOL by its mint (instant = RemoveLiquidity), exactly the upstream math; delayed is refused for INF', async () => {
      const refused = await dapp.ask({
        action: 'unstake',
        pool: INF.toBase58(),
        amount: String(SOL),
        mode: 'delayed',
      });
      expect(refused.view.intent!.blocked).toContain('Infinity has no delayed unstake');
      expect(refused.minimum).toBeNull();
      const inf = await balance(INF);
      const view0 = await readInfinity(chain, [WSOL]);
      const math = quoteRemoveLiquidity(
        view0.pool,
        poolLst(view0, WSOL),
        inf,
        view0.lpWithdrawalFeeBps,
      ).lstOut;
      const {
        id,
        view,
        minimum: shown,
      } = await dapp.ask({
        action: 'unstake',
        pool: INF.toBase58(),
        amount: String(inf),
        mode: 'instant',
      });
      expect(shown!.enforced).toBe(true);
      const before = BigInt(await chain.connection.getBalance(user.publicKey));
      expect(await dapp.approve(id, view.revision)).toMatchObject({ outcome: 'approved' });
      expect(await solPaid(before)).toBe(math);
      expect(await balance(INF)).toBe(0n);
    });

    it('stakes SOL into mSOL by Marinade’s State: no minimum enforced, said in the window, allowed; exactly Marinade’s arithmetic', async () => {
      const { state, accounts } = await readMarinade(chain);
      const leg = tokenAmount((await watched(chain, [accounts.msolLeg]))[0]!.data);
      const math = deposit(state, leg, 10n * SOL).msolOut;
      const {
        id,
        view,
        minimum: shown,
      } = await dapp.ask({
        action: 'stake',
        pool: MARINADE_STATE,
        amount: String(10n * SOL),
      });
      expect(shown!.enforced).toBe(false);
      expect(view.intent!.bound).toContain('no minimum is enforced');
      expect(view.warnings.find((w) => w.code === 'unbounded')?.severity).toBe('advisory');
      expect(await dapp.approve(id, view.revision)).toMatchObject({ outcome: 'approved' });
      expect(await balance(MSOL)).toBe(math);
    });

    it('unstakes mSOL by its mint (instant = liquid_unstake): the window shows the worst case at lp_max_fee; exactly Marinade’s arithmetic', async () => {
      const { state, accounts } = await readMarinade(chain);
      const [solLeg] = await watched(chain, [accounts.solLeg]);
      // An amount whose fee in mSOL is not whole: the worst case rounds as the program does.
      const msol = 2n * SOL + 123_457n;
      const math = liquidUnstake(state, solLeg!.lamports, msol);
      if ('refused' in math) throw new Error(math.refused);
      const {
        id,
        view,
        minimum: shown,
      } = await dapp.ask({
        action: 'unstake',
        pool: MSOL.toBase58(),
        amount: String(msol),
        mode: 'instant',
      });
      expect(shown!.enforced).toBe(false);
      expect(view.intent!.bound).toMatch(/no minimum is enforced.*Worst case: [\d.]+ SOL/);
      // liquid_unstake.rs takes its fee in mSOL, at most lp_max_fee, and pays the rest at its value.
      const worst = msolToSol(state, msol - (msol * BigInt(state.liquidityPool.lpMaxFeeBps)) / 10_000n);
      expect(view.intent!.bound).toContain(`Worst case: ${formatUnits(worst, 9)} SOL.`);
      expect(view.intent!.summary).toContain('lp_max_fee');
      const before = BigInt(await chain.connection.getBalance(user.publicKey));
      expect(await dapp.approve(id, view.revision)).toMatchObject({ outcome: 'approved' });
      expect(await solPaid(before)).toBe(math.lamportsOut);
    });

    it('delayed unstake of mSOL (withdraw_stake_account): a stake account split off Marinade’s for the person', async () => {
      const held = await balance(MSOL);
      const { id, view } = await dapp.ask({
        action: 'unstake',
        pool: MARINADE_STATE,
        amount: String(2n * SOL),
        mode: 'delayed',
      });
      expect(view.intent!.summary).toContain('in a stake account, withdrawable from epoch');
      expect(await dapp.approve(id, view.revision)).toMatchObject({ outcome: 'approved' });
      expect(await balance(MSOL)).toBe(held - 2n * SOL);
    });
  },
);
