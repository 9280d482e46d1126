// A token account read directly (chain/token-account.ts) against upstream's own decoder: real
// mainnet token accounts from ../shared/fixtures/infinity read as @solana/spl-token's unpackAccount
// reads them, and accounts written by spl-token's AccountLayout encoder (Token-2022 with its
// account-type byte and an extension, a read cut by a dataSlice) read back; what is not a token
// account of the holder (another holder's, a mint, a multisig, an uninitialized account, a program
// other than Token and Token-2022) reads as nothing.
import { Keypair, PublicKey } from '@solana/web3.js';
import {
  AccountLayout,
  AccountState,
  AccountType,
  MINT_SIZE,
  MULTISIG_SIZE,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  unpackAccount,
} from '@solana/spl-token';
import { describe, expect, it } from 'vitest';
import { holdersTokenAccount } from '../../src/background/chain/token-account';
import type { EncodedAccount } from '../../src/background/chain/rpc-shapes';
import { tokenAccountData } from '../../tools/localnet/token-layouts.ts';
import { infinityDump, infinityOr } from '../support/infinity-fixtures';

const holder = Keypair.generate().publicKey;
const mint = Keypair.generate().publicKey;

function encoded(data: Buffer, owner = TOKEN_PROGRAM_ID, space?: number): EncodedAccount {
  return { data: [data.toString('base64'), 'base64'], owner: owner.toBase58(), lamports: 2_039_280, space };
}

/** A token account as spl-token's own encoder writes it (tokenAccountData), in `state`. */
function written(amount: bigint, state = AccountState.Initialized, of = holder): Buffer {
  const data = Buffer.from(tokenAccountData(mint, of, amount));
  AccountLayout.encode({ ...AccountLayout.decode(data), state }, data);
  return data;
}

describe('a token account of a holder, read directly', () => {
  it.skipIf(!infinityOr('token-account real dumps'))(
    'reads real mainnet token accounts as spl-token’s unpackAccount does',
    () => {
      for (const token of ['wsol', 'jupsol', 'msol', 'stsol', 'inf']) {
        const { address, account } = infinityDump(`${token}-token-acc.json`);
        const owner = new PublicKey(infinityDump(`${token}-token-acc-owner.json`).address);
        const data = Buffer.from(account.data);
        const upstream = unpackAccount(
          new PublicKey(address),
          {
            data,
            owner: new PublicKey(account.owner),
            lamports: Number(account.lamports),
            executable: false,
          },
          TOKEN_PROGRAM_ID,
        );
        expect(upstream.owner.equals(owner)).toBe(true);
        const read = holdersTokenAccount(encoded(data, new PublicKey(account.owner)), owner.toBytes());
        expect(read).toEqual({
          mint: upstream.mint.toBase58(),
          programId: TOKEN_PROGRAM_ID,
          amount: upstream.amount,
        });
        expect(holdersTokenAccount(encoded(data), holder.toBytes())).toBeNull(); // another holder's
      }
    },
  );

  it('reads a Token-2022 account with an extension, whole or cut to its first 200 bytes', () => {
    // The base layout, the account-type byte, then a TLV extension (ImmutableOwner: type 7, length 0).
    const data = Buffer.concat([
      written(42n),
      Buffer.from([AccountType.Account, 7, 0, 0, 0]),
      Buffer.alloc(60),
    ]);
    const expected = { mint: mint.toBase58(), programId: TOKEN_2022_PROGRAM_ID, amount: 42n };
    expect(holdersTokenAccount(encoded(data, TOKEN_2022_PROGRAM_ID), holder.toBytes())).toEqual(expected);
    const sliced = encoded(data.subarray(0, 200), TOKEN_2022_PROGRAM_ID, data.length);
    expect(holdersTokenAccount(sliced, holder.toBytes())).toEqual(expected);
    // A frozen account still holds its tokens.
    expect(holdersTokenAccount(encoded(written(7n, AccountState.Frozen)), holder.toBytes())).toMatchObject({
      amount: 7n,
    });
  });

  it('reads nothing that is not a token account of the holder', () => {
    const bytes = holder.toBytes();
    expect(holdersTokenAccount(encoded(written(1n, AccountState.Uninitialized)), bytes)).toBeNull();
    expect(holdersTokenAccount(encoded(written(1n, AccountState.Initialized, mint)), bytes)).toBeNull();
    expect(holdersTokenAccount(encoded(written(1n), Keypair.generate().publicKey), bytes)).toBeNull();
    expect(holdersTokenAccount(encoded(Buffer.alloc(MINT_SIZE)), bytes)).toBeNull();
    // A Token-2022 mint with extensions is as long as an account: its type byte says Mint.
    const mintWithExtension = Buffer.concat([written(1n), Buffer.from([AccountType.Mint]), Buffer.alloc(40)]);
    expect(holdersTokenAccount(encoded(mintWithExtension, TOKEN_2022_PROGRAM_ID), bytes)).toBeNull();
    // A multisig whose bytes happen to read as the holder's account, whole or sliced (its size tells).
    const multisig = Buffer.concat([
      written(1n),
      Buffer.from([AccountType.Account]),
      Buffer.alloc(MULTISIG_SIZE - 166),
    ]);
    expect(holdersTokenAccount(encoded(multisig), bytes)).toBeNull();
    expect(
      holdersTokenAccount(encoded(multisig.subarray(0, 200), TOKEN_PROGRAM_ID, MULTISIG_SIZE), bytes),
    ).toBeNull();
    expect(holdersTokenAccount(null, bytes)).toBeNull();
  });
});
