// Every dApp request, each declared once: its params schema (everything a page sends is
// untrusted; these bound every string and list), its result type, and whether it sends a
// transaction. dapp-protocol.ts derives the method names, params and result types from this table.
import { method, type MethodTable } from './method-table';
import { SOLANA_CHAINS, type ChainId } from './networks';
import { BASE64, addressSchema, baseUnitsSchema, v } from './validate';

const chain = v.literal(...SOLANA_CHAINS);
const transaction = v.string({ min: 1, max: 4096, pattern: BASE64, what: 'a base64 transaction' });
const text = (max: number) => v.optional(v.string({ max }));
const sends = { sends: true } as const;

export const dappMethods = {
  connect: method(v.object({ silent: v.optional(v.boolean()) })).returns<{
    accounts: string[];
    chain: ChainId;
  }>(),
  disconnect: method(v.empty()).returns<Record<string, never>>(),
  /** signedTransaction: base64. */
  signTransaction: method(
    v.object({ account: addressSchema, chain: v.optional(chain), transaction }),
  ).returns<{ signedTransaction: string }>(),
  /** signature: base58. */
  signAndSendTransaction: method(
    v.object({
      account: addressSchema,
      chain,
      transaction,
      skipPreflight: v.optional(v.boolean()),
    }),
    sends,
  ).returns<{ signature: string }>(),
  /** signedMessage, signature: base64. */
  signMessage: method(
    v.object({
      account: addressSchema,
      message: v.string({ min: 1, max: 8192, pattern: BASE64, what: 'a base64 message' }),
    }),
  ).returns<{ signedMessage: string; signature: string }>(),
  /** signedMessage, signature: base64. */
  signIn: method(
    v.object({
      domain: text(256),
      address: v.optional(addressSchema),
      statement: text(1024),
      uri: text(512),
      version: text(8),
      chainId: text(64),
      nonce: text(128),
      issuedAt: text(64),
      expirationTime: text(64),
      notBefore: text(64),
      requestId: text(128),
      resources: v.optional(v.array(v.string({ max: 512 }), { max: 20 })),
    }),
  ).returns<{ account: string; signedMessage: string; signature: string }>(),
  stake: method(
    v.object({
      account: addressSchema,
      chain,
      action: v.literal('stake', 'unstake'),
      pool: addressSchema,
      amount: baseUnitsSchema,
      mode: v.optional(v.literal('instant', 'delayed')),
    }),
    sends,
  ).returns<{ signature: string }>(),
} satisfies MethodTable;
