// The bytes of an SPL Token mint and token account (both token programs share these layouts), for
// the accounts the localnet and the tests build where no dump exists.
import { PublicKey } from '@solana/web3.js';
import { AccountLayout, MintLayout } from '@solana/spl-token';

/** An initialized mint; `authority` null for a fixed supply. No freeze authority. */
export function mintData(authority: PublicKey | null, supply: bigint, decimals = 9): Uint8Array {
  const data = Buffer.alloc(MintLayout.span);
  MintLayout.encode(
    {
      mintAuthorityOption: authority ? 1 : 0,
      mintAuthority: authority ?? PublicKey.default,
      supply,
      decimals,
      isInitialized: true,
      freezeAuthorityOption: 0,
      freezeAuthority: PublicKey.default,
    },
    data,
  );
  return new Uint8Array(data);
}

/** An initialized token account of `mint` owned by `owner`, without delegate or close authority. */
export function tokenAccountData(mint: PublicKey, owner: PublicKey, amount: bigint): Uint8Array {
  const data = Buffer.alloc(AccountLayout.span);
  AccountLayout.encode(
    {
      mint,
      owner,
      amount,
      delegateOption: 0,
      delegate: PublicKey.default,
      state: 1,
      isNativeOption: 0,
      isNative: 0n,
      delegatedAmount: 0n,
      closeAuthorityOption: 0,
      closeAuthority: PublicKey.default,
    },
    data,
  );
  return new Uint8Array(data);
}
