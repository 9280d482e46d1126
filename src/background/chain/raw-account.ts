// An account as the wallet's code reads it: the node's base64 answer decoded once into an owner
// key, the data bytes and lamports as bigint.
import { PublicKey } from '@solana/web3.js';
import type { EncodedAccount } from './rpc-shapes';

export interface RawAccount {
  owner: PublicKey;
  data: Uint8Array;
  lamports: bigint;
}

export const rawAccount = (a: EncodedAccount): RawAccount => ({
  owner: new PublicKey(a.owner),
  data: new Uint8Array(Buffer.from(a.data[0], 'base64')),
  lamports: BigInt(a.lamports),
});
