// Accounts of the phrase that were used elsewhere: the first SCAN_DEPTH addresses along its
// derivation path that this wallet does not list yet and that hold lamports on the current
// network, read in one getMultipleAccounts. Nothing is added here; the person picks which to add.
import { PublicKey } from '@solana/web3.js';
import type { RpcClient } from '../chain/rpc-client';
import type { Keyring } from './keyring';

/** How far along the phrase's path to look for accounts that were used elsewhere. */
const SCAN_DEPTH = 20;

export async function scanUsedAccounts(
  keyring: Keyring,
  rpc: RpcClient,
): Promise<{ found: { index: number; address: string; lamports: string }[] }> {
  const known = new Set(keyring.accounts().map((a) => a.address));
  const candidates = Array.from({ length: SCAN_DEPTH }, (_, index) => ({
    index,
    address: keyring.peekDerived(index),
  })).filter((c) => !known.has(c.address));
  const connection = await rpc.connection();
  // One getMultipleAccounts for the whole scan: an account is "used" if it holds lamports.
  const infos = await connection.getMultipleAccountsInfo(candidates.map((c) => new PublicKey(c.address)));
  return {
    found: candidates.flatMap((c, i) => {
      const lamports = infos[i]?.lamports ?? 0;
      return lamports > 0 ? [{ ...c, lamports: String(lamports) }] : [];
    }),
  };
}
