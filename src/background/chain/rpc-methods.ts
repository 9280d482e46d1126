// The JSON-RPC boundary, typed once: every method the wallet asks a node, with its params and the
// result a conforming node answers (shapes in rpc-shapes.ts). RpcClient.call and .batch take their
// types from this table, so a call with a wrong method or wrong params, or a read of the wrong
// answer of a batch, does not compile. Params name only what the wallet sends; encodings are
// literal because they decide the result's shape. The commitment is the client's default
// (COMMITMENT_CONFIG_AT) unless a call names one.
import type {
  Commitment,
  ConfirmedTransaction,
  EncodedAccount,
  EpochInfo,
  InflationReward,
  LatestBlockhash,
  PerformanceSample,
  ProgramAccount,
  SignatureInfo,
  SignatureStatus,
  SimulationResult,
  VoteAccounts,
  WithContext,
} from './rpc-shapes';

export interface ReadConfig {
  commitment?: Commitment;
  minContextSlot?: number;
}
/** A byte range of an account's data: the node sends only those bytes. */
export interface DataSlice {
  offset: number;
  length: number;
}
interface Base64Config extends ReadConfig {
  encoding: 'base64';
  dataSlice?: DataSlice;
}
type ProgramAccountFilter = { dataSize: number } | { memcmp: { offset: number; bytes: string } };

export interface RpcMethods {
  getAccountInfo: {
    params: readonly [address: string, config: Base64Config];
    result: WithContext<EncodedAccount | null>;
  };
  getMultipleAccounts: {
    params: readonly [addresses: readonly string[], config: Base64Config];
    result: WithContext<(EncodedAccount | null)[]>;
  };
  /** Answered from the node's program index, which can lag the bank: addresses to read, not figures. */
  getProgramAccounts: {
    params: readonly [
      programId: string,
      config: Base64Config & { filters?: readonly ProgramAccountFilter[] },
    ];
    result: ProgramAccount[];
  };
  /** Answered from the node's owner index, which can lag the bank: addresses to read, not figures. */
  getTokenAccountsByOwner: {
    params: readonly [owner: string, filter: { mint: string } | { programId: string }, config: Base64Config];
    result: WithContext<ProgramAccount[]>;
  };
  getBalance: { params: readonly [address: string, config?: ReadConfig]; result: WithContext<number> };
  getEpochInfo: { params: readonly [config?: ReadConfig]; result: EpochInfo };
  getBlockHeight: { params: readonly [config?: ReadConfig]; result: number };
  getLatestBlockhash: { params: readonly [config?: ReadConfig]; result: WithContext<LatestBlockhash> };
  /** Whether the node would take a transaction with this blockhash now (durable nonces aside). */
  isBlockhashValid: {
    params: readonly [blockhash: string, config?: ReadConfig];
    result: WithContext<boolean>;
  };
  getMinimumBalanceForRentExemption: { params: readonly [dataSize: number]; result: number };
  getStakeMinimumDelegation: { params: readonly [config?: ReadConfig]; result: WithContext<number> };
  /** The fee of a message (base64); null when the node does not know its blockhash. */
  getFeeForMessage: {
    params: readonly [messageBase64: string, config?: ReadConfig];
    result: WithContext<number | null>;
  };
  /** The node's per-minute samples of the slots that passed, newest first (at most `limit`). */
  getRecentPerformanceSamples: { params: readonly [limit?: number]; result: PerformanceSample[] };
  simulateTransaction: {
    params: readonly [
      wireBase64: string,
      config: {
        encoding: 'base64';
        sigVerify?: boolean;
        replaceRecentBlockhash?: boolean;
        commitment?: Commitment;
        accounts?: { encoding: 'base64'; addresses: readonly string[] };
      },
    ];
    result: WithContext<SimulationResult>;
  };
  sendTransaction: {
    params: readonly [
      wireBase64: string,
      config: {
        encoding: 'base64';
        skipPreflight?: boolean;
        preflightCommitment?: Commitment;
        maxRetries?: number;
      },
    ];
    /** The transaction's signature. */
    result: string;
  };
  getSignatureStatuses: {
    params: readonly [signatures: readonly string[], config?: { searchTransactionHistory?: boolean }];
    result: WithContext<(SignatureStatus | null)[]>;
  };
  getSignaturesForAddress: {
    params: readonly [address: string, config?: ReadConfig & { limit?: number; before?: string }];
    result: SignatureInfo[];
  };
  getTransaction: {
    params: readonly [
      signature: string,
      config: ReadConfig & { encoding: 'json'; maxSupportedTransactionVersion: 0 },
    ];
    /** null: the node does not have it (yet). */
    result: ConfirmedTransaction | null;
  };
  getHealth: { params: readonly []; result: string };
  getVoteAccounts: {
    params: readonly [config?: ReadConfig & { votePubkey?: string; keepUnstakedDelinquents?: boolean }];
    result: VoteAccounts;
  };
  /** The cluster's identity: the hash of its genesis block, base58. */
  getGenesisHash: { params: readonly []; result: string };
  /** What each address was paid for `epoch` (null: nothing); an error for an epoch the node does not serve. */
  getInflationReward: {
    params: readonly [addresses: readonly string[], config: ReadConfig & { epoch: number }];
    result: (InflationReward | null)[];
  };
  /** When the block at `slot` was produced (unix seconds); an error for a skipped slot. */
  getBlockTime: { params: readonly [slot: number]; result: number | null };
  /** The first `limit` slots from `slot` on that hold a block. */
  getBlocksWithLimit: {
    params: readonly [slot: number, limit: number, config?: ReadConfig];
    result: number[];
  };
}

