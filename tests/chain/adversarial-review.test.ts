// The approval window's review against attacker transactions built on the localnet with the real
// programs (issue #10, findings 2, 3, 4, 12): what the review says must be what the chain does.
// Lookup-table drains, unresolvable tables, a look-alike token program, stake-pool payouts to a
// third party, stake authority/lockup hand-overs, Allocate of the wallet account, priority fees.
import {
  Authorized,
  ComputeBudgetProgram,
  Keypair,
  PublicKey,
  StakeAuthorizationLayout,
  StakeProgram,
  SystemProgram,
  Transaction,
  TransactionInstruction,
  SYSVAR_CLOCK_PUBKEY,
  VersionedTransaction,
} from '@solana/web3.js';
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createTransferInstruction,
  getAssociatedTokenAddressSync,
  TOKEN_PROGRAM_ID,
} from '@solana/spl-token';
import { StakePoolInstruction } from '@solana/spl-stake-pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_ACCOUNTS_SOL, reviewTransaction } from '../../src/background/dapp/tx-review';
import { blockedBy } from '../../src/shared/approval';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';
import { tokenAccountData } from '../../tools/localnet/token-layouts.ts';
import { createStakePool, type CreatedPool } from '../../tools/stake-pool-admin/pool-admin.ts';
import {
  DRAIN_UNITS,
  lookupTable,
  lookupTableCloseDrain,
  lookupTableDrain,
  send,
  tokenHolding,
  v0,
  withLookup,
} from '../support/attacks';
import {
  STAKE_POOL_AVAILABLE,
  stakePoolProgramOr,
  startTestChain,
  type TestChain,
} from '../support/localnet';
import { SOL, engineFor } from '../support/staking';

