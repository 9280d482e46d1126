// Reads an account in the `solana account --output json` format (what --account takes).
import { readFileSync } from 'node:fs';
import bs58 from 'bs58';
import type { StoredAccount } from './accounts.ts';

interface AccountJson {
  pubkey?: string;
  account: { lamports: number; data: [string, string] | string; owner: string; executable?: boolean };
}

export function readAccountFile(path: string): StoredAccount {
  let parsed: AccountJson;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as AccountJson;
  } catch (error) {
    throw new Error(`--account ${path}: not readable JSON (${(error as Error).message})`);
  }
  const account = parsed?.account;
  if (!account || typeof account.lamports !== 'number' || typeof account.owner !== 'string') {
    throw new Error(
      `--account ${path}: expected {"account": {"lamports", "data", "owner"}} as written by solana account --output json`,
    );
  }
  const [text, encoding] = Array.isArray(account.data) ? account.data : [account.data, 'base58'];
  const data =
    encoding === 'base64'
      ? Buffer.from(text, 'base64')
      : encoding === 'base58'
        ? Buffer.from(bs58.decode(text))
        : null;
  if (!data) throw new Error(`--account ${path}: unsupported data encoding ${encoding}`);
  return {
    lamports: BigInt(account.lamports),
    owner: account.owner,
    data: new Uint8Array(data),
    executable: Boolean(account.executable),
  };
}
