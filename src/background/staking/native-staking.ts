// Native staking as the person clicks it: a quote (native-quote.ts) holds the exact transaction it
// simulated, with a fresh blockhash; a click while it is young signs exactly that and sends it once
// with preflight (one round trip from click to sent); an older quote, or none, is quoted afresh
// first. What happened is read back from the chain. One network's, like its engine.
import type { PublicKey } from '@solana/web3.js';
import type { NativeQuote, NativeRequest } from '../../shared/native-staking';
import type { NativeStakeTerms } from '../../shared/native-staking';
import type { TxOutcome } from '../../shared/staking';
import type { RpcClient } from '../chain/rpc-client';
import type { SignatureFee } from '../chain/signature-fee';
import { readOutcome } from '../chain/tx-outcome';
import type { TransactionSender } from '../chain/tx-sender';
import { KeptQuotes, requestKey } from './kept-quotes';
import type { StakeFacts } from './native-plan';
import { quoteNative, type PreparedNative } from './native-quote';
import { keptForFees } from './stake-quotes';

export class NativeStaking {
  readonly #kept = new KeptQuotes<PreparedNative>();
  /** What this network's answers taught about stake accounts (a new one's reserve, the minimum). */
  readonly facts: StakeFacts = { reserve: null, minimumDelegation: null, networkFee: null };

  constructor(
    private readonly rpc: RpcClient,
    private readonly sender: TransactionSender,
    private readonly fees: SignatureFee,
    /** Told of every action that landed (the books and the withdrawal alerts look again). */
    private readonly onLanded: (owner: PublicKey, quote: NativeQuote) => Promise<void> = async () => {},
  ) {}

  /** The figures a new stake is held to, once this network has answered them (null before). */
  terms(): NativeStakeTerms | null {
    const { reserve, minimumDelegation, networkFee } = this.facts;
    if (reserve === null || minimumDelegation === null || networkFee === null) return null;
    return {
      minimumDelegation: minimumDelegation.toString(),
      rentReserve: reserve.toString(),
      keepForFees: keptForFees(networkFee).toString(),
    };
  }

  async prepare(owner: PublicKey, request: NativeRequest, exact = false): Promise<PreparedNative> {
    const prepared = await quoteNative(this.rpc, this.fees, owner, request, this.facts, exact);
    this.#kept.keep(requestKey(owner, request), prepared);
    return prepared;
  }

  /**
   * Sends the quote `quoteId` if it is still young and for exactly this request; else quotes first
   * (one more trip), and a withdrawal whose amount is no longer the one asked is refused.
   */
  async execute(
    owner: PublicKey,
    request: NativeRequest,
    { quoteId }: { quoteId?: string } = {},
  ): Promise<{ quote: NativeQuote; outcome: TxOutcome }> {
    const prepared =
      this.#kept.take(quoteId, requestKey(owner, request)) ?? (await this.prepare(owner, request, true));
    const { transaction, label } = prepared;
    const signature = await this.sender.sendQuoted({ owner, label }, transaction);
    const outcome = await readOutcome(this.rpc, signature, owner, null);
    await this.onLanded(owner, prepared.quote).catch(() => {});
    return { quote: prepared.quote, outcome };
  }
}