describe('transaction review against attacker transactions', () => {
  let chain: TestChain;
  let user: Keypair;
  let attacker: Keypair;
  let engine: ReturnType<typeof engineFor>;
  const review = (tx: VersionedTransaction) =>
    reviewTransaction(engine.rpc, engine.fees, tx, user.publicKey.toBase58());
  const blockhash = async () => (await chain.connection.getLatestBlockhash()).blockhash;
  const codes = (r: { warnings: { code: string }[] }) => r.warnings.map((w) => w.code);

  beforeAll(async () => {
    chain = await startTestChain();
    user = await chain.funded(50);
    attacker = await chain.funded(50);
    engine = engineFor(chain, user);
  });
  afterAll(() => chain?.close());

  describe('lookup tables (finding 2)', () => {
    it('lets a dApp create a lookup table with a recent slot from getSlot', async () => {
      const table = await lookupTable(chain, attacker, [Keypair.generate().publicKey]);
      expect(table.state.addresses).toHaveLength(1);
      // SlotHashes moves with the chain: its newest entry is the current slot, older ones follow.
      const slotHashes = async () => {
        const info = await chain.rpc<{ value: { data: [string, string] } }>('getAccountInfo', [
          'SysvarS1otHashes111111111111111111111111111',
          { encoding: 'base64' },
        ]);
        const data = Buffer.from(info.value.data[0], 'base64');
        return {
          count: data.readBigUInt64LE(0),
          newest: data.readBigUInt64LE(8),
          next: data.readBigUInt64LE(48),
        };
      };
      const before = await slotHashes();
      expect(before.newest).toBe(BigInt(await chain.connection.getSlot()));
      expect(before.next).toBe(before.newest - 1n);
      expect(before.count).toBe(512n);
      await chain.fund(attacker.publicKey, 1);
      expect((await slotHashes()).newest).toBe(before.newest + 1n);
    });

    it('shows the loss of a 1,000-token drain routed through a lookup table, and decodes it', async () => {
      const { tx, mint, victim, sink } = await lookupTableDrain(chain, user, attacker);
      // Neither token account is a static key: the old review saw nothing to simulate.
      expect(tx.message.staticAccountKeys.map(String)).not.toContain(victim.toBase58());
      const trips = engine.rpc.stats.httpRoundTrips;
      const result = await review(tx);
      // Static accounts + the table; the table's accounts; the simulation with the known mints.
      expect(engine.rpc.stats.httpRoundTrips - trips).toBe(3);
      expect(result.simulationError).toBeNull();
      expect(result.balanceChanges).toContainEqual({ asset: `token ${short(mint)}`, change: '-1,000' });
      expect(result.instructions![0]!.summary).toBe(
        `Transfer 1,000 of token ${short(mint)} from ${short(victim)} (yours) (authority your account) to ${short(sink)} (owned by ${short(attacker.publicKey)})`,
      );
      expect(blockedBy(result.warnings)).toBeNull();
      // What the review showed is what the chain does once the same bytes are signed and sent.
      tx.sign([user]);
      await chain.connection.confirmTransaction(
        await chain.connection.sendRawTransaction(tx.serialize()),
        'confirmed',
      );
      expect((await chain.connection.getTokenAccountBalance(victim)).value.amount).toBe('0');
      expect((await chain.connection.getTokenAccountBalance(sink)).value.amount).toBe(DRAIN_UNITS.toString());
    });

    it("shows the SOL lost when the user's token accounts are closed to the attacker through a lookup table", async () => {
      const { tx, accounts, lamports } = await lookupTableCloseDrain(chain, user, attacker, 10);
      expect(tx.message.staticAccountKeys.map(String)).not.toContain(accounts[0]!.toBase58());
      const result = await review(tx);
      expect(result.simulationError).toBeNull();
      // The wallet account pays only the fee; the rent of the ten accounts leaves the user's other accounts.
      expect(result.balanceChanges).toEqual([
        { asset: 'SOL', change: '-0.000005' },
        { asset: OTHER_ACCOUNTS_SOL, change: `-${Number(lamports) / 1e9}` },
      ]);
      const closed = result.warnings.find((w) => w.code === 'account_closed')!;
      expect(closed.text).toContain('10 of your accounts');
      expect(closed.text).toContain(short(accounts[9]!));
      expect(codes(result)).toContain('sol_beyond_instructions');
      // The chain does what the review said once the same bytes are signed and sent.
      const attackerBefore = BigInt(await chain.connection.getBalance(attacker.publicKey, 'confirmed'));
      tx.sign([user]);
      await chain.connection.confirmTransaction(
        await chain.connection.sendRawTransaction(tx.serialize()),
        'confirmed',
      );
      expect(
        BigInt(await chain.connection.getBalance(attacker.publicKey, 'confirmed')) - attackerBefore,
      ).toBe(lamports);
      expect(await chain.connection.getAccountInfo(accounts[0]!, 'confirmed')).toBeNull();
    });

    it('blocks a table that does not exist, is not a table, lacks the index, or is deactivated', async () => {
      const to = Keypair.generate().publicKey;
      const { mint, account } = await tokenHolding(chain, attacker, user.publicKey, 10n);
      const ix = createTransferInstruction(account, to, user.publicKey, 10n);
      const missing = await review(
        withLookup(user.publicKey, await blockhash(), [ix], Keypair.generate().publicKey, [account, to]),
      );
      expect(blockedBy(missing.warnings)).toMatch(/does not exist/);
      const notATable = await review(
        withLookup(user.publicKey, await blockhash(), [ix], mint, [account, to]),
      );
      expect(blockedBy(notATable.warnings)).toMatch(/is not an address lookup table/);
      const real = await lookupTable(chain, attacker, [account]); // holds one entry; the message asks for a second
      const outOfRange = await review(
        withLookup(user.publicKey, await blockhash(), [ix], real.key, [account, to]),
      );
      expect(blockedBy(outOfRange.warnings)).toMatch(/has no entry 1 \(it holds 1\)/);
      await send(chain, attacker, [
        (await import('@solana/web3.js')).AddressLookupTableProgram.deactivateLookupTable({
          lookupTable: real.key,
          authority: attacker.publicKey,
        }),
      ]);
      const deactivated = await review(
        withLookup(
          user.publicKey,
          await blockhash(),
          [createTransferInstruction(account, account, user.publicKey, 1n)],
          real.key,
          [account],
        ),
      );
      expect(blockedBy(deactivated.warnings)).toMatch(/is deactivated/);
      for (const r of [missing, notATable, outOfRange, deactivated]) {
        expect(r.warnings.find((w) => w.severity === 'blocking')!.code).toBe('lookup_table_unresolved');
        expect(r.balanceChanges).toEqual([]);
      }
    });

    it('does not count a look-alike "Token…" program\'s account as the user\'s tokens', async () => {
      // The real SPL Token code, deployed by the attacker at an address that starts with "Token".
      const fake = new PublicKey('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DB');
      const code = await chain.rpc<{ value: { lamports: number; owner: string; data: [string, string] } }>(
        'getAccountInfo',
        [TOKEN_PROGRAM_ID.toBase58(), { encoding: 'base64' }],
      );
      await chain.rpc('localnet_setAccount', [
        fake.toBase58(),
        {
          lamports: code.value.lamports,
          owner: code.value.owner,
          data: code.value.data[0],
          executable: true,
        },
      ]);
      const { mint, account: victim } = await tokenHolding(chain, attacker, user.publicKey, DRAIN_UNITS);
      const sink = getAssociatedTokenAddressSync(mint, attacker.publicKey);
      const fakeFrom = Keypair.generate().publicKey;
      const fakeTo = Keypair.generate().publicKey;
      for (const [address, owner, amount] of [
        [fakeFrom, attacker.publicKey, DRAIN_UNITS],
        [fakeTo, user.publicKey, 0n],
      ] as const) {
        const data = Buffer.from(tokenAccountData(mint, owner, amount));
        await chain.rpc('localnet_setAccount', [
          address.toBase58(),
          { lamports: 2_039_280, owner: fake.toBase58(), data: data.toString('base64') },
        ]);
      }
      const tx = v0(user.publicKey, await blockhash(), [
        createAssociatedTokenAccountIdempotentInstruction(user.publicKey, sink, attacker.publicKey, mint),
        createTransferInstruction(victim, sink, user.publicKey, DRAIN_UNITS),
        // "+1,000" of the same mint, in an account the look-alike program owns.
        createTransferInstruction(fakeFrom, fakeTo, attacker.publicKey, DRAIN_UNITS, [], fake),
      ]);
      const result = await review(tx);
      expect(result.simulationError).toBeNull();
      expect(result.balanceChanges).toContainEqual({ asset: `token ${short(mint)}`, change: '-1,000' });
      expect(result.instructions![2]!.known).toBe(false); // the look-alike is an unknown program
    });
  });

  describe('stake and system authority changes (finding 4)', () => {
    let stake: PublicKey;
    beforeAll(async () => {
      const account = Keypair.generate();
      await send(
        chain,
        user,
        StakeProgram.createAccount({
          fromPubkey: user.publicKey,
          stakePubkey: account.publicKey,
          authorized: new Authorized(user.publicKey, user.publicKey),
          lamports: 2 * 1e9,
        }).instructions,
        [account],
      );
      stake = account.publicKey;
    });
    const stakeIx = (data: Buffer, keys: [PublicKey, boolean, boolean][]) =>
      new TransactionInstruction({
        programId: StakeProgram.programId,
        data,
        keys: keys.map(([pubkey, isSigner, isWritable]) => ({ pubkey, isSigner, isWritable })),
      });
    const u32 = (...values: number[]) =>
      Buffer.concat(
        values.map((v) => {
          const b = Buffer.alloc(4);
          b.writeUInt32LE(v);
          return b;
        }),
      );

    it('warns on AuthorizeChecked to another key, and shows the stake account changing hands', async () => {
      const ix = stakeIx(u32(10, 1), [
        [stake, false, true],
        [SYSVAR_CLOCK_PUBKEY, false, false],
        [user.publicKey, true, false],
        [attacker.publicKey, true, false],
      ]);
      const result = await review(v0(user.publicKey, await blockhash(), [ix]));
      expect(result.instructions![0]!.summary).toBe(
        `Change the withdraw authority of stake account ${short(stake)} to ${short(attacker.publicKey)}`,
      );
      expect(codes(result)).toContain('authority_change');
      const change = result.stakeAccountChanges!.find((c) => c.address === stake.toBase58())!;
      expect(change.before).toBe(`2 SOL, initialized; staker you, withdrawer you`);
      expect(change.after).toBe(`2 SOL, initialized; staker you, withdrawer ${short(attacker.publicKey)}`);
    });

    it('warns on SetLockup naming a custodian', async () => {
      const data = Buffer.concat([
        u32(6),
        Buffer.from([0, 1]),
        Buffer.alloc(8, 0xff).fill(0, 2),
        Buffer.from([1]),
        attacker.publicKey.toBuffer(),
      ]);
      const result = await review(
        v0(user.publicKey, await blockhash(), [
          stakeIx(data, [
            [stake, false, true],
            [user.publicKey, true, false],
          ]),
        ]),
      );
      expect(codes(result)).toContain('lockup_change');
      expect(result.instructions![0]!.summary).toContain(`custodian ${short(attacker.publicKey)}`);
      expect(result.stakeAccountChanges!.find((c) => c.address === stake.toBase58())!.after).toContain(
        `locked (custodian ${short(attacker.publicKey)})`,
      );
    });

    it('warns on AuthorizeWithSeed to another key', async () => {
      const ix = StakeProgram.authorizeWithSeed({
        stakePubkey: stake,
        authorityBase: user.publicKey,
        authoritySeed: 'seed',
        authorityOwner: SystemProgram.programId,
        newAuthorizedPubkey: attacker.publicKey,
        stakeAuthorizationType: StakeAuthorizationLayout.Staker,
      }).instructions[0]!;
      const result = await review(v0(user.publicKey, await blockhash(), [ix]));
      expect(codes(result)).toContain('authority_change');
      expect(result.instructions![0]!.summary).toContain(
        `stake authority of stake account ${short(stake)} to ${short(attacker.publicKey)}`,
      );
    });

    it('warns on System Allocate of the wallet account', async () => {
      const result = await review(
        v0(user.publicKey, await blockhash(), [
          SystemProgram.allocate({ accountPubkey: user.publicKey, space: 64 }),
        ]),
      );
      expect(codes(result)).toContain('account_reassigned');
      expect(result.instructions![0]!.summary).toBe('Allocate 64 bytes for your account');
    });

    it("shows a withdrawal from the user's stake account in the stake diff", async () => {
      const ix = StakeProgram.withdraw({
        stakePubkey: stake,
        authorizedPubkey: user.publicKey,
        toPubkey: attacker.publicKey,
        lamports: 1e9,
      }).instructions[0]!;
      const result = await review(v0(user.publicKey, await blockhash(), [ix]));
      expect(result.stakeAccountChanges).toContainEqual(
        expect.objectContaining({ address: stake.toBase58(), change: '-1' }),
      );
      expect(result.warnings.find((w) => w.code === 'third_party_recipient')!.text).toContain(
        short(attacker.publicKey),
      );
    });
  });

  it('reviews a legacy transaction through the same pipeline', async () => {
    const legacy = new Transaction({ feePayer: user.publicKey, recentBlockhash: await blockhash() }).add(
      SystemProgram.transfer({
        fromPubkey: user.publicKey,
        toPubkey: attacker.publicKey,
        lamports: 1_000_000,
      }),
    );
    const result = await review(
      VersionedTransaction.deserialize(legacy.serialize({ requireAllSignatures: false })),
    );
    expect(result.instructions![0]!.summary).toBe(
      `Send 0.001 SOL from your account to ${short(attacker.publicKey)}`,
    );
    expect(result.balanceChanges).toEqual([{ asset: 'SOL', change: '-0.001005' }]);
  });

  it('shows a 1.4 SOL priority fee as such (finding 12)', async () => {
    const result = await review(
      v0(user.publicKey, await blockhash(), [
        ComputeBudgetProgram.setComputeUnitLimit({ units: 1_400_000 }),
        ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 1_000_000_000 }),
        SystemProgram.transfer({
          fromPubkey: user.publicKey,
          toPubkey: attacker.publicKey,
          lamports: 1_000_000,
        }),
      ]),
    );
    expect(result.networkFeeLamports).toBe('1400005000');
    expect(result.balanceChanges).toContainEqual({ asset: 'SOL', change: '-1.401005' }); // the chain charges the same fee
    expect(result.networkFee).toMatchObject({
      baseLamports: '5000',
      priorityLamports: '1400000000',
      computeUnitLimit: 1_400_000,
    });
    expect(codes(result)).toContain('high_priority_fee');
  });

  describe.skipIf(!stakePoolProgramOr('stake-pool recipient checks of the review', STAKE_POOL_AVAILABLE))(
    'stake-pool payouts (finding 3)',
    () => {
      let pool: CreatedPool;
      let userLst: PublicKey;
      let attackerLst: PublicKey;
      const depositTo = (destination: PublicKey, lamports: number) =>
        StakePoolInstruction.depositSol({
          stakePool: pool.pool,
          withdrawAuthority: pool.withdrawAuthority,
          reserveStake: pool.reserve,
          fundingAccount: user.publicKey,
          destinationPoolAccount: destination,
          managerFeeAccount: pool.managerFeeAccount,
          referralPoolAccount: destination,
          poolMint: pool.mint,
          lamports,
        });
      beforeAll(async () => {
        const operator = await chain.funded(100);
        pool = await createStakePool(chain.connection, operator, {
          programId: STAKE_POOL_PROGRAMS.spl,
          validators: 0,
          initialDepositLamports: 10n * SOL,
        });
        userLst = getAssociatedTokenAddressSync(pool.mint, user.publicKey);
        attackerLst = getAssociatedTokenAddressSync(pool.mint, attacker.publicKey);
        await send(chain, user, [
          createAssociatedTokenAccountIdempotentInstruction(
            user.publicKey,
            userLst,
            user.publicKey,
            pool.mint,
          ),
          createAssociatedTokenAccountIdempotentInstruction(
            user.publicKey,
            attackerLst,
            attacker.publicKey,
            pool.mint,
          ),
          depositTo(userLst, 2e9),
        ]);
      });

      it("flags DepositSol minting to an attacker's token account, names it, and promises nothing", async () => {
        const result = await review(v0(user.publicKey, await blockhash(), [depositTo(attackerLst, 5e9)]));
        expect(result.simulationError).toBeNull();
        const summary = result.instructions![0]!.summary;
        expect(summary).not.toContain('you receive');
        expect(summary).toContain(`pool tokens go to ${short(attackerLst)} (not your account)`);
        expect(result.warnings.find((w) => w.code === 'third_party_recipient')!.text).toContain(
          attackerLst.toBase58(),
        );
        expect(result.balanceChanges!.map((c) => c.asset)).toEqual(['SOL']);
      });

      it('says "you receive" for a deposit into the user\'s own account, with the simulated amount', async () => {
        const result = await review(v0(user.publicKey, await blockhash(), [depositTo(userLst, 1e9)]));
        expect(result.instructions![0]!.summary).toMatch(/→ you receive ≈ 1 /);
        expect(codes(result)).not.toContain('third_party_recipient');
        expect(result.balanceChanges!.find((c) => c.asset !== 'SOL')!.change).toBe('+1');
      });

      it("flags WithdrawSol paying an attacker, names the recipient, and shows the user's token loss", async () => {
        const ix = StakePoolInstruction.withdrawSol({
          stakePool: pool.pool,
          sourcePoolAccount: userLst,
          withdrawAuthority: pool.withdrawAuthority,
          reserveStake: pool.reserve,
          destinationSystemAccount: attacker.publicKey,
          sourceTransferAuthority: user.publicKey,
          managerFeeAccount: pool.managerFeeAccount,
          poolMint: pool.mint,
          poolTokens: 1e9,
        });
        const result = await review(v0(user.publicKey, await blockhash(), [ix]));
        expect(result.simulationError).toBeNull();
        expect(result.instructions![0]!.summary).not.toMatch(/you receive|now →|≈ .* SOL now/);
        expect(result.instructions![0]!.summary).toContain(
          `SOL goes to ${short(attacker.publicKey)} (not your account)`,
        );
        expect(result.warnings.find((w) => w.code === 'third_party_recipient')!.text).toContain(
          attacker.publicKey.toBase58(),
        );
        expect(result.balanceChanges!.find((c) => c.asset !== 'SOL')!.change).toBe('-1');
      });
    },
  );
});

const short = (key: PublicKey) => {
  const s = key.toBase58();
  return `${s.slice(0, 4)}…${s.slice(-4)}`;
};
