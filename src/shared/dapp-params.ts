// Parameter schemas of every dApp request: the runtime half of the dApp protocol. Everything a
// page sends is untrusted; these bound every string and list.
import { SOLANA_CHAINS } from './networks';
import { BASE64, addressSchema, baseUnitsSchema, v } from './validate';

const chain = v.literal(...SOLANA_CHAINS);
const transaction = v.string({ min: 1, max: 4096, pattern: BASE64, what: 'a base64 transaction' });
const text = (max: number) => v.optional(v.string({ max }));

export const dappParams = {
  connect: v.object({ silent: v.optional(v.boolean()) }),
  disconnect: v.empty(),
  signTransaction: v.object({ account: addressSchema, chain: v.optional(chain), transaction }),
  signAndSendTransaction: v.object({
    account: addressSchema, chain, transaction,
    skipPreflight: v.optional(v.boolean()),
  }),
  signMessage: v.object({ account: addressSchema, message: v.string({ min: 1, max: 8192, pattern: BASE64, what: 'a base64 message' }) }),
  signIn: v.object({
    domain: text(256), address: v.optional(addressSchema), statement: text(1024), uri: text(512), version: text(8),
    chainId: text(64), nonce: text(128), issuedAt: text(64), expirationTime: text(64), notBefore: text(64), requestId: text(128),
    resources: v.optional(v.array(v.string({ max: 512 }), { max: 20 })),
  }),
  stake: v.object({
    account: addressSchema, chain, action: v.literal('stake', 'unstake'), pool: addressSchema, amount: baseUnitsSchema,
    mode: v.optional(v.literal('instant', 'delayed')),
  }),
} as const;
