// A transaction waiting for its signature, as the sender's one door (tx-sender.ts) holds it: the
// exact bytes the signer is asked to sign, and how the signature that comes back completes it. The
// wallet's own transactions are legacy ones it pays for; a site's may be legacy or v0, with the
// wallet's account at any place among its signers.
import type { PublicKey, Transaction, VersionedTransaction } from '@solana/web3.js';
import { ed25519 } from '@noble/curves/ed25519';
import bs58 from 'bs58';
import { WalletError } from '../../shared/errors';

export interface Unsigned {
  message: Uint8Array;
  lastValidBlockHeight: number;
  /** The signed transaction's bytes and its id (its first signature); throws for a signature that does not verify. */
  withSignature(signature: Uint8Array): { wire: string; signature: string };
}

/** A legacy transaction of the wallet's own, its fee payer `owner` (whose signature is its id). */
export function ownUnsigned(tx: Transaction, owner: PublicKey, lastValidBlockHeight: number): Unsigned {
  return {
    message: tx.serializeMessage(),
    lastValidBlockHeight,
    withSignature(signature) {
      tx.addSignature(owner, Buffer.from(signature));
      return { wire: tx.serialize().toString('base64'), signature: bs58.encode(signature) };
    },
  };
}

/** A site's transaction, signed by `owner` at its place `index` among the signers. */
export function siteUnsigned(
  tx: VersionedTransaction,
  owner: PublicKey,
  index: number,
  lastValidBlockHeight: number,
): Unsigned {
  const bytes = tx.message.serialize();
  return {
    message: bytes,
    lastValidBlockHeight,
    withSignature(signature) {
      if (!ed25519.verify(signature, bytes, owner.toBytes()))
        throw new WalletError('internal', 'The signature does not verify. Nothing was sent.');
      tx.signatures[index] = signature;
      return {
        wire: Buffer.from(tx.serialize()).toString('base64'),
        signature: bs58.encode(tx.signatures[0]!),
      };
    },
  };
}
