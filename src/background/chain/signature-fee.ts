// What this network charges per signature: the cluster's to decide and to change, so it is learned
// from the node, never assumed. A node prices a message only on a blockhash it knows
// (getFeeForMessage answers null otherwise), so each batch that already goes out (a portfolio
// refresh, a quote, a transfer, a review) carries one ask: a message with one signature and no
// instruction, on the newest blockhash the node handed this engine. The answer is kept per network
// in storage, with that blockhash: the worker stops often, and the previous answer stands until
// the next one. The wallet's own transactions (one signature, no priority fee, no precompile) pay
// exactly this.
import { PublicKey, TransactionMessage } from '@solana/web3.js';
import { WalletError } from '../../shared/errors';
import type { StorageArea } from '../storage';
import type { RpcClient } from './rpc-client';
import { rpcCall } from './rpc-methods';
import type { WithContext } from './rpc-shapes';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    'signatureFee:*': KnownFee; // by RPC URL
  }
}

interface KnownFee {
  /** Lamports per signature, as a decimal string; null before the first answer. */
  lamports: string | null;
  /** The blockhash the next ask is compiled on (the node's newest this engine heard). */
  blockhash: string | null;
}

/** A blockhash no node ever handed out: asked on it, the node answers null. */
const NO_BLOCKHASH = PublicKey.default.toBase58();

export class SignatureFee {
  #known: Promise<KnownFee> | null = null;

  constructor(
    private readonly rpc: RpcClient,
    private readonly storage: StorageArea<'local'>,
  ) {}

  get #key() {
    return `signatureFee:${this.rpc.network.rpcUrl}` as const;
  }

  #load(): Promise<KnownFee> {
    this.#known ??= this.storage
      .get(this.#key)
      .then((stored) => stored ?? { lamports: null, blockhash: null })
      .catch(() => ({ lamports: null, blockhash: null }));
    return this.#known;
  }

  /**
   * The ask for a batch about to go out: what a one-signature message of `payer`'s costs, on the
   * newest blockhash heard from the node, else on `alsoKnown` (a dApp's transaction's own).
   */
  async ask(payer: PublicKey, alsoKnown?: string) {
    const blockhash = this.rpc.newestBlockhash ?? (await this.#load()).blockhash ?? alsoKnown ?? NO_BLOCKHASH;
    const message = new TransactionMessage({ payerKey: payer, recentBlockhash: blockhash, instructions: [] });
    const wire = Buffer.from(message.compileToLegacyMessage().serialize()).toString('base64');
    return rpcCall('getFeeForMessage', [wire]);
  }

  /** Keeps the answer to `ask`; the fee per signature known now (null: this network never said). */
  async learn(answer: WithContext<number | null>): Promise<bigint | null> {
    const known = await this.#load();
    const heard = this.rpc.newestBlockhash ?? known.blockhash;
    const fresh = Number.isSafeInteger(answer.value) && answer.value! >= 0 ? String(answer.value) : null;
    const next: KnownFee = { lamports: fresh ?? known.lamports, blockhash: heard };
    if (next.lamports !== known.lamports || next.blockhash !== known.blockhash) {
      this.#known = Promise.resolve(next);
      // Kept for the next worker; losing the write only costs it an unanswered ask.
      void this.storage.set(this.#key, next).catch(() => undefined);
    }
    return next.lamports === null ? null : BigInt(next.lamports);
  }

  /**
   * The fee per signature for a send about to be built: from `answer` (an ask in the caller's batch)
   * or an earlier one; only on a network that never answered, asked on its own (two round trips).
   */
  async lamports(payer: PublicKey, answer?: WithContext<number | null>): Promise<bigint> {
    const learned = answer ? await this.learn(answer) : await this.#learned();
    if (learned !== null) return learned;
    await this.rpc.call('getLatestBlockhash', []);
    const fee = await this.learn(await this.rpc.batch([await this.ask(payer)]).then(([a]) => a));
    if (fee === null)
      throw new WalletError(
        'rpc_error',
        'The network did not say what a transaction costs, so nothing was signed. Try again.',
      );
    return fee;
  }

  async #learned(): Promise<bigint | null> {
    const { lamports } = await this.#load();
    return lamports === null ? null : BigInt(lamports);
  }
}
