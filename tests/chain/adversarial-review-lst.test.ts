// The approval window's review of Infinity and Marinade transactions a dApp builds to pay someone
// else (issue #21), on the localnet with the real June 2025 Infinity programs and snapshot and the
// real Marinade build (--infinity --marinade): a swap, a stake into INF and an unstake of INF paying
// an attacker's token account; a Marinade deposit minting to the attacker, a liquid unstake paying
// the attacker's key, a withdraw_stake_account whose stake account the attacker controls, a ticket
// ordered for another key, and a claim paying another key. Each review names the recipient, warns,
// promises nothing, and says what the chain then does once the same bytes are signed and sent.
import { Keypair, PublicKey, TransactionInstruction } from '@solana/web3.js';
import {
  createApproveInstruction,
  createAssociatedTokenAccountIdempotentInstruction,
} from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewTransaction } from '../../src/background/dapp/tx-review';
import { decodeTicket } from '../../src/background/staking/marinade-tickets';
import { decodeStakeAccount } from '../../src/background/staking/stake-account';
import { INFINITY_PROGRAM } from '../../src/background/staking/infinity-instructions';
import { formatUnits, shortAddress } from '../../src/shared/format';
import { sendV0, v0 } from '../support/attacks';
import { infinityOr } from '../support/infinity-fixtures';
import { INF, JUPSOL, WSOL, tokenAmount } from '../support/infinity-routes';
import { infinityActions, marinadeActions, tokenBalance } from '../support/lst-actions';
import { startTestChain, type TestChain } from '../support/localnet';
import { marinadeOr, simulate, ticketsDue } from '../support/marinade';
import { SOL, engineFor } from '../support/staking';

/** Infinity's error when a swap would pay less than min_out or take more than max_in (s_controller errors.rs). */
const SLIPPAGE_TOLERANCE_EXCEEDED = 21;
const customError = (err: unknown) =>
  (err as { InstructionError?: [number, { Custom?: number }] } | null)?.InstructionError?.[1]?.Custom;
const short = (k: PublicKey) => shortAddress(k.toBase58());

