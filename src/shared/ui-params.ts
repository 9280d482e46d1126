// Parameter schemas of every popup/approval → background method: the runtime half of the
// protocol. The background validates with these; the UI only imports their types.
import { v } from './validate';

export const uiParams = {
  'app:ping': v.empty(),
  'network:get': v.empty(),
  'network:set': v.object({
    network: v.literal('mainnet', 'devnet', 'localnet', 'custom'),
    customRpcUrl: v.optional(v.string({ max: 2048 })),
  }),
  'chain:status': v.empty(),
} as const;
