// Every popup/approval → background method, each declared once: its params schema (what the
// background validates before any handler runs), its result type, and whether it sends (signs
// and sends a transaction), bears secrets (its result carries key material) or is unattended (our
// pages call it on their own). protocol.ts derives the method names, params and result types and
// the flag lists from this table.
// Amounts are decimal strings of base units (lamports, token units): JSON has no u64.
import type { WalletState } from './accounts';
import type { ActivityItem } from './activity';
import type { ApprovalView, ConnectedSite } from './approval';
import { MAX_TOLERANCE_BPS } from './guarantee';
import type { IncomeView } from './income';
import { flaggedMethods, method, type MethodTable } from './method-table';
import type { NativeQuote, ValidatorList } from './native-staking';
import type { WaitingItem } from './waiting';
import type { NetworkInfo } from './networks';
import type {
  ConvertQuote,
  PoolSummary,
  PortfolioView,
  StakeQuote,
  TxOutcome,
  UnstakeQuote,
} from './staking';
import { routeRequestSchema, type ExitOption, type RouteQuote } from './routes';
import { addressSchema, baseUnitsSchema, v } from './validate';

const password = v.string({ min: 1, max: 512, what: 'a password' });
const secretKey = v.string({ min: 1, max: 2048, what: 'a secret key' });
const unstakeMode = v.literal('instant', 'delayed');
const requestId = v.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9-]+$/, what: 'a request id' });
const day = v.string({ min: 10, max: 10, pattern: /^\d{4}-\d{2}-\d{2}$/, what: 'a day (YYYY-MM-DD)' });
/** A native staking action (shared/native-staking.ts NativeRequest), by kind. */
const nativeRequest = v.variant('kind', {
  stake: v.object({ kind: v.literal('stake'), voter: addressSchema, lamports: baseUnitsSchema }),
  deactivate: v.object({ kind: v.literal('deactivate'), stakeAccount: addressSchema }),
  withdraw: v.object({ kind: v.literal('withdraw'), stakeAccount: addressSchema, lamports: baseUnitsSchema }),
  merge: v.object({ kind: v.literal('merge'), destination: addressSchema, source: addressSchema }),
  moveStake: v.object({
    kind: v.literal('moveStake'),
    source: addressSchema,
    destination: addressSchema,
    lamports: baseUnitsSchema,
  }),
  moveLamports: v.object({
    kind: v.literal('moveLamports'),
    source: addressSchema,
    destination: addressSchema,
    lamports: baseUnitsSchema,
  }),
});
const sends = { sends: true } as const;
const secret = { secret: true } as const;
/** Called by our pages on their own: never a sign of a person (the auto-lock is not postponed). */
const unattended = { unattended: true } as const;

