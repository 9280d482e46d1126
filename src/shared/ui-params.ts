// Parameter schemas of every popup/approval → background method: the runtime half of the
// protocol. The background validates with these; the UI only imports their types.
import { addressSchema, baseUnitsSchema, v } from './validate';

const password = v.string({ min: 1, max: 512, what: 'a password' });
const secretKey = v.string({ min: 1, max: 2048, what: 'a secret key' });
const unstakeMode = v.literal('instant', 'delayed');
const requestId = v.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9-]+$/, what: 'a request id' });

export const uiParams = {
  'app:ping': v.empty(),
  'network:get': v.empty(),
  'network:set': v.object({
    network: v.literal('mainnet', 'devnet', 'localnet', 'custom'),
    customRpcUrl: v.optional(v.string({ max: 2048 })),
  }),

  'wallet:state': v.empty(),
  'vault:generatePhrase': v.object({ words: v.literal(12, 24) }),
  'vault:create': v.object({
    password,
    confirmations: v.array(v.object({ index: v.integer({ min: 1, max: 24 }), word: v.string({ max: 16 }) }), { max: 24 }),
  }),
  'vault:importPhrase': v.object({ phrase: v.string({ min: 1, max: 1024, what: 'a recovery phrase' }), password }),
  'vault:importSecretKey': v.object({ secretKey, password }),
  'vault:unlock': v.object({ password }),
  'vault:lock': v.empty(),
  'vault:changePassword': v.object({ current: password, next: password }),
  'vault:revealPhrase': v.object({ password }),
  'vault:exportSecretKey': v.object({ password, address: addressSchema }),
  'accounts:add': v.object({ name: v.optional(v.string({ max: 32 })) }),
  'accounts:importSecretKey': v.object({ secretKey, name: v.optional(v.string({ max: 32 })) }),
  'accounts:rename': v.object({ address: addressSchema, name: v.string({ min: 1, max: 32 }) }),
  'accounts:select': v.object({ address: addressSchema }),
  'accounts:scan': v.empty(),
  'accounts:addDerived': v.object({ indexes: v.array(v.integer({ min: 0, max: 1000 }), { max: 20 }) }),
  'settings:setAutoLock': v.object({ minutes: v.integer({ min: 1, max: 1440 }) }),

  'portfolio:get': v.object({ refresh: v.boolean() }),
  'pools:list': v.empty(),
  'stake:limits': v.object({ pool: addressSchema }),
  'stake:quote': v.object({ pool: addressSchema, lamports: baseUnitsSchema }),
  // quoteId: the quote the person saw; its prepared transaction is sent as it is while fresh.
  // minimumOut: the least the popup showed ("at least"): a fresh quote that is worse is refused.
  'stake:execute': v.object({ pool: addressSchema, lamports: baseUnitsSchema, quoteId: v.optional(requestId), minimumOut: baseUnitsSchema }),
  'unstake:quote': v.object({ pool: addressSchema, tokens: baseUnitsSchema, mode: unstakeMode }),
  'unstake:execute': v.object({ pool: addressSchema, tokens: baseUnitsSchema, mode: unstakeMode, quoteId: v.optional(requestId), minimumOut: baseUnitsSchema }),
  'stakeAccount:withdraw': v.object({ address: addressSchema }),
  // voter: the validator the stake accounts list showed (the quote checks it against the chain).
  'stakeAccount:convertQuote': v.object({ address: addressSchema, pool: addressSchema, voter: v.optional(addressSchema) }),
  'stakeAccount:convert': v.object({ address: addressSchema, pool: addressSchema, quoteId: v.optional(requestId), minimumOut: baseUnitsSchema }),
  /** mint omitted: SOL. */
  'send:execute': v.object({
    to: addressSchema, amount: baseUnitsSchema, mint: v.optional(addressSchema),
    /** The decimals the person entered a token amount in; signed in TransferChecked, which the chain checks. */
    decimals: v.optional(v.integer({ min: 0, max: 255 })),
  }),
  'activity:list': v.empty(),

  'approval:get': v.object({ id: v.optional(requestId) }),
  'approval:decide': v.object({ id: requestId, approve: v.boolean(), revision: v.string({ min: 1, max: 64, pattern: /^[0-9a-f]+$/, what: 'a view revision' }) }),
  'approval:rejectAll': v.empty(),
  'sites:list': v.empty(),
  'sites:revoke': v.object({ origin: v.string({ min: 1, max: 512, what: 'a site origin' }) }),
} as const;
