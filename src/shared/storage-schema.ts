// Every key Tidepool keeps in extension storage, in one table: its area and the version of the shape
// stored under it. Nothing reads or writes a key that is not listed here (the typed accessor in
// background/storage.ts takes only these keys; the value types sit beside it, checked against this
// table at compile time). A key ending in `*` is a family: one value per network or account.
//
// Versions. A value is written with a stamp, `version:<key>` → its version, in the same write, so
// the stored value itself keeps its shape (tests and tools read `approvalQueue` by name). A value
// with no stamp was written before stamps existed: it is version 1, the shapes of that time.
// Changing a stored shape means raising its version here, and, for a value that must outlive the
// change, giving the key a migration from each older version to the next (storage-migrations.ts):
// on read, an older value is upgraded step by step (and the reader writes the upgrade back); a
// value no migration reaches (a newer version after a downgrade, or no path) reads as `undefined`,
// as if nothing had been saved, and the next write replaces it. A key renamed names its former
// name (`formerly`): a value still stored there is read, upgraded by the same steps (its versions
// count on under the new name), written back under the new name, and the old one removed. Session
// values need none: the browser clears session storage whenever the extension is updated, so they
// never meet a new version.
//
// Keys that changed meaning. The portfolio's histories were kept per RPC URL and are kept per
// cluster (its genesis hash) since: a family marked `urlKeyedBefore` may still hold values under
// an RPC URL's key, which its owner moves to the cluster's key, merged with what is there, the
// first time it loads that cluster's key on that URL (moveUrlKeyed in background/storage.ts). The
// URL alone cannot say which cluster it is, so this cannot happen on read of a key.
//
// The vault is the exception: its blob carries its own format version (vault-format), and a vault
// that cannot be read must be reported as damaged, never as absent (absent lets a new wallet be
// created over it). So its value is passed through unstamped and unchecked, for the vault to parse.

import { transactionsV2, transactionsV3, withdrawalAlertsV2 } from './storage-migrations';

export type StorageAreaName = 'local' | 'session';

interface KeySpec {
  readonly area: StorageAreaName;
  /** The current shape's version, or 'in-value': the value carries and checks its own. */
  readonly version: number | 'in-value';
  /** `[n]` turns a value of version n into one of version n + 1. */
  readonly migrations?: Readonly<Record<number, (value: unknown) => unknown>>;
  /** Keyed by cluster; values kept before that sit under an RPC URL's key until moved (see the header). */
  readonly urlKeyedBefore?: true;
  /** The raw key the value was kept under before the key was renamed (its versions count on here). */
  readonly formerly?: string;
}

export const STORAGE_SCHEMA = {
  // local: kept across browser restarts
  vault: { area: 'local', version: 'in-value' },
  // network, auto-lock, tolerance: fields added since are optional in the stored value (a version 1
  // value without them reads as their defaults), so the shape's version stays.
  settings: { area: 'local', version: 1 },
  unlockFailures: { area: 'local', version: 1 },
  /**
   * One record per transaction, by id (chain/tx-record.ts). Formerly pendingTransactions: 1, signed
   * transactions by signature, each naming its RPC URL; 2, naming its network; 3, a record with a status.
   */
  transactions: {
    area: 'local',
    version: 3,
    formerly: 'pendingTransactions',
    migrations: { 1: transactionsV2, 2: transactionsV3 },
  },
  connectedSites: { area: 'local', version: 1 },
  delayedUnstakes: { area: 'local', version: 1 },
  /**
   * Events the person is to be told of (SOL becoming withdrawable), and those already told.
   * 2: the events still to tell are `watched` (were `pending`).
   */
  withdrawalAlerts: { area: 'local', version: 2, migrations: { 1: withdrawalAlertsV2 } },
  /** A dev/test override of how long a dApp request waits (README); no code writes it. */
  approvalTimeoutMs: { area: 'local', version: 1 },
  /** 2: the fee per signature, the slot time and the epoch's end from it (a cache: older copies are not painted). */
  'portfolio:*': { area: 'local', version: 2 }, // portfolio:<rpcUrl>:<owner>, read by the popup too
  'poolDirectory:*': { area: 'local', version: 1 }, // poolDirectory:<rpcUrl>
  'lstRates:*': { area: 'local', version: 1, urlKeyedBefore: true }, // lstRates:<genesisHash>
  'stakeLedger:*': { area: 'local', version: 1, urlKeyedBefore: true }, // stakeLedger:<genesisHash>:<owner>
  /** The income ledger's positions, as last observed: income:<genesisHash>:<owner>. */
  'income:*': { area: 'local', version: 1 },
  /** The income ledger's rows (per epoch and position, per transaction), gzipped: incomeRows:<genesisHash>:<owner>. */
  'incomeRows:*': { area: 'local', version: 1 },
  'tokenNames:*': { area: 'local', version: 1 }, // tokenNames:<rpcUrl>
  /** 2: the accounts read directly (watch), decimals per mint, transactions landed since. */
  'portfolioPlan:*': { area: 'local', version: 2 }, // portfolioPlan:<rpcUrl>:<owner>
  'signatureFee:*': { area: 'local', version: 1 }, // signatureFee:<rpcUrl>
  'validatorList:*': { area: 'local', version: 1 }, // validatorList:<rpcUrl>, one epoch's
  'validatorCommissions:*': { area: 'local', version: 1 }, // validatorCommissions:<genesisHash>
  // session: in memory until the browser closes, never readable by content scripts
  vaultKey: { area: 'session', version: 1 },
  /**
   * 2: from `shown` on, a request names the network it was reviewed on. 3: no `signed` state (the
   * transaction's record says how far it got), and the guarantee shown is `minimum`.
   */
  approvalQueue: { area: 'session', version: 3 },
  approvalWindowId: { area: 'session', version: 1 },
  approvalSeen: { area: 'session', version: 1 },
  undeliveredAnswers: { area: 'session', version: 1 },
  genesisHashes: { area: 'session', version: 1 }, // by custom RPC URL
} as const satisfies Record<string, KeySpec>;

