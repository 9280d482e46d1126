// How the Activity screen names Infinity's and Marinade's actions from a getTransaction answer
// (encoding "json"): the action from the instruction the encoders built, the amounts from the
// balances, the SOL of the owner's token accounts counted as theirs (rent of an account opened, wSOL
// left wrapped), keys from a lookup table resolved, a failed action named without amounts, and
// nothing named for an action the owner did not sign. The chain suite (activity-lst) covers every
// action landed on the real programs; these are the record's shapes it cannot easily produce.
import { Keypair, PublicKey, type TransactionInstruction } from '@solana/web3.js';
import { NATIVE_MINT, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import bs58 from 'bs58';
import { describe as suite, expect, it } from 'vitest';
import { describe } from '../../src/background/activity/activity';
import type {
  ConfirmedTransaction,
  TokenBalance,
  TransactionError,
} from '../../src/background/chain/rpc-shapes';
import { addLiquidity, removeLiquidity } from '../../src/background/staking/infinity-instructions';
import { liquidUnstakeIx } from '../../src/background/staking/marinade-instructions';
import type { MarinadeAccounts } from '../../src/background/staking/marinade-state';
import { MSOL_MINT } from '../../src/shared/marinade';
import type { NetworkInfo } from '../../src/shared/networks';

const SOL = 1_000_000_000n;
const RENT = 2_039_280n;
const FEE = 5_000n;
const key = () => Keypair.generate().publicKey;
const owner = key();
const INF = key();
const localnet: NetworkInfo = {
  id: 'localnet',
  label: 'Localnet',
  rpcUrl: 'http://127.0.0.1:8899',
  chain: 'solana:localnet',
};
const wsolLst = {
  mint: NATIVE_MINT,
  index: 1,
  tokenProgram: TOKEN_PROGRAM_ID,
  calculator: { program: key(), accounts: [] },
};
const ownerWsol = key();
const ownerInf = key();
const liquidity = (amount: bigint) => ({
  signer: owner,
  lst: wsolLst,
  lstAccount: ownerWsol,
  infAccount: ownerInf,
  infMint: INF,
  infTokenProgram: TOKEN_PROGRAM_ID,
  amount,
  minOut: 1n,
});

interface Row {
  pre: bigint;
  post: bigint;
  /** A token account: its mint, owner and amounts before and after (null: did not exist). */
  token?: { mint: string; owner: string; pre: bigint | null; post: bigint | null };
}

/**
 * The node's answer for `ix` signed by `signer`: `rows` give balances by address (others unchanged).
 * With `table`, every account but the signer and the program comes from a lookup table.
 */
function confirmed(
  ix: TransactionInstruction,
  rows: Map<PublicKey, Row>,
  {
    signer = owner,
    table = false,
    err = null,
  }: { signer?: PublicKey; table?: boolean; err?: TransactionError | null } = {},
): ConfirmedTransaction {
  const others = [...new Set(ix.keys.map((k) => k.pubkey.toBase58()))].filter((k) => k !== signer.toBase58());
  const statics = [signer.toBase58(), ...(table ? [] : others), ix.programId.toBase58()];
  const keys = [...statics, ...(table ? others : [])];
  const row = (k: string) => [...rows].find(([p]) => p.toBase58() === k)?.[1];
  const tokenRows = (when: 'pre' | 'post'): TokenBalance[] =>
    keys.flatMap((k, accountIndex) => {
      const t = row(k)?.token;
      const amount = t?.[when];
      return t && amount !== null && amount !== undefined
        ? [
            {
              accountIndex,
              mint: t.mint,
              owner: t.owner,
              uiTokenAmount: { amount: amount.toString(), decimals: 9 },
            },
          ]
        : [];
    });
  return {
    slot: 1,
    blockTime: 1_764_000_000,
    transaction: {
      signatures: ['5'.repeat(88)],
      message: {
        accountKeys: statics,
        instructions: [
          {
            programIdIndex: keys.indexOf(ix.programId.toBase58()),
            accounts: ix.keys.map((k) => keys.indexOf(k.pubkey.toBase58())),
            data: bs58.encode(ix.data),
          },
        ],
      },
    },
    meta: {
      err,
      fee: Number(FEE),
      preBalances: keys.map((k) => Number(row(k)?.pre ?? 1n)),
      postBalances: keys.map((k) => Number(row(k)?.post ?? 1n)),
      preTokenBalances: tokenRows('pre'),
      postTokenBalances: tokenRows('post'),
      loadedAddresses: { writable: table ? others : [], readonly: [] },
    },
  };
}
const name = (tx: ConfirmedTransaction, who = owner) => describe(tx, who.toBase58(), localnet);
const wallet = (spent: bigint): Row => ({ pre: 100n * SOL, post: 100n * SOL - spent - FEE });

suite('Infinity and Marinade in the activity feed', () => {
  it('Stake into INF: the rent of the INF account it opened is the owner’s, not staked', () => {
    const staked = 2n * SOL;
    const tx = confirmed(
      addLiquidity(liquidity(staked)),
      new Map<PublicKey, Row>([
        [owner, wallet(RENT)], // wrapped before; this transaction opens the INF account
        [
          ownerWsol,
          {
            pre: RENT + staked,
            post: RENT,
            token: { mint: NATIVE_MINT.toBase58(), owner: owner.toBase58(), pre: staked, post: 0n },
          },
        ],
        [
          ownerInf,
          {
            pre: 0n,
            post: RENT,
            token: { mint: INF.toBase58(), owner: owner.toBase58(), pre: null, post: 1_812_345_678n },
          },
        ],
      ]),
    );
    expect(name(tx)).toEqual({ kind: 'stake', summary: 'Staked 2 SOL into INF → 1.8123 INF' });
  });

  it('Unstake INF whose accounts come from a lookup table, paid as wSOL left wrapped: counted as SOL', () => {
    const tx = confirmed(
      removeLiquidity(liquidity(SOL)),
      new Map<PublicKey, Row>([
        [owner, wallet(0n)],
        [
          ownerWsol,
          {
            pre: RENT,
            post: RENT + 1_100_000_000n,
            token: { mint: NATIVE_MINT.toBase58(), owner: owner.toBase58(), pre: 0n, post: 1_100_000_000n },
          },
        ],
        [
          ownerInf,
          {
            pre: RENT,
            post: RENT,
            token: { mint: INF.toBase58(), owner: owner.toBase58(), pre: SOL, post: 0n },
          },
        ],
      ]),
      { table: true },
    );
    expect(tx.transaction.message.accountKeys).not.toContain(ownerInf.toBase58());
    expect(name(tx)).toEqual({ kind: 'unstake-instant', summary: 'Unstaked 1 INF → 1.1 SOL' });
  });

  it('a failed action is named without amounts: only its fee moved', () => {
    const tx = confirmed(addLiquidity(liquidity(SOL)), new Map([[owner, wallet(0n)]]), {
      err: { InstructionError: [0, { Custom: 21 }] },
    });
    expect(name(tx)).toEqual({ kind: 'stake', summary: 'Stake into INF' });
  });

  it('an action paying the owner that someone else signed is not the owner’s action: it is a receipt', () => {
    const marinade = {
      state: key(),
      msolMint: new PublicKey(MSOL_MINT),
      solLeg: key(),
      msolLeg: key(),
      treasuryMsolAccount: key(),
    } as MarinadeAccounts;
    const other = key();
    const ix = liquidUnstakeIx(marinade, other, key(), SOL);
    ix.keys[7]!.pubkey = owner;
    const tx = confirmed(ix, new Map([[owner, { pre: SOL, post: 2n * SOL }]]), { signer: other });
    expect(name(tx)).toEqual({ kind: 'receive', summary: 'Received 1 SOL' });
    // Signed by the owner, the same unstake paying someone else says so.
    const own = liquidUnstakeIx(marinade, owner, ownerInf, SOL);
    own.keys[7]!.pubkey = other;
    const paid = confirmed(
      own,
      new Map<PublicKey, Row>([
        [owner, wallet(0n)],
        [
          ownerInf,
          { pre: RENT, post: RENT, token: { mint: MSOL_MINT, owner: owner.toBase58(), pre: SOL, post: 0n } },
        ],
      ]),
    );
    // Another State than Marinade's one: its mint is named by its address.
    expect(name(paid)).toEqual({
      kind: 'unstake-instant',
      summary: 'Marinade liquid unstake: 1 mSoL…m7So → SOL paid to another account',
    });
  });
});
