// The staking-income ledger on the localnet, across epochs that pay rewards, against the real
// stake-pool program: an LST staked through Tidepool's engine, a native stake account delegated to
// the pool's validator (paid each epoch, and paid into above its delegation once), that account
// converted into the LST, a gap of epochs the wallet did not look, and an instant unstake. Every
// row of the CSV the popup would save is checked against what this test computes from the raw
// accounts (pool totals, token balances, stake balances, landed transactions), to the lamport.
import {
  SystemProgram,
  Transaction,
  sendAndConfirmTransaction,
  type Keypair,
  type PublicKey,
} from '@solana/web3.js';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incomeCsv, incomeJson } from '../../src/background/income/income-files';
import { yearRange } from '../../src/shared/income-range';
import type { IncomeView } from '../../src/shared/income';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import {
  decimal,
  epochStart,
  lamportsOf,
  landed,
  poolWithLastEpoch,
  poolTotals,
  tokenBalance,
  utc,
  type PoolTotals,
} from '../support/income';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { SOL, delegatedStake, engineFor, nextEpoch } from '../support/staking';

/** A row as this test expects it in the file: every column but the note, and the note's first word. */
type Expected = [...cells: string[]];

const value = (tokens: bigint, total: bigint, supply: bigint) => (tokens * total) / supply;

