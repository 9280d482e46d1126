// A stake pool whose mint is Token-2022 with a transfer fee (TransferFeeConfig: 1.5 %, at most 0.01
// tokens), once per stake-pool build: every deployed build initializes one (proven here, not
// assumed), and the wallet is exact on it. The pool mints and burns its token, so a stake and an
// unstake pay no transfer fee; the one transfer inside them, the withdrawal fee to the manager,
// has its fee withheld on the way, which the unstake quote counts into the fee the person pays. A
// send is TransferCheckedWithFee at the mint's fee, and arrives smaller by exactly it; the row
// says the token charges one; a new token account of the mint is larger, and its rent is asked for
// its size.
import {
  ExtensionType,
  TOKEN_2022_PROGRAM_ID,
  getAccount,
  getAccountLen,
  getAssociatedTokenAddressSync,
  getExtensionTypes,
  getMint,
  getTransferFeeAmount,
} from '@solana/spl-token';
import { Keypair } from '@solana/web3.js';
import { beforeAll, expect, it } from 'vitest';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { transferFeeOf } from '../../src/shared/transfer-fee';
import type { CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { readPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import { SOL, activePool, describeOnEachBuild, nextEpoch } from '../support/staking';

const RATE = { basisPoints: 150, maximum: 10_000_000n };

describeOnEachBuild(
  'Token-2022 LST chain tests',
  'a pool mint with a transfer fee on the %s build',
  { userSol: 20 },
  (suite) => {
    let pool: CreatedPool;
    const ata = (owner: Keypair['publicKey']) =>
      getAssociatedTokenAddressSync(pool.mint, owner, false, TOKEN_2022_PROGRAM_ID);
    const tokensOf = async (owner: Keypair['publicKey']) =>
      (await getAccount(suite.chain.connection, ata(owner), 'confirmed', TOKEN_2022_PROGRAM_ID)).amount;

    beforeAll(async () => {
      pool = await activePool(suite.chain, suite.operator, {
        programId: STAKE_POOL_PROGRAMS.spl,
        validators: 1,
        initialDepositLamports: 10n * SOL,
        stakePerValidator: 5n * SOL,
        withdrawalFee: { numerator: 1n, denominator: 100n },
        mint: { program: 'token-2022', transferFee: RATE },
      });
      await nextEpoch(suite.chain, suite.operator, [pool], 100);
    });

    it('is initialized by the build: the pool names the Token-2022 mint, which carries the fee', async () => {
      const state = await readPool(suite.chain.connection, pool.pool);
      expect(state.tokenProgramId.toBase58()).toBe(TOKEN_2022_PROGRAM_ID.toBase58());
      const mint = await getMint(suite.chain.connection, pool.mint, 'confirmed', TOKEN_2022_PROGRAM_ID);
      expect(getExtensionTypes(mint.tlvData)).toContain(ExtensionType.TransferFeeConfig);
    });

    it('stakes into it exactly as quoted, no transfer fee taken, the new token account’s rent asked for its size', async () => {
      const trips = suite.engine.rpc.stats.httpRoundTrips;
      const prepared = await suite.engine.staking.prepareStake(suite.user.publicKey, pool.pool, 2n * SOL);
      // Never seen: the pool, a batch that learns its mint's accounts are larger, the batch with their rent.
      expect(suite.engine.rpc.stats.httpRoundTrips - trips).toBe(3);
      const size = getAccountLen([ExtensionType.TransferFeeAmount, ExtensionType.ImmutableOwner]);
      expect(prepared.context.tokenAccountSize).toBe(size);
      const rent = BigInt(await suite.chain.connection.getMinimumBalanceForRentExemption(size));
      expect(prepared.context.tokenAccountRent).toBe(rent);
      const before = BigInt(await suite.chain.connection.getBalance(suite.user.publicKey));
      const { quote, outcome } = await suite.engine.staking.stake(suite.user.publicKey, pool.pool, 2n * SOL, {
        quoteId: prepared.quote.quoteId,
      });
      expect(outcome.tokenChange).toBe(quote.tokensOut);
      expect(await tokensOf(suite.user.publicKey)).toBe(BigInt(quote.tokensOut));
      const opened = (await suite.chain.connection.getAccountInfo(ata(suite.user.publicKey)))!;
      expect(BigInt(opened.lamports)).toBe(rent);
      const after = BigInt(await suite.chain.connection.getBalance(suite.user.publicKey));
      expect(before - after).toBe(2n * SOL + rent + BigInt(quote.networkFeeLamports));
    });

    it('says in the row that the token charges a transfer fee', async () => {
      const portfolio = await suite.engine.portfolio.refresh(suite.user.publicKey.toBase58());
      const row = portfolio.lsts.find((l) => l.mint === pool.mint.toBase58())!;
      expect(row.transferFee).toEqual({ basisPoints: RATE.basisPoints, maximum: String(RATE.maximum) });
    });

    it('sends with TransferCheckedWithFee: the recipient gets the amount less the mint’s fee, withheld in its account', async () => {
      const recipient = Keypair.generate().publicKey;
      const amount = 400_000_000n;
      const fee = 6_000_000n; // 1.5 % of 0.4, under the 0.01 cap
      const start = await tokensOf(suite.user.publicKey);
      const outcome = await suite.engine.transfers.send(suite.user.publicKey, {
        to: recipient.toBase58(),
        amount: String(amount),
        mint: pool.mint.toBase58(),
        decimals: 9,
      });
      expect(await tokensOf(suite.user.publicKey)).toBe(start - amount);
      const arrived = await getAccount(
        suite.chain.connection,
        ata(recipient),
        'confirmed',
        TOKEN_2022_PROGRAM_ID,
      );
      expect(arrived.amount).toBe(amount - fee);
      expect(getTransferFeeAmount(arrived)?.withheldAmount).toBe(fee);
      const landed = await suite.chain.connection.getTransaction(outcome.signature, {
        commitment: 'confirmed',
        maxSupportedTransactionVersion: 0,
      });
      const { message } = landed!.transaction;
      const token = message.compiledInstructions.find((ix) =>
        message.staticAccountKeys[ix.programIdIndex]!.equals(TOKEN_2022_PROGRAM_ID),
      )!;
      expect([token.data[0], token.data[1]]).toEqual([26, 1]); // TransferFeeExtension, TransferCheckedWithFee
    });

    it('unstakes at the quote, the withheld part of the withdrawal fee counted in the fee the person pays', async () => {
      const tokens = SOL / 2n;
      const start = await tokensOf(suite.user.publicKey);
      const solBefore = BigInt(await suite.chain.connection.getBalance(suite.user.publicKey));
      const { quote } = await suite.engine.staking.unstake(
        suite.user.publicKey,
        pool.pool,
        tokens,
        'instant',
      );
      expect(await tokensOf(suite.user.publicKey)).toBe(start - tokens);
      const solAfter = BigInt(await suite.chain.connection.getBalance(suite.user.publicKey));
      expect(solAfter - solBefore + BigInt(quote.networkFeeLamports)).toBe(BigInt(quote.lamportsOut));
      expect(BigInt(quote.lamportsOut)).toBe(BigInt(quote.poolMathLamportsOut));
      // The program's own 1 % fee on the tokens, and the transfer fee withheld from it on its way to the manager.
      expect(quote.feeTokens).toBe(String(tokens / 100n));
      expect(quote.feeWithheldTokens).toBe(
        String(
          transferFeeOf({ basisPoints: RATE.basisPoints, maximum: String(RATE.maximum) }, tokens / 100n),
        ),
      );
      const manager = await getAccount(
        suite.chain.connection,
        pool.managerFeeAccount,
        'confirmed',
        TOKEN_2022_PROGRAM_ID,
      );
      expect(getTransferFeeAmount(manager)?.withheldAmount).toBe(BigInt(quote.feeWithheldTokens));
    });
  },
);
