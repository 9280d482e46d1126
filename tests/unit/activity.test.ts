// How the Activity screen names a transaction, from what getTransaction (encoding "json") answers:
// the owner's SOL and token balance changes, the network fee set apart, and staking named only
// when a stake-pool program ran or the token is a known LST. The transactions below have the
// node's full answer shape (header, instructions, token balances with accountIndex and
// uiTokenAmount, loadedAddresses, status); describe reads only what it needs from it.
import { Keypair, StakeProgram, SystemProgram } from '@solana/web3.js';
import { TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { describe as suite, expect, it } from 'vitest';
import { describe } from '../../src/background/activity/activity';
import type { TransactionError } from '../../src/background/chain/rpc-shapes';
import { MAINNET_LSTS } from '../../src/background/staking/lst-registry';
import { shortAddress } from '../../src/shared/format';
import type { NetworkInfo } from '../../src/shared/networks';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';

const SOL = 1_000_000_000;
const FEE = 5_000;
const owner = Keypair.generate().publicKey.toBase58();
const other = Keypair.generate().publicKey.toBase58();
const mint = Keypair.generate().publicKey.toBase58();
const localnet: NetworkInfo = {
  id: 'localnet',
  label: 'Localnet',
  rpcUrl: 'http://127.0.0.1:8899',
  chain: 'solana:localnet',
};
const mainnet: NetworkInfo = {
  id: 'mainnet',
  label: 'Mainnet',
  rpcUrl: 'http://127.0.0.1:8899',
  chain: 'solana:mainnet',
};
const SYSTEM = SystemProgram.programId.toBase58();
const STAKE = StakeProgram.programId.toBase58();
const POOL = STAKE_POOL_PROGRAMS.spl.toBase58();
const TOKEN = TOKEN_PROGRAM_ID.toBase58();

interface Account {
  key: string;
  pre: number;
  post: number;
}
interface TokenRow {
  account: number;
  mint: string;
  owner: string;
  amount: bigint;
  decimals?: number;
}

/** A getTransaction answer: `accounts` in key order (the first pays the fee), token rows by account index. */
function confirmed(
  accounts: Account[],
  programs: string[],
  tokens: { pre?: TokenRow[]; post?: TokenRow[] } = {},
  err: TransactionError | null = null,
) {
  const balance = (t: TokenRow) => ({
    accountIndex: t.account,
    mint: t.mint,
    owner: t.owner,
    programId: TOKEN,
    uiTokenAmount: {
      amount: t.amount.toString(),
      decimals: t.decimals ?? 9,
      uiAmount: Number(t.amount) / 10 ** (t.decimals ?? 9),
      uiAmountString: String(Number(t.amount) / 10 ** (t.decimals ?? 9)),
    },
  });
  const keys = [...accounts.map((a) => a.key), ...programs];
  return {
    slot: 4_242,
    blockTime: 1_764_000_000,
    version: 'legacy' as const,
    transaction: {
      signatures: ['5'.repeat(88)],
      message: {
        accountKeys: keys,
        header: {
          numRequiredSignatures: 1,
          numReadonlySignedAccounts: 0,
          numReadonlyUnsignedAccounts: programs.length,
        },
        recentBlockhash: '11111111111111111111111111111111',
        instructions: programs.map((_, i) => ({
          programIdIndex: accounts.length + i,
          accounts: [0, 1],
          data: '3Bxs4h24hBtQy9rw',
          stackHeight: null,
        })),
      },
    },
    meta: {
      err,
      status: err ? { Err: err } : { Ok: null },
      fee: FEE,
      preBalances: [...accounts.map((a) => a.pre), ...programs.map(() => 1)],
      postBalances: [...accounts.map((a) => a.post), ...programs.map(() => 1)],
      preTokenBalances: (tokens.pre ?? []).map(balance),
      postTokenBalances: (tokens.post ?? []).map(balance),
      innerInstructions: [],
      logMessages: [],
      rewards: [],
      loadedAddresses: { readonly: [], writable: [] },
      computeUnitsConsumed: 3_000,
    },
  };
}

suite('activity naming', () => {
  it('a SOL send by the owner: the amount without the fee', () => {
    const tx = confirmed(
      [
        { key: owner, pre: 10 * SOL, post: 8_500_000_000 - FEE },
        { key: other, pre: 0, post: 1_500_000_000 },
      ],
      [SYSTEM],
    );
    expect(describe(tx, owner, localnet)).toEqual({ kind: 'send', summary: 'Sent 1.5 SOL' });
  });

  it('SOL received when someone else pays the fee: the whole change, no fee taken off', () => {
    const tx = confirmed(
      [
        { key: other, pre: 10 * SOL, post: 8 * SOL - FEE },
        { key: owner, pre: SOL, post: 3 * SOL },
      ],
      [SYSTEM],
    );
    expect(describe(tx, owner, localnet)).toEqual({ kind: 'receive', summary: 'Received 2 SOL' });
  });

  it('a failed transaction only paid its fee: nothing moved, it is a plain transaction', () => {
    const tx = confirmed(
      [
        { key: owner, pre: 10 * SOL, post: 10 * SOL - FEE },
        { key: other, pre: 0, post: 0 },
      ],
      [SYSTEM],
      {},
      { InstructionError: [0, { Custom: 1 }] },
    );
    expect(describe(tx, owner, localnet)).toEqual({ kind: 'other', summary: 'Transaction' });
  });

  it('a stake that opened the token account: the rent the ledger shows in it is not counted as staked', () => {
    // Not 165 bytes at today's rate: a Token-2022 account with the transfer-fee extension (182
    // bytes), whose rent is what the cluster charged, as the transaction's balances record it.
    const opened = 2_157_600n;
    const tx = confirmed(
      [
        { key: owner, pre: 10 * SOL, post: 8 * SOL - FEE - Number(opened) },
        { key: other, pre: 0, post: Number(opened) },
      ],
      [POOL, TOKEN],
      { post: [{ account: 1, mint, owner, amount: 1_876_543_210n }] },
    );
    expect(describe(tx, owner, localnet)).toEqual({
      kind: 'stake',
      summary: `Staked 2 SOL → 1.8765 ${shortAddress(mint)}`,
    });
  });

  it('a stake into a token account that existed: all the SOL that went out was staked', () => {
    const tx = confirmed(
      [
        { key: owner, pre: 10 * SOL, post: 7 * SOL - FEE },
        { key: other, pre: 2_039_280, post: 2_039_280 },
      ],
      [POOL, TOKEN],
      {
        pre: [{ account: 1, mint, owner, amount: 5n }],
        post: [{ account: 1, mint, owner, amount: 2_900_000_005n }],
      },
    );
    expect(describe(tx, owner, localnet).summary).toBe(`Staked 3 SOL → 2.9 ${shortAddress(mint)}`);
  });

  it('an instant unstake: tokens out, SOL in (the fee added back)', () => {
    const tx = confirmed(
      [
        { key: owner, pre: SOL, post: 2_050_000_000 - FEE },
        { key: other, pre: 2_039_280, post: 2_039_280 },
      ],
      [POOL, TOKEN],
      {
        pre: [{ account: 1, mint, owner, amount: 1_000_000_000n }],
        post: [{ account: 1, mint, owner, amount: 0n }],
      },
    );
    expect(describe(tx, owner, localnet)).toEqual({
      kind: 'unstake-instant',
      summary: `Unstaked 1 ${shortAddress(mint)} → 1.05 SOL`,
    });
  });

  it('a delayed unstake: tokens out into a stake account the owner paid rent for', () => {
    const stakeAccount = Keypair.generate().publicKey.toBase58();
    const tx = confirmed(
      [
        { key: owner, pre: SOL, post: SOL - FEE - 2_282_880 },
        { key: other, pre: 2_039_280, post: 2_039_280 },
        { key: stakeAccount, pre: 0, post: 2 * SOL },
      ],
      [POOL, STAKE, SYSTEM],
      {
        pre: [{ account: 1, mint, owner, amount: 2_000_000_000n }],
        post: [{ account: 1, mint, owner, amount: 100_000_000n }],
      },
    );
    expect(describe(tx, owner, localnet)).toEqual({
      kind: 'unstake-delayed',
      summary: `Unstaked 1.9 ${shortAddress(mint)} → a stake account (delayed)`,
    });
  });

  it('SOL withdrawn from a stake account', () => {
    const stakeAccount = Keypair.generate().publicKey.toBase58();
    const tx = confirmed(
      [
        { key: owner, pre: SOL, post: 3_500_000_000 - FEE },
        { key: stakeAccount, pre: 2_500_000_000, post: 0 },
      ],
      [STAKE],
    );
    expect(describe(tx, owner, localnet)).toEqual({
      kind: 'withdraw-stake',
      summary: 'Withdrew 2.5 SOL from a stake account',
    });
  });

  it('a token that did not go through a pool is a token, unless this network knows it as an LST', () => {
    const sent = confirmed(
      [
        { key: owner, pre: SOL, post: SOL - FEE },
        { key: other, pre: 2_039_280, post: 2_039_280 },
      ],
      [TOKEN],
      {
        pre: [{ account: 1, mint, owner, amount: 7_500_000n, decimals: 6 }],
        post: [{ account: 1, mint, owner, amount: 2_500_000n, decimals: 6 }],
      },
    );
    expect(describe(sent, owner, localnet)).toEqual({
      kind: 'send',
      summary: `Sent 5 token ${shortAddress(mint)}`,
    });
    // The directory found this mint's pool on this network: named as the LST, even sent outside a pool.
    expect(describe(sent, owner, localnet, new Set([mint])).summary).toBe(`Sent 5 ${shortAddress(mint)}`);
  });

  it('a registry LST received on mainnet is named by its symbol; the same mint elsewhere is a token', () => {
    const lst = MAINNET_LSTS[0]!;
    const got = confirmed(
      [
        { key: other, pre: SOL, post: SOL - FEE },
        { key: owner, pre: SOL, post: SOL },
        { key: Keypair.generate().publicKey.toBase58(), pre: 2_039_280, post: 2_039_280 },
      ],
      [TOKEN],
      {
        pre: [{ account: 2, mint: lst.mint, owner, amount: 0n }],
        post: [{ account: 2, mint: lst.mint, owner, amount: 3_000_000_000n }],
      },
    );
    expect(describe(got, owner, mainnet)).toEqual({ kind: 'receive', summary: `Received 3 ${lst.symbol}` });
    expect(describe(got, owner, localnet).summary).toBe(`Received 3 token ${shortAddress(lst.mint)}`);
  });

  it('only the owner’s token rows count: someone else’s tokens moving in the same transaction are not the owner’s', () => {
    const tx = confirmed(
      [
        { key: owner, pre: SOL, post: SOL - FEE },
        { key: other, pre: 0, post: 0 },
      ],
      [TOKEN],
      {
        pre: [{ account: 1, mint, owner: other, amount: 9n }],
        post: [{ account: 1, mint, owner: other, amount: 0n }],
      },
    );
    expect(describe(tx, owner, localnet)).toEqual({ kind: 'other', summary: 'Transaction' });
  });
});
