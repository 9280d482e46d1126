// The standard Solana JSON-RPC methods, served from the local chain.
import { VersionedMessage, VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from './accounts.ts';
import { BLOCKHASH_VALIDITY, LocalChain, TransactionRejected } from './chain.ts';
import type { TransactionRecord } from './transaction-history.ts';
import {
  compileFilters,
  configParam,
  decodeWire,
  encodeAccount,
  pubkeyParam,
  type Json,
} from './encoding.ts';
import { RPC, RpcError, invalidParams } from './rpc-errors.ts';
import { describeRpcError } from './tx-errors.ts';

export type Method = (params: unknown[]) => Json;

const STAKE_MINIMUM_DELEGATION = 1_000_000_000;
const LOCALNET_VERSION = { 'solana-core': '2.2.0-tidepool-localnet', 'feature-set': 0 };

function transactionStatus(record: TransactionRecord, currentSlot: bigint): Json {
  return {
    slot: Number(record.slot),
    confirmations: null,
    err: record.err as Json,
    status: record.err ? { Err: record.err as Json } : { Ok: null },
    confirmationStatus: currentSlot > record.slot ? 'finalized' : 'confirmed',
  };
}

function transactionJson(record: TransactionRecord, encoding: unknown): Json {
  const meta = {
    err: record.err as Json,
    status: record.err ? { Err: record.err as Json } : { Ok: null },
    fee: Number(record.fee),
    preBalances: record.preBalances.map(Number),
    postBalances: record.postBalances.map(Number),
    preTokenBalances: record.preTokenBalances as unknown as Json,
    postTokenBalances: record.postTokenBalances as unknown as Json,
    logMessages: record.logs,
    innerInstructions: [],
    loadedAddresses: { writable: [], readonly: [] },
    rewards: [],
    computeUnitsConsumed: Number(record.computeUnits),
  };
  let transaction: Json;
  if (encoding === 'base64') {
    transaction = [Buffer.from(record.wire).toString('base64'), 'base64'];
  } else {
    // json: signatures plus the message with its compiled instructions, base58 data.
    const message = VersionedMessage.deserialize(record.wire.subarray(1 + 64 * record.wire[0]!));
    transaction = {
      signatures: Array.from({ length: record.wire[0]! }, (_, i) =>
        bs58.encode(record.wire.subarray(1 + 64 * i, 65 + 64 * i)),
      ),
      message: {
        header: message.header as unknown as Json,
        accountKeys: message.staticAccountKeys.map((k) => k.toBase58()),
        recentBlockhash: message.recentBlockhash,
        instructions: message.compiledInstructions.map((ix) => ({
          programIdIndex: ix.programIdIndex,
          accounts: ix.accountKeyIndexes,
          data: bs58.encode(ix.data),
          stackHeight: null,
        })),
        ...(message.version === 0
          ? {
              addressTableLookups: message.addressTableLookups.map((l) => ({
                accountKey: l.accountKey.toBase58(),
                writableIndexes: l.writableIndexes,
                readonlyIndexes: l.readonlyIndexes,
              })),
            }
          : {}),
      },
    };
  }
  return {
    slot: Number(record.slot),
    blockTime: record.blockTime,
    version: record.version,
    transaction,
    meta,
  };
}

export function standardMethods(chain: LocalChain): Record<string, Method> {
  const context = () => ({ slot: Number(chain.slot), apiVersion: LOCALNET_VERSION['solana-core'] });
  const withContext = (value: Json): Json => ({ context: context(), value });

  const sendTransaction: Method = ([wireParam, rawConfig]) => {
    const config = configParam(rawConfig);
    const wire = decodeWire(wireParam, config.encoding);
    if (!config.skipPreflight) {
      const sim = chain.simulate(wire, { sigVerify: true });
      if (sim.err) {
        const code = sim.err === 'SignatureFailure' ? RPC.signatureFailure : RPC.simulationFailed;
        throw new RpcError(code, `Transaction simulation failed: ${describeRpcError(sim.err)}`, {
          err: sim.err as Json,
          logs: sim.logs,
          accounts: null,
          unitsConsumed: Number(sim.unitsConsumed),
          returnData: null,
        });
      }
    }
    try {
      return chain.send(wire).signature;
    } catch (error) {
      if (error instanceof TransactionRejected) {
        throw new RpcError(
          RPC.simulationFailed,
          `Transaction simulation failed: ${describeRpcError(error.err)}`,
          {
            err: error.err as Json,
            logs: error.logs,
            accounts: null,
            unitsConsumed: 0,
            returnData: null,
          },
        );
      }
      throw error;
    }
  };

  return {
    getHealth: () => 'ok',
    getVersion: () => LOCALNET_VERSION,
    getGenesisHash: () => 'TidepooLocaLnet11111111111111111111111111111',
    getSlot: () => Number(chain.slot),
    getBlockHeight: () => Number(chain.blockHeight),
    getEpochInfo: () => ({
      absoluteSlot: Number(chain.slot),
      blockHeight: Number(chain.blockHeight),
      epoch: Number(chain.epoch),
      slotIndex: Number(chain.slot % chain.slotsPerEpoch),
      slotsInEpoch: Number(chain.slotsPerEpoch),
      transactionCount: chain.history.count,
    }),
    getEpochSchedule: () => ({
      slotsPerEpoch: Number(chain.slotsPerEpoch),
      leaderScheduleSlotOffset: Number(chain.slotsPerEpoch),
      warmup: false,
      firstNormalEpoch: 0,
      firstNormalSlot: 0,
    }),
    getMinimumBalanceForRentExemption: ([size]) => {
      if (typeof size !== 'number' || !Number.isInteger(size) || size < 0)
        throw invalidParams('data length must be a non-negative integer');
      return Number(chain.minimumBalanceForRentExemption(size));
    },
    getStakeMinimumDelegation: () => withContext(STAKE_MINIMUM_DELEGATION),
    getBalance: ([pubkey]) => withContext(Number(chain.getAccount(pubkeyParam(pubkey))?.lamports ?? 0n)),
    getAccountInfo: ([pubkey, config]) =>
      withContext(
        encodeAccount(chain.indexed, chain.indexed.getAccount(pubkeyParam(pubkey)), configParam(config)),
      ),
    getMultipleAccounts: ([pubkeys, config]) => {
      if (!Array.isArray(pubkeys)) throw invalidParams('expected an array of public keys');
      if (pubkeys.length > 100) throw invalidParams('Too many inputs provided; max 100');
      const cfg = configParam(config);
      return withContext(
        pubkeys.map((p) => encodeAccount(chain.indexed, chain.indexed.getAccount(pubkeyParam(p)), cfg)),
      );
    },
    getLatestBlockhash: () => {
      const { blockhash, lastValidBlockHeight } = chain.issueBlockhash();
      return withContext({ blockhash, lastValidBlockHeight: Number(lastValidBlockHeight) });
    },
    isBlockhashValid: ([blockhash]) => {
      if (typeof blockhash !== 'string') throw invalidParams('blockhash must be a string');
      return withContext(chain.isBlockhashValid(blockhash));
    },
    getFeeForMessage: ([message]) => {
      if (typeof message !== 'string') throw invalidParams('message must be base64');
      let parsed: VersionedMessage;
      try {
        parsed = VersionedMessage.deserialize(Buffer.from(message, 'base64'));
      } catch {
        throw invalidParams('message does not deserialize');
      }
      if (!chain.isBlockhashValid(parsed.recentBlockhash)) return withContext(null);
      // A message with no signatures yet: build the fee from its header and compute-budget data.
      const header = 1 + 64 * parsed.header.numRequiredSignatures;
      const wire = new Uint8Array(header + parsed.serialize().length);
      wire[0] = parsed.header.numRequiredSignatures;
      wire.set(parsed.serialize(), header);
      return withContext(Number(chain.feeFor(VersionedTransaction.deserialize(wire))));
    },
    requestAirdrop: ([pubkey, lamports]) => {
      if (typeof lamports !== 'number' || !Number.isSafeInteger(lamports) || lamports <= 0) {
        throw invalidParams('lamports must be a positive integer');
      }
      return chain.airdrop(pubkeyParam(pubkey), BigInt(lamports));
    },
    sendTransaction,
    simulateTransaction: ([wireParam, rawConfig]) => {
      const config = configParam(rawConfig);
      const wire = decodeWire(wireParam, config.encoding);
      if (config.sigVerify && config.replaceRecentBlockhash)
        throw invalidParams('sigVerify may not be used with replaceRecentBlockhash');
      const accountsConfig = config.accounts as { addresses?: unknown[]; encoding?: string } | undefined;
      const addresses = (accountsConfig?.addresses ?? []).map((a) => pubkeyParam(a, 'accounts.addresses'));
      let sim;
      try {
        sim = chain.simulate(wire, {
          sigVerify: Boolean(config.sigVerify),
          replaceRecentBlockhash: Boolean(config.replaceRecentBlockhash),
          accounts: addresses,
        });
      } catch (error) {
        if (error instanceof TransactionRejected) throw invalidParams(error.message);
        throw error;
      }
      const encodingCfg = { encoding: accountsConfig?.encoding ?? 'base64' };
      return withContext({
        err: sim.err as Json,
        logs: sim.logs,
        unitsConsumed: Number(sim.unitsConsumed),
        returnData: null,
        accounts: accountsConfig
          ? addresses.map((a) => encodeAccount(chain, sim.accounts.get(a) ?? null, encodingCfg))
          : null,
        ...(config.replaceRecentBlockhash
          ? {
              replacementBlockhash: {
                blockhash: chain.issueBlockhash().blockhash,
                lastValidBlockHeight: Number(chain.blockHeight + BLOCKHASH_VALIDITY),
              },
            }
          : {}),
      });
    },
    getSignatureStatuses: ([signatures]) => {
      if (!Array.isArray(signatures)) throw invalidParams('expected an array of signatures');
      if (signatures.length > 256) throw invalidParams('Too many inputs provided; max 256');
      return withContext(
        signatures.map((s) => {
          const record = typeof s === 'string' ? chain.history.get(s) : undefined;
          return record ? transactionStatus(record, chain.slot) : null;
        }),
      );
    },
    getTransaction: ([signature, config]) => {
      if (typeof signature !== 'string') throw invalidParams('signature must be a string');
      const record = chain.history.get(signature);
      if (!record || record.wire.length === 0) return null;
      const cfg = configParam(config);
      if (record.version === 0 && cfg.maxSupportedTransactionVersion === undefined) {
        throw new RpcError(
          -32015,
          'Transaction version (0) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": 0',
        );
      }
      return transactionJson(record, cfg.encoding);
    },
    getSignaturesForAddress: ([pubkey, config]) => {
      const cfg = configParam(config);
      const limit = typeof cfg.limit === 'number' ? Math.min(Math.max(1, cfg.limit), 1000) : 1000;
      const records = chain.history.forAddress(
        pubkeyParam(pubkey),
        limit,
        typeof cfg.before === 'string' ? cfg.before : undefined,
      );
      const until = typeof cfg.until === 'string' ? records.findIndex((r) => r.signature === cfg.until) : -1;
      return (until >= 0 ? records.slice(0, until) : records).map((r) => ({
        signature: r.signature,
        slot: Number(r.slot),
        err: r.err as Json,
        memo: null,
        blockTime: r.blockTime,
        confirmationStatus: chain.slot > r.slot ? 'finalized' : 'confirmed',
      }));
    },
    getTokenAccountsByOwner: ([owner, filter, config]) => {
      const ownerKey = pubkeyParam(owner, 'owner');
      const f = configParam(filter);
      const mint = f.mint === undefined ? undefined : pubkeyParam(f.mint, 'mint');
      const programId = f.programId === undefined ? undefined : pubkeyParam(f.programId, 'programId');
      if (!mint && !programId) throw invalidParams('expected a mint or programId filter');
      const cfg = configParam(config);
      const programs = programId ? [programId] : [TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID];
      const ownerBytes = bs58.decode(ownerKey);
      const mintBytes = mint ? bs58.decode(mint) : undefined;
      // From the owner index (as a real node's), each account checked as the scan did.
      const accounts = chain.tokenAccountsOwnedBy(ownerKey).filter(({ account }) => {
        const d = account.data;
        return (
          programs.includes(account.owner) &&
          d.length >= 165 &&
          Buffer.from(d.subarray(32, 64)).equals(ownerBytes) &&
          (!mintBytes || Buffer.from(d.subarray(0, 32)).equals(mintBytes))
        );
      });
      return withContext(
        accounts.map(({ address, account }) => ({
          pubkey: address,
          account: encodeAccount(chain.indexed, account, cfg),
        })),
      );
    },
    getTokenAccountBalance: ([pubkey]) => {
      const account = chain.getAccount(pubkeyParam(pubkey));
      const parsed = account
        ? (encodeAccount(chain, account, { encoding: 'jsonParsed' }) as {
            data: { parsed?: { info: { tokenAmount: Json } } };
          })
        : null;
      if (!parsed?.data.parsed) throw invalidParams('Invalid param: not a Token account');
      return withContext(parsed.data.parsed.info.tokenAmount);
    },
    getTokenSupply: ([pubkey]) => {
      const account = chain.getAccount(pubkeyParam(pubkey));
      if (
        !account ||
        account.data.length < 82 ||
        (account.owner !== TOKEN_PROGRAM_ID && account.owner !== TOKEN_2022_PROGRAM_ID)
      ) {
        throw invalidParams('Invalid param: not a Token mint');
      }
      const supply = Buffer.from(account.data).readBigUInt64LE(36);
      const decimals = account.data[44]!;
      return withContext({
        amount: supply.toString(),
        decimals,
        uiAmount: null,
        uiAmountString: supply.toString(),
      });
    },
    getProgramAccounts: ([programId, config]) => {
      const cfg = configParam(config);
      const matching = compileFilters(cfg.filters);
      const matches = chain
        .getProgramAccounts(pubkeyParam(programId, 'program id'))
        .filter(({ account }) => matching(account.data))
        .map(({ address, account }) => ({ pubkey: address, account: encodeAccount(chain, account, cfg) }));
      return cfg.withContext ? withContext(matches) : matches;
    },
  };
}
