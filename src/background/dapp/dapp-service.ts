// dApp requests, decided in the background: the origin is the port's, every request other than
// connect needs a connected site and account, and everything that signs waits in the approval
// queue for a person. Approval runs the request with the wallet's own engine and signer.
import { PublicKey, VersionedMessage, VersionedTransaction } from '@solana/web3.js';
import { createSignInMessageText } from '@solana/wallet-standard-util';
import bs58 from 'bs58';
import { advisory, blocking, type ApprovalView } from '../../shared/approval';
import type { DappMethod, DappParams, DappResults } from '../../shared/dapp-protocol';
import { WalletError, type Result } from '../../shared/errors';
import { formatLamports, formatUnits } from '../../shared/format';
import type { RpcClient } from '../chain/rpc-client';
import type { TransactionSender } from '../chain/tx-sender';
import type { StakingService } from '../staking/staking-service';
import { toWireError } from '../ui/router';
import type { Vault } from '../vault/vault';
import type { ApprovalQueue, PendingApproval } from './approval-queue';
import type { ConnectedSites } from './connected-sites';
import { reviewTransaction } from './tx-review';

export interface DappDeps {
  vault: Vault;
  rpc: RpcClient;
  sender: TransactionSender;
  sites: ConnectedSites;
  queue: ApprovalQueue;
  staking: StakingService;
}