export type StoragePattern = keyof typeof STORAGE_SCHEMA;
export type KeyOfPattern<P> = P extends `${infer Prefix}*` ? `${Prefix}${string}` : P;
/** Every key that may be stored: the fixed ones and each family's template. */
export type StorageKey = { [P in StoragePattern]: KeyOfPattern<P> }[StoragePattern];
/** The table entry a key belongs to. */
export type PatternOf<K extends StorageKey> = {
  [P in StoragePattern]: K extends KeyOfPattern<P> ? P : never;
}[StoragePattern];
/** The entries, and the keys, of one area. */
export type PatternIn<A extends StorageAreaName> = {
  [P in StoragePattern]: (typeof STORAGE_SCHEMA)[P]['area'] extends A ? P : never;
}[StoragePattern];
export type KeyIn<A extends StorageAreaName> = KeyOfPattern<PatternIn<A>>;

const SPECS: Readonly<Record<string, KeySpec | undefined>> = STORAGE_SCHEMA;

export function specOf(key: StorageKey): KeySpec {
  const exact = Object.hasOwn(SPECS, key) ? SPECS[key] : undefined;
  if (exact) return exact;
  for (const [pattern, spec] of Object.entries(STORAGE_SCHEMA)) {
    if (pattern.endsWith('*') && key.startsWith(pattern.slice(0, -1))) return spec;
  }
  throw new Error(`storage key ${key} is not in the storage schema`);
}

/** Where a raw key's version stamp is kept (same area, written in the same call as the value). */
const stampOf = (raw: string): string => `version:${raw}`;
export const versionStampKey = (key: StorageKey): string => stampOf(key);

/** The raw keys to read for `key`: the value and, if it is stamped, its stamp; then its former name's. */
export function rawKeysOf(key: StorageKey): string[] {
  const { version, formerly } = specOf(key);
  if (version === 'in-value') return [key];
  return formerly ? [key, stampOf(key), formerly, stampOf(formerly)] : [key, stampOf(key)];
}

/** The raw items to write for `key` = `value`: the value and, if it is stamped, the current stamp. */
export function rawItemsOf(key: StorageKey, value: unknown): Record<string, unknown> {
  const { version } = specOf(key);
  return version === 'in-value' ? { [key]: value } : { [key]: value, [stampOf(key)]: version };
}

/** The value `items` hold for `key` and the version it was written at (unstamped: before stamps, 1). */
function stored(key: StorageKey, items: Record<string, unknown>): { value: unknown; at: unknown } {
  const { formerly } = specOf(key);
  const raw = items[key] === undefined && formerly ? formerly : key;
  return { value: items[raw], at: items[stampOf(raw)] ?? 1 };
}

/**
 * The stored value at the current version: as stored, or upgraded by the key's migrations; else
 * undefined (see the header). `items` is what the browser returned for `rawKeysOf(key)`.
 */
export function currentValue(key: StorageKey, items: Record<string, unknown>): unknown {
  const { version, migrations } = specOf(key);
  if (version === 'in-value') return items[key];
  let { value, at } = stored(key, items);
  if (value === undefined) return undefined;
  try {
    for (; typeof at === 'number' && at < version; at++) {
      const step = migrations?.[at];
      if (!step) return undefined;
      value = step(value);
    }
  } catch {
    return undefined; // a value its migration cannot read is as good as none
  }
  return at === version ? value : undefined;
}

/**
 * Whether `items` hold `key` at an older version that currentValue upgrades, or still under its
 * former name: the reader writes the upgrade back (and removes `formerKeysIn`).
 */
export function isUpgraded(key: StorageKey, items: Record<string, unknown>): boolean {
  const { version } = specOf(key);
  const { value, at } = stored(key, items);
  if (value === undefined || version === 'in-value') return false;
  return (typeof at === 'number' && at < version) || formerKeysIn(key, items).length > 0;
}

/** The raw keys of `key`'s former name that `items` still hold. */
export function formerKeysIn(key: StorageKey, items: Record<string, unknown>): string[] {
  const { formerly } = specOf(key);
  return formerly ? [formerly, stampOf(formerly)].filter((raw) => items[raw] !== undefined) : [];
}
