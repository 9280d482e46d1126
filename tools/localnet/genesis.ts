// Which chain this is: its genesis hash (what getGenesisHash answers and what wallets tell clusters
// apart by) and the seed its blockhashes derive from. A fresh ledger gets a genesis of its own, as
// solana-test-validator creates one per ledger, so two localnets never pass for the same cluster
// or accept each other's blockhashes unless a test says they should.
import { createHash, randomBytes } from 'node:crypto';
import bs58 from 'bs58';

export interface ChainIdentity {
  genesisHash: string;
  /** Every blockhash is derived from this and its issue number (blockhashes.ts). */
  blockhashSeed: string;
}

/** Base58 text of exactly 32 bytes, or null. */
export function hash32(text: string): string | null {
  try {
    return bs58.decode(text).length === 32 ? text : null;
  } catch {
    return null;
  }
}

/** A 32-byte hash of `parts`, in base58, under a domain no other localnet hash shares. */
export function derivedHash(domain: string, ...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256').update(`tidepool-localnet ${domain}\0`);
  for (const part of parts) hash.update(part);
  return bs58.encode(hash.digest());
}

/**
 * The identity asked for, else the saved ledger's, else a fresh one. A ledger keeps its genesis:
 * asking for another one with it is an error, as a validator refuses a ledger whose genesis differs
 * from --expected-genesis-hash.
 */
export function chainIdentity(
  asked: { genesisHash?: string; blockhashSeed?: string },
  saved?: ChainIdentity,
): ChainIdentity {
  if (asked.genesisHash !== undefined && hash32(asked.genesisHash) === null)
    throw new Error(`genesis hash must be 32 bytes in base58: ${asked.genesisHash}`);
  if (saved && asked.genesisHash !== undefined && asked.genesisHash !== saved.genesisHash)
    throw new Error(
      `the saved ledger has genesis hash ${saved.genesisHash}, not ${asked.genesisHash} (start with --reset for a new genesis)`,
    );
  const genesisHash = asked.genesisHash ?? saved?.genesisHash ?? bs58.encode(randomBytes(32));
  return {
    genesisHash,
    blockhashSeed: asked.blockhashSeed ?? saved?.blockhashSeed ?? genesisHash,
  };
}
