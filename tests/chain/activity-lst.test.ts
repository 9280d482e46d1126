// The Activity screen's list names Sanctum Infinity's and Marinade's actions (issue #21) from the
// chain's record, on the localnet with the real programs (--infinity --marinade): each transaction is
// built with the wallet's encoders, landed, and comes back from getSignaturesForAddress/getTransaction
// through the engine the worker wires, named, with its amounts: what the test measured on the chain
// around it (token balances, the SOL balance and the fee), or the exact amount the instruction moved.
import { Keypair, type PublicKey, type TransactionInstruction } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityItem } from '../../src/shared/activity';
import { formatUnits, solText } from '../../src/shared/format';
import { sendV0 } from '../support/attacks';
import { infinityOr } from '../support/infinity-fixtures';
import { INF, JUPSOL, WSOL } from '../support/infinity-routes';
import { infinityActions, marinadeActions, tokenBalance } from '../support/lst-actions';
import { startTestChain, type TestChain } from '../support/localnet';
import { marinadeOr, ticketsDue } from '../support/marinade';
import { SOL, engineFor } from '../support/staking';

const units = (n: bigint) => formatUnits(n, 9, 4);
const sol = (n: bigint) => solText(n, 4);
/** jupSOL as the feed names an LST on a network whose registry is not mainnet's: by its mint. */
const JUP = 'jupS…x93v';

describe.skipIf(!(infinityOr('LST activity') && marinadeOr('LST activity')))(
  'activity feed: Infinity and Marinade actions named from the chain',
  () => {
    let chain: TestChain;
    let user: Keypair;
    let engine: ReturnType<typeof engineFor>;
    let infinity: ReturnType<typeof infinityActions>;
    let marinade: Awaited<ReturnType<typeof marinadeActions>>;

    const tokens = (account: PublicKey) => tokenBalance(chain, account);
    /**
     * Lands `ixs`; returns its signature, what each watched token account gained and the SOL the
     * wallet gained apart from the fee (every token account these routes open is closed again, or
     * was open already, so no rent hides in it).
     */
    async function land(ixs: TransactionInstruction[], watch: PublicKey[] = [], signers: Keypair[] = []) {
      const before = await Promise.all(watch.map(tokens));
      const lamports = BigInt(await chain.connection.getBalance(user.publicKey));
      const signature = await sendV0(chain, user, ixs, signers);
      const tx = await chain.connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
      const after = await Promise.all(watch.map(tokens));
      return {
        signature,
        gained: after.map((a, i) => a - before[i]!),
        sol: BigInt(await chain.connection.getBalance(user.publicKey)) - lamports + BigInt(tx!.meta!.fee),
      };
    }
    /** The feed, read as the Activity screen reads it, lists `signature` as `kind` with `summary`. */
    const names = async (signature: string, kind: ActivityItem['kind'], summary: string) => {
      const { items } = await engine.activity.list(user.publicKey.toBase58());
      expect(items.find((i) => i.signature === signature)).toMatchObject({ kind, summary, failed: false });
    };

    beforeAll(async () => {
      chain = await startTestChain({ infinity: true, marinade: true });
      user = await chain.funded(100);
      engine = engineFor(chain, user);
      infinity = infinityActions(chain, user.publicKey);
      marinade = await marinadeActions(chain, user.publicKey);
      // The accounts the actions below pay into, open already: their rent is not part of any action.
      await sendV0(chain, user, [infinity.open(INF), infinity.open(JUPSOL), ...marinade.deposit(SOL)]);
    });
    afterAll(() => chain?.close());

    it('Stake into INF: the SOL wrapped and staked, the INF minted', async () => {
      const r = await land(await infinity.stake(2n * SOL), [infinity.ata(INF)]);
      await names(r.signature, 'stake', `Staked 2 SOL into INF → ${units(r.gained[0]!)} INF`);
    });

    it('Unstake INF to SOL: the INF burned, the SOL unwrapped', async () => {
      const inf = (await tokens(infinity.ata(INF))) / 2n;
      const r = await land(await infinity.unstake(inf), [infinity.ata(INF)]);
      expect(-r.gained[0]!).toBe(inf);
      await names(r.signature, 'unstake-instant', `Unstaked ${units(inf)} INF → ${sol(r.sol)}`);
    });

    it('Unstake INF to an LST: the jupSOL received', async () => {
      const inf = await tokens(infinity.ata(INF));
      const r = await land(await infinity.unstake(inf, JUPSOL), [infinity.ata(JUPSOL)]);
      await names(
        r.signature,
        'unstake-instant',
        `Unstaked ${units(inf)} INF → ${units(r.gained[0]!)} ${JUP}`,
      );
    });

    it('Swap jupSOL → SOL through Infinity, and SOL → jupSOL', async () => {
      const bought = await land(await infinity.swap(WSOL, JUPSOL, 3n * SOL), [infinity.ata(JUPSOL)]);
      await names(
        bought.signature,
        'swap',
        `Swapped 3 SOL → ${units(bought.gained[0]!)} ${JUP} through Infinity`,
      );
      const held = await tokens(infinity.ata(JUPSOL));
      const sold = await land(await infinity.swap(JUPSOL, WSOL, held), [infinity.ata(JUPSOL)]);
      await names(
        sold.signature,
        'swap',
        `Swapped ${units(held)} ${JUP} → ${sol(sold.sol)} through Infinity`,
      );
    });

    it('Marinade deposit, liquid unstake (to the owner, and paying another key)', async () => {
      const deposit = await land(marinade.deposit(5n * SOL), [marinade.msol]);
      await names(deposit.signature, 'stake', `Marinade deposit: 5 SOL → ${units(deposit.gained[0]!)} mSOL`);
      const unstake = await land(marinade.liquidUnstake(SOL), [marinade.msol]);
      await names(
        unstake.signature,
        'unstake-instant',
        `Marinade liquid unstake: 1 mSOL → ${sol(unstake.sol)}`,
      );
      const elsewhere = await land(marinade.liquidUnstake(SOL / 2n, Keypair.generate().publicKey));
      await names(
        elsewhere.signature,
        'unstake-instant',
        'Marinade liquid unstake: 0.5 mSOL → SOL paid to another account',
      );
    });

    it('Marinade delayed unstake: the mSOL burned, the stake account split off with its SOL', async () => {
      const split = Keypair.generate();
      const r = await land(await marinade.withdrawStake(2n * SOL, split), [], [split]);
      const stake = BigInt(await chain.connection.getBalance(split.publicKey));
      await names(
        r.signature,
        'unstake-delayed',
        `Marinade delayed unstake: 2 mSOL → a stake account of ${sol(stake)}`,
      );
    });

    it('Marinade ticket ordered, then claimed after its epoch', async () => {
      const ticket = Keypair.generate();
      const ordered = await land(await marinade.orderUnstake(SOL, ticket), [], [ticket]);
      await names(
        ordered.signature,
        'unstake-delayed',
        'Marinade ticket ordered: 1 mSOL → a delayed-unstake ticket',
      );
      await ticketsDue(chain);
      const claimed = await land(marinade.claim(ticket.publicKey));
      expect(claimed.sol).toBeGreaterThan(SOL);
      await names(
        claimed.signature,
        'withdraw-stake',
        `Marinade claim: ${sol(claimed.sol)} from a delayed-unstake ticket`,
      );
    });
  },
);
