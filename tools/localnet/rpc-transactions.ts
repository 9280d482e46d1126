// Transactions: fees, sending (with preflight), simulation, the faucet, and what landed (statuses,
// getTransaction, getSignaturesForAddress).
import { VersionedMessage, VersionedTransaction } from '@solana/web3.js';
import { BLOCKHASH_VALIDITY } from './blockhashes.ts';
import type { LocalChain } from './chain.ts';
import { configParam, decodeWire, encodeAccount, pubkeyParam, type Json } from './encoding.ts';
import { TransactionRejected } from './executor.ts';
import { RPC, RpcError, invalidParams } from './rpc-errors.ts';
import { contextOf, readConfig, type Method } from './rpc-method.ts';
import { LANDED_STATUS, transactionJson, transactionStatus } from './transaction-json.ts';
import { describeRpcError } from './tx-errors.ts';

export function transactionMethods(chain: LocalChain): Record<string, Method> {
  const withContext = contextOf(chain);

  const sendTransaction: Method = ([wireParam, rawConfig]) => {
    const config = readConfig(chain, rawConfig);
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
    getFeeForMessage: ([message, config]) => {
      readConfig(chain, config);
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
      const config = readConfig(chain, rawConfig);
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
        returnData: sim.returnData && {
          programId: sim.returnData.programId,
          data: [Buffer.from(sim.returnData.data).toString('base64'), 'base64'],
        },
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
          return record ? transactionStatus(record) : null;
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
      const cfg = readConfig(chain, config);
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
        confirmationStatus: LANDED_STATUS,
      }));
    },
  };
}