export interface RequestSource { origin: string; tabId: number; favicon: string | null; pageRequestId: string }

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export class DappService {
  constructor(private readonly deps: DappDeps) {}

  #active(): string | null {
    try {
      return this.deps.vault.keyring().activeAddress;
    } catch {
      return null; // locked
    }
  }

  /** Answers at once, or queues for approval (returns null: the answer comes when decided). */
  async request<M extends DappMethod>(source: RequestSource, method: M, params: DappParams<M>): Promise<DappResults[M] | null> {
    const { sites, rpc } = this.deps;
    const active = this.#active();
    if (method === 'connect') {
      if (active && (await sites.isConnected(source.origin, active))) return { accounts: [active], chain: (await rpc.network()).chain } as DappResults[M];
      if ((params as DappParams<'connect'>).silent) throw new WalletError('unauthorized', 'This site is not connected to Tidepool.');
      return this.#enqueue(source, method, params);
    }
    if (method === 'disconnect') {
      await sites.revoke(source.origin);
      return {} as DappResults[M];
    }
    if (method === 'signIn') return this.#enqueue(source, method, params);
    const account = (params as { account: string }).account;
    if (!(await sites.isConnected(source.origin, account))) {
      throw new WalletError('unauthorized', 'This site is not connected to that Tidepool account. Connect first.');
    }
    await this.#checkChain((params as { chain?: string }).chain);
    if (method === 'signTransaction' || method === 'signAndSendTransaction') this.#parseTransaction((params as { transaction: string }).transaction);
    return this.#enqueue(source, method, params);
  }

  async #enqueue(source: RequestSource, method: DappMethod, params: unknown): Promise<null> {
    await this.deps.queue.add({ pageRequestId: source.pageRequestId, origin: source.origin, tabId: source.tabId, favicon: source.favicon, method, params });
    return null;
  }

  async #checkChain(chain: string | undefined): Promise<void> {
    if (chain === undefined) return;
    const network = await this.deps.rpc.network();
    if (chain !== network.chain) {
      throw new WalletError('invalid_request', `Tidepool is on ${network.label} (${network.chain}), not ${chain}. Switch networks in Tidepool, or ask on ${network.chain}.`);
    }
  }

  #parseTransaction(base64: string): VersionedTransaction {
    try {
      return VersionedTransaction.deserialize(Buffer.from(base64, 'base64'));
    } catch {
      throw new WalletError('invalid_request', 'The transaction could not be read (it does not deserialize as a legacy or v0 transaction).');
    }
  }

  /** The approval window's view of one pending request. */
  async view(id?: string): Promise<ApprovalView | null> {
    const entries = await this.deps.queue.entries();
    const entry = id ? entries.find((e) => e.id === id) : entries.find((e) => !e.approvedAt) ?? entries[0];
    if (!entry) return null;
    await this.deps.queue.markShown(entry.id);
    const network = await this.deps.rpc.network();
    const active = this.#active();
    const account = (entry.params as { account?: string }).account ?? active;
    const name = this.deps.vault.accounts().find((a) => a.address === account)?.name ?? null;
    const base: ApprovalView = {
      id: entry.id, origin: entry.origin, favicon: entry.favicon, method: entry.method, account: account ?? null, accountName: name,
      chain: network.chain, networkLabel: network.label, locked: active === null,
      position: entries.indexOf(entry) + 1, total: entries.length, warnings: [],
    };
    if (active === null || entry.approvedAt) return { ...base, inProgress: !!entry.approvedAt };
    if (account && account !== active) base.warnings.push(blocking('other_account', 'This request is for an account other than the one selected in Tidepool; switch accounts to approve it.'));
    switch (entry.method) {
      case 'connect':
        return base;
      case 'signTransaction':
      case 'signAndSendTransaction': {
        const tx = this.#parseTransaction((entry.params as { transaction: string }).transaction);
        const review = await reviewTransaction(this.deps.rpc, tx, account!, network);
        return { ...base, ...review, warnings: [...base.warnings, ...review.warnings] };
      }
      case 'signMessage': {
        const bytes = Buffer.from((entry.params as DappParams<'signMessage'>).message, 'base64');
        return { ...base, message: messageText(bytes), warnings: [...base.warnings, ...(looksLikeTransaction(bytes) ? [blocking('message_is_transaction', 'This “message” is a Solana transaction. Tidepool will not sign it as a message.')] : [])] };
      }
      case 'signIn': {
        const { text, domainMismatch, host } = this.#signInText(entry, active);
        const warnings = domainMismatch ? [advisory('sign_in_mismatch', `The sign-in message names the site ${domainMismatch}, but the request comes from ${host}. Someone may be trying to sign you in elsewhere.`)] : [];
        return { ...base, account: active, message: { text, encoding: 'utf8' }, warnings: [...base.warnings, ...warnings] };
      }
      case 'stake':
        return { ...base, intent: await this.#intentSummary(entry.params as DappParams<'stake'>, active) };
      case 'disconnect':
        return base;
      default: {
        const never: never = entry.method;
        return never;
      }
    }
  }

  async #intentSummary(params: DappParams<'stake'>, owner: string): Promise<{ summary: string; blocked: string | null }> {
    const pool = new PublicKey(params.pool);
    try {
      if (params.action === 'stake') {
        const { quote } = await this.deps.staking.prepareStake(new PublicKey(owner), pool, BigInt(params.amount));
        return { summary: `Stake ${formatLamports(BigInt(quote.lamportsIn), 9)} SOL into ${quote.symbol} → you receive ≈ ${formatUnits(BigInt(quote.tokensOut), 9, 4)} ${quote.symbol}`, blocked: null };
      }
      const { quote } = await this.deps.staking.prepareUnstake(new PublicKey(owner), pool, BigInt(params.amount), params.mode ?? 'instant');
      const how = quote.mode === 'instant' ? 'now' : `in a stake account, withdrawable from epoch ${quote.withdrawableEpoch}`;
      return { summary: `Unstake ${formatUnits(BigInt(quote.tokensIn), 9, 4)} ${quote.symbol} → ≈ ${formatLamports(BigInt(quote.lamportsOut), 9)} SOL ${how}`, blocked: quote.blocked };
    } catch (error) {
      return { summary: `${params.action === 'stake' ? 'Stake into' : 'Unstake from'} pool ${params.pool}`, blocked: (error as Error).message };
    }
  }

  #signInText(entry: PendingApproval, address: string): { text: string; domainMismatch: string | null; host: string } {
    const input = entry.params as DappParams<'signIn'>;
    const host = new URL(entry.origin).host;
    const domain = input.domain ?? host;
    const text = createSignInMessageText({ ...input, domain, address });
    return { text, domainMismatch: domain !== host ? domain : null, host };
  }

  /**
   * The answer for a request the previous worker stopped carrying out. What it signed is known
   * (recorded before sending), so this says truthfully how far it got; nothing is signed again.
   */
  async finishInterrupted(entry: PendingApproval): Promise<Result<unknown>> {
    const sends = entry.method === 'signAndSendTransaction' || entry.method === 'stake';
    try {
      if (!sends) throw new WalletError('interrupted', 'Tidepool restarted before it could answer; nothing was sent. Ask again.');
      if (!entry.signature) throw new WalletError('interrupted', 'Tidepool restarted before signing this request; nothing was signed or sent. Ask again.');
      await this.deps.sender.settle(entry.signature);
      return { ok: true, result: { signature: entry.signature } };
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  }

  /** Runs an approved request; everything is checked again, since time has passed. */
  async execute(entry: PendingApproval): Promise<unknown> {
    const { vault, rpc, sites, staking } = this.deps;
    const keyring = vault.keyring();
    const active = keyring.activeAddress!;
    const account = (entry.params as { account?: string }).account;
    if (account && account !== active) throw new WalletError('invalid_request', 'The account this request is for is not the selected Tidepool account.');
    await this.#checkChain((entry.params as { chain?: string }).chain);
    switch (entry.method) {
      case 'connect':
        await sites.connect(entry.origin, active);
        return { accounts: [active], chain: (await rpc.network()).chain };
      case 'signTransaction':
      case 'signAndSendTransaction': {
        const params = entry.params as DappParams<'signAndSendTransaction'>;
        const tx = this.#parseTransaction(params.transaction);
        const index = tx.message.staticAccountKeys.slice(0, tx.message.header.numRequiredSignatures).findIndex((k) => k.toBase58() === active);
        if (index < 0) throw new WalletError('invalid_request', 'Your account is not a signer of this transaction.');
        tx.signatures[index] = keyring.sign(active, tx.message.serialize());
        const wire = Buffer.from(tx.serialize()).toString('base64');
        if (entry.method === 'signTransaction') return { signedTransaction: wire };
        const signature = bs58.encode(tx.signatures[0]!);
        await this.deps.queue.recordSignature(entry.id, signature);
        await this.deps.sender.sendSigned(wire, signature, `Transaction from ${new URL(entry.origin).host}`, params.skipPreflight ?? false);
        return { signature };
      }
      case 'signMessage': {
        const bytes = Buffer.from((entry.params as DappParams<'signMessage'>).message, 'base64');
        if (looksLikeTransaction(bytes)) throw new WalletError('invalid_request', 'That message is a Solana transaction; Tidepool does not sign transactions as messages.');
        return { signedMessage: b64(bytes), signature: b64(keyring.sign(active, bytes)) };
      }
      case 'signIn': {
        const message = new TextEncoder().encode(this.#signInText(entry, active).text);
        await sites.connect(entry.origin, active);
        return { account: active, signedMessage: b64(message), signature: b64(keyring.sign(active, message)) };
      }
      case 'stake': {
        const params = entry.params as DappParams<'stake'>;
        const owner = new PublicKey(active);
        const onSigned = (signature: string) => this.deps.queue.recordSignature(entry.id, signature);
        const result = params.action === 'stake'
          ? await staking.stake(owner, new PublicKey(params.pool), BigInt(params.amount), { onSigned })
          : await staking.unstake(owner, new PublicKey(params.pool), BigInt(params.amount), params.mode ?? 'instant', { onSigned });
        return { signature: result.outcome.signature };
      }
      case 'disconnect':
        return {};
      default: {
        const never: never = entry.method;
        return never;
      }
    }
  }
}

function messageText(bytes: Uint8Array): { text: string; encoding: 'utf8' | 'hex' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // Control characters other than line breaks could hide text: show those messages as hex.
    if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return { text, encoding: 'utf8' };
  } catch {
    // not UTF-8
  }
  return { text: Buffer.from(bytes).toString('hex'), encoding: 'hex' };
}

/** A message that is really a transaction message would sign a transaction blind. */
function looksLikeTransaction(bytes: Uint8Array): boolean {
  try {
    const message = VersionedMessage.deserialize(bytes);
    return Buffer.from(message.serialize()).equals(Buffer.from(bytes));
  } catch {
    return false;
  }
}