export const uiMethods = {
  'app:ping': method(v.empty(), unattended).returns<{ workerStartedAt: number; now: number }>(),
  'network:get': method(v.empty(), unattended).returns<{ current: NetworkInfo; builtins: NetworkInfo[] }>(),
  'network:set': method(
    v.object({
      network: v.literal('mainnet', 'devnet', 'localnet', 'custom'),
      customRpcUrl: v.optional(v.string({ max: 2048 })),
    }),
  ).returns<NetworkInfo>(),

  'wallet:state': method(v.empty(), unattended).returns<WalletState>(),
  /** The one moment a new phrase crosses to the UI: shown once for the user to write down. */
  'vault:generatePhrase': method(v.object({ words: v.literal(12, 24) }), secret).returns<{
    phrase: string[];
  }>(),
  'vault:create': method(
    v.object({
      password,
      confirmations: v.array(
        v.object({ index: v.integer({ min: 1, max: 24 }), word: v.string({ max: 16 }) }),
        { max: 24 },
      ),
    }),
  ).returns<WalletState>(),
  'vault:importPhrase': method(
    v.object({ phrase: v.string({ min: 1, max: 1024, what: 'a recovery phrase' }), password }),
  ).returns<WalletState>(),
  'vault:importSecretKey': method(v.object({ secretKey, password })).returns<WalletState>(),
  'vault:unlock': method(v.object({ password })).returns<WalletState>(),
  'vault:lock': method(v.empty()).returns<WalletState>(),
  'vault:changePassword': method(v.object({ current: password, next: password })).returns<WalletState>(),
  /** Password-gated reveal flow. */
  'vault:revealPhrase': method(v.object({ password }), secret).returns<{ phrase: string[] }>(),
  /** Password-gated export flow. */
  'vault:exportSecretKey': method(v.object({ password, address: addressSchema }), secret).returns<{
    secretKey: string;
  }>(),
  'accounts:add': method(v.object({ name: v.optional(v.string({ max: 32 })) })).returns<WalletState>(),
  'accounts:importSecretKey': method(
    v.object({ secretKey, name: v.optional(v.string({ max: 32 })) }),
  ).returns<WalletState>(),
  'accounts:rename': method(
    v.object({ address: addressSchema, name: v.string({ min: 1, max: 32 }) }),
  ).returns<WalletState>(),
  'accounts:select': method(v.object({ address: addressSchema })).returns<WalletState>(),
  'accounts:scan': method(v.empty()).returns<{
    found: { index: number; address: string; lamports: string }[];
  }>(),
  'accounts:addDerived': method(
    v.object({ indexes: v.array(v.integer({ min: 0, max: 1000 }), { max: 20 }) }),
  ).returns<WalletState>(),
  'settings:setNotifications': method(v.object({ enabled: v.boolean() })).returns<WalletState>(),
  'settings:setAutoLock': method(
    v.object({ minutes: v.integer({ min: 1, max: 1440 }) }),
  ).returns<WalletState>(),
  /** The tolerance taken off a quote's guarantee, in basis points (at most 1 %). */
  'settings:setTolerance': method(
    v.object({ bps: v.integer({ min: 0, max: MAX_TOLERANCE_BPS }) }),
  ).returns<WalletState>(),

  /** `refresh: false` answers from the cache at once; `true` asks the chain (one round trip). */
  'portfolio:get': method(v.object({ refresh: v.boolean() }), unattended).returns<PortfolioView>(),
  'pools:list': method(v.empty(), unattended).returns<{ pools: PoolSummary[]; epoch: number }>(),
  'stake:limits': method(v.object({ pool: addressSchema }), unattended).returns<{
    maxLamports: string;
    reserveLamports: string;
    tokenBalance: string;
  }>(),
  'stake:quote': method(v.object({ pool: addressSchema, lamports: baseUnitsSchema })).returns<StakeQuote>(),
  // quoteId: the quote the person saw; its prepared transaction is sent as it is while fresh.
  // minimumOut, enforced: the quote's guarantee as shown (its figure, and whether the program enforces
  // it): a fresh quote that gives less, or no longer an enforced minimum, is refused before signing.
  'stake:execute': method(
    v.object({
      pool: addressSchema,
      lamports: baseUnitsSchema,
      quoteId: v.optional(requestId),
      minimumOut: baseUnitsSchema,
      enforced: v.boolean(),
    }),
    sends,
  ).returns<{ quote: StakeQuote; outcome: TxOutcome }>(),
  'unstake:quote': method(
    v.object({ pool: addressSchema, tokens: baseUnitsSchema, mode: unstakeMode }),
  ).returns<UnstakeQuote>(),
  'unstake:execute': method(
    v.object({
      pool: addressSchema,
      tokens: baseUnitsSchema,
      mode: unstakeMode,
      quoteId: v.optional(requestId),
      minimumOut: baseUnitsSchema,
      enforced: v.boolean(),
    }),
    sends,
  ).returns<{ quote: UnstakeQuote; outcome: TxOutcome }>(),
  /** INF and mSOL in and out, and Infinity's swap out of an LST it holds (shared/routes.ts). */
  'route:quote': method(v.object({ request: routeRequestSchema })).returns<RouteQuote>(),
  'route:execute': method(
    v.object({
      request: routeRequestSchema,
      quoteId: v.optional(requestId),
      minimumOut: baseUnitsSchema,
      enforced: v.boolean(),
    }),
    sends,
  ).returns<{ quote: RouteQuote; outcome: TxOutcome }>(),
  /** Every exit of `amount` base units of `mint` into SOL, quoted side by side in one batch. */
  'exits:quote': method(v.object({ mint: addressSchema, amount: baseUnitsSchema })).returns<{
    options: ExitOption[];
    /** The first of the options' expiresAt: asked again before it. */
    expiresAt?: number;
  }>(),
  /**
   * Every validator, from the chain, kept for the epoch. `epoch`: the current epoch as the popup's
   * last refresh read it (a kept list of an older epoch is read again).
   */
  'validators:list': method(
    v.object({ epoch: v.optional(v.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })) }),
  ).returns<ValidatorList>(),
  /** A native staking action quoted from the simulation of its exact transaction. */
  'native:quote': method(v.object({ request: nativeRequest })).returns<NativeQuote>(),
  // quoteId: the quote the person saw; its transaction is sent as it is while fresh, else quoted anew.
  'native:execute': method(
    v.object({ request: nativeRequest, quoteId: v.optional(requestId) }),
    sends,
  ).returns<{
    quote: NativeQuote;
    outcome: TxOutcome;
  }>(),
  // voter: the validator the stake accounts list showed (the quote checks it against the chain).
  'stakeAccount:convertQuote': method(
    v.object({ address: addressSchema, pool: addressSchema, voter: v.optional(addressSchema) }),
  ).returns<ConvertQuote>(),
  'stakeAccount:convert': method(
    v.object({
      address: addressSchema,
      pool: addressSchema,
      quoteId: v.optional(requestId),
      minimumOut: baseUnitsSchema,
      enforced: v.boolean(),
    }),
    sends,
  ).returns<{ quote: ConvertQuote; outcome: TxOutcome }>(),
  /** mint omitted: SOL. */
  /** Where is my SOL: every lamport to collect (the stake accounts from the last refresh, the other sources in one batch). */
  'waiting:list': method(v.empty()).returns<{ items: WaitingItem[]; epoch: number; readAt: number }>(),
  /** Collects an item of a source other than native staking (a Marinade ticket). */
  'waiting:act': method(
    v.object({
      source: v.string({ min: 1, max: 32, pattern: /^[A-Za-z]+$/, what: 'a source name' }),
      id: addressSchema,
    }),
    sends,
  ).returns<TxOutcome>(),
  'send:execute': method(
    v.object({
      to: addressSchema,
      amount: baseUnitsSchema,
      mint: v.optional(addressSchema),
      /** The decimals the person entered a token amount in; signed in TransferChecked, which the chain checks. */
      decimals: v.optional(v.integer({ min: 0, max: 255 })),
    }),
    sends,
  ).returns<TxOutcome>(),
  'activity:list': method(v.empty(), unattended).returns<{ items: ActivityItem[] }>(),
  /** The staking-income ledger, brought up to date from the chain (rewards, block times) first. */
  'income:get': method(v.empty(), unattended).returns<IncomeView>(),
  /** The ledger's rows dated from `from` to `to` (UTC days, both included) as a CSV or JSON file, and its name. */
  'income:export': method(v.object({ from: day, to: day, format: v.literal('csv', 'json') })).returns<{
    fileName: string;
    file: string;
  }>(),
  /** The ledger as a backup file (JSON text) and a name for it. */
  'income:backup': method(v.empty()).returns<{ fileName: string; file: string }>(),
  /** A backup file's text, checked, then merged into the ledger (never replacing it). */
  'income:restore': method(
    v.object({ file: v.string({ min: 1, max: 64 * 1024 * 1024, what: 'a backup file' }) }),
  ).returns<{ rowsAdded: number; positionsAdded: number }>(),

  /** The approval window: the first pending request (or the one asked for), and the decision. */
  'approval:get': method(v.object({ id: v.optional(requestId) }), unattended).returns<ApprovalView | null>(),
  /** `revision` names the view decided on: a decision on a view no longer the latest is refused. */
  'approval:decide': method(
    v.object({
      id: requestId,
      approve: v.boolean(),
      revision: v.string({ min: 1, max: 64, pattern: /^[0-9a-f]+$/, what: 'a view revision' }),
      /** The codes of the warnings the person ticked as read (those that must be, before Approve). */
      confirmed: v.optional(
        v.array(v.string({ max: 64, pattern: /^[a-z_]+$/, what: 'a warning code' }), { max: 16 }),
      ),
    }),
    sends,
  ).returns<{ remaining: number; outcome: 'approved' | 'rejected' | 'failed'; error?: string }>(),
  /** Rejects every request not yet approved. */
  'approval:rejectAll': method(v.empty()).returns<{ rejected: number }>(),
  'sites:list': method(v.empty(), unattended).returns<{ sites: ConnectedSite[] }>(),
  'sites:revoke': method(
    v.object({ origin: v.string({ min: 1, max: 512, what: 'a site origin' }) }),
  ).returns<{ sites: ConnectedSite[] }>(),
} satisfies MethodTable;

/** Methods that sign and send: if the background stops mid-way, what it signed is still confirmed. */
export const SENDING_METHODS = flaggedMethods(uiMethods, 'sends');

/** The only methods whose results carry secrets; tests assert nothing else ever does. */
export const SECRET_BEARING_METHODS = flaggedMethods(uiMethods, 'secret');
