// Accounts for the LST portfolio tests: the real mainnet dumps in ../shared/fixtures/mainnet
// (read with the localnet's own account-file reader), and accounts built byte by byte from the
// published layouts where no dump exists (token accounts and mints, Metaplex metadata, a
// Token-2022 mint with its metadata extension). Sanctum Infinity's are in infinity-fixtures.ts.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Keypair, PublicKey } from '@solana/web3.js';
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { readAccountFile } from '../../tools/localnet/account-file.ts';
import { mintData, tokenAccountData } from '../../tools/localnet/token-layouts.ts';
import type { StoredAccount } from '../../tools/localnet/accounts.ts';

const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/mainnet');
export const FIXTURES_AVAILABLE = existsSync(resolve(FIXTURES, 'marinade-state.json'));

export const JITO_POOL = 'Jito4APyf642JPZPx3hGc6WWJ8zPKtRbRs4P815Awbb';
export const JITOSOL_MINT = 'J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn';
export const PWR_POOL = 'DfiQgSvpW3Dy4gKfhtdHnWGHwFUrE8exvaxqjtMtAVxk';
export const PWRSOL_MINT = 'pWrSoLAhue6jUxUkbWgmEy5rD9VJzkFmvfTDV5KgNuu';
export const JUPSOL_POOL = '8VpRhuxa7sUUepdY3kQiTmX9rS5vx4WgaXiAnXq4KCtr';
export const MARINADE_STATE = '8szGkuLTAux9XMgZ2vtY39jVSowEcpBfFfD8hXSEqdGC';
export const MSOL_MINT = 'mSoLzYCxHdYgdzU16g5QSh3i5K3z3KZK7ytfqcJm7So';
export const INF_MINT = '5oVNBeEEQvYi1cX3ir8Dx5n1P7pdxydbGF2X4TxVusJm';
const METAPLEX = new PublicKey('metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s');

export interface AccountEntry {
  address: string;
  account: StoredAccount;
}

export function dump(file: string): AccountEntry {
  const account = readAccountFile(resolve(FIXTURES, file));
  const { pubkey } = JSON.parse(readFileSync(resolve(FIXTURES, file), 'utf8')) as { pubkey: string };
  return { address: pubkey, account };
}

export const RENT = 10_000_000n;

export function mintAccount(
  address: string,
  supply: bigint,
  decimals = 9,
  program = TOKEN_PROGRAM_ID,
): AccountEntry {
  return {
    address,
    account: {
      lamports: RENT,
      owner: program.toBase58(),
      data: mintData(null, supply, decimals),
      executable: false,
    },
  };
}

export function tokenAccount(
  owner: PublicKey,
  mint: string,
  amount: bigint,
  program = TOKEN_PROGRAM_ID,
): AccountEntry {
  return {
    address: Keypair.generate().publicKey.toBase58(),
    account: {
      lamports: RENT,
      owner: program.toBase58(),
      data: tokenAccountData(new PublicKey(mint), owner, amount),
      executable: false,
    },
  };
}

const borsh = (text: string, padTo: number) => {
  const bytes = Buffer.alloc(padTo);
  Buffer.from(text).copy(bytes);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(padTo);
  return Buffer.concat([length, bytes]);
};

/** A Metaplex Metadata account (MetadataV1) for `mint`, names padded with NULs as Metaplex does. */
export function metaplexMetadata(mint: string, name: string, symbol: string): AccountEntry {
  const [address] = PublicKey.findProgramAddressSync(
    [Buffer.from('metadata'), METAPLEX.toBuffer(), new PublicKey(mint).toBuffer()],
    METAPLEX,
  );
  const data = Buffer.concat([
    Buffer.from([4]),
    Keypair.generate().publicKey.toBuffer(),
    new PublicKey(mint).toBuffer(),
    borsh(name, 32),
    borsh(symbol, 10),
    borsh('https://example.invalid/x.json', 200),
    Buffer.alloc(8),
  ]);
  return {
    address: address.toBase58(),
    account: { lamports: RENT, owner: METAPLEX.toBase58(), data: new Uint8Array(data), executable: false },
  };
}

/** A Token-2022 mint carrying MetadataPointer and TokenMetadata extensions. */
export function token2022MintWithMetadata(
  mint: string,
  supply: bigint,
  name: string,
  symbol: string,
): AccountEntry {
  const base = Buffer.from(mintAccount(mint, supply, 9, TOKEN_2022_PROGRAM_ID).account.data);
  const tlv = (type: number, value: Buffer) => {
    const header = Buffer.alloc(4);
    header.writeUInt16LE(type, 0);
    header.writeUInt16LE(value.length, 2);
    return Buffer.concat([header, value]);
  };
  const str = (text: string) => {
    const length = Buffer.alloc(4);
    length.writeUInt32LE(Buffer.byteLength(text));
    return Buffer.concat([length, Buffer.from(text)]);
  };
  const mintKey = new PublicKey(mint).toBuffer();
  const data = Buffer.concat([
    base,
    Buffer.alloc(165 - base.length),
    Buffer.from([1]),
    tlv(18, Buffer.concat([Buffer.alloc(32), mintKey])),
    tlv(
      19,
      Buffer.concat([
        Buffer.alloc(32),
        mintKey,
        str(name),
        str(symbol),
        str('https://example.invalid/t.json'),
        Buffer.alloc(4),
      ]),
    ),
  ]);
  return {
    address: mint,
    account: {
      lamports: RENT,
      owner: TOKEN_2022_PROGRAM_ID.toBase58(),
      data: new Uint8Array(data),
      executable: false,
    },
  };
}

/** The JitoSOL pool dump under another address and mint: as many SPL pools as a test needs. */
export function clonedPool(template: AccountEntry, mint: string): AccountEntry {
  const data = Buffer.from(template.account.data);
  Buffer.from(new PublicKey(mint).toBytes()).copy(data, 162);
  return {
    address: Keypair.generate().publicKey.toBase58(),
    account: { ...template.account, data: new Uint8Array(data) },
  };
}