export type RpcMethod = keyof RpcMethods;
export type RpcParams<M extends RpcMethod> = RpcMethods[M]['params'];
export type RpcResult<M extends RpcMethod> = RpcMethods[M]['result'];

/** One call of a batch; a union over the methods, so `method` picks the params. */
export type RpcCall<M extends RpcMethod = RpcMethod> = {
  [K in M]: { readonly method: K; readonly params: RpcParams<K> };
}[M];

/** The answers to a list of calls, position by position (a tuple for a tuple, an array for an array). */
export type RpcResults<C extends readonly RpcCall[]> = {
  -readonly [K in keyof C]: C[K] extends { readonly method: infer M extends RpcMethod }
    ? RpcResult<M>
    : never;
};

/** A call whose method stays a literal, for lists built before they are batched (`calls.push(rpcCall(…))`). */
export function rpcCall<M extends RpcMethod>(
  method: M,
  params: RpcParams<M>,
): { readonly method: M; readonly params: RpcParams<M> } {
  return { method, params };
}

/**
 * Where the config object of each method that reads at a commitment sits in its params (null: the
 * method is sent exactly as called). The client fills in `commitment: 'confirmed'` there unless
 * the call names one; a missing config is added. Not defaulted: getMinimumBalanceForRentExemption
 * (rent is the same at every commitment), getRecentPerformanceSamples (the node's own record), sendTransaction (`preflightCommitment`, chosen per
 * send), getSignatureStatuses, getHealth and getGenesisHash (no commitment). Every method must say which.
 */
export const COMMITMENT_CONFIG_AT = {
  getAccountInfo: 1,
  getMultipleAccounts: 1,
  getProgramAccounts: 1,
  getTokenAccountsByOwner: 2,
  getBalance: 1,
  getEpochInfo: 0,
  getBlockHeight: 0,
  getLatestBlockhash: 0,
  isBlockhashValid: 1,
  getMinimumBalanceForRentExemption: null,
  getStakeMinimumDelegation: 0,
  getFeeForMessage: 1,
  getRecentPerformanceSamples: null,
  simulateTransaction: 1,
  sendTransaction: null,
  getSignatureStatuses: null,
  getSignaturesForAddress: 1,
  getTransaction: 1,
  getHealth: null,
  getGenesisHash: null,
  getInflationReward: 1,
  getBlockTime: null,
  getBlocksWithLimit: 2,
  getVoteAccounts: 0,
} as const satisfies Record<RpcMethod, number | null>;

const DEFAULT_COMMITMENT: Commitment = 'confirmed';

/** The params as sent: the call's own, with the default commitment where the method reads at one. */
export function withDefaultCommitment(method: RpcMethod, params: readonly unknown[]): unknown[] {
  const at = COMMITMENT_CONFIG_AT[method];
  const sent = [...params];
  if (at === null) return sent;
  const config = sent[at];
  if (config === undefined) {
    while (sent.length < at) sent.push(undefined);
    sent[at] = { commitment: DEFAULT_COMMITMENT };
  } else if (
    typeof config === 'object' &&
    config !== null &&
    !('commitment' in config && config.commitment !== undefined)
  ) {
    sent[at] = { ...config, commitment: DEFAULT_COMMITMENT };
  }
  return sent;
}