describe.skipIf(!stakePoolProgramOr('income ledger chain tests', STAKE_POOL_AVAILABLE))(
  'income ledger: an LST, a native stake account and a conversion, over epochs with rewards',
  () => {
    let chain: TestChain;
    let operator: Keypair;
    let user: Keypair;
    let pool: CreatedPool;
    let engine: ReturnType<typeof engineFor>;
    let owner: string;
    let symbol: string;
    let stakeAccount: PublicKey;
    const expected: Expected[] = [];
    /** The pool as the last refresh saw it, and the tokens held since. */
    let seen: PoolTotals;
    let held = 0n;

    const epochNow = async () => (await chain.connection.getEpochInfo()).epoch;
    const refresh = async () => {
      await engine.portfolio.refresh(owner);
      await engine.portfolio.saved();
    };
    const incomeRow = (date: number, lamports: bigint, epochs: string, basis: string): Expected => [
      utc(date),
      'staking-income',
      decimal(lamports, 9),
      'SOL',
      '',
      '',
      '',
      '',
      epochs,
      '',
      basis,
    ];
    /** A staking transaction's row: its block's time, what it received and sent, its fee, epoch and signature. */
    const txRow = async (
      type: 'stake' | 'unstake',
      signature: string,
      received: [bigint, string],
      sent: [bigint, string],
    ): Promise<Expected> => {
      const tx = await landed(chain, signature, user.publicKey);
      return [
        utc(tx.at),
        type,
        decimal(received[0], 9),
        received[1],
        decimal(sent[0], 9),
        sent[1],
        decimal(tx.fee, 9),
        'SOL',
        `${await epochNow()}`,
        signature,
        'measured',
      ];
    };
    /** A refresh after the pool's update into `U`: the boundary's row, from the pool's own pair. */
    const expectBoundary = async () => {
      const now = await poolTotals(chain, pool.pool);
      const amount = value(held, now.total, now.supply) - value(held, now.lastTotal, now.lastSupply);
      expected.push(
        incomeRow((await epochStart(chain, now.updated)).at, amount, `${now.updated - 1}`, 'measured'),
      );
      return now;
    };
    /** Moves to the next epoch paying `bps`, and records what the stake account was paid. */
    const paidEpoch = async (bps: number, stakeAlive: boolean) => {
      const ended = await epochNow();
      const before = stakeAlive ? await lamportsOf(chain, stakeAccount) : 0n;
      await nextEpoch(chain, operator, [pool], bps);
      if (!stakeAlive) return;
      const paid = (await lamportsOf(chain, stakeAccount)) - before;
      if (paid > 0n)
        expected.push(incomeRow((await epochStart(chain, ended + 1)).at, paid, `${ended}`, 'measured'));
    };

    beforeAll(async () => {
      chain = await startTestChain({ rewardEpochs: 64 });
      operator = await chain.funded(1_000);
      user = await chain.funded(40);
      owner = user.publicKey.toBase58();
      engine = engineFor(chain, user);
      pool = await poolWithLastEpoch(chain, operator);
    });
    afterAll(() => chain?.close());

    it('books each epoch of an LST staked through Tidepool from the pool’s own pair, and the stake itself', async () => {
      const { quote, outcome } = await engine.staking.stake(user.publicKey, pool.pool, 3n * SOL);
      symbol = quote.symbol;
      held = await tokenBalance(chain, user.publicKey, pool.mint);
      expected.push(await txRow('stake', outcome.signature, [held, symbol], [3n * SOL, 'SOL']));
      stakeAccount = await delegatedStake(chain, user, pool.votes[0]!, 5n * SOL);
      await refresh(); // first sight of both: no income before it
      seen = await poolTotals(chain, pool.pool);

      await paidEpoch(200, true); // the stake account activates: nothing for it yet
      await refresh();
      seen = await expectBoundary();
      await paidEpoch(200, true);
      await refresh();
      seen = await expectBoundary();
    });

    it('books lamports paid into the stake account above its delegation when it sees them', async () => {
      await sendAndConfirmTransaction(
        chain.connection,
        new Transaction().add(
          SystemProgram.transfer({
            fromPubkey: user.publicKey,
            toPubkey: stakeAccount,
            lamports: 50_000_000,
          }),
        ),
        [user],
      );
      const slot = await chain.connection.getSlot();
      await refresh();
      const at = (await chain.connection.getBlockTime(slot))! * 1000;
      const epoch = await epochNow();
      expected.push(incomeRow(at, 50_000_000n, `${epoch}`, 'estimated'));
    });

    it('books epochs the wallet did not look at as one measured row, the balance unchanged', async () => {
      const from = seen.updated;
      for (let i = 0; i < 3; i++) await paidEpoch(150, true);
      await refresh();
      const now = await poolTotals(chain, pool.pool);
      const gap = value(held, now.lastTotal, now.lastSupply) - value(held, seen.total, seen.supply);
      expected.push(
        incomeRow(
          (await epochStart(chain, now.updated - 1)).at,
          gap,
          `${from}-${now.updated - 2}`,
          'measured',
        ),
      );
      seen = await expectBoundary();
    });

    it('books the stake account converted into the LST: the SOL in, the tokens out, and what it realised', async () => {
      const lamportsIn = await lamportsOf(chain, stakeAccount);
      const before = await poolTotals(chain, pool.pool);
      const { outcome } = await engine.staking.convert(user.publicKey, stakeAccount, pool.pool);
      const received = (await tokenBalance(chain, user.publicKey, pool.mint)) - held;
      held += received;
      expected.push(await txRow('stake', outcome.signature, [received, symbol], [lamportsIn, 'SOL']));
      await refresh(); // the account is gone: its rewards end here
      const view = await engine.income.view(owner);
      const row = view.rows.find((r) => r.signature === outcome.signature)!;
      const worth = value(received, before.total, before.supply);
      expect(row.realised).toEqual({
        costLamports: lamportsIn.toString(),
        resultLamports: (worth - lamportsIn).toString(),
        costBasis: 'measured',
      });
      await paidEpoch(200, false);
      await refresh();
      seen = await expectBoundary();
    });

    it('books an instant unstake with its realised result against the average SOL staked', async () => {
      const tokensIn = held / 2n;
      const { outcome } = await engine.staking.unstake(user.publicKey, pool.pool, tokensIn, 'instant');
      const tx = await landed(chain, outcome.signature, user.publicKey);
      expected.push(
        await txRow('unstake', outcome.signature, [tx.solChange + tx.fee, 'SOL'], [tokensIn, symbol]),
      );
      held -= tokensIn;
      // Not refreshed before the epoch ends: the unstake's own record says what was held at the boundary.
      await paidEpoch(200, false);
      await refresh();
      seen = await expectBoundary();
    });

    it('writes a CSV every row of which is what the chain shows, to the lamport, and a JSON of the same rows', async () => {
      const view: IncomeView = await engine.income.view(owner);
      const year = new Date(view.rows[0]!.at).getUTCFullYear();
      expect(new Date(view.rows.at(-1)!.at).getUTCFullYear()).toBe(year); // the localnet's epochs fit in one year
      const csv = incomeCsv(view.rows);
      const [header, ...rows] = parse(csv) as string[][];
      expect(header).toEqual([
        'Date (UTC)',
        'Type',
        'Received Amount',
        'Received Currency',
        'Sent Amount',
        'Sent Currency',
        'Fee Amount',
        'Fee Currency',
        'Epoch',
        'Transaction Signature',
        'Note',
      ]);
      const inFile = rows.map((r) => [...r.slice(0, 10), r[10]!.split(':')[0]!]);
      const order = (a: string[], b: string[]) => a.join('|').localeCompare(b.join('|'));
      expect(inFile.sort(order)).toEqual([...expected].sort(order));

      const json = JSON.parse(
        incomeJson(view.rows, { cluster: view.cluster, owner, range: yearRange(year) }),
      );
      expect(json.rows.map((r: Record<string, string>) => Object.values(r).slice(0, 11))).toEqual(rows);

      const unstake = view.rows.find((r) => r.type === 'unstake')!;
      const staked = view.rows.filter((r) => r.type === 'stake');
      const [paid, tokens] = staked.reduce(
        ([l, t], r) => [l + BigInt(r.sent!.amount), t + BigInt(r.received!.amount)],
        [0n, 0n],
      );
      const cost = (paid * BigInt(unstake.sent!.amount)) / tokens;
      expect(unstake.realised).toEqual({
        costLamports: cost.toString(),
        resultLamports: (BigInt(unstake.received!.amount) - cost).toString(),
        costBasis: 'measured',
      });
    });

    it('asks the node for the rewards once: an epoch answered is never asked again', async () => {
      const before = { ...engine.rpc.stats };
      await engine.income.view(owner);
      expect(engine.rpc.stats.httpRoundTrips - before.httpRoundTrips).toBe(1);
    });
  },
);