describe.skipIf(!(infinityOr('LST review attacks') && marinadeOr('LST review attacks')))(
  'transaction review of Infinity and Marinade payouts to someone else',
  () => {
    let chain: TestChain;
    let user: Keypair;
    let attacker: Keypair;
    let engine: ReturnType<typeof engineFor>;
    let infinity: ReturnType<typeof infinityActions>;
    const me = () => user.publicKey;
    const message = async (ixs: TransactionInstruction[]) =>
      v0(me(), (await chain.connection.getLatestBlockhash()).blockhash, ixs);
    const review = async (ixs: TransactionInstruction[]) =>
      reviewTransaction(engine.rpc, engine.fees, await message(ixs), me().toBase58());
    /** Signs and sends what was reviewed (the same instructions, a fresh blockhash). */
    const land = (ixs: TransactionInstruction[], signers: Keypair[] = [], payer = user) =>
      sendV0(chain, payer, ixs, signers);
    const tokens = (account: PublicKey) => tokenBalance(chain, account);
    /** The review's one warning that someone else is paid, and the line of the instruction that pays. */
    const thirdParty = (r: Awaited<ReturnType<typeof review>>, program: string) => {
      expect(r.simulationError).toBeNull();
      const warnings = r.warnings.filter((w) => w.code === 'third_party_recipient');
      expect(warnings).toHaveLength(1);
      const line = r.instructions!.find((i) => i.program === program)!;
      expect(line.known).toBe(true);
      expect(line.summary).not.toContain('you receive');
      return { warning: warnings[0]!.text, line: line.summary };
    };

    beforeAll(async () => {
      chain = await startTestChain({ infinity: true, marinade: true });
      user = await chain.funded(100);
      attacker = await chain.funded(20);
      engine = engineFor(chain, user);
      infinity = infinityActions(chain, me());
    });
    afterAll(() => chain?.close());

    describe('Infinity', () => {
      it('a dApp swap of jupSOL through Infinity into the attacker’s wSOL account: named, warned, and what lands', async () => {
        await land(await infinity.swap(WSOL, JUPSOL, 3n * SOL));
        const jupsol = await tokens(infinity.ata(JUPSOL));
        const to = infinity.ata(WSOL, attacker.publicKey);
        const ixs = [
          infinity.open(WSOL, attacker.publicKey),
          ...(await infinity.swap(JUPSOL, WSOL, jupsol, to)),
        ];
        const r = await review(ixs);
        const { warning, line } = thirdParty(r, 'Infinity');
        expect(line).toMatch(
          new RegExp(
            `^Swap ${Number(jupsol) / 1e9} token jupS…x93v for wSOL through Infinity → wSOL goes to ${short(to)} \\(not your account\\) \\(at least 0.000000001 wSOL or it fails\\)$`,
          ),
        );
        expect(warning).toContain(to.toBase58());
        // The user only loses: jupSOL out, SOL for the fee and the attacker's account's rent.
        expect(r.balanceChanges!.map((c) => [c.asset, c.change.startsWith('-')])).toEqual([
          ['SOL', true],
          ['token jupS…x93v', true],
        ]);

        await land(ixs);
        expect(await tokens(infinity.ata(JUPSOL))).toBe(0n);
        expect(await tokens(to)).toBeGreaterThan(0n);
      });

      it('the same swap into the user’s own account says what the simulation credits, and warns of nothing', async () => {
        await land(await infinity.swap(WSOL, JUPSOL, SOL));
        const r = await review(await infinity.swap(JUPSOL, WSOL, await tokens(infinity.ata(JUPSOL))));
        expect(r.warnings.map((w) => w.code)).not.toContain('third_party_recipient');
        expect(r.instructions!.find((i) => i.program === 'Infinity')!.summary).toContain(
          `→ wSOL to your account ${short(infinity.ata(WSOL))}`,
        );
        await land(await infinity.swap(JUPSOL, WSOL, await tokens(infinity.ata(JUPSOL))));
      });

      it('the bound a line shows is the one the program enforces: SwapExactIn’s min_out, SwapExactOut’s max_in', async () => {
        await land(await infinity.swap(WSOL, JUPSOL, 2n * SOL));
        const held = await tokens(infinity.ata(JUPSOL));
        const [sell] = (await infinity.swap(JUPSOL, WSOL, held / 2n)).filter((ix) =>
          ix.programId.equals(INFINITY_PROGRAM),
        );
        /** What a swap pays into the user's new wSOL account and takes from their jupSOL, simulated. */
        const run = async (ix: TransactionInstruction) => {
          const { err, accounts } = await simulate(
            chain,
            user,
            [infinity.open(WSOL), ix],
            [infinity.ata(WSOL), infinity.ata(JUPSOL)],
          );
          if (err) return { err, got: null, took: null };
          return { err, got: tokenAmount(accounts[0]!.data), took: held - tokenAmount(accounts[1]!.data) };
        };
        const withLimit = (tag: 1 | 2, limit: bigint, amount: bigint) => {
          const data = Buffer.from(sell!.data); // SwapExactOut shares SwapExactIn's layout (the IDL's swap args)
          data[0] = tag;
          data.writeBigUInt64LE(limit, 11);
          data.writeBigUInt64LE(amount, 19);
          return new TransactionInstruction({ programId: sell!.programId, keys: sell!.keys, data });
        };
        const half = held / 2n;
        const { got } = await run(withLimit(1, 1n, half));
        expect(customError((await run(withLimit(1, got! + 1n, half))).err)).toBe(SLIPPAGE_TOLERANCE_EXCEEDED);
        expect((await run(withLimit(1, got!, half))).got).toBe(got);

        // Exactly `got` out takes what the program computes; max_in one unit under it is refused.
        const { took } = await run(withLimit(2, held, got!));
        expect((await run(withLimit(2, took!, got!))).got).toBe(got);
        const exactOut = withLimit(2, took! - 1n, got!);
        const r = await review([infinity.open(WSOL), exactOut]);
        expect(r.instructions!.find((i) => i.program === 'Infinity')!.summary).toBe(
          `Swap for exactly ${formatUnits(got!, 9)} wSOL through Infinity, paying with token jupS…x93v → wSOL to your account ${short(infinity.ata(WSOL))} (at most ${formatUnits(took! - 1n, 9)} token jupS…x93v taken or it fails)`,
        );
        expect(customError((await run(exactOut)).err)).toBe(SLIPPAGE_TOLERANCE_EXCEEDED);
        await land(await infinity.swap(JUPSOL, WSOL, held));
      });

      it('SOL staked into INF minted into the attacker’s INF account', async () => {
        const to = infinity.ata(INF, attacker.publicKey);
        const ixs = [infinity.open(INF, attacker.publicKey), ...(await infinity.stake(2n * SOL, to))];
        const { warning, line } = thirdParty(await review(ixs), 'Infinity');
        expect(line).toBe(
          `Stake 2 wSOL into Infinity → INF goes to ${short(to)} (not your account) (at least 0.000000001 INF or it fails)`,
        );
        expect(warning).toBe(
          `The INF from this stake goes to token account ${to.toBase58()}, which is not yours: you would pay and ${to.toBase58()} would receive.`,
        );
        await land(ixs);
        expect(await tokens(to)).toBeGreaterThan(0n);
      });

      it('INF unstaked to wSOL into the attacker’s account', async () => {
        await land(await infinity.stake(2n * SOL));
        const inf = await tokens(infinity.ata(INF));
        const to = infinity.ata(WSOL, attacker.publicKey);
        const ixs = await infinity.unstake(inf, WSOL, to);
        const { line } = thirdParty(await review(ixs), 'Infinity');
        expect(line).toBe(
          `Unstake ${Number(inf) / 1e9} INF from Infinity for wSOL → wSOL goes to ${short(to)} (not your account) (at least 0.000000001 wSOL or it fails)`,
        );
        const before = await tokens(to);
        await land(ixs);
        expect(await tokens(to)).toBeGreaterThan(before);
        expect(await tokens(infinity.ata(INF))).toBe(0n);
      });
    });

    describe('Marinade', () => {
      let marinade: Awaited<ReturnType<typeof marinadeActions>>;
      beforeAll(async () => {
        marinade = await marinadeActions(chain, me());
        await land(marinade.deposit(10n * SOL));
      });

      it('a deposit minting mSOL into the attacker’s account, with no minimum enforced', async () => {
        const to = marinade.msolOf(attacker.publicKey);
        const ixs = [
          createAssociatedTokenAccountIdempotentInstruction(
            me(),
            to,
            attacker.publicKey,
            marinade.state.msolMint,
          ),
          ...marinade.deposit(2n * SOL, to),
        ];
        const { warning, line } = thirdParty(await review(ixs), 'Marinade');
        expect(line).toBe(
          `Stake 2 SOL into Marinade → mSOL goes to ${short(to)} (not your account) (no minimum enforced: Marinade takes none)`,
        );
        expect(warning).toContain(to.toBase58());
        await land(ixs);
        expect(await tokens(to)).toBeGreaterThan(0n);
      });

      it('a liquid unstake paying the SOL to another key', async () => {
        const ixs = marinade.liquidUnstake(SOL, attacker.publicKey);
        const r = await review(ixs);
        const { warning, line } = thirdParty(r, 'Marinade');
        expect(line).toBe(
          `Unstake 1 mSOL now through Marinade’s liquidity pool → SOL goes to ${short(attacker.publicKey)} (not your account) (no minimum enforced: Marinade takes none)`,
        );
        expect(warning).toBe(
          `The SOL from this unstake goes to ${attacker.publicKey.toBase58()}, not to you.`,
        );
        // The user's SOL moves by the fee alone; the mSOL goes.
        expect(r.balanceChanges).toEqual([
          { asset: 'SOL', change: '-0.000005' },
          { asset: 'mSOL', change: '-1' }, // named as the instruction names it
        ]);
        const before = await chain.connection.getBalance(attacker.publicKey);
        await land(ixs);
        expect(await chain.connection.getBalance(attacker.publicKey)).toBeGreaterThan(before);
      });

      it('a withdraw_stake_account whose new stake account the attacker controls', async () => {
        const split = Keypair.generate();
        const ixs = await marinade.withdrawStake(2n * SOL, split, attacker.publicKey);
        const r = await review(ixs);
        const { warning, line } = thirdParty(r, 'Marinade');
        expect(line).toBe(
          `Unstake 2 mSOL from Marinade into stake account ${short(split.publicKey)} → a stake account controlled by ${short(attacker.publicKey)} (not you) (no minimum enforced: Marinade takes none)`,
        );
        expect(warning).toContain(attacker.publicKey.toBase58());
        expect(r.stakeAccountChanges).toEqual([]); // never the user's
        await land(ixs, [split]);
        const stake = decodeStakeAccount((await chain.connection.getAccountInfo(split.publicKey))!.data)!;
        expect([stake.staker, stake.withdrawer]).toEqual([attacker.publicKey, attacker.publicKey]);
      });

      describe('a ticket for another key, then its claim', () => {
        const ticket = Keypair.generate();

        it('order_unstake burning mSOL the user may spend as delegate: the ticket is the account owner’s, and says so', async () => {
          // The attacker's mSOL, with the user approved to spend it: the ticket goes to the account's owner.
          const theirs = await marinadeActions(chain, attacker.publicKey);
          await land(
            [
              ...theirs.deposit(3n * SOL),
              createApproveInstruction(theirs.msol, me(), attacker.publicKey, 2n * SOL),
            ],
            [],
            attacker,
          );
          const ixs = await marinade.orderUnstake(2n * SOL, ticket, theirs.msol);
          const { warning, line } = thirdParty(await review(ixs), 'Marinade');
          expect(line).toBe(
            `Order a delayed unstake of 2 mSOL from Marinade: ticket ${short(ticket.publicKey)} claimable by ${short(attacker.publicKey)} (not you) (no minimum enforced: Marinade takes none)`,
          );
          expect(warning).toBe(
            `The delayed-unstake ticket from this order would be claimable by ${attacker.publicKey.toBase58()}, not by you.`,
          );
          await land(ixs, [ticket]);
          const info = (await chain.connection.getAccountInfo(ticket.publicKey))!;
          const held = decodeTicket(ticket.publicKey, {
            owner: info.owner,
            data: new Uint8Array(info.data),
            lamports: BigInt(info.lamports),
          })!;
          expect(held.beneficiary).toEqual(attacker.publicKey);
        });

        it('a claim the user signs that pays the ticket’s SOL to another key', async () => {
          await ticketsDue(chain);
          const ixs = marinade.claim(ticket.publicKey, attacker.publicKey);
          const { warning, line } = thirdParty(await review(ixs), 'Marinade');
          expect(line).toBe(
            `Claim the delayed-unstake ticket ${short(ticket.publicKey)} from Marinade → SOL goes to ${short(attacker.publicKey)} (not your account)`,
          );
          expect(warning).toBe(
            `This claim pays ticket ${short(ticket.publicKey)}’s SOL to ${attacker.publicKey.toBase58()}, not to you: the ticket is not yours.`,
          );
          const before = await chain.connection.getBalance(attacker.publicKey);
          await land(ixs);
          expect(await chain.connection.getBalance(attacker.publicKey)).toBeGreaterThan(before);
        });
      });
    });
  },
);
